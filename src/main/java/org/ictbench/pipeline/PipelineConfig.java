package org.ictbench.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.ictbench.gold.PeerOptions;
import org.ictbench.core.Errors;
import org.ictbench.core.ExecutionProfile;

/**
 * Everything one pipeline run needs, built with {@link #builder()}. Paths are Hadoop URIs or local
 * paths; {@code master} null means "whatever spark-submit set, else local[*]"; {@code referenceUri} null
 * means the built-in reference tables only (see {@link org.ictbench.core.ReferenceData}).
 */
public record PipelineConfig(String rawUri, String curatedUri, String master, boolean force, String pairA,
    String pairB, int shufflePartitions, boolean printComparison, PeerOptions peers, ExecutionProfile execution,
    int writeThreads, List<String> acceptVintages, String referenceUri, boolean verify) {

  /** Default number of table writes in flight at once (see {@link org.ictbench.core.WriteGroup}). */
  public static final int DEFAULT_WRITE_THREADS = 4;

  /** The default pair of economies (the command line's {@code --pair} default too). */
  public static final String DEFAULT_PAIR_A = "BLR";
  public static final String DEFAULT_PAIR_B = "CHN";
  public static final String DEFAULT_PAIR = DEFAULT_PAIR_A + "," + DEFAULT_PAIR_B;

  /** The default execution profile, as {@code --execution} spells it. */
  public static final String DEFAULT_EXECUTION = "auto";

  public PipelineConfig {
    Objects.requireNonNull(rawUri, "rawUri");
    Objects.requireNonNull(curatedUri, "curatedUri");
    pairA = iso3(pairA, "--pair");
    pairB = iso3(pairB, "--pair");
    peers = peers == null ? PeerOptions.defaults() : peers;
    execution = execution == null ? ExecutionProfile.parse(DEFAULT_EXECUTION) : execution;
    acceptVintages = acceptVintages == null ? List.of() : List.copyOf(acceptVintages);
    if (writeThreads < 1 || writeThreads > 64) {
      throw Errors.badOption("--write-threads", String.valueOf(writeThreads), "a number of threads from 1 to 64");
    }
    referenceUri = referenceUri == null || referenceUri.isBlank() ? null : referenceUri.trim();
  }

  static String iso3(String code, String option) {
    String c = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
    if (!c.matches("[A-Z]{3}")) {
      throw Errors.badOption(option, code, "two ISO 3166 alpha-3 codes such as BLR,CHN");
    }
    return c;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the defaults docs/jobs.md documents. */
  public static final class Builder {
    private String rawUri = "data/raw";
    private String curatedUri = "data/curated";
    private String master;
    private boolean force;
    private String pairA = DEFAULT_PAIR_A;
    private String pairB = DEFAULT_PAIR_B;
    private int shufflePartitions;
    private boolean printComparison = true;
    private String groupsFile;
    private double coverageThreshold = PeerOptions.DEFAULT_COVERAGE_THRESHOLD;
    private int cagrWindow = PeerOptions.DEFAULT_CAGR_WINDOW;
    private ExecutionProfile execution = ExecutionProfile.parse(DEFAULT_EXECUTION);
    private int writeThreads = DEFAULT_WRITE_THREADS;
    private List<String> acceptVintages = List.of();
    private String referenceUri;
    private boolean verify;

    public Builder raw(String v) {
      rawUri = v;
      return this;
    }

    public Builder curated(String v) {
      curatedUri = v;
      return this;
    }

    public Builder master(String v) {
      master = v;
      return this;
    }

    public Builder force(boolean v) {
      force = v;
      return this;
    }

    public Builder pair(String a, String b) {
      pairA = a;
      pairB = b;
      return this;
    }

    public Builder shufflePartitions(int v) {
      shufflePartitions = v;
      return this;
    }

    public Builder printComparison(boolean v) {
      printComparison = v;
      return this;
    }

    /** A CSV or YAML file of the user's own peer groups (added to the built-in ones); null = none. */
    public Builder groupsFile(String v) {
      groupsFile = v;
      return this;
    }

    /** Share of a group's members that must have data for its statistics to be published (0–1). */
    public Builder coverageThreshold(double v) {
      coverageThreshold = v;
      return this;
    }

    /** Years of the CAGR window of gold.bilateral_comparison. */
    public Builder cagrWindow(int v) {
      cagrWindow = v;
      return this;
    }

    /** How Spark runs the queries: AUTO (by raw input size), SMALL or LARGE (see {@link ExecutionProfile}). */
    /** Independent tables written at once (1 = one after another). */
    public Builder writeThreads(int v) {
      writeThreads = v;
      return this;
    }

    /** Held vintages to accept before the run (file checksums or their 8+ first characters, labels, dates). */
    public Builder acceptVintages(List<String> v) {
      acceptVintages = v == null ? List.of() : v;
      return this;
    }

    public Builder execution(ExecutionProfile v) {
      execution = v;
      return this;
    }

    /** A folder whose CSVs replace or extend the built-in reference tables; null or blank = none. */
    public Builder reference(String v) {
      referenceUri = v;
      return this;
    }

    /**
     * Recount the record identity over the whole lake, per file, with Spark at the end of the run (and
     * run even when nothing is new). Without it an ingesting run checks the lake-wide totals from the
     * statistics Delta keeps, and recounts per file only when they disagree.
     */
    public Builder verify(boolean v) {
      verify = v;
      return this;
    }

    public PipelineConfig build() {
      return new PipelineConfig(rawUri, curatedUri, master, force, pairA, pairB, shufflePartitions, printComparison,
          new PeerOptions(groupsFile, coverageThreshold, cagrWindow), execution,
          writeThreads, acceptVintages, referenceUri, verify);
    }
  }
}
