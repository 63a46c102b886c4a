package org.ictbench.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report from small hand-made tables, with and without the peer tables (gold.peer_benchmark and
 * gold.peer_position as issue 5 defines their columns).
 */
class ReportPeerFixtureTest {
  static SparkSession spark;
  static Dataset<Row> idi;
  static Dataset<Row> ind;
  static Dataset<Row> obs;
  static Dataset<Row> bench;
  static Dataset<Row> pos;
  static Dataset<Row> published;

  @BeforeAll
  static void fixtures() {
    spark = TestSpark.get();
    idi = spark.createDataFrame(List.of(
        RowFactory.create("BLR", 2024, 88.5, 84.5, 92.5, "reproduced"),
        RowFactory.create("CHN", 2024, 85.8, 79.0, 92.6, "reproduced"),
        RowFactory.create("BLR", 2025, 89.9, 86.0, 93.8, "nowcast")), new StructType()
        .add("iso3", DataTypes.StringType).add("edition", DataTypes.IntegerType).add("idi", DataTypes.DoubleType)
        .add("universal", DataTypes.DoubleType).add("meaningful", DataTypes.DoubleType).add("status", DataTypes.StringType));
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

  private static ReportData data(boolean peers) {
    return new ReportData(idi, ind, obs, peers ? bench : null, peers ? pos : null, null, published,
        Map.of("BLR", "Belarus", "CHN", "China"),
        Map.of("gold.idi_score", "version 3, committed 2026-11-22T00:00:00Z"), "fixture");
  }

  @Test
  void withPeerTablesTheReportDrawsBandsAndPositions() throws Exception {
    Path out = TestSpark.tempDir("report-peers");
    Report.Result r = Report.write(data(true), new Report.Config("BLR", "CHN", List.of(), out));
    Set<String> refs = ReportFilesCheck.check(r);
    // default groups: every group the pair has a position in
    assertTrue(refs.contains("charts/position_EAEU.png"), refs.toString());
    assertTrue(refs.contains("charts/position_ITU_ASP.png"), refs.toString());
    assertTrue(refs.contains("charts/indicator_internet_users_pct.png"));
    assertTrue(refs.contains("charts/idi_editions.png"));
    assertTrue(refs.contains("charts/idi_components.png"));
    String html = Files.readString(r.html(), StandardCharsets.UTF_8);
    // group medians with IQR in the table under the internet chart (2023: median 79.0, p25 75.0, p75 84.0)
    assertTrue(html.contains("<th>EAEU median (p25-p75)</th>"), html);
    assertTrue(html.contains("79.0 (75.0-84.0)"), html);
    assertTrue(html.contains("62.0 (45.0-80.0)"), html);
    // a suppressed statistic (2018) is not drawn or tabulated; and 2018 has no pair value either
    assertFalse(html.contains("<td class=\"n\">2018</td>"));
    // the position table: BLR rank 2 of 5 in the EAEU, percentile 75
    assertTrue(html.contains("<td>2 of 5</td>"), html);
    // edition 2023 comes from ITU's published scores (reference data), the nowcast is labelled
    assertTrue(html.contains("ITU published (reference data)"));
    assertTrue(html.contains("ictbench nowcast (gold.idi_score)"));
    assertTrue(html.contains("gold.idi_score (version 3, committed 2026-11-22T00:00:00Z)"));
  }

  @Test
  void withoutPeerTablesTheReportSaysSoAndStillWrites() throws Exception {
    Path out = TestSpark.tempDir("report-nopeers");
    Report.Result r = Report.write(data(false), new Report.Config("BLR", "CHN", List.of("EAEU"), out));
    Set<String> refs = ReportFilesCheck.check(r);
    assertFalse(refs.stream().anyMatch(s -> s.contains("position_")));
    String html = Files.readString(r.html(), StandardCharsets.UTF_8);
    assertTrue(html.contains("gold.peer_benchmark is not in this lake"));
    assertTrue(html.contains("gold.peer_position is not in this lake"));
  }
}
