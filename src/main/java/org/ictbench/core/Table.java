package org.ictbench.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every table ictbench publishes. The qualified name ({@code layer.table}) is what analysts type in
 * Spark SQL; the folder {@code <curated>/<layer>/<table>} holds the Delta table. This list is the
 * storage contract documented in README.md ("Tables").
 */
public enum Table {
  INGEST_FILE("bronze", "ingest_file"),
  RAW_RECORD("bronze", "raw_record"),
  OBSERVATION("silver", "observation"),
  OBSERVATION_LATEST("silver", "observation_latest"),
  AGGREGATE_OBSERVATION("silver", "aggregate_observation"),
  ECONOMY_CLASSIFICATION("silver", "economy_classification"),
  QUARANTINE("silver", "quarantine"),
  RUN_METRICS("silver", "run_metrics"),
  COUNTRY("silver", "country"),
  INDICATOR("silver", "indicator"),
  REASON_CODE("silver", "reason_code"),
  IDI_GOALPOST("gold", "idi_goalpost"),
  IDI_INDICATOR_SCORE("gold", "idi_indicator_score"),
  IDI_SCORE("gold", "idi_score"),
  BILATERAL_COMPARISON("gold", "bilateral_comparison"),
  GROUP_MEMBERSHIP("silver", "group_membership"),
  IDI_CHANGE_DECOMPOSITION("gold", "idi_change_decomposition"),
  IDI_RANK("gold", "idi_rank"),
  IDI_IMPUTATION_HOLDOUT("gold", "idi_imputation_holdout"),
  IDI_IMPUTATION_EVAL("gold", "idi_imputation_eval"),
  PEER_GROUP_MEMBER("gold", "peer_group_member"),
  PEER_BENCHMARK("gold", "peer_benchmark"),
  PEER_POSITION("gold", "peer_position"),
  BILATERAL_GROUP_RANK("gold", "bilateral_group_rank"),
  BILATERAL_IDI_GAP("gold", "bilateral_idi_gap"),
  CLAIMS_CHECK("gold", "claims_check");

  private final String layer;
  private final String tableName;

  Table(String layer, String tableName) {
    this.layer = layer;
    this.tableName = tableName;
  }

  public String layer() {
    return layer;
  }

  public String tableName() {
    return tableName;
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
