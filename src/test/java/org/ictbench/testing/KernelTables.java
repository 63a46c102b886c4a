package org.ictbench.testing;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * A Delta table's current rows read with Delta Kernel's public API and default engine: no Spark job,
 * so reading every table of a small lake costs milliseconds per table where Spark first rebuilds each
 * table's snapshot with a job. Values come out as plain Java (String, Integer, Long, Double, Boolean,
 * BigDecimal, LocalDate, Instant, List, sorted Map) so tests compare them with Spark's or with each
 * other. Tables must not use column mapping or deletion vectors (ictbench's stay at reader protocol 1).
 */
public final class KernelTables {
  private KernelTables() {}

  /** A table's schema and rows in file order. */
  public record Contents(StructType schema, List<List<Object>> rows) {}

  public static Engine engine(Configuration hadoop) {
    return DefaultEngine.create(hadoop);
  }

  /** Every row of the table's latest snapshot. */
  public static Contents read(Engine engine, String tablePath) {
    Snapshot snapshot = TableManager.loadSnapshot(tablePath).build(engine);
    try {
      return new Contents(snapshot.getSchema(), rows(engine, snapshot));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + tablePath + " with Delta Kernel", e);
    }
  }

  /** Every row of the snapshot, read with the engine's Parquet reader file by file. */
  public static List<List<Object>> rows(Engine engine, Snapshot snapshot) throws IOException {
    StructType schema = snapshot.getSchema();
    List<String> partitions = snapshot.getPartitionColumnNames();
    // without column mapping the files hold the logical columns except partition ones
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
            CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(single(fileStatus(fileRow)), physicalSchema, Optional.empty())
                .map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, state,
                fileRow, data)) {
              while (logical.hasNext()) {
                try (CloseableIterator<Row> it = logical.next().getRows()) {
                  while (it.hasNext()) {
                    Row r = it.next();
                    List<Object> values = new ArrayList<>(schema.length());
                    for (int c = 0; c < schema.length(); c++) {
                      values.add(r.isNullAt(c) ? null : value(r, c, schema.at(c).getDataType()));
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
  private static FileStatus fileStatus(Row fileRow) {
    Row add = fileRow.getStruct(fileRow.getSchema().indexOf("add"));
    StructType addSchema = add.getSchema();
    String path = add.getString(addSchema.indexOf("path"));
    String root = fileRow.getString(fileRow.getSchema().indexOf("tableRoot"));
    URI base = URI.create(root.endsWith("/") ? root : root + "/");
    return FileStatus.of(base.resolve(path).toString(), add.getLong(addSchema.indexOf("size")),
        add.getLong(addSchema.indexOf("modificationTime")));
  }

  private static <T> CloseableIterator<T> single(T item) {
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

  private static Object value(Row r, int c, DataType t) {
    if (t instanceof StringType) {
      return r.getString(c);
    } else if (t instanceof IntegerType) {
      return r.getInt(c);
    } else if (t instanceof DateType) {
      return LocalDate.ofEpochDay(r.getInt(c));
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
        out.add(inner.isNullAt(i) ? null : value(inner, i, s.at(i).getDataType()));
      }
      return out;
    }
    throw new IllegalArgumentException("column type " + t + " is not read here");
  }

  private static List<Object> vectorValues(ColumnVector v, int size, DataType t) {
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
        throw new IllegalArgumentException("element type " + t + " is not read here");
      }
    }
    return out;
  }
}
