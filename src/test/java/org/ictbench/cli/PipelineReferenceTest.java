package org.ictbench.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code pipeline --reference DIR} end to end, without a rebuild: an alias and an indicator added from a
 * folder make a DataHub export's rows land as observations; the same folder again is up to date; a changed
 * methodology file recomputes the IDI tables only; a broken one stops the run with exit 4, naming file,
 * line and rule.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineReferenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEADER = "seriesID,seriesCode,seriesName,seriesParent,seriesUnits,entityID,entityIso,"
      + "entityName,dataValue,dataYear,dataNote,dataSource,seriesDescription\n";

  private static SparkSession spark;
  private static Path work;
  private static Path raw;
  private static Path reference;
  private static String curated;

  @BeforeAll
  static void setUp() throws IOException {
    spark = TestSpark.get();
    work = TestSpark.tempDir("refrun");
    raw = work.resolve("raw");
    // a name only the folder's alias knows, and a series code only the folder's catalog knows
    TestSpark.fixture(raw, "itu/export.csv", HEADER
        + "1,iTESTPCT,Test share,,%,1,,Byelorussian SSR,42.5,2023,,,A test series\n"
        + "2,i99H,Individuals using the Internet,,%,1,,Byelorussian SSR,90.1,2023,,,Internet users\n");
    reference = work.resolve("reference");
    TestSpark.fixture(reference, "reference/country_alias.extra.csv",
        "alias,kind,iso3,scope,origin\nByelorussian SSR,name,BLR,*,test\n");
    TestSpark.fixture(reference, "catalog/indicator.extra.csv",
        "indicator_id,name,unit,min_value,max_value,idi_code,description,better\n"
            + "test_pct,Test share,% of population,0,100,,A series added from a folder,higher\n");
    TestSpark.fixture(reference, "catalog/indicator_code.extra.csv",
        "source_id,publisher_code,indicator_id,publisher_unit_labels,note\nITU_DATAHUB,iTESTPCT,test_pct,%,\n");
    curated = work.resolve("curated").toString();
  }

  private static JsonNode run(String name, int expectedExit) throws IOException {
    Path result = work.resolve(name + ".json");
    int exit = Main.execute("pipeline", "--raw", raw.toString(), "--curated", curated, "--reference",
        reference.toString(), "--json", result.toString(), "--quiet");
    JsonNode r = JSON.readTree(result.toFile());
    assertEquals(expectedExit, exit, r.toString());
    return r;
  }

  private static Set<String> tables(JsonNode r) {
    Set<String> out = new TreeSet<>();
    r.get("tables").forEach(t -> out.add(t.get("table").asText()));
    return out;
  }

  @Test
  @Order(1)
  void theFoldersAliasAndIndicatorApplyWithoutARebuild() throws IOException {
    JsonNode r = run("first", 0);
    assertEquals(2, r.get("counts").get("observations").asLong(), r.toString());
    Lakehouse lake = new Lakehouse(spark, curated);
    List<Row> obs = lake.read(Table.OBSERVATION).orderBy("indicator").collectAsList();
    assertEquals(2, obs.size());
    assertEquals("BLR", obs.get(1).getAs("iso3"));
    assertEquals("test_pct", obs.get(1).getAs("indicator"));
    assertEquals(42.5, (double) obs.get(1).getAs("value"), 0);
    assertEquals("% of population", obs.get(1).getAs("unit")); // the catalog, not the file, decides the unit
    assertEquals(0, lake.read(Table.QUARANTINE).count());
    assertEquals(1, lake.read(Table.INDICATOR).filter(col("indicator").equalTo("test_pct")).count());
  }

  @Test
  @Order(2)
  void theSameFolderAgainIsUpToDate() throws IOException {
    JsonNode r = run("second", 0);
    assertTrue(r.get("up_to_date").asBoolean(), r.toString());
    assertEquals(Set.of(), tables(r));
  }

  @Test
  @Order(3)
  void aChangedMethodologyRecomputesTheIdiTablesAndLeavesTheCatalogTables() throws IOException {
    TestSpark.fixture(reference, "idi/editions.extra.csv", "edition,methodology,reference_year,fallback_year,"
        + "min_official_indicators,carry_forward_max_years,nowcast,published,source\n2027,IDI2023,2025,2024,5,5,true,,ours\n");
    JsonNode r = run("third", 0);
    assertFalse(r.get("up_to_date").asBoolean());
    Set<String> written = tables(r);
    assertTrue(written.contains("gold.idi_goalpost") && written.contains("gold.idi_score"), written.toString());
    assertFalse(written.contains("silver.indicator") || written.contains("silver.country")
        || written.contains("bronze.raw_record"), written.toString());
  }

  @Test
  @Order(4)
  void aBrokenFolderStopsTheRunWithExitFourNamingFileLineAndRule() throws IOException {
    TestSpark.fixture(reference, "idi/editions.extra.csv", "edition,methodology,reference_year,fallback_year,"
        + "min_official_indicators,carry_forward_max_years,nowcast,published,source\n2027,IDI2023,2025,2026,5,5,true,,ours\n");
    JsonNode r = run("fourth", 4);
    assertEquals("failed", r.get("status").asText());
    String message = r.get("error").get("message").asText();
    assertTrue(message.contains("idi/editions.extra.csv line 2")
        && message.contains("fallback_year must be before reference_year"), message);
  }
}
