package org.ictbench.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.curate.Curation;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** The World Bank WDI wide CSV, untouched 2023-05 download in ../shared/data/wdi. */
class WdiIngestTest {
  private static final String FILE = "wdi/wdi_2023-05_internet/API_IT.NET.USER.ZS_DS2_en_csv_v2_5455054.csv";
  private final SparkSession spark = TestSpark.get();

  @Test
  void junkLinesSkippedVintageStatedEveryYearCellAccountedFor() {
    Path file = TestSpark.requireShared(FILE);
    Ingest ingest = new Ingest(spark);
    Dataset<Row> files = ingest.scan(file.toString());
    Row scanned = files.first();
    assertEquals("WDI_WIDE", scanned.getAs("format"));
    assertEquals(java.sql.Date.valueOf("2023-05-10"), scanned.getAs("vintage"));
    assertEquals("stated", scanned.getAs("vintage_basis"));

    Dataset<Row> bronze = ingest.parse(files, "test", 1).cache();
    // SOURCES.md: 266 rows, year columns 1960-2022 (63); the trailing comma adds no slot.
    assertEquals(266, bronze.count());
    assertEquals(266L * 63, bronze.agg(org.apache.spark.sql.functions.sum("slot_count")).first().getLong(0));

    Curation curation = new Curation(spark);
    Dataset<Row> routed = curation.route(bronze).cache();
    long observations = Curation.observations(routed).count();
    long aggregates = Curation.aggregates(routed).count();
    long quarantined = curation.quarantine(routed, bronze).count();
    assertEquals(266L * 63, observations + aggregates + quarantined);
    // 7,975 non-empty year cells (counted with Python's csv module); the rest are "" (missing).
    assertEquals(7975, observations + aggregates);
    assertEquals(266L * 63 - 7975, curation.quarantine(routed, bronze).filter(col("reason_code").equalTo("MISSING_VALUE")).count());
    assertTrue(Curation.aggregates(routed).filter(col("aggregate_code").equalTo("WLD")).count() > 20);
    Row blr = Curation.observations(routed).filter(col("iso3").equalTo("BLR").and(col("year").equalTo(2021))).first();
    assertEquals(86.89, blr.<Double>getAs("value"), 1e-12);
    assertEquals(java.sql.Date.valueOf("2023-05-10"), blr.getAs("vintage"));
  }
}
