package org.ictbench.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
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
    engine = DefaultEngine.create(new Configuration());
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
      Map<String, Integer> kernel = counts(kernelRows(snapshot));
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

  /** Every row of the snapshot, read with Kernel's default engine (Parquet reader) file by file. */
  static List<List<Object>> kernelRows(Snapshot snapshot) throws Exception {
    StructType schema = snapshot.getSchema();
    List<String> partitions = snapshot.getPartitionColumnNames();
    // without column mapping (asserted above) the files hold the logical columns except partition ones
    List<StructField> physical = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!partitions.contains(f.getName())) {
        physical.add(f);
      }
    }
    StructType physicalSchema = new StructType(physical);
    Scan scan = snapshot.getScanBuilder().build();
    Row state = scan.getScanState(engine);
    List<List<Object>> rows = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            Row fileRow = fileRows.next();
            FileStatus file = fileStatus(fileRow);
            CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(single(file), physicalSchema, Optional.empty()).map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, state, fileRow,
                data)) {
              while (logical.hasNext()) {
                try (CloseableIterator<Row> it = logical.next().getRows()) {
                  while (it.hasNext()) {
                    Row r = it.next();
                    List<Object> values = new ArrayList<>();
                    for (int c = 0; c < schema.length(); c++) {
                      values.add(r.isNullAt(c) ? null : kernelValue(r, c, schema.at(c).getDataType()));
                    }
                    rows.add(values);
                  }
                }
              }
            }
          }
        }
      }
    }
    return rows;
  }

  /** The data file of a scan-file row (its add action's path, relative to the table root). */
  static FileStatus fileStatus(Row fileRow) {
    Row add = fileRow.getStruct(fileRow.getSchema().indexOf("add"));
    StructType addSchema = add.getSchema();
    String path = add.getString(addSchema.indexOf("path"));
    String root = fileRow.getString(fileRow.getSchema().indexOf("tableRoot"));
    URI base = URI.create(root.endsWith("/") ? root : root + "/");
    return FileStatus.of(base.resolve(path).toString(), add.getLong(addSchema.indexOf("size")),
        add.getLong(addSchema.indexOf("modificationTime")));
  }

  static <T> CloseableIterator<T> single(T item) {
    return new CloseableIterator<>() {
      boolean done;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public T next() {
        done = true;
        return item;
      }

      @Override
      public void close() {}
    };
  }

  static Object kernelValue(Row r, int c, DataType t) {
    if (t instanceof StringType) {
      return r.getString(c);
    } else if (t instanceof IntegerType || t instanceof DateType) {
      return t instanceof DateType ? LocalDate.ofEpochDay(r.getInt(c)) : (Object) r.getInt(c);
    } else if (t instanceof LongType) {
      return r.getLong(c);
    } else if (t instanceof ShortType) {
      return (int) r.getShort(c);
    } else if (t instanceof ByteType) {
      return (int) r.getByte(c);
    } else if (t instanceof DoubleType) {
      return r.getDouble(c);
    } else if (t instanceof FloatType) {
      return (double) r.getFloat(c);
    } else if (t instanceof BooleanType) {
      return r.getBoolean(c);
    } else if (t instanceof DecimalType) {
      return r.getDecimal(c);
    } else if (t instanceof TimestampType) {
      long micros = r.getLong(c);
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    } else if (t instanceof BinaryType) {
      return Arrays.toString(r.getBinary(c));
    } else if (t instanceof ArrayType a) {
      return vectorValues(r.getArray(c).getElements(), r.getArray(c).getSize(), a.getElementType());
    } else if (t instanceof MapType m) {
      MapValue mv = r.getMap(c);
      List<Object> keys = vectorValues(mv.getKeys(), mv.getSize(), m.getKeyType());
      List<Object> values = vectorValues(mv.getValues(), mv.getSize(), m.getValueType());
      Map<String, Object> out = new TreeMap<>();
      for (int i = 0; i < keys.size(); i++) {
        out.put(String.valueOf(keys.get(i)), values.get(i));
      }
      return out;
    } else if (t instanceof StructType s) {
      Row inner = r.getStruct(c);
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < s.length(); i++) {
        out.add(inner.isNullAt(i) ? null : kernelValue(inner, i, s.at(i).getDataType()));
      }
      return out;
    }
    throw new IllegalArgumentException("type " + t);
  }

  static List<Object> vectorValues(ColumnVector v, int size, DataType t) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (v.isNullAt(i)) {
        out.add(null);
      } else if (t instanceof StringType) {
        out.add(v.getString(i));
      } else if (t instanceof IntegerType) {
        out.add(v.getInt(i));
      } else if (t instanceof LongType) {
        out.add(v.getLong(i));
      } else if (t instanceof DoubleType) {
        out.add(v.getDouble(i));
      } else if (t instanceof BooleanType) {
        out.add(v.getBoolean(i));
      } else if (t instanceof DateType) {
        out.add(LocalDate.ofEpochDay(v.getInt(i)));
      } else {
        throw new IllegalArgumentException("element type " + t);
      }
    }
    return out;
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
