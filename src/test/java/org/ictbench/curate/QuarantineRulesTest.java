package org.ictbench.curate;

import static org.apache.spark.sql.functions.col;
import static org.ictbench.testing.DataHubCsv.HEADER;
import static org.ictbench.testing.DataHubCsv.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.ingest.Ingest;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One hand-made DataHub-layout file with one row per quirk; each row must land where the rules say. */
class QuarantineRulesTest {
  private static Dataset<Row> routed;
  private static Dataset<Row> bronze;

  @BeforeAll
  static void route() {
    SparkSession spark = TestSpark.get();
    String csv = HEADER
        + row("i99H", "BLR", "Belarus", "89.5073", "2022")          // 1 ok
        + row("i99H", "BLR", "Belarus", "..", "2021")               // 2 MISSING_VALUE
        + row("i99H", "BLR", "Belarus", "", "2020")                 // 3 MISSING_VALUE
        + row("i99H", "BLR", "Belarus", "12,5", "2019")             // 4 UNPARSEABLE_VALUE
        + row("i99H", "BLR", "Belarus", "45.2*", "2018")            // 5 ok, footnote stripped
        + row("i99H", "BLR", "Belarus", "134.7", "2017")            // 6 OUT_OF_RANGE (percent)
        + row("i99H", "BLR", "Belarus", "50", "20x9")               // 7 BAD_YEAR
        + row("i99H", "ZZZ", "Atlantis", "50", "2016")              // 8 UNKNOWN_COUNTRY
        + row("i999zz", "BLR", "Belarus", "50", "2015")             // 9 UNKNOWN_INDICATOR
        + row("i99H", "", "Korea", "50", "2014")                    // 10 AMBIGUOUS_COUNTRY
        + row("i99H", "CHN", "China", "70", "2013")                 // 11 DUPLICATE_CONFLICT
        + row("i99H", "CHN", "China", "71", "2013")                 // 12 DUPLICATE_CONFLICT
        + row("i99H", "CHN", "China", "60", "2012")                 // 13 ok (first)
        + row("i99H", "CHN", "China", "60", "2012")                 // 14 DUPLICATE_EXACT
        + row("i911mw", "KSO", "Kosovo", "1.1072e+002", "2012")     // 15 ok, ITU pseudo code, printf exponent
        + "1,\"i99H\",\"x\",,\"%\",1,\"BLR\"\n";                    // 16 MALFORMED_RECORD (7 of 13 fields)
    Path dir = TestSpark.fixture(TestSpark.tempDir("quirks"), "datahub/quirks.csv", csv);
    Ingest ingest = new Ingest(spark);
    bronze = ingest.parse(ingest.scan(dir.toString()), "test", 1).cache();
    routed = new Curation(spark).route(bronze).cache();
  }

  private static Map<Long, Row> byRecord() {
    Map<Long, Row> m = new HashMap<>();
    for (Row r : routed.collectAsList()) {
      m.put(r.getAs("record_number"), r);
    }
    return m;
  }

  @Test
  void everyQuirkGetsItsReasonCode() {
    Map<Long, Row> r = byRecord();
    assertEquals(16, r.size());
    Map<Long, String> expected = Map.ofEntries(Map.entry(2L, "MISSING_VALUE"), Map.entry(3L, "MISSING_VALUE"),
        Map.entry(4L, "UNPARSEABLE_VALUE"), Map.entry(6L, "OUT_OF_RANGE"), Map.entry(7L, "BAD_YEAR"),
        Map.entry(8L, "UNKNOWN_COUNTRY"), Map.entry(9L, "UNKNOWN_INDICATOR"), Map.entry(10L, "AMBIGUOUS_COUNTRY"),
        Map.entry(11L, "DUPLICATE_CONFLICT"), Map.entry(12L, "DUPLICATE_CONFLICT"), Map.entry(14L, "DUPLICATE_EXACT"),
        Map.entry(16L, "MALFORMED_RECORD"));
    for (long n = 1; n <= 16; n++) {
      String reason = r.get(n).getAs("reason_code");
      assertEquals(expected.get(n), reason, "record " + n);
      assertEquals(expected.containsKey(n) ? Curation.QUARANTINE : Curation.OBSERVATION, r.get(n).getAs("destination"),
          "record " + n);
    }
  }

  @Test
  void parsedValuesAndDetailsSayWhat() {
    Map<Long, Row> r = byRecord();
    assertEquals(45.2, r.get(5L).<Double>getAs("value"), 1e-12);
    assertEquals(110.72, r.get(15L).<Double>getAs("value"), 1e-12);
    assertEquals("XKX", r.get(15L).getAs("iso3"));
    assertEquals(60.0, r.get(13L).<Double>getAs("value"), 1e-12);
    String ambiguous = r.get(10L).getAs("reason_detail");
    assertTrue(ambiguous.contains("KOR") && ambiguous.contains("PRK"), ambiguous);
    assertTrue(((String) r.get(4L).getAs("reason_detail")).contains("'12,5'"));
    assertTrue(((String) r.get(6L).getAs("reason_detail")).contains("134.7"));
    List<Row> obs = Curation.observations(routed).filter(col("record_number").equalTo(5)).collectAsList();
    assertTrue(((String) obs.get(0).getAs("note")).contains("footnote marker"));
  }

  @Test
  void quarantineKeepsTheRawRecordOfErrorsAndLeavesInfoRowsToBronze() {
    Map<Long, Row> q = new HashMap<>();
    for (Row r : new Curation(TestSpark.get()).quarantine(routed, bronze).collectAsList()) {
      q.put(r.getAs("record_number"), r);
    }
    assertEquals(12, q.size());
    assertEquals("UNPARSEABLE_VALUE", q.get(4L).getAs("reason_code"));
    assertEquals("12,5", q.get(4L).<scala.collection.Map<String, String>>getAs("raw_record").apply("dataValue"));
    assertEquals("Atlantis", q.get(8L).<scala.collection.Map<String, String>>getAs("raw_record").apply("entityName"));
    // rules/reason_code.csv: MISSING_VALUE and DUPLICATE_EXACT are info; their rows carry no copy of the
    // record, which stays in bronze under the same file and record number
    for (long info : List.of(2L, 3L, 14L)) {
      assertTrue(q.get(info).isNullAt(q.get(info).fieldIndex("raw_record")), "record " + info);
    }
    assertEquals("..", q.get(2L).getAs("value_raw"));
    Row record2 = bronze.filter(col("record_number").equalTo(2)).first();
    assertEquals(q.get(2L).<String>getAs("file_sha256"), record2.getAs("file_sha256"));
    assertEquals("..", record2.<scala.collection.Map<String, String>>getAs("fields").apply("dataValue"));
  }

  @Test
  void withOnlyInfoReasonsNoRecordIsReadBack() {
    // the missing values and the exact repeat of the fixture, without its error slots
    Dataset<Row> infoOnly = routed.filter("destination <> 'quarantine' OR reason_code IN ('MISSING_VALUE', 'DUPLICATE_EXACT')");
    Curation curation = new Curation(TestSpark.get());
    Dataset<Row> kept = bronze.filter(curation.mayHoldQuarantined(infoOnly, Curation.routedCounts(infoOnly)));
    assertEquals(0L, kept.count());
    Dataset<Row> q = curation.quarantine(infoOnly, kept);
    assertEquals(3L, q.count()); // records 2, 3 and 14
    assertEquals(3L, q.filter(col("raw_record").isNull()).count());
  }

  @Test
  void checkedSlotsLeaveOutThePerFileLineageAndRoutingPutsItBack() {
    List<String> checkedColumns = List.of(new Curation(TestSpark.get()).check(bronze).columns());
    for (String perFile : List.of("run_id", "format", "file_uri", "file_name", "vintage")) {
      assertFalse(checkedColumns.contains(perFile), perFile + " should not be carried by every checked slot");
    }
    assertTrue(checkedColumns.containsAll(List.of("source_id", "file_sha256", "record_number")));
    // every one of the 16 records' slots gets its file's lineage back: the fixture's run, layout and path
    Map<Long, Row> rows = byRecord();
    assertEquals(16, rows.size());
    for (Row r : rows.values()) {
      assertEquals("test", r.getAs("run_id"));
      assertEquals("ITU_DATAHUB_LONG", r.getAs("format"));
      assertEquals("quirks.csv", r.getAs("file_name"));
      assertTrue(r.<String>getAs("file_uri").endsWith("datahub/quirks.csv"), r.<String>getAs("file_uri"));
      assertNotNull(r.getAs("vintage"), "vintage of record " + r.getAs("record_number"));
    }
  }

  @Test
  void duplicateVerdictsAreTheSameBroadcastOrJoined() {
    Curation curation = new Curation(TestSpark.get());
    Dataset<Row> checked = curation.check(bronze).cache();
    Dataset<Row> verdicts = curation.duplicates(checked);
    // Records 11 and 12 conflict (70 vs 71, CHN 2013), 14 repeats 13 (60, CHN 2012): three verdicts, and
    // the first copy (13) has none.
    Map<Long, Row> v = new HashMap<>();
    for (Row r : verdicts.collectAsList()) {
      v.put(r.getAs("d_record"), r);
    }
    assertEquals(java.util.Set.of(11L, 12L, 14L), v.keySet());
    assertEquals("conflicting values 70.0 / 71.0 in one file", v.get(11L).getAs("dup_detail"));
    assertEquals("exact repeat of record 13", v.get(14L).getAs("dup_detail"));
    for (boolean broadcast : new boolean[] {true, false}) {
      Map<Long, String> reasons = new HashMap<>();
      for (Row r : curation.route(checked, verdicts, broadcast, Curation.fileLineage(bronze).distinct()).collectAsList()) {
        reasons.put(r.getAs("record_number"), r.getAs("reason_code"));
      }
      assertEquals(16, reasons.size(), "broadcast=" + broadcast);
      assertEquals("DUPLICATE_CONFLICT", reasons.get(11L), "broadcast=" + broadcast);
      assertEquals("DUPLICATE_CONFLICT", reasons.get(12L), "broadcast=" + broadcast);
      assertEquals(null, reasons.get(13L), "broadcast=" + broadcast);
      assertEquals("DUPLICATE_EXACT", reasons.get(14L), "broadcast=" + broadcast);
      assertEquals("UNPARSEABLE_VALUE", reasons.get(4L), "broadcast=" + broadcast);
    }
    checked.unpersist();
  }
}
