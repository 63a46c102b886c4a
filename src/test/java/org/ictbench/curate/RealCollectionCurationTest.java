package org.ictbench.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.ingest.Ingest;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bronze → silver routing of the new formats on copies of real files from ../shared/data (ITU
 * legacy xls, core household xlsx, ITU aggregates xlsx, OGHIST xlsx, an OWID grapher CSV, a WDI
 * Metadata_Indicator CSV, the peer-group list) plus a hand-made OWID file with its quirks. One
 * scan+parse+route for the class (no Delta writes); expected values are read from the files.
 */
class RealCollectionCurationTest {
  private static final List<String> FILES = List.of(
      "itu/itu_jun2019/Individuals_Internet_2000-2018_Jun2019.xls",
      "itu/itu_jun2019/CoreHouseholdIndicators_Jun2019.xlsx",
      "itu/aggregates_nov2024/ITU_regional_global_Key_ICT_indicator_aggregates_Nov_2024.xlsx",
      "reference/worldbank/OGHIST_world_bank_income_classification_FY21.xlsx",
      "reference/groups/peer_group_membership.csv",
      "reference/country-codes/UNSD-en.csv",
      "wdi/wdi_2022-02_gni_pc/Metadata_Indicator_API_NY.GNP.PCAP.CD_DS2_en_csv_v2_3470973.csv",
      "owid/grapher_2023-04/broadband-penetration-by-country.csv",
      "itu/idi2024_annex/idi2024_indicator_values.csv");

  private static Dataset<Row> scanned;
  private static Dataset<Row> bronze;
  private static Dataset<Row> routed;
  private static Curation curation;

  @BeforeAll
  static void route() throws IOException {
    TestSpark.requireShared("");
    SparkSession spark = TestSpark.get();
    Path dir = TestSpark.tempDir("realcoll");
    for (String f : FILES) {
      Path to = dir.resolve(f);
      Files.createDirectories(to.getParent());
      Files.copy(TestSpark.sharedData().resolve(f), to);
    }
    TestSpark.fixture(dir, "owid/user_edited_2025-08/quirks.csv",
        "Entity,Code,Year,Individuals using the Internet (% of population)\r\n"
            + "United States of America Virgin Islands,,2020,64.4\r\n"   // find/replace damage, no code
            + "World,OWID_WRL,2020,59.1\r\n"                               // OWID aggregate code
            + "Kosovo,OWID_KOS,2020,89.4\r\n"                              // OWID pseudo code
            + "Low-income countries,,2020,\r\n"                            // aggregate without code, empty value
            + "Faeroe Islands,,2020,97.6\r\n");                            // economy without code
    Ingest ingest = new Ingest(spark);
    scanned = ingest.scan(dir.toString()).cache();
    bronze = ingest.parse(scanned, "test", FILES.size() + 1).cache();
    curation = new Curation(spark);
    routed = curation.route(bronze).cache();
  }

  private static Row one(Dataset<Row> ds) {
    List<Row> rows = ds.collectAsList();
    assertEquals(1, rows.size(), "exactly one row expected");
    return rows.get(0);
  }

  @Test
  void everyFileIsRecognisedOrSkippedWithAReasonAndTheIdentityHolds() {
    List<Row> files = scanned.collectAsList();
    assertEquals(FILES.size() + 1, files.size());
    for (Row f : files) {
      String name = f.getAs("file_name");
      assertTrue(f.getAs("format") != null, name + " not recognised: " + f.getAs("detail"));
      if (name.startsWith("UNSD")) {
        assertEquals("UNSD_M49_LIST", f.getAs("format")); // a reference list is ingested like any other file
      }
    }
    for (Row r : Curation.identity(bronze, Curation.routedCounts(routed)).collectAsList()) {
      assertEquals((long) r.getAs("slots"), (long) r.getAs("routed"), (String) r.getAs("file_uri"));
    }
    assertEquals(1L, bronze.filter(col("format").equalTo("WDI_METADATA_INDICATOR")).count());
  }

  @Test
  void legacyXlsValuesLandAsObservations() {
    Row blr = one(Curation.observations(routed).filter("source = 'ITU_WTI_XLS' AND iso3 = 'BLR' AND year = 2018"));
    assertEquals("internet_users_pct", blr.getAs("indicator"));
    assertEquals(79.13, (double) blr.getAs("value"), 0.005); // the workbook shows 79.13
    assertEquals(0L, routed.filter("source_id = 'ITU_WTI_XLS' AND reason_code IN ('UNKNOWN_COUNTRY', 'AMBIGUOUS_COUNTRY')").count());
    Row afg = one(Curation.observations(routed).filter("source = 'ITU_WTI_XLS' AND iso3 = 'AFG' AND year = 2015"));
    assertEquals("estimate", afg.getAs("value_flag")); // Source 2015 = "ITU estimate."
  }

  @Test
  void coreHouseholdTextNumbersFootnotesAndMissingMarkers() {
    Row chn = one(Curation.observations(routed).filter("source = 'ITU_CORE_HH' AND iso3 = 'CHN' AND indicator = 'internet_users_pct'"));
    assertEquals(50.3, (double) chn.getAs("value"), 1e-9);
    assertEquals(2015, (int) chn.getAs("year"));
    assertTrue(((String) chn.getAs("note")).contains("footnote 27"));
    Row missing = one(routed.filter("source_id = 'ITU_CORE_HH' AND iso3 = 'CHN' AND publisher_code = 'HH6'"));
    assertEquals("MISSING_VALUE", missing.getAs("reason_code")); // '...' with no year of data is not BAD_YEAR
  }

  @Test
  void aggregatesGoToTheAggregateTableWithItuCodes() {
    Row cis = one(Curation.aggregates(routed).filter(
        "source = 'ITU_AGGREGATES' AND aggregate_code = 'ITU_CIS' AND indicator = 'internet_users_pct' AND year = 2024"));
    assertEquals(91.5, (double) cis.getAs("value"), 1e-9); // By BDT region / urban-rural Total: CIS 2024 = 91.5
    assertEquals(0L, Curation.observations(routed).filter("source = 'ITU_AGGREGATES'").count());
    assertTrue(routed.filter("source_id = 'ITU_AGGREGATES' AND reason_code = 'MISSING_VALUE' AND value_raw = 'N/A'").count() > 0);
  }

  @Test
  void oghistIncomeGroupsNormalizedWithFiscalYear() {
    Dataset<Row> c = Curation.classifications(routed).filter("source = 'WB_OGHIST' AND iso3 = 'BLR'");
    assertEquals("UMC", one(c.filter("fiscal_year = 1993")).getAs("income_group"));
    assertEquals("LMC", one(c.filter("fiscal_year = 1996")).getAs("income_group"));
    assertNull(one(c.filter("fiscal_year = 1989")).getAs("income_group")); // '..' = not classified
    assertEquals("LMC", one(Curation.classifications(routed)
        .filter("source = 'WB_OGHIST' AND iso3 = 'YEM' AND fiscal_year = 1989")).getAs("income_group")); // LM*
    assertEquals(0L, routed.filter("source_id = 'WB_OGHIST' AND destination = 'quarantine'").count());
  }

  @Test
  void peerGroupMembershipKeepsPartialDates() {
    Dataset<Row> m = Curation.groupMembership(bronze);
    assertEquals(43L, m.count()); // SOURCES.md: 43 rows
    Row est = one(m.filter("group_id = 'CHINA_CEEC' AND iso3 = 'EST'"));
    assertEquals("2022-08-11", est.getAs("left"));
    assertEquals(5L, m.filter("group_id = 'EAEU'").count());
    assertEquals("2015-01-01", one(m.filter("group_id = 'EAEU' AND iso3 = 'BLR'")).getAs("joined"));
  }

  @Test
  void theQuarantineFilterKeepsEveryRecordThatHoldsAnErrorSlotAndFewOthers() {
    long quarantined = routed.filter("destination = 'quarantine'").count();
    // rules/reason_code.csv: missing markers and exact repeats are the info reasons, the rest errors
    Dataset<Row> errorSlots = routed.filter("destination = 'quarantine' AND reason_code NOT IN ('MISSING_VALUE', 'DUPLICATE_EXACT')");
    long errors = errorSlots.count();
    assertTrue(errors > 10 && errors < quarantined, "the real files have error and info slots: " + errors + " of " + quarantined);
    Dataset<Row> keys = errorSlots.select(col("file_sha256").as("q_sha"), col("record_number").as("q_record")).distinct();
    Column holds = col("file_sha256").equalTo(col("q_sha")).and(col("record_number").equalTo(col("q_record")));
    long holders = bronze.join(keys, holds, "left_semi").count();
    Dataset<Row> kept = bronze.filter(curation.mayHoldQuarantined(routed, Curation.routedCounts(routed))).cache();
    assertEquals(holders, kept.join(keys, holds, "left_semi").count(), "a record holding an error slot was cut");
    long others = bronze.count() - holders;
    long keptOthers = kept.count() - holders;
    // the filter's false-positive rate is 0.1%; allow 1%
    assertTrue(keptOthers <= Math.max(5, others / 100), keptOthers + " of " + others + " other records kept");
    // silver.quarantine comes out the same from the cut-down records, raw records included (compared as
    // JSON: Spark cannot compare maps): every error slot found its raw record, no info slot carries one
    Dataset<Row> fromAll = curation.quarantine(routed, bronze).withColumn("raw_record", to_json(col("raw_record")));
    Dataset<Row> fromKept = curation.quarantine(routed, kept).withColumn("raw_record", to_json(col("raw_record")));
    assertEquals(quarantined, fromAll.count());
    assertEquals(quarantined, fromKept.count());
    assertEquals(0L, fromAll.exceptAll(fromKept).count());
    assertEquals(errors, fromKept.filter(col("raw_record").isNotNull()).count());
    assertEquals(0L, fromKept.filter("raw_record IS NULL AND reason_code NOT IN ('MISSING_VALUE', 'DUPLICATE_EXACT')").count());
    kept.unpersist();
  }

  @Test
  void owidQuirksResolve() {
    Dataset<Row> owid = routed.filter("source_id = 'OWID' AND file_name = 'quirks.csv'");
    assertEquals("VIR", one(owid.filter("entity_name = 'United States of America Virgin Islands'")).getAs("iso3"));
    assertEquals("XKX", one(owid.filter("entity_code = 'OWID_KOS'")).getAs("iso3"));
    assertEquals("FRO", one(owid.filter("entity_name = 'Faeroe Islands'")).getAs("iso3"));
    assertEquals("aggregate", one(owid.filter("entity_code = 'OWID_WRL'")).getAs("destination"));
    assertEquals("MISSING_VALUE", one(owid.filter("entity_name = 'Low-income countries'")).getAs("reason_code"));
    Row blr = one(Curation.observations(routed).filter("source = 'OWID' AND iso3 = 'BLR' AND year = 2020"));
    assertEquals("fixed_broadband_subs_per100", blr.getAs("indicator"));
    assertEquals(0L, CountryIssues.unresolved(curation.quarantine(routed, bronze)).count());
  }

  @Test
  void realIdiAnnexWithoutReferenceYearTakesEditionFromItsFolder() {
    // folder idi2024_annex -> edition 2024, data year 2022; BLR internet users published as 89.5
    Row blr = one(Curation.observations(routed).filter(
        "source = 'ITU_IDI_ANNEX' AND iso3 = 'BLR' AND indicator = 'internet_users_pct'"));
    assertEquals(2022, (int) blr.getAs("year"));
    assertEquals(89.5, (double) blr.getAs("value"), 1e-9);
    assertEquals(0L, routed.filter("source_id = 'ITU_IDI_ANNEX' AND reason_code = 'BAD_YEAR'").count());
    assertEquals(2024, (int) one(Curation.classifications(routed)
        .filter("source = 'ITU_IDI_ANNEX' AND iso3 = 'BLR'")).getAs("edition"));
  }

  @Test
  void revisionsClassifyRevisedNewAndWithdrawn() {
    StructType schema = new StructType().add("iso3", DataTypes.StringType).add("indicator", DataTypes.StringType)
        .add("year", DataTypes.IntegerType).add("value", DataTypes.DoubleType).add("source", DataTypes.StringType)
        .add("vintage", DataTypes.DateType).add("file_uri", DataTypes.StringType)
        .add("file_sha256", DataTypes.StringType).add("record_number", DataTypes.LongType);
    Date a = Date.valueOf("2023-05-10");
    Date b = Date.valueOf("2024-11-01");
    Dataset<Row> obs = TestSpark.get().createDataFrame(List.of(
        RowFactory.create("BLR", "x", 2021, 85.1, "WB_WDI", a, "f1", "s1", 1L),
        RowFactory.create("BLR", "x", 2021, 86.9, "WB_WDI", b, "f2", "s2", 1L),   // revised
        RowFactory.create("BLR", "x", 2020, 85.0, "WB_WDI", a, "f1", "s1", 2L),
        RowFactory.create("BLR", "x", 2020, 85.0, "WB_WDI", b, "f2", "s2", 2L),   // unchanged
        RowFactory.create("BLR", "x", 2023, 91.5, "WB_WDI", b, "f2", "s2", 3L),   // new
        RowFactory.create("CHN", "x", 2019, 64.1, "WB_WDI", a, "f1", "s1", 3L)),  // withdrawn
        schema);
    assertEquals(List.of(b, a), Revisions.vintages(obs, "x", "WB_WDI"));
    assertEquals(a, Revisions.pick(Revisions.vintages(obs, "x", null), "2023-05", "--from"));
    List<Row> rows = Revisions.compare(obs, "x", "WB_WDI", a, b, 1e-9).collectAsList();
    assertEquals(4, rows.size());
    assertEquals("unchanged", rows.get(0).getAs("change"));
    assertEquals("revised", rows.get(1).getAs("change"));
    assertEquals(1.8, (double) rows.get(1).getAs("difference"), 1e-9);
    assertEquals("new", rows.get(2).getAs("change"));
    assertEquals("withdrawn", rows.get(3).getAs("change"));
  }
}
