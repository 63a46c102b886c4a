package org.ictbench.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
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
 * {@code pipeline --json}: the result a scheduler reads, through the real command line, on a copy of
 * two bundled files and one file the pipeline does not recognise. Expected values come from the files
 * (records counted with a plain CSV parser) and from the lake (Spark, Delta's history), never from the
 * JSON writer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineJsonTest {
  /** The documented fields (docs/operations.md, "The --json result"). */
  static final Set<String> TOP_LEVEL = Set.of("schema_version", "job", "run_id", "version", "status", "exit_code",
      "exit_meaning", "error", "started_at", "finished_at", "seconds", "raw", "curated", "up_to_date", "files_found",
      "files_ingested", "files_skipped", "files_failed", "files", "counts", "tables", "stages");
  static final Set<String> FILE_FIELDS = Set.of("uri", "sha256", "format", "status", "reason", "counts");
  static final Set<String> COUNT_FIELDS = Set.of("records", "slots", "observations", "aggregates", "classifications",
      "quarantined", "identity_holds");
  static final Set<String> TABLE_FIELDS = Set.of("table", "version", "operation", "rows_written");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATAHUB = "itu_datahub/2025-10/individuals_using_internet.csv";
  private static final String WDI_META = "wdi/2024-11/Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv";

  private static SparkSession spark;
  private static Path raw;
  private static String curated;
  private static Path work;
  private static JsonNode first;
  private static int firstExit;

  @BeforeAll
  static void firstRun() throws IOException {
    spark = TestSpark.get();
    work = TestSpark.tempDir("json");
    raw = work.resolve("raw");
    for (String f : List.of(DATAHUB, WDI_META, "SOURCES.md")) {
      Files.createDirectories(raw.resolve(f).getParent());
      Files.copy(TestSpark.bundledRaw().resolve(f), raw.resolve(f));
    }
    curated = work.resolve("curated").toString();
    Path result = work.resolve("results/first.json"); // the folder does not exist yet
    firstExit = Main.execute("pipeline", "--raw", raw.toString(), "--curated", curated, "--json", result.toString(),
        "--quiet");
    first = JSON.readTree(result.toFile());
  }

  static Set<String> fields(JsonNode n) {
    Set<String> out = new TreeSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** Checks every documented field is there (and nothing undocumented), at every level. */
  static void assertDocumentedFields(JsonNode r) {
    assertEquals(new TreeSet<>(TOP_LEVEL), fields(r));
    assertEquals(new TreeSet<>(COUNT_FIELDS), fields(r.get("counts")));
    for (JsonNode f : r.get("files")) {
      assertEquals(new TreeSet<>(FILE_FIELDS), fields(f));
      if (!f.get("counts").isNull()) {
        assertEquals(new TreeSet<>(COUNT_FIELDS), fields(f.get("counts")));
      }
    }
    for (JsonNode t : r.get("tables")) {
      assertEquals(new TreeSet<>(TABLE_FIELDS), fields(t));
    }
    for (JsonNode s : r.get("stages")) {
      assertEquals(Set.of("name", "started_s", "seconds"), fields(s));
    }
  }

  private static long records(Path csv) throws IOException {
    try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
         CSVParser p = CSVParser.parse(r, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
             .setAllowMissingColumnNames(true).get())) {
      return p.stream().count();
    }
  }

  /** The pom's own version, read from pom.xml (the project's, not the build's copy). */
  static String pomVersion() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher m = Pattern.compile("<artifactId>ictbench</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertTrue(m.find());
    return m.group(1);
  }

  @Test
  @Order(1)
  void aSucceededRunSaysSoWithItsVersionAndEveryDocumentedField() throws IOException {
    assertEquals(0, firstExit);
    assertDocumentedFields(first);
    assertEquals("succeeded", first.get("status").asText());
    assertEquals(0, first.get("exit_code").asInt());
    assertTrue(first.get("error").isNull());
    assertEquals("pipeline", first.get("job").asText());
    assertEquals(pomVersion(), first.get("version").asText());
    assertTrue(first.get("run_id").asText().matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}"), first.get("run_id").asText());
    assertFalse(first.get("up_to_date").asBoolean());
    // the run id is the one bronze stamped on every record
    List<String> runIds = new Lakehouse(spark, curated).read(Table.RAW_RECORD).select("run_id").distinct()
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(List.of(first.get("run_id").asText()), runIds);
  }

  @Test
  @Order(1)
  void everyFileHasItsOutcomeAndTheCountsHoldTheIdentity() throws IOException {
    assertEquals(3, first.get("files_found").asInt());
    assertEquals(2, first.get("files_ingested").asInt());
    assertEquals(1, first.get("files_skipped").asInt());
    assertEquals(0, first.get("files_failed").asInt());
    long datahubRecords = records(raw.resolve(DATAHUB));
    long metaRecords = records(raw.resolve(WDI_META));
    for (JsonNode f : first.get("files")) {
      String uri = f.get("uri").asText();
      if (uri.endsWith("SOURCES.md")) {
        assertEquals("skipped", f.get("status").asText());
        assertTrue(f.get("reason").asText().startsWith("not recognised"), f.toString());
        assertTrue(f.get("counts").isNull());
      } else {
        assertEquals("ingested", f.get("status").asText(), f.toString());
        assertTrue(f.get("reason").isNull());
        long expected = uri.endsWith(DATAHUB) ? datahubRecords : metaRecords;
        assertEquals(expected, f.get("counts").get("records").asLong(), uri);
        // DataHub: one value slot per record; Metadata_Country: one classification slot per record
        assertEquals(expected, f.get("counts").get("slots").asLong(), uri);
        assertTrue(f.get("counts").get("identity_holds").asBoolean());
      }
    }
    // the run's counts are the lake's: slots in bronze = rows in the four silver tables
    Lakehouse lake = new Lakehouse(spark, curated);
    JsonNode c = first.get("counts");
    assertEquals(datahubRecords + metaRecords, c.get("records").asLong());
    assertEquals(lake.read(Table.RAW_RECORD).agg(sum("slot_count")).first().getLong(0), c.get("slots").asLong());
    assertEquals(lake.read(Table.OBSERVATION).count(), c.get("observations").asLong());
    assertEquals(lake.read(Table.AGGREGATE_OBSERVATION).count(), c.get("aggregates").asLong());
    assertEquals(lake.read(Table.ECONOMY_CLASSIFICATION).count(), c.get("classifications").asLong());
    assertEquals(lake.read(Table.QUARANTINE).count(), c.get("quarantined").asLong());
    assertEquals(c.get("slots").asLong(), c.get("observations").asLong() + c.get("aggregates").asLong()
        + c.get("classifications").asLong() + c.get("quarantined").asLong());
    assertTrue(c.get("identity_holds").asBoolean());
  }

  @Test
  @Order(1)
  void everyTableWrittenHasTheVersionDeltaGaveIt() {
    Lakehouse lake = new Lakehouse(spark, curated);
    Set<String> listed = new TreeSet<>();
    for (JsonNode t : first.get("tables")) {
      Table table = Table.byQualifiedName(t.get("table").asText()).orElseThrow();
      listed.add(table.qualifiedName());
      long latest = DeltaTable.forPath(spark, lake.path(table)).history(1).select("version").first().getLong(0);
      assertEquals(latest, t.get("version").asLong(), table.qualifiedName());
    }
    // a fresh lake: every table that exists was written by this run
    Set<String> existing = new TreeSet<>();
    for (Table t : Table.values()) {
      if (lake.exists(t)) {
        existing.add(t.qualifiedName());
      }
    }
    assertEquals(existing, listed);
    JsonNode observation = null;
    for (JsonNode t : first.get("tables")) {
      if (t.get("table").asText().equals("silver.observation")) {
        observation = t;
      }
    }
    assertNotNull(observation);
    assertEquals(lake.read(Table.OBSERVATION).count(), observation.get("rows_written").asLong());
    // stages: the scan and the table writes, each with its time
    List<String> stages = new ArrayList<>();
    first.get("stages").forEach(s -> stages.add(s.get("name").asText()));
    assertTrue(stages.contains("scan raw files") && stages.contains("write silver.observation"), stages.toString());
    first.get("stages").forEach(s -> assertTrue(s.get("seconds").asDouble() >= 0));
    // each stage started within the run, and ended by the run's end
    double run = first.get("seconds").asDouble();
    first.get("stages").forEach(s -> assertTrue(s.get("started_s").asDouble() >= 0
        && s.get("started_s").asDouble() + s.get("seconds").asDouble() <= run + 0.5, s.toString()));
  }

  @Test
  @Order(2)
  void withADashTheResultIsAllOfStdoutAndTheSummaryGoesToStderr() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = Main.execute("pipeline", "--raw", raw.toString(), "--curated", curated, "--json", "-");
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    assertEquals(0, exit);
    String stdout = out.toString(StandardCharsets.UTF_8);
    Iterator<JsonNode> docs = JSON.readerFor(JsonNode.class).readValues(stdout);
    JsonNode second = docs.next();
    assertFalse(docs.hasNext(), "one JSON document and nothing else on stdout:\n" + stdout);
    assertDocumentedFields(second);
    assertEquals("succeeded", second.get("status").asText());
    assertTrue(second.get("up_to_date").asBoolean()); // nothing new: no Spark, no table version
    assertEquals(0, second.get("tables").size());
    assertEquals(0, second.get("files_ingested").asInt());
    assertEquals(3, second.get("files_skipped").asInt());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains(" run " + second.get("run_id").asText() + ":"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @Order(3)
  void aFailedRunWritesItsResultWithTheErrorAndExitsWithItsCode() throws IOException {
    Path result = work.resolve("results/missing.json");
    String missing = work.resolve("no-such-folder").toString();
    int exit = Main.execute("pipeline", "--raw", missing, "--curated", curated, "--json", result.toString(),
        "--quiet");
    assertEquals(3, exit);
    JsonNode r = JSON.readTree(result.toFile());
    assertDocumentedFields(r);
    assertEquals("failed", r.get("status").asText());
    assertEquals(3, r.get("exit_code").asInt());
    assertEquals("INPUT_NOT_FOUND", r.get("error").get("code").asText());
    assertTrue(r.get("error").get("message").asText().contains(missing), r.toString());
  }

  @Test
  @Order(4)
  void aFileThatBreaksTheRunIsReportedFailedAndLeftForTheNextRun() throws IOException {
    // a DataHub export whose third record is not UTF-8: the parse stops the run (exit 3)
    Path badRaw = work.resolve("bad-raw");
    Path bad = badRaw.resolve("itu/broken.csv");
    Files.createDirectories(bad.getParent());
    List<String> lines = Files.readAllLines(raw.resolve(DATAHUB)).subList(0, 5);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      bytes.write(lines.get(i).getBytes(StandardCharsets.UTF_8));
      if (i == 3) {
        bytes.write(new byte[] {(byte) 0xC3, (byte) 0x28}); // an invalid two-byte sequence
      }
      bytes.write('\n');
    }
    Files.write(bad, bytes.toByteArray());
    String badCurated = work.resolve("bad-curated").toString();
    Path result = work.resolve("results/bad.json");
    int exit = Main.execute("pipeline", "--raw", badRaw.toString(), "--curated", badCurated, "--json",
        result.toString(), "--quiet");
    JsonNode r = JSON.readTree(result.toFile());
    assertEquals(3, exit, r.toString());
    assertDocumentedFields(r);
    assertEquals("failed", r.get("status").asText());
    assertEquals("INPUT_UNREADABLE", r.get("error").get("code").asText());
    assertEquals(1, r.get("files_failed").asInt());
    JsonNode f = r.get("files").get(0);
    assertEquals("failed", f.get("status").asText());
    assertTrue(f.get("uri").asText().endsWith("itu/broken.csv"));
    assertTrue(f.get("reason").asText().contains("next run retries"), f.toString());
    // nothing was logged as ingested, so the next run retries the file
    Lakehouse lake = new Lakehouse(spark, badCurated);
    assertTrue(!lake.exists(Table.INGEST_FILE)
        || lake.read(Table.INGEST_FILE).filter(col("status").equalTo("ingested")).isEmpty());
  }
}
