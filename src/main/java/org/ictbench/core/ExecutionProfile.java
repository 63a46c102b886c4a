package org.ictbench.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * How Spark executes one job's queries. ictbench's inputs range from a few MB (the bundled data, a
 * country's yearly dump) to many GB (every vintage of every source). On a few MB Spark's fixed costs
 * dominate: compiling generated code for every stage, re-planning each stage adaptively, scheduling
 * many small shuffle tasks; the SMALL profile turns those off (interpreted expressions but for Delta's
 * write statistics, no adaptive execution, two shuffle partitions). LARGE keeps Spark's defaults, which pay for themselves once the
 * input is large. AUTO picks by input size: the raw files' for ingest and curation,
 * silver.observation_latest's for the gold tables ({@link #resolveGold}).
 */
public enum ExecutionProfile {
  AUTO, SMALL, LARGE;

  /** Raw input up to this size runs with the SMALL profile under AUTO. */
  public static final long SMALL_INPUT_MAX_BYTES = 64L << 20;

  /**
   * silver.observation_latest up to this size (its current Parquet files) gets the SMALL profile for
   * the gold stage under AUTO. The IDI, peer and bilateral tables are sized by economies, indicators
   * and years, not by the raw input: many small queries, whose code generation and adaptive
   * re-planning cost more than they save. The threshold is set so that it admits about as many latest
   * values as {@link #SMALL_INPUT_MAX_BYTES} of raw files holds value slots.
   */
  public static final long SMALL_LATEST_MAX_BYTES = 16L << 20;

  /** Spark's choice between generated and interpreted projections (CODEGEN_ONLY, FALLBACK, NO_CODEGEN). */
  static final String CODEGEN_FACTORY_MODE = "spark.sql.codegen.factoryMode";

  /** Delta's switch between compiled and (when false, never) interpreted statistics collection. */
  static final String DELTA_STATS_INTERPRETED = "spark.databricks.delta.collectStats.fallbackToInterpretedProjection";

  /** SMALL or LARGE for a run reading {@code inputBytes} of raw files. */
  public ExecutionProfile resolve(long inputBytes) {
    return resolve(inputBytes, SMALL_INPUT_MAX_BYTES);
  }

  /** SMALL or LARGE for the gold stage, whose input is {@code latestBytes} of silver.observation_latest. */
  public ExecutionProfile resolveGold(long latestBytes) {
    return resolve(latestBytes, SMALL_LATEST_MAX_BYTES);
  }

  private ExecutionProfile resolve(long bytes, long smallMax) {
    if (this != AUTO) {
      return this;
    }
    return bytes <= smallMax ? SMALL : LARGE;
  }

  /**
   * Sets the profile's session settings (runtime SQL settings only) and returns the previous values,
   * to hand to {@link #restore} when the job ends, so a shared session (tests, notebooks) is left as
   * it was. {@code shufflePartitions} > 0 (the user's --shuffle-partitions) always wins.
   */
  public Map<String, String> apply(SparkSession spark, int shufflePartitions) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (this == SMALL) {
      settings.put("spark.sql.codegen.wholeStage", "false");
      settings.put(CODEGEN_FACTORY_MODE, "NO_CODEGEN");
      // Except Delta's per-file statistics, compiled once per table schema: Spark's interpreted
      // mutable projection indexes its expressions as a linked list, so every written row costs the
      // square of a table's statistics expressions (three per column), seconds on the wider tables.
      settings.put(DELTA_STATS_INTERPRETED, "false");
      settings.put("spark.sql.adaptive.enabled", "false");
      settings.put("spark.sql.shuffle.partitions", "2");
    }
    if (shufflePartitions > 0) {
      settings.put("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions));
    }
    RuntimeConfig conf = spark.conf();
    Map<String, String> previous = new LinkedHashMap<>();
    settings.forEach((k, v) -> {
      previous.put(k, conf.getOption(k).isDefined() ? conf.get(k) : null);
      conf.set(k, v);
    });
    return previous;
  }

  public static void restore(SparkSession spark, Map<String, String> previous) {
    previous.forEach((k, v) -> {
      if (v == null) {
        spark.conf().unset(k);
      } else {
        spark.conf().set(k, v);
      }
    });
  }

  /** For option parsing: auto, small or large (any case). */
  public static ExecutionProfile parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
