package org.ictbench.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.DelegatingCatalogExtension;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.execution.CommandExecutionMode;
import org.ictbench.core.IctbenchException;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read-only ictbench catalog over a small hand-written lake: names resolve to the folders, new
 * versions are seen, listings come from the folders, changes are refused, and the session catalog is
 * never asked for anything.
 */
class IctbenchCatalogTest {
  static SparkSession spark;
  static Path root;

  @BeforeAll
  static void lake() {
    spark = TestSpark.get();
    root = TestSpark.tempDir("catalog-lake");
    write("gold/idi_score", "SELECT * FROM VALUES ('BLR', 2024, 88.5), ('CHN', 2024, 85.8) AS t(iso3, edition, idi)");
    write("silver/country", "SELECT * FROM VALUES ('BLR', 'Беларусь'), ('CHN', '中国') AS t(iso3, name)");
    write("gold/idi_rank", "SELECT * FROM VALUES ('BLR', 1) AS t(iso3, rank)");
    write("silver/run_metrics", "SELECT 1 AS run");
    write("silver/run_metrics", "SELECT 2 AS run");
  }

  static void write(String table, String select) {
    spark.sql(select).write().format("delta").mode(SaveMode.Append).save(root.resolve(table).toString());
  }

  @Test
  void layerDotTableResolvesToTheDeltaFolder() {
    SqlShell shell = new SqlShell(spark, root.toString());
    List<Row> rows = shell.query("SELECT iso3, idi FROM gold.idi_score ORDER BY iso3").collectAsList();
    assertEquals(List.of("BLR", "CHN"), rows.stream().map(r -> r.getString(0)).toList());
    assertEquals(88.5, rows.get(0).getDecimal(1).doubleValue(), 1e-9);
    assertEquals("Беларусь", shell.query("SELECT name FROM silver.country WHERE iso3 = 'BLR'").first().getString(0));
    // fully qualified names work too, and the catalog is the session's default
    assertEquals(2L, shell.query("SELECT count(*) FROM ictbench.gold.idi_score").first().getLong(0));
    assertEquals("ictbench", shell.session().conf().get("spark.sql.defaultCatalog"));
  }

  @Test
  void listsNamespacesAndTablesFromTheFolders() {
    SqlShell shell = new SqlShell(spark, root.toString());
    List<String> namespaces = shell.query("SHOW NAMESPACES").collectAsList().stream().map(r -> r.getString(0)).toList();
    assertEquals(List.of("silver", "gold"), namespaces); // bronze has no folder in this lake
    List<String> gold = shell.query("SHOW TABLES IN gold").collectAsList().stream().map(r -> r.getString(1)).toList();
    assertEquals(List.of("idi_rank", "idi_score"), gold);
    assertEquals(List.of("silver.country", "silver.run_metrics", "gold.idi_rank", "gold.idi_score"), shell.tables());
    // a folder without a Delta log is not a table
    assertTrue(root.resolve("gold/not_a_table").toFile().mkdirs());
    assertEquals(2, shell.query("SHOW TABLES IN gold").count());
  }

  @Test
  void everyQuerySeesTheNewestVersionAndTimeTravelWorks() {
    Path lake = TestSpark.tempDir("catalog-versions");
    String table = lake.resolve("gold/idi_score").toString();
    spark.sql("SELECT 'BLR' AS iso3, 1 AS v").write().format("delta").save(table);
    SqlShell shell = new SqlShell(spark, lake.toString());
    assertEquals(1L, shell.query("SELECT count(*) FROM gold.idi_score").first().getLong(0));
    spark.sql("SELECT 'CHN' AS iso3, 2 AS v").write().format("delta").mode(SaveMode.Append).save(table);
    assertEquals(2L, shell.query("SELECT count(*) FROM gold.idi_score").first().getLong(0));
    assertEquals(1L, shell.query("SELECT count(*) FROM gold.idi_score VERSION AS OF 0").first().getLong(0));
    // a table created after the session started appears too
    spark.sql("SELECT 1 AS x").write().format("delta").save(lake.resolve("gold/idi_rank").toString());
    assertEquals(1L, shell.query("SELECT count(*) FROM gold.idi_rank").first().getLong(0));
  }

  @Test
  void changesAreRefusedWithTheCatalogsMessage() {
    SqlShell shell = new SqlShell(spark, root.toString());
    for (String sql : List.of(
        "INSERT INTO gold.idi_score VALUES ('ARM', 2024, 50.0)",
        "DELETE FROM gold.idi_score WHERE iso3 = 'BLR'",
        "UPDATE gold.idi_score SET idi = 0",
        "MERGE INTO gold.idi_score t USING gold.idi_rank s ON t.iso3 = s.iso3 WHEN MATCHED THEN DELETE",
        "CREATE TABLE gold.new_table (x INT) USING delta",
        "CREATE TABLE gold.copy USING delta AS SELECT * FROM gold.idi_score",
        "DROP TABLE gold.idi_rank",
        "ALTER TABLE gold.idi_score ADD COLUMN note STRING",
        "ALTER TABLE gold.idi_score RENAME TO gold.other",
        "CREATE NAMESPACE scratch",
        "DROP NAMESPACE gold CASCADE")) {
      IctbenchException e = assertThrows(IctbenchException.class, () -> shell.query(sql).collectAsList(), sql);
      assertTrue(e.getMessage().contains("is read-only"), sql + " -> " + e.getMessage());
      assertEquals(7, e.exitCode(), sql);
    }
    assertEquals(2L, shell.query("SELECT count(*) FROM gold.idi_score").first().getLong(0));
    assertEquals(1L, shell.query("SELECT count(*) FROM gold.idi_rank").first().getLong(0));
    assertTrue(Files.exists(root.resolve("gold/idi_rank/_delta_log")));
  }

  @Test
  void aMissingTableIsTheUsualTableNotFound() {
    SqlShell shell = new SqlShell(spark, root.toString());
    IctbenchException e = assertThrows(IctbenchException.class,
        () -> shell.query("SELECT * FROM gold.claims_check").collectAsList());
    assertTrue(e.getMessage().contains("TABLE_OR_VIEW_NOT_FOUND"), e.getMessage());
  }

  /** Records every call that reaches the session catalog (spark_catalog). */
  public static final class Tripwire extends DelegatingCatalogExtension {
    static final List<String> CALLS = Collections.synchronizedList(new ArrayList<>());

    @Override
    public org.apache.spark.sql.connector.catalog.Table loadTable(Identifier ident)
        throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException {
      CALLS.add("loadTable " + ident);
      return super.loadTable(ident);
    }

    @Override
    public Identifier[] listTables(String[] namespace)
        throws org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException {
      CALLS.add("listTables");
      return super.listTables(namespace);
    }

    @Override
    public String[][] listNamespaces() throws org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException {
      CALLS.add("listNamespaces");
      return super.listNamespaces();
    }

    @Override
    public boolean namespaceExists(String[] namespace) {
      CALLS.add("namespaceExists " + String.join(".", namespace));
      return super.namespaceExists(namespace);
    }

    @Override
    public boolean tableExists(Identifier ident) {
      CALLS.add("tableExists " + ident);
      return super.tableExists(ident);
    }
  }

  @Test
  void queriesNeverReachTheSessionCatalog() {
    List<String> before = spark.catalog().listDatabases().collectAsList().stream().map(d -> d.name()).toList();
    SparkSession s = spark.newSession();
    s.conf().set("spark.sql.catalog.spark_catalog", Tripwire.class.getName());
    IctbenchCatalog.sessionConf(root.toString()).forEach((k, v) -> s.conf().set(k, v));
    Tripwire.CALLS.clear();
    s.sql("SELECT s.iso3, r.rank FROM gold.idi_score s LEFT JOIN gold.idi_rank r USING (iso3)").collectAsList();
    s.sql("SHOW TABLES IN gold").collectAsList();
    s.sql("DESCRIBE TABLE gold.idi_score").collectAsList();
    s.sql("SELECT count(*) FROM silver.country VERSION AS OF 0").collectAsList();
    assertEquals(List.of(), Tripwire.CALLS);
    // and nothing was registered in the caller's catalog
    assertEquals(before, spark.catalog().listDatabases().collectAsList().stream().map(d -> d.name()).toList());
  }

  @Test
  void readOnlySessionsRefuseEveryCommandThatWrites() throws Exception {
    SparkSession s = new SqlShell(spark, root.toString()).session();
    String scratch = TestSpark.tempDir("guard").toString();
    spark.sql("SELECT 1 AS x").write().format("delta").save(scratch + "/t");
    for (String sql : List.of(
        "SELECT * FROM gold.idi_score", "SHOW TABLES IN gold", "SHOW NAMESPACES", "DESCRIBE TABLE gold.idi_score",
        "DESCRIBE HISTORY gold.idi_score", "DESCRIBE DETAIL gold.idi_score", "EXPLAIN SELECT * FROM gold.idi_score",
        "SET spark.sql.shuffle.partitions = 2", "CREATE TEMPORARY VIEW v AS SELECT * FROM gold.idi_score",
        "USE silver", "SHOW COLUMNS IN gold.idi_score", "CACHE TABLE gold.idi_rank", "UNCACHE TABLE gold.idi_rank")) {
      assertNull(firstRefused(s, sql), sql);
    }
    for (String sql : List.of(
        "INSERT INTO spark_catalog.delta.`" + scratch + "/t` SELECT 1 AS x",
        "CREATE TABLE spark_catalog.delta.`" + scratch + "/u` USING delta AS SELECT 1 AS x",
        "OPTIMIZE gold.idi_score", "VACUUM gold.idi_score", "RESTORE TABLE silver.run_metrics TO VERSION AS OF 0",
        "CREATE VIEW spark_catalog.default.v AS SELECT 1 AS x", "ADD JAR " + scratch + "/x.jar",
        "CREATE DATABASE spark_catalog.scratch", "DROP TABLE IF EXISTS spark_catalog.default.t")) {
      assertNotNull(firstRefused(s, sql), sql);
    }
  }

  /** What {@link ReadOnlySession} refuses in the analyzed plan of {@code sql} (analysed, not run). */
  private static String firstRefused(SparkSession s, String sql) throws Exception {
    org.apache.spark.sql.classic.SparkSession c = (org.apache.spark.sql.classic.SparkSession) s;
    var plan = c.sessionState().executePlan(c.sessionState().sqlParser().parsePlan(sql), CommandExecutionMode.SKIP())
        .analyzed();
    try {
      ReadOnlySession.check(plan);
      return null;
    } catch (IctbenchException e) {
      assertTrue(e.getMessage().contains("only runs queries"), e.getMessage());
      return e.getMessage();
    }
  }
}
