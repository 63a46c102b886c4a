package org.ictbench.report;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.cli.Main;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.ReferenceLake;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claims of the 2025 Belarus–China paper (data/raw/claims) against the lake built from the bundled
 * data/raw, and the report on that lake. Expected outcomes come from ITU's published figures and the
 * methodology note's "Known errors in secondary sources", not from ictbench's output.
 */
class ClaimsAndReportEndToEndTest {
  static final Path CLAIMS = TestSpark.bundledRaw().resolve("claims/belarus_china_digital_cooperation_2025.csv");
  static SparkSession spark;
  static String curated;
  static Lakehouse lake;
  static String pipelineOutput;
  static Map<String, Row> results = new LinkedHashMap<>();

  @BeforeAll
  static void pipelineOnce() {
    spark = TestSpark.get();
    // the suite's bundled first run, copied: the claims tests save into their lake
    curated = ReferenceLake.copy("claims-curated");
    pipelineOutput = ReferenceLake.output();
    lake = new Lakehouse(spark, curated);
    for (Row r : ClaimsReport.check(spark, curated, CLAIMS.toString()).collectAsList()) {
      results.put(r.getString(0), r);
    }
  }

  private static String outcome(String id) {
    return results.get(id).getAs("outcome");
  }

  private static double curated(String id) {
    return results.get(id).<Double>getAs("curated_value");
  }

  @Test
  void theClaimsFileIsSkippedByThePipelineNotIngested() {
    assertTrue(pipelineOutput.contains("belarus_china_digital_cooperation_2025.csv (not recognised"), pipelineOutput);
    List<Row> log = lake.read(Table.INGEST_FILE).where(col("file_name").startsWith("belarus_china"))
        .select("status", "format").collectAsList();
    assertEquals(1, log.size());
    assertEquals("skipped", log.get(0).getString(0));
    assertTrue(log.get(0).isNullAt(1));
    assertEquals(0, lake.read(Table.RAW_RECORD).where(col("file_name").startsWith("belarus_china")).count());
  }

  @Test
  void chinasIdiFiguresAreWrongAndOneIsTheOtherEditionsValue() {
    // ITU: China 84.4 in IDI 2023, 85.8 in IDI 2024; the paper says 82.7 and 84.4
    assertEquals("differs", outcome("P01"));
    assertEquals(84.4, curated("P01"), 1e-9);
    assertEquals("explained", outcome("P02"));
    assertEquals(85.8, curated("P02"), 0.05);
    assertEquals(84.4, results.get("P02").<Double>getAs("matched_value"), 1e-9);
    assertTrue(results.get("P02").<String>getAs("explanation").contains("edition 2023 value"));
    // Belarus: 86.9 (IDI 2023) and 88.5 (IDI 2024) are ITU's figures
    assertEquals("confirmed", outcome("P03"));
    assertEquals("confirmed", outcome("P04"));
  }

  @Test
  void belarusCoverageIsTheCombinedScoreAndMobileBroadbandTheNormalizedScore() {
    assertEquals("explained", outcome("P15"));
    assertEquals(98.0, curated("P15"), 1e-9); // ITU: Belarus 4G 98.0% (3G 99.9%)
    assertEquals(0.4 * 99.9 + 0.6 * 98.0, results.get("P15").<Double>getAs("matched_value"), 1e-6);
    assertTrue(results.get("P15").<String>getAs("explanation").contains("combined coverage score"));
    assertEquals("explained", outcome("P16"));
    assertEquals(97.8, curated("P16"), 1e-9); // ITU: 97.8 per 100
    assertEquals(100 * 97.8 / 150, results.get("P16").<Double>getAs("matched_value"), 1e-6); // goalpost 150
    assertTrue(results.get("P16").<String>getAs("explanation").contains("normalized IDI score"));
  }

  @Test
  void theOtherIndicatorFiguresAreConfirmed() {
    for (String id : List.of("P05", "P06", "P07", "P08", "P09", "P10", "P11", "P12", "P13", "P14", "P17", "P18",
        "P19", "P20")) {
      assertEquals("confirmed", outcome(id), id + ": " + results.get(id));
      assertNull(results.get(id).getAs("explanation"));
    }
    assertEquals(20, results.size());
  }

  @Test
  void claimsCommandPrintsAndSavesWithoutEmptyVersions() {
    long savedOnce;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.execute("claims", CLAIMS.toString(), "--curated", curated, "--save"));
      savedOnce = new DeltaWrites(lake).versionCount(Table.CLAIMS_CHECK);
      assertEquals(0, Main.execute("claims", CLAIMS.toString(), "--curated", curated, "--save"));
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("20 claim(s): 16 confirmed, 1 differs, 3 explained"), out);
    // the pipeline run created the table empty; the first save wrote it, the unchanged second one nothing
    assertEquals(2, savedOnce);
    assertEquals(savedOnce, new DeltaWrites(lake).versionCount(Table.CLAIMS_CHECK));
    Dataset<Row> saved = lake.read(Table.CLAIMS_CHECK);
    assertEquals(20, saved.count());
    assertEquals(3, Main.execute("claims", "/no/such/claims.csv", "--curated", curated));
  }

  @Test
  void theReportOnTheBundledLakeIsSelfContained() throws Exception {
    Path out = TestSpark.tempDir("report-e2e");
    Report.Result r = Report.write(ReportData.load(lake, CLAIMS.toString()),
        new Report.Config("BLR", "CHN", List.of(), out));
    ReportFilesCheck.check(r);
    // IDI chart, components, one chart per IDI indicator with data (all ten), and one position chart
    // per group either economy belongs to (counted here from gold.peer_position)
    long groups = lake.exists(Table.PEER_POSITION) ? lake.read(Table.PEER_POSITION)
        .where("iso3 IN ('BLR', 'CHN') AND is_member").select("group_id").distinct().count() : 0;
    assertEquals(2 + 10 + groups, r.charts().size(), r.charts().toString());
    String html = Files.readString(r.html(), StandardCharsets.UTF_8);
    assertTrue(html.contains("<td class=\"differs\">differs</td>"));
    assertTrue(html.contains("<td class=\"explained\">explained</td>"));
    assertTrue(html.contains("gold.idi_score (version "), "vintage of the IDI figure");
  }
}
