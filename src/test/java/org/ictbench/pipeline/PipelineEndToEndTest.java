package org.ictbench.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.ExecutionProfile;
import org.ictbench.core.LakeLog;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.ParquetFooters;
import org.ictbench.testing.ReferenceLake;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The main job on the bundled data/raw, into a temporary curated root, run three times. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
  private static SparkSession spark;
  private static Lakehouse lake;
  private static PipelineConfig config;
  private static String firstOutput;

  @BeforeAll
  static void runOnce() {
    spark = TestSpark.get();
    // the suite's bundled first run, copied: these tests rerun, force and crash on their lake
    String curated = ReferenceLake.copy("curated");
    config = PipelineConfig.builder().raw(ReferenceLake.get().raw()).curated(curated).build();
    lake = new Lakehouse(spark, curated);
    firstOutput = ReferenceLake.output();
  }

  private static String run(PipelineConfig c) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    new PipelineJob(spark, c, new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
    return buf.toString(StandardCharsets.UTF_8);
  }

  private static long count(Table t) {
    return lake.read(t).count();
  }

  @Test
  @Order(1)
  void runMetricsCountWhatEachSilverTableHolds() {
    String run = lake.read(Table.RAW_RECORD).select("run_id").first().getString(0);
    org.apache.spark.sql.Dataset<Row> metrics = lake.read(Table.RUN_METRICS).filter(col("run_id").equalTo(run));
    Map<String, Long> byDestination = new HashMap<>();
    metrics.groupBy("destination").agg(sum("rows")).collectAsList()
        .forEach(r -> byDestination.put(r.getString(0), r.getLong(1)));
    assertEquals(Map.of("observation", count(Table.OBSERVATION), "aggregate", count(Table.AGGREGATE_OBSERVATION),
        "classification", count(Table.ECONOMY_CLASSIFICATION), "quarantine", count(Table.QUARANTINE)), byDestination);
    // per reason code, as silver.quarantine holds them
    org.apache.spark.sql.Dataset<Row> reasons = metrics.filter(col("destination").equalTo("quarantine"))
        .groupBy("reason_code").agg(sum("rows").as("n"));
    org.apache.spark.sql.Dataset<Row> held = lake.read(Table.QUARANTINE).groupBy("reason_code").count();
    assertEquals(0, reasons.join(held, reasons.col("reason_code").equalTo(held.col("reason_code"))
        .and(reasons.col("n").equalTo(held.col("count"))), "left_anti").count());
    assertEquals(held.count(), reasons.count());
    // each row names its file's path and layout as bronze stamped them
    org.apache.spark.sql.Dataset<Row> files = lake.read(Table.RAW_RECORD).select("file_sha256", "file_uri", "format")
        .distinct();
    assertEquals(0, metrics.join(files, metrics.col("file_sha256").equalTo(files.col("file_sha256"))
        .and(metrics.col("file_uri").equalTo(files.col("file_uri")))
        .and(metrics.col("format").equalTo(files.col("format"))), "left_anti").count());
    assertTrue(metrics.count() > 0);
  }

  @Test
  @Order(1)
  void everyBronzeValueSlotLandsInExactlyOneSilverTable() {
    long slots = lake.read(Table.RAW_RECORD).agg(sum("slot_count")).first().getLong(0);
    long landed = count(Table.OBSERVATION) + count(Table.AGGREGATE_OBSERVATION)
        + count(Table.ECONOMY_CLASSIFICATION) + count(Table.QUARANTINE);
    assertEquals(slots, landed);
    assertTrue(count(Table.OBSERVATION) > 5000);
    // the 13 data files of data/raw are ingested; SOURCES.md is reported, not ingested
    assertEquals(13, lake.read(Table.INGEST_FILE).filter(col("status").equalTo("ingested")).count());
    assertTrue(firstOutput.contains("SOURCES.md (not recognised"), firstOutput);
  }

  @Test
  @Order(1) // before any test that writes more tables into the lake
  void theFirstRunsSummaryNamesEveryTableItCreated() {
    // a fresh lake: every table that exists now was written by the first run, and the summary says so
    String line = firstOutput.lines().filter(l -> l.trim().startsWith("tables written:")).findFirst().orElseThrow();
    Set<String> named = new TreeSet<>(List.of(line.substring(line.indexOf(':') + 1).trim().split(", ")));
    Set<String> existing = new TreeSet<>();
    for (Table t : Table.values()) {
      if (lake.exists(t)) {
        existing.add(t.qualifiedName());
      }
    }
    assertTrue(existing.contains("bronze.raw_record") && existing.contains("silver.quarantine"), existing.toString());
    assertEquals(existing, named);
  }

  @Test
  @Order(1)
  void everyCommitAndTheRunSummaryRecordTheVersionFromThePom() throws Exception {
    // the pom's own <version> (the project's, right after its artifactId), read here independently of the build
    String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("<artifactId>ictbench</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertTrue(m.find(), "pom.xml names its version");
    String version = m.group(1);
    assertTrue(firstOutput.startsWith("ictbench " + version + " run "), firstOutput.lines().findFirst().orElse(""));
    ObjectMapper json = new ObjectMapper();
    for (Table t : Table.values()) {
      if (!lake.exists(t)) {
        continue;
      }
      // DESCRIBE HISTORY: the userMetadata of every commit is ictbench's JSON naming the version
      for (Row h : spark.sql("DESCRIBE HISTORY delta.`" + lake.path(t) + "`").select("version", "userMetadata")
          .collectAsList()) {
        JsonNode meta = json.readTree(h.getString(1));
        assertEquals(version, meta.get("ictbench_version").asText(), t + " version " + h.get(0));
        assertTrue(meta.has("run_id") || meta.has("fingerprint"), h.getString(1));
      }
    }
  }

  @Test
  @Order(1)
  void bronzeCarriesLineageToTheExactFileAndRecord() throws Exception {
    java.nio.file.Path file = TestSpark.bundledRaw().resolve("itu_datahub/2025-10/individuals_using_internet.csv");
    String sha = org.ictbench.testing.FileSha256.of(file);
    org.apache.spark.sql.Dataset<Row> rows = lake.read(Table.RAW_RECORD).filter(col("file_sha256").equalTo(sha));
    assertEquals(345, rows.count()); // data/raw/SOURCES.md: 345 records
    Row first = rows.filter(col("record_number").equalTo(1)).first();
    assertEquals("ITU_DATAHUB_LONG", first.getAs("format"));
    assertEquals(java.sql.Date.valueOf("2025-10-01"), first.getAs("vintage")); // folder 2025-10
    assertTrue(((String) first.getAs("file_uri")).endsWith("itu_datahub/2025-10/individuals_using_internet.csv"));
    assertTrue(((String) first.getAs("run_id")).matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}"));
    // the first data record of the file, read here with plain string handling
    String firstRecord = java.nio.file.Files.readAllLines(file).get(1);
    String iso = firstRecord.split(",")[6].replace("\"", "");
    assertEquals(iso, first.<scala.collection.Map<String, String>>getAs("fields").apply("entityIso"));
    // silver.observation carries the same file lineage (curation leaves the per-file columns out of the
    // slots and joins them back by checksum)
    List<Row> obs = lake.read(Table.OBSERVATION).filter(col("file_sha256").equalTo(sha))
        .select("file_uri", "vintage", "run_id").distinct().collectAsList();
    assertEquals(1, obs.size());
    assertTrue(obs.get(0).<String>getAs("file_uri").endsWith("itu_datahub/2025-10/individuals_using_internet.csv"));
    assertEquals(java.sql.Date.valueOf("2025-10-01"), obs.get(0).getAs("vintage"));
    assertEquals(first.<String>getAs("run_id"), obs.get(0).getAs("run_id"));
  }

  @Test
  @Order(1)
  void aSmallInputIsCuratedInOnePartitionPerTaskSlotNotPerFile() {
    // docs/operations.md: a small input's records are curated in one partition per task slot, not
    // one per raw file; silver.observation's slots come from two branches of them (SlotExtraction: the
    // formats projected in SQL, ITU DataHub's long files, and the others), so it gets at most two data
    // files per slot, whatever the number of raw files
    int slots = spark.sparkContext().defaultParallelism();
    long rawFiles = lake.read(Table.OBSERVATION).select("file_sha256").distinct().count();
    long dataFiles = DeltaTable.forPath(spark, lake.path(Table.OBSERVATION)).detail().first().<Long>getAs("numFiles");
    assertTrue(rawFiles > 2L * slots, "the bundled data has observations from " + rawFiles + " files");
    assertTrue(dataFiles <= 2L * slots, dataFiles + " data files for " + rawFiles + " raw files, " + slots + " slots");
  }

  @Test
  @Order(1)
  void theLargeTablesKeepFileStatisticsOnlyForTheirSkippingColumns() throws Exception {
    // README "Tables": the columns each large per-file table keeps Delta file statistics for
    Map<Table, List<String>> expected = Map.of(
        Table.RAW_RECORD, List.of("file_sha256", "source_id", "vintage", "record_number"),
        Table.OBSERVATION, List.of("file_sha256", "iso3", "indicator", "year", "source", "vintage"),
        Table.AGGREGATE_OBSERVATION, List.of("file_sha256", "aggregate_code", "indicator", "year", "source", "vintage"),
        Table.ECONOMY_CLASSIFICATION, List.of("file_sha256", "iso3", "entity_code", "source", "vintage"),
        Table.QUARANTINE, List.of("file_sha256", "reason_code", "source", "vintage", "record_number"),
        Table.GROUP_MEMBERSHIP, List.of("file_sha256", "group_id", "iso3"),
        Table.PEER_POSITION, List.of("iso3", "group_id", "indicator", "year"));
    ObjectMapper json = new ObjectMapper();
    for (Map.Entry<Table, List<String>> e : expected.entrySet()) {
      // the table's commits so far, read as the JSON files they are
      java.nio.file.Path log = java.nio.file.Path.of(java.net.URI.create(lake.path(e.getKey()))).resolve("_delta_log");
      String property = null;
      Set<String> withStats = new TreeSet<>();
      int files = 0;
      List<java.nio.file.Path> commits;
      try (Stream<java.nio.file.Path> listing = java.nio.file.Files.list(log)) {
        commits = listing.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
      }
      for (java.nio.file.Path commit : commits) {
        for (String line : java.nio.file.Files.readAllLines(commit)) {
          JsonNode action = json.readTree(line);
          if (action.has("metaData") && property == null) {
            property = action.get("metaData").path("configuration").path(DeltaWrites.STATS_COLUMNS_PROPERTY)
                .asText(null);
          }
          if (action.has("add")) {
            files++;
            json.readTree(action.get("add").get("stats").asText()).get("nullCount").fieldNames()
                .forEachRemaining(withStats::add);
          }
        }
      }
      assertEquals(String.join(",", e.getValue()), property, e.getKey().qualifiedName());
      if (count(e.getKey()) > 0) { // the bundled data has no group-membership lists
        assertTrue(files > 0, e.getKey().qualifiedName());
        assertEquals(new TreeSet<>(e.getValue()), withStats, e.getKey().qualifiedName());
      }
    }
    // Parquet's own min/max statistics: only for the columns some large table skips on (README
    // "Tables"), e.g. record_number in every table that has it, never notes, raw values or the maps.
    Set<String> skipping = new TreeSet<>();
    expected.values().forEach(skipping::addAll);
    for (Table t : List.of(Table.RAW_RECORD, Table.OBSERVATION, Table.QUARANTINE)) {
      java.nio.file.Path dir = java.nio.file.Path.of(java.net.URI.create(lake.path(t)));
      Set<String> want = new TreeSet<>(List.of(lake.read(t).columns()));
      want.retainAll(skipping);
      Set<String> got = new TreeSet<>();
      for (java.nio.file.Path f : ParquetFooters.dataFiles(dir)) {
        got.addAll(ParquetFooters.columnsWithMinMax(f));
      }
      assertEquals(want, got, t.qualifiedName());
    }
  }

  @Test
  @Order(2)
  void theSyntheticDirtyRowsAreQuarantinedWithTheirReasons() {
    List<Row> q = lake.read(Table.QUARANTINE).filter(col("file_uri").endsWith("dirty_examples.csv"))
        .orderBy("record_number").select("record_number", "reason_code").collectAsList();
    // data/raw/SOURCES.md lists the ten synthetic rows; record 4 (45.2*) is a valid footnoted value.
    Map<Long, String> expected = Map.of(1L, "MISSING_VALUE", 2L, "MISSING_VALUE", 3L, "UNPARSEABLE_VALUE",
        5L, "OUT_OF_RANGE", 6L, "BAD_YEAR", 7L, "UNKNOWN_COUNTRY", 8L, "UNKNOWN_INDICATOR",
        9L, "DUPLICATE_CONFLICT", 10L, "DUPLICATE_CONFLICT");
    assertEquals(expected.size(), q.size());
    for (Row r : q) {
      assertEquals(expected.get(r.getLong(0)), r.getString(1), "record " + r.getLong(0));
    }
  }

  @Test
  @Order(3)
  void idiReproducesPublishedScoresForBelarusAndChina() {
    Row blr = lake.read(Table.IDI_SCORE).filter("iso3 = 'BLR' AND edition = 2024").first();
    Row chn = lake.read(Table.IDI_SCORE).filter("iso3 = 'CHN' AND edition = 2024").first();
    assertEquals(88.5, blr.<Double>getAs("idi"), 0.07);
    assertEquals(84.5, blr.<Double>getAs("universal"), 0.07);
    assertEquals(92.6, blr.<Double>getAs("meaningful"), 0.07);
    assertEquals(85.8, chn.<Double>getAs("idi"), 0.07);
    assertEquals(79.0, chn.<Double>getAs("universal"), 0.07);
    assertEquals(92.6, chn.<Double>getAs("meaningful"), 0.07);
    assertTrue(firstOutput.contains("ICT Development Index (BLR vs CHN)"), firstOutput);
  }

  @Test
  @Order(3)
  void idi2024ScoresEveryEconomyMeetingTheInclusionRuleAndNowcastsLaterEditions() throws Exception {
    // independently from the raw annex: economies with >= 5 values neither n.a. nor flagged E
    int eligible = 0;
    int total = 0;
    java.nio.file.Path annex = TestSpark.bundledRaw().resolve("itu_idi/2024/idi2024_indicator_values.csv");
    try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(java.nio.file.Files.newBufferedReader(annex, StandardCharsets.UTF_8))) {
      for (var rec : parser) {
        int official = 0;
        for (String h : parser.getHeaderNames()) {
          if (h.endsWith("_flag") && !rec.get(h.substring(0, h.length() - 5)).isBlank() && !rec.get(h).equals("E")) {
            official++;
          }
        }
        total++;
        eligible += official >= 5 ? 1 : 0;
      }
    }
    var y2024 = lake.read(Table.IDI_SCORE).filter("edition = 2024");
    assertEquals(total, y2024.count());
    assertEquals(eligible, y2024.filter("status = 'reproduced' AND idi IS NOT NULL").count());
    assertEquals(total - eligible, y2024.filter("status = 'excluded' AND idi IS NULL").count());
    for (int edition : new int[] {2025, 2026}) {
      Row blr = lake.read(Table.IDI_SCORE).filter("iso3 = 'BLR' AND edition = " + edition).first();
      assertEquals("nowcast", blr.getAs("status"));
      assertTrue(blr.<Double>getAs("idi") > 0);
    }
    // the decomposition sums to the change for every economy and pair of editions
    long off = lake.read(Table.IDI_CHANGE_DECOMPOSITION).groupBy("iso3", "edition_from", "edition_to")
        .agg(sum("contribution").as("s"), org.apache.spark.sql.functions.first("idi_change").as("c"))
        .filter("abs(s - c) > 1e-9").count();
    assertEquals(0, off);
    assertTrue(lake.read(Table.IDI_CHANGE_DECOMPOSITION).count() > 0);
    assertEquals(eligible, lake.read(Table.IDI_RANK).filter("edition = 2024 AND scope = 'world'").count());
  }

  @Test
  @Order(4)
  void vintagesAreKeptAndLatestFollowsPrecedence() {
    // WDI internet users for Belarus 2021 is in both bundled vintages (2023-05 and 2024-11)
    assertEquals(2, lake.read(Table.OBSERVATION)
        .filter("iso3 = 'BLR' AND indicator = 'internet_users_pct' AND year = 2021 AND source = 'WB_WDI'").count());
    Row latest = lake.read(Table.OBSERVATION_LATEST)
        .filter("iso3 = 'BLR' AND indicator = 'internet_users_pct' AND year = 2022").first();
    assertEquals("ITU_DATAHUB", latest.getAs("source")); // precedence 1 in catalog/source.csv
    assertEquals(89.5073, latest.<Double>getAs("value"), 1e-12);
    assertTrue(latest.<Long>getAs("candidates") >= 3); // DataHub, IDI annex, WDI 2024-11
  }

  @Test
  @Order(5)
  void bilateralGapsAgreeWithTheLatestValues() {
    Row cmp = lake.read(Table.BILATERAL_COMPARISON)
        .filter("indicator = 'internet_users_pct' AND year = 2022").first();
    double blr = lake.read(Table.OBSERVATION_LATEST)
        .filter("iso3 = 'BLR' AND indicator = 'internet_users_pct' AND year = 2022").first().getAs("value");
    double chn = lake.read(Table.OBSERVATION_LATEST)
        .filter("iso3 = 'CHN' AND indicator = 'internet_users_pct' AND year = 2022").first().getAs("value");
    assertEquals(blr, cmp.<Double>getAs("value_a"), 0);
    assertEquals(blr - chn, cmp.<Double>getAs("gap"), 1e-12);
    assertEquals(blr / chn, cmp.<Double>getAs("ratio"), 1e-12);
    double blr2021 = lake.read(Table.OBSERVATION_LATEST)
        .filter("iso3 = 'BLR' AND indicator = 'internet_users_pct' AND year = 2021").first().getAs("value");
    assertEquals(blr - blr2021, cmp.<Double>getAs("yoy_change_a"), 1e-12);
  }

  @Test
  @Order(5)
  void peerTablesAgreeWithTheMembersLatestValues() {
    // EAEU members (treaty dates in the membership sources): ARM, BLR, KAZ, KGZ, RUS; internet use 2022.
    List<Double> v = new java.util.ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (Row r : lake.read(Table.OBSERVATION_LATEST).filter("indicator = 'internet_users_pct' AND year = 2022"
        + " AND iso3 IN ('ARM', 'BLR', 'KAZ', 'KGZ', 'RUS')").collectAsList()) {
      v.add(r.getAs("value"));
      best = Math.max(best, r.<Double>getAs("value"));
    }
    java.util.Collections.sort(v);
    double pos = 0.5 * (v.size() - 1); // percentile_cont: linear interpolation between order statistics
    int lo = (int) Math.floor(pos);
    double median = v.get(lo) + (pos - lo) * (v.get(Math.min(lo + 1, v.size() - 1)) - v.get(lo));
    Row b = lake.read(Table.PEER_BENCHMARK)
        .filter("group_id = 'EAEU' AND indicator = 'internet_users_pct' AND year = 2022").first();
    assertEquals(5L, b.<Long>getAs("members"));
    assertEquals((long) v.size(), b.<Long>getAs("members_with_data"));
    assertEquals(median, b.<Double>getAs("median"), 1e-12);
    assertEquals(best, b.<Double>getAs("leader_value"), 0);
    double blr = lake.read(Table.OBSERVATION_LATEST)
        .filter("iso3 = 'BLR' AND indicator = 'internet_users_pct' AND year = 2022").first().getAs("value");
    long higher = v.stream().filter(x -> x > blr).count();
    Row p = lake.read(Table.PEER_POSITION)
        .filter("group_id = 'EAEU' AND iso3 = 'BLR' AND indicator = 'internet_users_pct' AND year = 2022").first();
    assertEquals(higher + 1, p.<Integer>getAs("rank").longValue());
    assertEquals(blr - median, p.<Double>getAs("gap_to_median"), 1e-12);
    // Lithuania left China-CEEC in May 2021
    assertEquals(1, lake.read(Table.PEER_GROUP_MEMBER).filter("group_id = 'CHINA_CEEC' AND iso3 = 'LTU' AND year = 2020").count());
    assertEquals(0, lake.read(Table.PEER_GROUP_MEMBER).filter("group_id = 'CHINA_CEEC' AND iso3 = 'LTU' AND year = 2022").count());
    // the pair's IDI component gaps: BLR − CHN IDI 2024 (ITU publishes 88.5 and 85.8)
    Row gap = lake.read(Table.BILATERAL_IDI_GAP).filter("edition = 2024 AND level = 'index'").first();
    assertEquals(88.5 - 85.8, gap.<Double>getAs("score_gap"), 0.1);
  }

  @Test
  @Order(6)
  void aRerunWithNothingNewWritesNoTableVersion() {
    Map<Table, Long> before = versions();
    String out = run(config);
    assertEquals(before, versions());
    assertTrue(out.contains("0 ingested"), out);
    assertTrue(out.contains("tables written: none"), out);
  }

  @Test
  @Order(6)
  void theUpToDateCheckWithoutSparkAgreesWithTheFullRun() throws Exception {
    // After the runs above every table carries the fingerprint the full job would give it, so the
    // Spark-free check (Delta Kernel reads only) must say "nothing new" and write nothing ...
    Map<Table, Long> before = versions();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    assertTrue(PipelineJob.printIfUpToDate(config, new PrintStream(buf, true, StandardCharsets.UTF_8)));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertEquals(before, versions());
    assertTrue(out.contains("16 files found, 0 ingested") && out.contains("tables written: none"), out);
    // ... and print the same pair comparison, read with Kernel, as the Spark run printed
    assertEquals(firstOutput.substring(firstOutput.indexOf("ICT Development Index")),
        out.substring(out.indexOf("ICT Development Index")));
    // --force, or one new file, means the full job must run
    assertTrue(!PipelineJob.printIfUpToDate(PipelineConfig.builder().raw(config.rawUri())
        .curated(config.curatedUri()).force(true).build(), new PrintStream(new ByteArrayOutputStream())));
    java.nio.file.Path raw = TestSpark.tempDir("raw-plus-one");
    java.nio.file.Path from = TestSpark.bundledRaw();
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(from)) {
      for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        java.nio.file.Path to = raw.resolve(from.relativize(f).toString());
        java.nio.file.Files.createDirectories(to.getParent());
        java.nio.file.Files.copy(f, to);
      }
    }
    java.nio.file.Path extra = raw.resolve("itu_datahub/2025-10/individuals_using_internet.csv");
    java.nio.file.Files.writeString(raw.resolve("itu_datahub/2025-10/copy_with_one_more_line.csv"),
        java.nio.file.Files.readString(extra) + "\n");
    assertTrue(!PipelineJob.printIfUpToDate(PipelineConfig.builder().raw(raw.toString())
        .curated(config.curatedUri()).build(), new PrintStream(new ByteArrayOutputStream())));
  }

  @Test
  @Order(7)
  void aForcedRerunAndARunAfterACrashReplaceRowsInsteadOfDuplicating() {
    long obs = count(Table.OBSERVATION);
    long raw = count(Table.RAW_RECORD);
    long quarantined = count(Table.QUARANTINE);
    // The forced rerun uses the large execution profile, which curates from bronze.raw_record as committed
    // instead of from records kept in memory: the same rows must come out.
    run(PipelineConfig.builder().raw(config.rawUri()).curated(config.curatedUri()).force(true)
        .execution(ExecutionProfile.LARGE).build());
    assertEquals(obs, count(Table.OBSERVATION));
    assertEquals(raw, count(Table.RAW_RECORD));
    assertEquals(quarantined, count(Table.QUARANTINE));
    // a crash after the data commits but before the ingest log commit: the log lacks the files
    DeltaTable.forPath(spark, lake.path(Table.INGEST_FILE)).delete("status = 'ingested'");
    run(config);
    assertEquals(obs, count(Table.OBSERVATION));
    assertEquals(raw, count(Table.RAW_RECORD));
    assertEquals(quarantined, count(Table.QUARANTINE));
    assertEquals(13, lake.read(Table.INGEST_FILE).filter(col("status").equalTo("ingested")).count());
  }

  @Test
  @Order(8) // after the forced rerun, which replaced bronze's files: the old ones are still on disk
  void theLakeLogSizesATableByItsCurrentFilesOnly() throws Exception {
    // the gold stage picks its execution profile by silver.observation_latest's size (README, Performance)
    for (Table t : List.of(Table.OBSERVATION_LATEST, Table.RAW_RECORD)) {
      long current = 0;
      for (String f : lake.read(t).inputFiles()) {
        current += java.nio.file.Files.size(java.nio.file.Path.of(java.net.URI.create(f)));
      }
      long onDisk;
      try (var files = java.nio.file.Files.walk(java.nio.file.Path.of(java.net.URI.create(lake.path(t))))) {
        onDisk = files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
            .mapToLong(p -> p.toFile().length()).sum();
      }
      assertTrue(current > 0, t.qualifiedName());
      assertEquals(current, lake.log().dataBytes(t), t.qualifiedName());
      if (t == Table.RAW_RECORD) {
        assertTrue(onDisk > current, "bronze keeps the replaced files on disk until VACUUM: " + onDisk + " vs " + current);
      }
    }
  }

  @Test
  @Order(8)
  void goldTablesComputedInASessionWithAnotherProfileGiveTheSameScores() {
    // A large run over a small silver.observation_latest computes its gold tables on a second session
    // with the small profile (and the reverse); here the run's profile is small, the gold one large.
    Map<String, String> previous = ExecutionProfile.SMALL.apply(spark, 0);
    try {
      Lakehouse gold = DeltaStageLake.lakeFor(lake, ExecutionProfile.SMALL, ExecutionProfile.LARGE, 0);
      assertTrue(gold.spark() != spark);
      assertEquals("true", gold.spark().conf().get("spark.sql.codegen.wholeStage"));
      assertEquals("false", spark.conf().get("spark.sql.codegen.wholeStage"));
      assertTrue(DeltaStageLake.lakeFor(lake, ExecutionProfile.SMALL, ExecutionProfile.SMALL, 0) == lake);
      org.ictbench.gold.IdiGold idi = new org.ictbench.gold.IdiGold(org.ictbench.gold.IdiMethodology.load());
      Dataset<Row> scores = idi.tables(gold.read(Table.OBSERVATION), gold.read(Table.OBSERVATION_LATEST),
          gold.read(Table.ECONOMY_CLASSIFICATION)).get(Table.IDI_SCORE);
      // ITU's published 2024 scores (as in idiReproducesPublishedScoresForBelarusAndChina)
      Row blr = scores.filter("iso3 = 'BLR' AND edition = 2024").first();
      Row chn = scores.filter("iso3 = 'CHN' AND edition = 2024").first();
      assertEquals(88.5, blr.<Double>getAs("idi"), 0.07);
      assertEquals(85.8, chn.<Double>getAs("idi"), 0.07);
      assertEquals(lake.read(Table.IDI_SCORE).count(), scores.count());
      // and Delta writes from the second session (its own session state, the same extensions)
      String out = TestSpark.tempDir("gold-session").resolve("idi_score").toString();
      scores.write().format("delta").save(out);
      assertEquals(scores.count(), spark.read().format("delta").load(out).count());
    } finally {
      ExecutionProfile.restore(spark, previous);
    }
  }

  @Test
  @Order(8)
  void analystsQueryTablesByName() {
    org.ictbench.serve.SqlShell shell = new org.ictbench.serve.SqlShell(spark, config.curatedUri());
    long observations = count(Table.OBSERVATION);
    assertEquals(observations, shell.query("SELECT count(*) FROM silver.observation").first().getLong(0));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    shell.run("SELECT iso3, round(idi, 1) AS idi FROM gold.idi_score WHERE edition = 2024 AND iso3 IN ('BLR', 'CHN')"
        + " ORDER BY iso3", org.ictbench.serve.SqlShell.Format.CSV, 100, new PrintStream(buf, true, StandardCharsets.UTF_8));
    // ITU's published 2024 scores; CSV on stdout ends lines with LF (for pipes)
    assertEquals("iso3,idi\nBLR,88.5\nCHN,85.8\n", buf.toString(StandardCharsets.UTF_8));
  }

  /** Each table's newest version (-1 for none), from the Delta logs read with Kernel. */
  private static Map<Table, Long> versions() {
    Map<Table, Long> m = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      m.put(t, lake.log().lastCommit(t).map(LakeLog.Commit::version).orElse(-1L));
    }
    return m;
  }
}
