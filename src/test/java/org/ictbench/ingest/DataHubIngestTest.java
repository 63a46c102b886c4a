package org.ictbench.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.curate.Curation;
import org.ictbench.testing.DataHubCsv;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** The ITU DataHub long export, read from the real files in ../shared/data/itu/datahub. */
class DataHubIngestTest {
  private final SparkSession spark = TestSpark.get();

  private Dataset<Row> bronze(Path file) {
    Ingest ingest = new Ingest(spark);
    Dataset<Row> files = ingest.scan(file.toString());
    assertEquals("ITU_DATAHUB_LONG", files.first().getAs("format"));
    return ingest.parse(files, "test", 1);
  }

  @Test
  void everyRecordOfTheRealExportIsOneBronzeRowDespiteEmbeddedNewlines() {
    Path file = TestSpark.requireShared("itu/datahub/individuals_using_internet.csv");
    Dataset<Row> bronze = bronze(file);
    // SOURCES.md: 4,943 records on 4,957 physical lines (notes contain CR/LF).
    assertEquals(4943, bronze.count());
    Row first = bronze.orderBy("record_number").first();
    assertEquals(1L, (long) first.getAs("record_number"));
    assertEquals("ABW", first.<scala.collection.Map<String, String>>getAs("fields").apply("entityIso"));
  }

  @Test
  void belarusInternetUse2022IsTheExportsValue() {
    Path file = TestSpark.requireShared("itu/datahub/individuals_using_internet.csv");
    Dataset<Row> obs = Curation.observations(new Curation(spark).route(bronze(file)));
    List<Row> blr = obs.filter(col("iso3").equalTo("BLR").and(col("year").equalTo(2022))).collectAsList();
    assertEquals(1, blr.size());
    assertEquals(89.5073, blr.get(0).<Double>getAs("value"), 1e-12);
    assertEquals("internet_users_pct", blr.get(0).getAs("indicator"));
    assertEquals("ITU_DATAHUB", blr.get(0).getAs("source"));
  }

  @Test
  void printfExponentValuesParseAndTheCatalogNotTheLabelDecidesTheUnit() {
    Path file = TestSpark.requireShared("itu/datahub/fixed_broadband_subscriptions.csv");
    Dataset<Row> obs = Curation.observations(new Curation(spark).route(bronze(file)));
    Row zaf = obs.filter(col("iso3").equalTo("ZAF").and(col("year").equalTo(2012))
        .and(col("publisher_code").equalTo("i4213tfbb"))).first();
    assertEquals(1_107_200.0, zaf.<Double>getAs("value"), 1e-6); // "1.1072e+006" in the file
    assertEquals("subscriptions", zaf.getAs("unit"));
    assertEquals("per 100 people", zaf.getAs("publisher_unit_label"));
    assertEquals(true, zaf.getAs("unit_label_mismatch"));
  }

  /** A hand-made DataHub-layout file in a folder of its own (the folder is returned). */
  private static Path fixture(String name, String csv) {
    return TestSpark.fixture(TestSpark.tempDir("datahub-layout"), "datahub/" + name, csv);
  }

  /** The routed slots of the files under {@code dir}, by record number. */
  private Map<Long, Row> routedByRecord(Path dir) {
    Map<Long, Row> byRecord = new HashMap<>();
    for (Row r : new Curation(spark).route(bronze(dir)).collectAsList()) {
      byRecord.put(r.getAs("record_number"), r);
    }
    return byRecord;
  }

  @Test
  void columnsInAnotherOrderAreReadByName() {
    // The export's first seven columns (which identify the layout), then the rest reordered and without
    // seriesDescription: curation reads fields at the export's usual positions first, by name otherwise.
    String csv = "\"seriesID\",\"seriesCode\",\"seriesName\",\"seriesParent\",\"seriesUnits\",\"entityID\","
        + "\"entityIso\",\"dataYear\",\"dataSource\",\"entityName\",\"dataNote\",\"dataValue\"\n"
        + "1,\"i99H\",\"x\",,\"%\",1,\"BLR\",2022,\"Belstat\",\"Belarus\",\"n1\",\"89.5073\"\n"
        + "1,\"i99H\",\"x\",,\"%\",2,\"CHN\",2021,\"CNNIC\",\"China\",\"\",\"73.05\"\n";
    Map<Long, Row> r = routedByRecord(fixture("reordered.csv", csv));
    assertEquals(2, r.size());
    assertEquals("BLR", r.get(1L).getAs("iso3"));
    assertEquals("Belarus", r.get(1L).getAs("entity_name"));
    assertEquals("i99H", r.get(1L).getAs("publisher_code"));
    assertEquals(2022, (int) r.get(1L).<Integer>getAs("year"));
    assertEquals(89.5073, r.get(1L).<Double>getAs("value"), 1e-12);
    assertEquals("Belstat", r.get(1L).getAs("flag_raw"));
    assertEquals("n1", r.get(1L).getAs("note"));
    assertEquals("%", r.get(1L).getAs("unit_label"));
    assertEquals(Curation.OBSERVATION, r.get(1L).getAs("destination"));
    assertEquals("CHN", r.get(2L).getAs("iso3"));
    assertEquals(2021, (int) r.get(2L).<Integer>getAs("year"));
    assertEquals(73.05, r.get(2L).<Double>getAs("value"), 1e-12);
  }

  @Test
  void aColumnNamedLikeTheMalformedMarkIsAFieldNotAMark() {
    // The parser reserves "_malformed" for records it cannot split; a column of that name is kept
    // under "_malformed#2" (like a repeated column name) and does not make its records malformed.
    String csv = DataHubCsv.HEADER.replace("\"seriesDescription\"\n",
            "\"seriesDescription\",\"_malformed\"\n")
        + DataHubCsv.row("i99H", "BLR", "Belarus", "89.5073", "2022").replace("\n", ",\"no\"\n")
        + "1,\"i99H\",\"x\",,\"%\",1,\"BLR\"\n"; // 7 of 14 fields
    Path dir = fixture("marked.csv", csv);
    Map<Long, scala.collection.Map<String, String>> fields = new HashMap<>();
    Map<Long, String> lastKey = new HashMap<>();
    for (Row b : bronze(dir).select(col("record_number"), col("fields"),
        element_at(map_keys(col("fields")), lit(-1)).as("last_key")).collectAsList()) {
      fields.put(b.getAs("record_number"), b.getAs("fields"));
      lastKey.put(b.getAs("record_number"), b.getAs("last_key"));
    }
    assertEquals("no", fields.get(1L).apply("_malformed#2"));
    assertEquals(false, fields.get(1L).contains(BronzeSchemas.MALFORMED_FIELD));
    assertEquals("expected 14 fields, found 7", fields.get(2L).apply(BronzeSchemas.MALFORMED_FIELD));
    assertEquals(BronzeSchemas.MALFORMED_FIELD, lastKey.get(2L)); // the mark comes last, after the fields read

    Map<Long, Row> r = routedByRecord(dir);
    assertNull(r.get(1L).getAs("reason_code"));
    assertEquals(89.5073, r.get(1L).<Double>getAs("value"), 1e-12);
    assertEquals("MALFORMED_RECORD", r.get(2L).getAs("reason_code"));
  }
}
