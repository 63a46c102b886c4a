package org.ictbench.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.ResourceTable;

/**
 * The indicator catalog (one id, unit and valid range per indicator), the map from each source's
 * publisher codes to it, the sources with their precedence, and the quarantine reason codes. All are
 * resource tables under {@code src/main/resources/ictbench/}: the catalog, not a file's unit label,
 * decides what a series measures.
 */
public final class Catalog {
  static final StructType INDICATOR = new StructType()
      .add("indicator_id", DataTypes.StringType).add("name", DataTypes.StringType)
      .add("unit", DataTypes.StringType).add("min_value", DataTypes.DoubleType)
      .add("max_value", DataTypes.DoubleType).add("idi_code", DataTypes.StringType)
      .add("description", DataTypes.StringType).add("better", DataTypes.StringType);
  static final StructType CODE = new StructType()
      .add("source_id", DataTypes.StringType).add("publisher_code", DataTypes.StringType)
      .add("indicator_id", DataTypes.StringType).add("publisher_unit_labels", DataTypes.StringType)
      .add("note", DataTypes.StringType);
  static final StructType SOURCE = new StructType()
      .add("source_id", DataTypes.StringType).add("publisher", DataTypes.StringType)
      .add("precedence", DataTypes.IntegerType).add("description", DataTypes.StringType);
  static final StructType REASON = new StructType()
      .add("reason_code", DataTypes.StringType).add("rule_order", DataTypes.IntegerType)
      .add("severity", DataTypes.StringType).add("description", DataTypes.StringType)
      .add("what_to_do", DataTypes.StringType);

  private final ResourceTable indicators;
  private final ResourceTable codes;
  private final ResourceTable sources;
  private final ResourceTable reasonCodes;

  Catalog(ResourceTable indicators, ResourceTable codes, ResourceTable sources, ResourceTable reasonCodes) {
    this.indicators = indicators;
    this.codes = codes;
    this.sources = sources;
    this.reasonCodes = reasonCodes;
    validate();
  }

  /** The built-in catalog. */
  public static Catalog load() {
    return load(ReferenceData.builtIn());
  }

  /** The catalog as {@code reference} gives it (its indicators, codes and sources; reason codes are built in). */
  public static Catalog load(ReferenceData reference) {
    return new Catalog(reference.table("catalog/indicator.csv"), reference.table("catalog/indicator_code.csv"),
        reference.table("catalog/source.csv"), ResourceTable.load("rules/reason_code.csv"));
  }

  /**
   * The catalog's rules: indicator and source ids are unique; an indicator's range, if given, is two
   * numbers with min &lt;= max and its {@code better} is higher, lower or empty; a source's precedence is a
   * whole number; every publisher code maps to a known indicator and source, once per source.
   */
  private void validate() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Map<String, String> r : indicators.rows()) {
      if (!ids.add(indicators.required(r, "indicator_id"))) {
        throw indicators.error(r, "duplicate indicator_id " + r.get("indicator_id"));
      }
      Double min = optionalNumber(indicators, r, "min_value");
      Double max = optionalNumber(indicators, r, "max_value");
      if (min != null && max != null && min > max) {
        throw indicators.error(r, "min_value " + min + " is above max_value " + max);
      }
      String better = r.getOrDefault("better", "").trim();
      if (!better.isEmpty() && !better.equals("higher") && !better.equals("lower")) {
        throw indicators.error(r, "column 'better' is '" + better + "'; expected higher, lower or empty");
      }
    }
    java.util.Set<String> sourceIds = new java.util.HashSet<>();
    for (Map<String, String> r : sources.rows()) {
      if (!sourceIds.add(sources.required(r, "source_id"))) {
        throw sources.error(r, "duplicate source_id " + r.get("source_id"));
      }
      sources.requiredInt(r, "precedence");
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Map<String, String> r : codes.rows()) {
      if (!ids.contains(codes.required(r, "indicator_id"))) {
        throw codes.error(r, "unknown indicator_id " + r.get("indicator_id") + " (not in catalog/indicator.csv)");
      }
      if (!sourceIds.contains(codes.required(r, "source_id"))) {
        throw codes.error(r, "unknown source_id " + r.get("source_id") + " (not in catalog/source.csv)");
      }
      if (!seen.add(r.get("source_id") + "|" + codes.required(r, "publisher_code"))) {
        throw codes.error(r, "duplicate code " + r.get("publisher_code") + " for source " + r.get("source_id"));
      }
    }
  }

  private static Double optionalNumber(ResourceTable t, Map<String, String> r, String column) {
    String v = r.get(column);
    return v == null || v.isBlank() ? null : t.requiredDouble(r, column);
  }

  /** catalog/indicator.csv as this catalog has it (names, units, directions). */
  public ResourceTable indicators() {
    return indicators;
  }

  ResourceTable reasonCodes() {
    return reasonCodes;
  }

  /** Content fingerprint of every catalog table (for deciding whether derived tables are stale). */
  public String fingerprint() {
    return indicators.sha256() + codes.sha256() + sources.sha256() + reasonCodes.sha256();
  }

  /** Publisher code → indicator with unit and range, keyed by (map_source_id, map_code). */
  Dataset<Row> codeMap(SparkSession spark) {
    Dataset<Row> c = codes.toDataset(spark, CODE);
    Dataset<Row> i = indicators.toDataset(spark, INDICATOR);
    return c.join(i, "indicator_id").select(col("source_id").as("map_source_id"),
        col("publisher_code").as("map_code"), col("indicator_id"), col("unit"), col("min_value"),
        col("max_value"), col("publisher_unit_labels"));
  }

  /** silver.indicator: the catalog, with every publisher code that maps to each indicator. */
  public Dataset<Row> indicatorTable(SparkSession spark) {
    Dataset<Row> codesPer = codes.toDataset(spark, CODE).groupBy("indicator_id")
        .agg(sort_array(collect_list(concat(col("source_id"), lit(":"), col("publisher_code")))).as("publisher_codes"));
    // the catalog file's indicator_id is the indicator column of every table
    return indicators.toDataset(spark, INDICATOR).join(codesPer, new String[] {"indicator_id"}, "left")
        .orderBy("indicator_id").withColumnRenamed("indicator_id", "indicator");
  }

  /** The sources and their precedence (1 = preferred) used by silver.observation_latest. */
  public Dataset<Row> sourceTable(SparkSession spark) {
    return sources.toDataset(spark, SOURCE);
  }

  /** silver.reason_code: every quarantine reason, its order, severity and what to do. */
  public Dataset<Row> reasonCodeTable(SparkSession spark) {
    return reasonCodes.toDataset(spark, REASON).orderBy("rule_order");
  }
}
