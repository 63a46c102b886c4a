package org.ictbench.pipeline;

import java.util.List;
import java.util.Map;
import org.ictbench.core.LakeLog;
import org.ictbench.core.StageTimer;
import org.ictbench.core.Table;

/**
 * What one run did: every file found with its outcome (ingested with its {@link FileCounts}, or skipped
 * with why), the tables written and the commit each got, the time per stage, and the ictbench version
 * that ran it ({@link org.ictbench.core.BuildInfo#version()}, also in every Delta commit it made), and
 * the new vintages this run held for review (one line each: what moved; the run's exit code is then 11).
 * {@code upToDate}: the Spark-free check found nothing new, so no Spark session was started and no table
 * written.
 */
public record PipelineResult(String runId, List<FileOutcome> files, List<String> tablesWritten,
    Map<Table, LakeLog.Commit> commits, String curatedRoot, double seconds, List<StageTimer.Stage> stages,
    boolean upToDate, String version, List<String> heldVintages) {

  /** Outcomes of a file. */
  public enum FileStatus {
    /** Its records are in bronze and its slots in silver; logged in bronze.ingest_file. */
    INGESTED,
    /** Not ingested by this run: not recognised, already ingested, or the same content as another file. */
    SKIPPED,
    /** To be ingested by this run, which has not logged it yet (a failed run reports these as FAILED). */
    PENDING,
    /** To be ingested by this run, which failed before logging it: the next run retries it. */
    FAILED
  }

  /**
   * One file found under the raw root: its outcome, why it was skipped or failed ({@code reason}, null
   * when ingested) and, when ingested, its counts.
   */
  public record FileOutcome(String uri, String sha256, String format, FileStatus status, String reason,
      FileCounts counts) {
    FileOutcome withStatus(FileStatus s, String why, FileCounts c) {
      return new FileOutcome(uri, sha256, format, s, why, c);
    }
  }

  public PipelineResult {
    files = List.copyOf(files);
    tablesWritten = List.copyOf(tablesWritten);
    commits = Map.copyOf(commits);
    stages = List.copyOf(stages);
    heldVintages = heldVintages == null ? List.of() : List.copyOf(heldVintages);
  }

  public int filesFound() {
    return files.size();
  }

  public long filesIngested() {
    return files.stream().filter(f -> f.status() == FileStatus.INGESTED).count();
  }

  /** Each skipped file as "uri (reason)". */
  public List<String> skipped() {
    return files.stream().filter(f -> f.status() == FileStatus.SKIPPED).map(f -> f.uri() + " (" + f.reason() + ")")
        .toList();
  }

  /** The counts of every file this run ingested, added up. */
  public FileCounts totals() {
    return files.stream().filter(f -> f.status() == FileStatus.INGESTED && f.counts() != null)
        .map(FileOutcome::counts).reduce(FileCounts.NONE, FileCounts::plus);
  }
}
