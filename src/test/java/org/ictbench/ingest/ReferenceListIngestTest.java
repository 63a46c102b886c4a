package org.ictbench.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.pipeline.PipelineConfig;
import org.ictbench.pipeline.PipelineJob;
import org.ictbench.pipeline.PipelineResult;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The country reference lists as shipped (UNSD M49 in English, Russian and Chinese, datasets/country-codes,
 * from ../shared/data/reference/country-codes) are ingested like every other file: every row a bronze record
 * with its lineage, and one classification slot per economy (its UN sub-region) in
 * silver.economy_classification, so the identity holds. Expected values are read from the files here.
 */
class ReferenceListIngestTest {
  private static final Map<String, String> FILES = Map.of(
      "UNSD-en.csv", "UNSD_M49_LIST", "UNSD-ru.csv", "UNSD_M49_LIST", "UNSD-cn.csv", "UNSD_M49_LIST",
      "country-codes.csv", "COUNTRY_CODES_LIST");

  private static Path raw;
  private static Lakehouse lake;
  private static PipelineResult result;

  @BeforeAll
  static void ingest() throws IOException {
    Path shared = TestSpark.requireShared("reference/country-codes");
    SparkSession spark = TestSpark.get();
    raw = TestSpark.tempDir("reflists").resolve("raw/reference/country-codes");
    Files.createDirectories(raw);
    for (String f : List.of("UNSD-en.csv", "UNSD-ru.csv", "UNSD-cn.csv", "country-codes.csv", "datapackage.yml")) {
      Files.copy(shared.resolve(f), raw.resolve(f));
    }
    String curated = raw.getParent().getParent().getParent().resolve("curated").toString();
    lake = new Lakehouse(spark, curated);
    PipelineConfig config = PipelineConfig.builder().raw(raw.getParent().getParent().toString()).curated(curated)
        .printComparison(false).build();
    result = new PipelineJob(spark, config, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).run();
  }

  /** The file's rows as a plain CSV parser reads them (header by name, BOM removed). */
  private static List<CSVRecord> rows(String file) throws IOException {
    String text = Files.readString(raw.resolve(file), StandardCharsets.UTF_8).replace("\uFEFF", "");
    try (Reader r = new java.io.StringReader(text);
         CSVParser p = CSVParser.parse(r, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
      return p.getRecords();
    }
  }

  private static String sha(String file) {
    return org.ictbench.testing.FileSha256.of(raw.resolve(file));
  }

  @Test
  void theListsAreIngestedNotSkippedAndOnlyTheDataPackageDescriptorIsSkipped() {
    for (PipelineResult.FileOutcome f : result.files()) {
      String name = f.uri().substring(f.uri().lastIndexOf('/') + 1);
      if (name.equals("datapackage.yml")) {
        assertEquals(PipelineResult.FileStatus.SKIPPED, f.status());
      } else {
        assertEquals(PipelineResult.FileStatus.INGESTED, f.status(), name + ": " + f.reason());
        assertEquals(FILES.get(name), f.format(), name);
      }
    }
    assertEquals(4, lake.read(Table.INGEST_FILE).filter(col("status").equalTo("ingested")).count());
  }

  @Test
  void everyRowIsABronzeRecordWithItsLineage() throws Exception {
    for (String file : FILES.keySet()) {
      Dataset<Row> records = lake.read(Table.RAW_RECORD).filter(col("file_sha256").equalTo(sha(file)));
      assertEquals(rows(file).size(), records.count(), file);
      Row first = records.filter(col("record_number").equalTo(1)).first();
      assertTrue(first.<String>getAs("file_uri").endsWith("reference/country-codes/" + file));
      assertEquals(FILES.get(file).equals("UNSD_M49_LIST") ? "UNSD_M49" : "COUNTRY_CODES", first.getAs("source_id"));
      assertEquals(rows(file).get(0).get(file.startsWith("UNSD") ? "ISO-alpha3 Code" : "ISO3166-1-Alpha-3"),
          first.<scala.collection.Map<String, String>>getAs("fields").apply(
              file.startsWith("UNSD") ? "ISO-alpha3 Code" : "ISO3166-1-Alpha-3"));
    }
  }

  @Test
  void eachEconomyGetsItsSubRegionAsTheListStatesItAndTheIdentityHolds() throws Exception {
    Dataset<Row> classes = lake.read(Table.ECONOMY_CLASSIFICATION);
    for (String file : FILES.keySet()) {
      String iso = file.startsWith("UNSD") ? "ISO-alpha3 Code" : "ISO3166-1-Alpha-3";
      Map<String, String> expected = new HashMap<>();
      for (CSVRecord r : rows(file)) {
        String region = r.get("Sub-region Name");
        expected.put(r.get(iso), region.isBlank() ? null : region);
      }
      Map<String, String> actual = new HashMap<>();
      classes.filter(col("file_sha256").equalTo(sha(file))).collectAsList()
          .forEach(r -> actual.put(r.getAs("iso3"), r.getAs("region")));
      assertEquals(expected, actual, file); // every row resolved by its ISO code, none quarantined
    }
    // Belarus in the three UNSD languages (from the files, not from the code)
    Map<String, String> blr = new HashMap<>();
    classes.filter(col("iso3").equalTo("BLR").and(col("source").equalTo("UNSD_M49"))).collectAsList()
        .forEach(r -> blr.put(r.<String>getAs("file_uri").replaceAll(".*/", ""), r.getAs("region")));
    assertEquals("Eastern Europe", blr.get("UNSD-en.csv"));
    assertEquals("Восточная Европа", blr.get("UNSD-ru.csv"));
    // the identity: slots in bronze = classifications (+ nothing else) in silver
    long slots = lake.read(Table.RAW_RECORD).agg(sum("slot_count")).first().getLong(0);
    assertEquals(slots, classes.count() + lake.read(Table.QUARANTINE).count() + lake.read(Table.OBSERVATION).count()
        + lake.read(Table.AGGREGATE_OBSERVATION).count());
    assertEquals(0, lake.read(Table.QUARANTINE).count());
    assertEquals(result.totals().slots(), slots);
    assertEquals(result.totals().classifications(), classes.count());
  }
}
