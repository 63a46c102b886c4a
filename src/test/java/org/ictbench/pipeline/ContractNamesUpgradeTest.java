package org.ictbench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.CommitMetadata;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.core.TableContract;
import org.ictbench.testing.ReferenceLake;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * A lake an ictbench before the one-name-per-concept contract wrote (indicator_id, group_code, a
 * membership's status and source, a goalpost's source; no code columns beside the free-text reasons;
 * that contract's CHECK constraints and input fingerprints) is brought to the current contract by the
 * next run: the same rows as a fresh run writes, the current schema and constraint, the history kept,
 * reader protocol 1, and a rerun after it writes nothing.
 */
class ContractNamesUpgradeTest {
  /** Per table, the current name → the name the old contract gave the column. */
  static final Map<Table, Map<String, String>> RENAMED = new LinkedHashMap<>();
  /** Per table, the columns the old contract did not have. */
  static final Map<Table, List<String>> ADDED = new LinkedHashMap<>();

  static {
    RENAMED.put(Table.INDICATOR, Map.of("indicator", "indicator_id"));
    RENAMED.put(Table.IDI_GOALPOST, Map.of("indicator", "indicator_id", "goalpost_source", "source"));
    RENAMED.put(Table.IDI_RANK, Map.of("group_id", "group_code"));
    RENAMED.put(Table.IDI_NOWCAST_BACKTEST, Map.of("group_id", "group_code"));
    RENAMED.put(Table.PEER_GROUP_MEMBER, Map.of("membership_status", "status", "membership_source", "source"));
    RENAMED.put(Table.PEER_POSITION, Map.of("membership_status", "status"));
    ADDED.put(Table.INGEST_FILE, List.of("detail_code"));
    ADDED.put(Table.IDI_SCORE, List.of("status_reason_code"));
    ADDED.put(Table.PEER_BENCHMARK, List.of("suppressed_code"));
    ADDED.put(Table.PEER_POSITION, List.of("suppressed_code"));
    ADDED.put(Table.BILATERAL_GROUP_RANK, List.of("suppressed_code"));
  }

  @Test
  void aLakeWithTheOldNamesIsRewrittenInTheCurrentShapeByTheNextRun() throws Exception {
    SparkSession spark = TestSpark.get();
    String fresh = ReferenceLake.get().curated();
    String old = ReferenceLake.copy("old-names-lake");
    Lakehouse reference = new Lakehouse(spark, fresh);
    Lakehouse lake = new Lakehouse(spark, old);
    TableContract contract = TableContract.get();

    Set<Table> reshaped = new java.util.LinkedHashSet<>(RENAMED.keySet());
    reshaped.addAll(ADDED.keySet());
    Map<Table, Long> versionsBefore = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      // the old build's fingerprints: the same inputs, no contract columns in them
      String fp = lake.log().lastFingerprint(t).map(f -> f.replaceAll(";columns=[0-9a-f]+", "")).orElse(null);
      String metadata = fp != null ? CommitMetadata.ofFingerprint(fp) : CommitMetadata.ofRun("old-run");
      SparkSession s = session(spark, metadata);
      String path = "delta.`" + lake.path(t) + "`";
      if (reshaped.contains(t)) {
        Map<String, String> renamed = RENAMED.getOrDefault(t, Map.of());
        List<String> added = ADDED.getOrDefault(t, List.of());
        Dataset<Row> rows = lake.read(t).localCheckpoint();
        List<Column> cols = new ArrayList<>();
        for (String c : rows.columns()) {
          if (!added.contains(c)) {
            cols.add(rows.col("`" + c + "`").as(renamed.getOrDefault(c, c)));
          }
        }
        s.sql("ALTER TABLE " + path + " DROP CONSTRAINT " + TableContract.CONSTRAINT);
        rows.select(cols.toArray(new Column[0])).write().format("delta").mode("overwrite")
            .option("overwriteSchema", "true").option("userMetadata", metadata).save(lake.path(t));
        String oldCheck = oldSpec(contract.spec(t), renamed, added).checkExpression().orElseThrow();
        s.sql("ALTER TABLE " + path + " ADD CONSTRAINT " + TableContract.CONSTRAINT + " CHECK (" + oldCheck + ")");
        assertTrue(Arrays.asList(lake.read(t).columns()).containsAll(renamed.values()), t.qualifiedName());
      } else if (fp != null) {
        s.sql("ALTER TABLE " + path + " SET TBLPROPERTIES ('ictbench.test.old' = 'true')");
      }
      assertEquals(fp, lake.log().lastFingerprint(t).orElse(null), t.qualifiedName());
      versionsBefore.put(t, history(lake, t));
    }

    run(spark, old);

    List<String> differences = new ArrayList<>();
    for (TableContract.TableSpec spec : contract.tables()) {
      Table t = spec.table();
      String name = t.qualifiedName();
      List<String> columns = Arrays.asList(lake.read(t).columns());
      List<String> expected = spec.columns().stream().map(TableContract.ColumnSpec::name).toList();
      if (!columns.equals(expected)) {
        differences.add(name + ": columns " + columns);
      }
      Row detail = spark.sql("DESCRIBE DETAIL delta.`" + lake.path(t) + "`").first();
      Map<String, String> properties = scala.jdk.javaapi.CollectionConverters.asJava(
          detail.<scala.collection.Map<String, String>>getAs("properties"));
      if (!sameExpression(spec.checkExpression().orElseThrow(), properties.get(TableContract.CONSTRAINT_PROPERTY))) {
        differences.add(name + ": constraint " + properties.get(TableContract.CONSTRAINT_PROPERTY));
      }
      if (detail.<Integer>getAs("minReaderVersion") != 1) {
        differences.add(name + ": reader protocol " + detail.getAs("minReaderVersion"));
      }
      if (reshaped.contains(t)) {
        // the rows a fresh run of this build wrote; bronze.ingest_file's logged rows stay as they were
        String[] cols = expected.toArray(new String[0]);
        Dataset<Row> got = lake.read(t).selectExpr(quoted(cols));
        Dataset<Row> want = reference.read(t).selectExpr(quoted(cols));
        long missing = want.exceptAll(got).count();
        long extra = got.exceptAll(want).count();
        if (missing + extra > 0) {
          differences.add(name + ": " + missing + " rows missing, " + extra + " rows not in a fresh run");
        }
        if (history(lake, t) <= versionsBefore.get(t)) {
          differences.add(name + ": no new version");
        }
      }
    }
    assertEquals("", String.join("\n", differences));
    // the old versions stay readable (time travel): the rename replaced the table, it did not delete it
    assertTrue(Arrays.asList(spark.read().format("delta").option("versionAsOf", versionsBefore.get(Table.IDI_RANK))
        .load(lake.path(Table.IDI_RANK)).columns()).contains("group_code"));

    // the upgraded lake is current: a rerun writes no table version
    Map<Table, Long> after = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      after.put(t, history(lake, t));
    }
    run(spark, old);
    for (Table t : Table.values()) {
      assertEquals(after.get(t), history(lake, t), t.qualifiedName() + " rewritten by a rerun");
    }
  }

  private static void run(SparkSession spark, String curated) {
    new PipelineJob(spark, PipelineConfig.builder().raw(TestSpark.bundledRaw().toString()).curated(curated).build(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
  }

  /** The table as the old contract declared it: renamed columns under their old names, added ones absent. */
  private static TableContract.TableSpec oldSpec(TableContract.TableSpec spec, Map<String, String> renamed,
      List<String> added) {
    List<TableContract.ColumnSpec> cols = new ArrayList<>();
    for (TableContract.ColumnSpec c : spec.columns()) {
      if (!added.contains(c.name())) {
        cols.add(new TableContract.ColumnSpec(renamed.getOrDefault(c.name(), c.name()), c.type(), c.nullable(),
            c.min(), c.max(), c.values(), c.comment()));
      }
    }
    return new TableContract.TableSpec(spec.table(), spec.description(), cols);
  }

  private static SparkSession session(SparkSession spark, String userMetadata) {
    SparkSession s = spark.newSession();
    s.conf().set("spark.databricks.delta.commitInfo.userMetadata", userMetadata);
    return s;
  }

  /** The newest version of the table (from its Delta log, read with Kernel: no Spark job). */
  private static long history(Lakehouse lake, Table t) {
    return lake.log().lastCommit(t).orElseThrow().version();
  }

  /** Whether two CHECK expressions say the same (Delta reformats one added by ALTER TABLE). */
  private static boolean sameExpression(String a, String b) {
    return b != null && (a.equals(b) || org.apache.spark.sql.catalyst.parser.CatalystSqlParser$.MODULE$
        .parseExpression(a).equals(org.apache.spark.sql.catalyst.parser.CatalystSqlParser$.MODULE$.parseExpression(b)));
  }

  private static String[] quoted(String[] cols) {
    return Arrays.stream(cols).map(c -> "`" + c + "`").toArray(String[]::new);
  }
}
