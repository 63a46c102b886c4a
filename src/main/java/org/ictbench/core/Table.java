package org.ictbench.core;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every table ictbench publishes. The qualified name ({@code layer.table}) is what analysts type in
 * Spark SQL; the folder {@code <curated>/<layer>/<table>} holds the Delta table. Each table's
 * columns, comments, description and promises are declared in {@link TableContract}
 * ({@code ictbench/tables/}, documented in docs/tables.md).
 *
 * <p>The large tables also name the columns Delta keeps file statistics (min, max, null count) for,
 * which is what data skipping can use: the file checksum that replaces and re-reads a per-file table's
 * rows, and the keys analysts filter on. Delta's default, the first 32 columns, costs a statistics
 * aggregate over every written value of every one of them; the small tables keep it.
 */
public enum Table {
  INGEST_FILE("bronze", "ingest_file"),
  RAW_RECORD("bronze", "raw_record", "file_sha256", "source_id", "vintage", "record_number"),
  OBSERVATION("silver", "observation", "file_sha256", "iso3", "indicator", "year", "source", "vintage"),
  OBSERVATION_LATEST("silver", "observation_latest"),
  AGGREGATE_OBSERVATION("silver", "aggregate_observation", "file_sha256", "aggregate_code", "indicator", "year",
      "source", "vintage"),
  ECONOMY_CLASSIFICATION("silver", "economy_classification", "file_sha256", "iso3", "entity_code", "source",
      "vintage"),
  QUARANTINE("silver", "quarantine", "file_sha256", "reason_code", "source", "vintage", "record_number"),
  RUN_METRICS("silver", "run_metrics"),
  VINTAGE_REVIEW("silver", "vintage_review"),
  COUNTRY("silver", "country"),
  INDICATOR("silver", "indicator"),
  REASON_CODE("silver", "reason_code"),
  IDI_GOALPOST("gold", "idi_goalpost"),
  IDI_INDICATOR_SCORE("gold", "idi_indicator_score"),
  IDI_SCORE("gold", "idi_score"),
  BILATERAL_COMPARISON("gold", "bilateral_comparison"),
  GROUP_MEMBERSHIP("silver", "group_membership", "file_sha256", "group_id", "iso3"),
  IDI_CHANGE_DECOMPOSITION("gold", "idi_change_decomposition"),
  IDI_RANK("gold", "idi_rank"),
  IDI_IMPUTATION_HOLDOUT("gold", "idi_imputation_holdout"),
  IDI_IMPUTATION_EVAL("gold", "idi_imputation_eval"),
  IDI_IMPUTATION_MODEL("gold", "idi_imputation_model"),
  IDI_NOWCAST_BACKTEST("gold", "idi_nowcast_backtest"),
  IDI_NOWCAST_BACKTEST_ECONOMY("gold", "idi_nowcast_backtest_economy"),
  IDI_INTERVAL_CALIBRATION("gold", "idi_interval_calibration"),
  PEER_GROUP_MEMBER("gold", "peer_group_member"),
  PEER_BENCHMARK("gold", "peer_benchmark"),
  PEER_POSITION("gold", "peer_position", "iso3", "group_id", "indicator", "year"),
  BILATERAL_GROUP_RANK("gold", "bilateral_group_rank"),
  BILATERAL_IDI_GAP("gold", "bilateral_idi_gap"),
  CLAIMS_CHECK("gold", "claims_check");

  private final String layer;
  private final String tableName;
  private final List<String> statsColumns;

  Table(String layer, String tableName, String... statsColumns) {
    this.layer = layer;
    this.tableName = tableName;
    this.statsColumns = List.of(statsColumns);
  }

  public String layer() {
    return layer;
  }

  public String tableName() {
    return tableName;
  }

  /**
   * The columns Delta collects file statistics for (table property
   * {@code delta.dataSkippingStatsColumns}, set when ictbench creates the table); empty: Delta's
   * default, the first 32 columns.
   */
  public List<String> statsColumns() {
    return statsColumns;
  }

  /** {@code layer.table}, as used in SQL. */
  public String qualifiedName() {
    return layer + "." + tableName;
  }

  /** Path relative to the curated root. */
  public String relativePath() {
    return layer + "/" + tableName;
  }

  public static Optional<Table> byQualifiedName(String name) {
    return Arrays.stream(values()).filter(t -> t.qualifiedName().equalsIgnoreCase(name)).findFirst();
  }
}
