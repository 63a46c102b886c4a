package org.ictbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.testing.TestSpark;

/**
 * Small hand-made report inputs: the IDI of BLR and CHN in 2024 (reproduced) and BLR in 2025 (a
 * nowcast with an 80% interval), their component scores, internet users 2019-2023, and the peer tables
 * (gold.peer_benchmark and gold.peer_position as issue 5 defines their columns) for four groups.
 */
final class ReportFixtures {
  /** Groups with benchmark rows; the pair has positions in the first two only. */
  static final List<String> GROUPS = List.of("EAEU", "ITU_ASP", "CIS", "ITU_EUR");

  final Dataset<Row> idi;
  final Dataset<Row> ind;
  final Dataset<Row> obs;
  final Dataset<Row> bench;
  final Dataset<Row> pos;
  final Dataset<Row> published;

  ReportFixtures() {
    SparkSession spark = TestSpark.get();
    idi = spark.createDataFrame(List.of(
        RowFactory.create("BLR", 2024, 88.5, 84.5, 92.5, "reproduced", 88.5, 88.5),
        RowFactory.create("CHN", 2024, 85.8, 79.0, 92.6, "reproduced", 85.8, 85.8),
        RowFactory.create("BLR", 2025, 89.9, 86.0, 93.8, "nowcast", 87.2, 92.4)), new StructType()
        .add("iso3", DataTypes.StringType).add("edition", DataTypes.IntegerType).add("idi", DataTypes.DoubleType)
        .add("universal", DataTypes.DoubleType).add("meaningful", DataTypes.DoubleType).add("status", DataTypes.StringType)
        .add("idi_low", DataTypes.DoubleType).add("idi_high", DataTypes.DoubleType))
        .selectExpr("*", "universal AS universal_low", "universal AS universal_high", "meaningful AS meaningful_low",
            "meaningful AS meaningful_high");
    List<Row> indRows = new ArrayList<>();
    for (Report.IdiIndicator i : Report.idiIndicators()) {
      indRows.add(RowFactory.create("BLR", 2024, i.id(), i.component(), i.weight(), 80.0, 50.0, 2022));
      indRows.add(RowFactory.create("CHN", 2024, i.id(), i.component(), i.weight(), 70.0, 40.0, 2022));
    }
    ind = spark.createDataFrame(indRows, new StructType().add("iso3", DataTypes.StringType)
        .add("edition", DataTypes.IntegerType).add("indicator", DataTypes.StringType)
        .add("component", DataTypes.StringType).add("component_weight", DataTypes.DoubleType)
        .add("score", DataTypes.DoubleType).add("value", DataTypes.DoubleType).add("data_year", DataTypes.IntegerType));
    List<Row> obsRows = new ArrayList<>();
    for (int y = 2019; y <= 2023; y++) {
      obsRows.add(RowFactory.create("BLR", "internet_users_pct", y, 80.0 + y - 2019, "ITU_DATAHUB", "2025-10-01"));
      obsRows.add(RowFactory.create("CHN", "internet_users_pct", y, 65.0 + 2 * (y - 2019), "ITU_DATAHUB", "2025-10-01"));
    }
    obs = spark.createDataFrame(obsRows, new StructType().add("iso3", DataTypes.StringType)
        .add("indicator", DataTypes.StringType).add("year", DataTypes.IntegerType).add("value", DataTypes.DoubleType)
        .add("source", DataTypes.StringType).add("vintage", DataTypes.StringType));
    StructType benchSchema = new StructType().add("group_id", DataTypes.StringType).add("indicator", DataTypes.StringType)
        .add("year", DataTypes.IntegerType).add("members", DataTypes.LongType).add("members_with_data", DataTypes.LongType)
        .add("coverage_share", DataTypes.DoubleType).add("mean", DataTypes.DoubleType).add("median", DataTypes.DoubleType)
        .add("p25", DataTypes.DoubleType).add("p75", DataTypes.DoubleType).add("min", DataTypes.DoubleType)
        .add("max", DataTypes.DoubleType).add("leader_iso3", DataTypes.StringType)
        .add("suppressed_reason", DataTypes.StringType);
    List<Row> benchRows = new ArrayList<>();
    for (int y = 2019; y <= 2023; y++) {
      benchRows.add(RowFactory.create("EAEU", "internet_users_pct", y, 5L, 5L, 1.0, 78.0, 79.0, 75.0, 84.0, 70.0, 88.0,
          "KAZ", null));
      benchRows.add(RowFactory.create("ITU_ASP", "internet_users_pct", y, 38L, 30L, 0.79, 60.0, 62.0, 45.0, 80.0, 10.0,
          97.0, "KOR", null));
      benchRows.add(RowFactory.create("CIS", "internet_users_pct", y, 9L, 9L, 1.0, 74.0, 76.0, 70.0, 83.0, 55.0, 90.0,
          "KAZ", null));
      benchRows.add(RowFactory.create("ITU_EUR", "internet_users_pct", y, 46L, 46L, 1.0, 86.0, 88.0, 81.0, 93.0, 70.0,
          99.0, "NOR", null));
    }
    benchRows.add(RowFactory.create("EAEU", "internet_users_pct", 2018, 5L, 1L, 0.2, null, null, null, null, null, null,
        null, "COVERAGE_BELOW_THRESHOLD"));
    bench = spark.createDataFrame(benchRows, benchSchema);
    pos = spark.createDataFrame(List.of(
        RowFactory.create("BLR", "EAEU", "internet_users_pct", 2023, 84.0, 2, 75.0, 5.0, -4.0),
        RowFactory.create("CHN", "ITU_ASP", "internet_users_pct", 2023, 73.0, 12, 62.0, 11.0, -24.0)),
        new StructType().add("iso3", DataTypes.StringType).add("group_id", DataTypes.StringType)
            .add("indicator", DataTypes.StringType).add("year", DataTypes.IntegerType).add("value", DataTypes.DoubleType)
            .add("rank", DataTypes.IntegerType).add("percentile", DataTypes.DoubleType)
            .add("gap_to_median", DataTypes.DoubleType).add("gap_to_leader", DataTypes.DoubleType));
    published = ClaimsCheck.publishedIdi(spark);
  }

  /** The report's inputs with or without the peer tables, the pair named as given. */
  ReportData data(boolean peers, Map<String, String> names) {
    return new ReportData(idi, ind, obs, peers ? bench : null, peers ? pos : null, null, published, names,
        Map.of("gold.idi_score", "version 3, committed 2026-11-22T00:00:00Z"), "fixture");
  }

  ReportData data(boolean peers) {
    return data(peers, Map.of("BLR", "Belarus", "CHN", "China"));
  }
}
