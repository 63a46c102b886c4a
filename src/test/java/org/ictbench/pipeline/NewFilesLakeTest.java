package org.ictbench.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.CommitMetadata;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.FileSha256;
import org.ictbench.testing.ReferenceLake;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * A file the lake has never seen has its rows added to the per-file tables (a Delta append: no search
 * of the tables for rows to replace); a file whose rows a crashed run left behind (its records in
 * bronze, but not logged in bronze.ingest_file) has them replaced, never added a second time. On a copy
 * of the bundled lake, with the bundled WDI internet file restated under a later date as the new file.
 */
class NewFilesLakeTest {
  private static final String WDI_2024 = "wdi/2024-11/API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv";
  private static final List<Table> PER_FILE = List.of(Table.RAW_RECORD, Table.OBSERVATION,
      Table.AGGREGATE_OBSERVATION, Table.ECONOMY_CLASSIFICATION, Table.QUARANTINE, Table.GROUP_MEMBERSHIP);

  @Test
  void aNewFileIsAddedAndAFileACrashedRunLeftIsReplaced() throws Exception {
    SparkSession spark = TestSpark.get();
    Path raw = TestSpark.tempDir("new-files-raw");
    FileUtils.copyDirectory(TestSpark.bundledRaw().toFile(), raw.toFile());
    String wdi = Files.readString(TestSpark.bundledRaw().resolve(WDI_2024), StandardCharsets.UTF_8);
    String restated = wdi.replace("\"Last Updated Date\",\"2024-11-01\"", "\"Last Updated Date\",\"2025-01-15\"");
    assertNotEquals(wdi, restated, "the WDI file states its date");
    Path file = Files.createDirectories(raw.resolve("wdi/2025-01")).resolve(Path.of(WDI_2024).getFileName());
    Files.writeString(file, restated, StandardCharsets.UTF_8);
    String sha = FileSha256.of(file);
    // one record per economy line: after the four lines before the header and the header itself
    long records = restated.lines().skip(5).filter(l -> !l.isBlank()).count();

    Lakehouse lake = new Lakehouse(spark, ReferenceLake.copy("new-files-lake"));
    Map<Table, Long> before = versions(spark, lake);
    PipelineResult result = run(spark, raw, lake.root());
    Map<Table, Long> added = rowsOf(lake, sha);
    Map<Table, Long> after = versions(spark, lake);
    List<String> newVersions = after.keySet().stream().filter(t -> !after.get(t).equals(before.get(t)))
        .map(Table::qualifiedName).toList();
    assertEquals(newVersions, result.tablesWritten(), "the tables written are those with a new version");
    assertTrue(PER_FILE.stream().anyMatch(t -> added.get(t) == 0 && !newVersions.contains(t.qualifiedName())),
        "a table the file gives no row keeps its version: " + added);
    assertEquals(records, added.get(Table.RAW_RECORD));
    Row logged = lake.read(Table.INGEST_FILE).filter(col("file_sha256").equalTo(sha)).first();
    assertEquals(records, (long) logged.getAs("record_count"));
    assertEquals((long) logged.getAs("slot_count"), added.get(Table.OBSERVATION)
        + added.get(Table.AGGREGATE_OBSERVATION) + added.get(Table.ECONOMY_CLASSIFICATION)
        + added.get(Table.QUARANTINE), "every value slot of the file in one silver table: " + added);
    String runId = logged.getAs("run_id");
    for (Table t : PER_FILE) {
      if (t == Table.RAW_RECORD || added.get(t) == 0) {
        continue; // bronze.raw_record is always replaced; a table the file gave no row got no commit
      }
      assertEquals("Append", lastMode(spark, lake, t, runId), t.qualifiedName() + " took the new file's rows");
    }
    assertEquals("Append", lastMode(spark, lake, Table.INGEST_FILE, runId));

    // A run that died after its silver commits and before it logged the file: the file's log row gone
    spark.sql("DELETE FROM delta.`" + lake.path(Table.INGEST_FILE) + "` WHERE file_sha256 = '" + sha + "'");
    run(spark, raw, lake.root());
    assertEquals(added, rowsOf(lake, sha), "the file's rows replaced, not added again");
    String rerun = lake.read(Table.INGEST_FILE).filter(col("file_sha256").equalTo(sha)).first().getAs("run_id");
    assertNotEquals(runId, rerun, "the file was ingested again");
    assertEquals("Overwrite", lastMode(spark, lake, Table.OBSERVATION, rerun));
    assertEquals(1, lake.read(Table.INGEST_FILE).filter(col("file_sha256").equalTo(sha)).count());
  }

  private static PipelineResult run(SparkSession spark, Path raw, String curated) {
    return new PipelineJob(spark, PipelineConfig.builder().raw(raw.toString()).curated(curated).printComparison(false).build(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
  }

  /** Each table's newest version, from its Delta history, in {@link Table} order. */
  private static Map<Table, Long> versions(SparkSession spark, Lakehouse lake) {
    Map<Table, Long> out = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      if (lake.exists(t)) {
        out.put(t, spark.sql("DESCRIBE HISTORY delta.`" + lake.path(t) + "` LIMIT 1").first().<Long>getAs("version"));
      }
    }
    return out;
  }

  private static Map<Table, Long> rowsOf(Lakehouse lake, String sha) {
    Map<Table, Long> out = new LinkedHashMap<>();
    for (Table t : PER_FILE) {
      out.put(t, lake.exists(t) ? lake.read(t).filter(col("file_sha256").equalTo(sha)).count() : 0L);
    }
    return out;
  }

  /** The save mode of the table's newest commit, which must be run {@code runId}'s. */
  private static String lastMode(SparkSession spark, Lakehouse lake, Table t, String runId) {
    Row last = spark.sql("DESCRIBE HISTORY delta.`" + lake.path(t) + "` LIMIT 1").first();
    assertEquals(runId, CommitMetadata.field(last.getAs("userMetadata"), CommitMetadata.RUN_ID).orElse(null),
        t.qualifiedName() + "'s newest commit");
    Map<String, String> parameters = scala.jdk.javaapi.CollectionConverters.asJava(
        last.<scala.collection.Map<String, String>>getAs("operationParameters"));
    return parameters.get("mode");
  }
}
