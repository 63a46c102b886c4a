package org.ictbench.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.KernelTables;
import org.ictbench.testing.ReferenceLake;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The curated tables of the bundled lake read without Spark: every gold table and
 * silver.observation_latest through Delta Kernel's public API (no SparkSession in the read) give the
 * same rows as Spark, and every table stays at a protocol that the non-Spark readers the docs show
 * (DuckDB's delta_scan, delta-rs behind Polars and pandas) read.
 */
class ReadsWithoutSparkTest {
  /**
   * Reader protocol 1 (no reader table features: no column mapping, deletion vectors, timestampNtz,
   * v2 checkpoints, type widening...) is what every Delta reader reads; writer-only features do not
   * concern readers, and these are the ones ictbench may use (constraints, invariants, change feed).
   */
  static final int MAX_READER_VERSION = 1;
  static final Set<String> WRITER_FEATURES = Set.of("appendOnly", "invariants", "checkConstraints",
      "changeDataFeed", "generatedColumns");

  static SparkSession spark;
  static Lakehouse lake;
  static Engine engine;

  @BeforeAll
  static void bundledLake() {
    spark = TestSpark.get();
    // the bundled run the suite shares (read only here)
    lake = new Lakehouse(spark, ReferenceLake.get().curated());
    engine = KernelTables.engine(new Configuration());
  }

  static List<Table> readTables() {
    List<Table> tables = new ArrayList<>();
    for (Table t : Table.values()) {
      if (t.layer().equals("gold") || t == Table.OBSERVATION_LATEST) {
        tables.add(t);
      }
    }
    return tables;
  }

  @Test
  void kernelReadsTheSameRowsAsSpark() throws Exception {
    int compared = 0;
    for (Table t : readTables()) {
      if (!lake.exists(t)) {
        continue;
      }
      Snapshot snapshot = TableManager.loadSnapshot(lake.path(t)).build(engine);
      StructType schema = snapshot.getSchema();
      Map<String, Integer> kernel = counts(KernelTables.rows(engine, snapshot));
      List<String> columns = schema.fields().stream().map(StructField::getName).toList();
      Map<String, Integer> viaSpark = new TreeMap<>();
      for (org.apache.spark.sql.Row r : spark.read().format("delta").load(lake.path(t))
          .selectExpr(columns.stream().map(c -> "`" + c + "`").toArray(String[]::new)).collectAsList()) {
        viaSpark.merge(canonical(sparkValues(r)), 1, Integer::sum);
      }
      assertTrue(!viaSpark.isEmpty() || t == Table.IDI_IMPUTATION_HOLDOUT || t == Table.IDI_IMPUTATION_EVAL
          || t == Table.CLAIMS_CHECK, t + " has rows");
      assertEquals(viaSpark, kernel, t.qualifiedName());
      compared++;
    }
    assertTrue(compared >= 11, "gold tables and silver.observation_latest compared: " + compared);
  }

  @Test
  void everyTableStaysAtAProtocolNonSparkReadersRead() {
    Map<String, String> found = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      if (!lake.exists(t)) {
        continue;
      }
      org.apache.spark.sql.Row d = spark.sql("DESCRIBE DETAIL delta.`" + lake.path(t) + "`").first();
      int reader = d.<Integer>getAs("minReaderVersion");
      int writer = d.<Integer>getAs("minWriterVersion");
      List<String> features = d.<scala.collection.Seq<String>>getAs("tableFeatures") == null ? List.of()
          : scala.jdk.javaapi.CollectionConverters.asJava(d.<scala.collection.Seq<String>>getAs("tableFeatures"));
      found.put(t.qualifiedName(), reader + "/" + writer + " " + features);
      assertTrue(reader <= MAX_READER_VERSION, t.qualifiedName() + " needs reader protocol " + reader);
      assertTrue(WRITER_FEATURES.containsAll(features), t.qualifiedName() + " uses features " + features
          + " beyond " + WRITER_FEATURES + " (check DuckDB's and delta-rs's support, then update the docs and this list)");
    }
    assertTrue(found.size() >= 20, found.toString());
  }

  static List<Object> sparkValues(org.apache.spark.sql.Row r) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      out.add(sparkValue(r.get(i)));
    }
    return out;
  }

  static Object sparkValue(Object v) {
    if (v == null) {
      return null;
    } else if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    } else if (v instanceof java.sql.Timestamp ts) {
      return ts.toInstant();
    } else if (v instanceof Short s) {
      return (int) s;
    } else if (v instanceof Byte b) {
      return (int) b;
    } else if (v instanceof Float f) {
      return (double) f;
    } else if (v instanceof byte[] b) {
      return Arrays.toString(b);
    } else if (v instanceof scala.collection.Map<?, ?> m) {
      Map<String, Object> out = new TreeMap<>();
      scala.jdk.javaapi.CollectionConverters.asJava(m).forEach((k, x) -> out.put(String.valueOf(k), sparkValue(x)));
      return out;
    } else if (v instanceof scala.collection.Seq<?> s) {
      List<Object> out = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(s).forEach(x -> out.add(sparkValue(x)));
      return out;
    } else if (v instanceof org.apache.spark.sql.Row r) {
      return sparkValues(r);
    }
    return v;
  }

  static String canonical(List<Object> values) {
    return values.toString();
  }

  static Map<String, Integer> counts(List<List<Object>> rows) {
    Map<String, Integer> m = new TreeMap<>();
    rows.forEach(r -> m.merge(canonical(r), 1, Integer::sum));
    return m;
  }
}
