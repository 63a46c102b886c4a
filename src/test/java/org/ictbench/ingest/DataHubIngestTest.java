package org.ictbench.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.curate.Curation;
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
}
