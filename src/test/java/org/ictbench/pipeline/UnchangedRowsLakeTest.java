package org.ictbench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.ReferenceLake;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * A new vintage that changes some gold tables and leaves the others' rows as they were: on a copy of the
 * bundled lake, the WDI internet file restated with a later date and Belarus's newest value revised by
 * 1%. Each gold table gets a new version exactly when its rows changed (the two stages' last tables,
 * which mark their sets complete, always do); every gold table then equals the table computed afresh
 * from the same silver tables (in a copy of the lake without its gold tables); and a rerun finds the
 * lake up to date. The IDI's inputs do not change (its Belarus value comes from ITU's DataHub export),
 * so the IDI stage computes nothing.
 */
class UnchangedRowsLakeTest {
  private static final String WDI_2024 = "wdi/2024-11/API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv";
  private static final Pattern STATED = Pattern.compile("(\"Last Updated Date\",\")(\\d{4}-\\d{2}-\\d{2})");
  private static final Pattern NEWEST = Pattern.compile(",\"(-?[0-9.]+)\"(,\"\")*,?\\s*$");

  @Test
  void aNewVintageRewritesTheGoldTablesWhoseRowsChangedAndOnlyThose() throws Exception {
    SparkSession spark = TestSpark.get();
    Path raw = TestSpark.tempDir("unchanged-rows-raw");
    // the bundled files with their dates (the DataHub exports' vintage), so they count as already ingested
    FileUtils.copyDirectory(TestSpark.bundledRaw().toFile(), raw.toFile());
    Path vintage = Files.createDirectories(raw.resolve("wdi/2025-01")).resolve(Path.of(WDI_2024).getFileName());
    Files.writeString(vintage,
        restated(Files.readString(TestSpark.bundledRaw().resolve(WDI_2024), StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
    String lakeDir = ReferenceLake.copy("unchanged-rows-lake");
    Lakehouse lake = new Lakehouse(spark, lakeDir);
    List<Table> gold = new ArrayList<>(IdiStage.TABLES);
    gold.addAll(PeerStage.TABLES);
    Map<Table, Long> before = versions(lake, gold);

    run(spark, raw, lake.root());

    // the gold tables computed afresh from the same silver: a copy of the lake without them
    Path copy = TestSpark.tempDir("unchanged-rows-fresh");
    FileUtils.copyDirectory(Path.of(lakeDir).toFile(), copy.toFile());
    Lakehouse fresh = new Lakehouse(spark, copy.toString());
    for (Table t : gold) {
      FileUtils.deleteDirectory(copy.resolve(t.relativePath()).toFile());
    }
    run(spark, raw, fresh.root());
    Map<String, Row> sums = checksums(spark, gold, Map.of("before", t -> spark.read().format("delta")
        .option("versionAsOf", before.get(t)).load(lake.path(t)), "after", lake::read, "fresh", fresh::read));
    List<Table> kept = new ArrayList<>();
    List<Table> rewritten = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (Table t : gold) {
      long version = lake.log().lastCommit(t).orElseThrow().version();
      Row after = sums.get(t + "/after");
      boolean changed = !after.equals(sums.get(t + "/before"));
      boolean marker = t == IdiStage.TABLES.get(IdiStage.TABLES.size() - 1)
          || t == PeerStage.TABLES.get(PeerStage.TABLES.size() - 1);
      (version == before.get(t) ? kept : rewritten).add(t);
      if (changed != (version > before.get(t)) && !(marker && !changed)) {
        wrong.add(t.qualifiedName() + ": rows " + (changed ? "changed" : "unchanged") + ", version "
            + before.get(t) + " -> " + version);
      }
      if (!after.equals(sums.get(t + "/fresh"))) {
        wrong.add(t.qualifiedName() + ": " + after + " rows and checksum, computed afresh "
            + sums.get(t + "/fresh"));
      }
    }
    assertEquals(List.of(), wrong);
    assertFalse(kept.isEmpty(), "no gold table kept its version: the vintage changes them all");
    assertTrue(rewritten.stream().anyMatch(t -> t != Table.IDI_SCORE && t != Table.BILATERAL_IDI_GAP),
        "no gold table's rows changed: " + rewritten);

    // the IDI reads Belarus's internet users from ITU's DataHub export, which outranks WDI: the IDI stage's
    // inputs are the same, so it computes nothing and its marker's commit only takes the new fingerprint
    assertEquals("SET TBLPROPERTIES", lake.log().lastCommit(Table.IDI_SCORE).orElseThrow().operation());
    assertTrue(IdiStage.TABLES.subList(0, IdiStage.TABLES.size() - 1).stream().allMatch(kept::contains), "kept " + kept);

    Map<Table, Long> after = versions(lake, gold);
    run(spark, raw, lake.root());
    assertEquals(after, versions(lake, gold), "a rerun with nothing new writes no gold table");
  }

  /** The file as a later vintage: a newer stated date, Belarus's newest value up by 1%. */
  private static String restated(String wdi) {
    Matcher stated = STATED.matcher(wdi);
    assertTrue(stated.find(), "the WDI file states its date");
    String out = stated.replaceFirst("$12025-01-15");
    List<String> lines = new ArrayList<>();
    boolean revised = false;
    for (String line : out.split("\n", -1)) {
      Matcher m = NEWEST.matcher(line);
      if (line.startsWith("\"Belarus\",\"BLR\"") && m.find()) {
        String v = m.group(1);
        String up = String.format(Locale.ROOT, "%.4f", Double.parseDouble(v) * 1.01);
        line = line.substring(0, m.start(1)) + up + line.substring(m.end(1));
        revised = true;
      }
      lines.add(line);
    }
    assertTrue(revised, "Belarus has a value to revise");
    return String.join("\n", lines);
  }

  private static void run(SparkSession spark, Path raw, String curated) {
    new PipelineJob(spark, PipelineConfig.builder().raw(raw.toString()).curated(curated).build(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
  }

  private static Map<Table, Long> versions(Lakehouse lake, List<Table> tables) {
    Map<Table, Long> out = new LinkedHashMap<>();
    tables.forEach(t -> out.put(t, lake.log().lastCommit(t).orElseThrow().version()));
    return out;
  }

  /**
   * Per table and lake ("table/lake"), its row count and the sum of its rows' 64-bit hashes (as JSON
   * text, so that tables of any shape go through one query).
   */
  private static Map<String, Row> checksums(SparkSession spark, List<Table> tables,
      Map<String, Function<Table, Dataset<Row>>> lakes) {
    Dataset<Row> all = null;
    for (Table t : tables) {
      for (Map.Entry<String, Function<Table, Dataset<Row>>> l : lakes.entrySet()) {
        Dataset<Row> rows = l.getValue().apply(t);
        Dataset<Row> tagged = rows.select(lit(t + "/" + l.getKey()).as("key"),
            to_json(struct(col("*"))).as("row"));
        all = all == null ? tagged : all.unionAll(tagged);
      }
    }
    Map<String, Row> out = new HashMap<>();
    all.groupBy("key").agg(count(lit(1)).as("rows"), sum(xxhash64(col("row")).cast("decimal(38,0)")).as("hash"))
        .collectAsList().forEach(r -> out.put(r.getString(0), RowFactory.create(r.get(1), r.get(2))));
    // a table with no rows has no group
    for (Table t : tables) {
      lakes.keySet().forEach(l -> out.putIfAbsent(t + "/" + l, RowFactory.create(0L, null)));
    }
    return out;
  }
}
