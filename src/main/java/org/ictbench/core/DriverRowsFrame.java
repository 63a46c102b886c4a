package org.ictbench.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Dataset of rows computed on the driver. A few rows become a local relation, whose rows sit in
 * the query plan; many rows become a parallelized collection instead, because Spark's analyzer and
 * optimizer walk every value of a plan's local relation in each of their passes (a write plans its
 * query several times), which on a table of a hundred thousand rows costs more than writing it.
 * The parallelized rows travel column by column ({@link ColumnSlice}): a task's data is sent with
 * Java serialization, which writes a primitive array in one go but each boxed value and row object
 * on its own.
 *
 * <p>Each Dataset made here keeps the {@link #digest} of its rows, so that a derived table whose rows
 * did not change need not be rewritten.
 */
public final class DriverRowsFrame {
  /** Above this many rows the rows are parallelized rather than kept in the plan. */
  public static final int PLAN_ROWS_MAX = 10_000;

  /** What each Dataset was made of, by the Dataset itself (Datasets compare by identity). */
  private static final Map<Dataset<Row>, Made> MADE = Collections.synchronizedMap(new WeakHashMap<>());

  /** The digest of a Dataset's rows and how many there are. */
  private record Made(Optional<String> digest, int rows) {}

  private DriverRowsFrame() {}

  public static Dataset<Row> of(SparkSession spark, List<Row> rows, StructType schema) {
    Dataset<Row> frame = frame(spark, rows, schema);
    MADE.put(frame, new Made(RowsDigest.of(rows, schema), rows.size()));
    return frame;
  }

  /** Whether {@code frame} was made by {@link #of}: rows already on the driver, not a query to run. */
  public static boolean isDriverRows(Dataset<Row> frame) {
    return MADE.containsKey(frame);
  }

  /** Whether {@code frame} was made by {@link #of} of at most {@link #PLAN_ROWS_MAX} rows. */
  public static boolean isFewRows(Dataset<Row> frame) {
    Made m = MADE.get(frame);
    return m != null && m.rows() <= PLAN_ROWS_MAX;
  }

  /**
   * The SHA-256 of the rows {@code frame} was made of by {@link #of} (schema and values, in order);
   * empty for any other Dataset, or one with a value of a type the digest does not cover.
   */
  public static Optional<String> digest(Dataset<Row> frame) {
    Made m = MADE.get(frame);
    return m == null ? Optional.empty() : m.digest();
  }

  private static Dataset<Row> frame(SparkSession spark, List<Row> rows, StructType schema) {
    if (rows.size() <= PLAN_ROWS_MAX) {
      return spark.createDataFrame(rows, schema);
    }
    // as many slices as Spark gives a local relation's scan, so the written files are the same
    int slices = Math.min(rows.size(), spark.sparkContext().defaultParallelism());
    List<ColumnSlice> parts = new ArrayList<>(slices);
    for (int s = 0; s < slices; s++) {
      int from = (int) ((long) rows.size() * s / slices);
      int to = (int) ((long) rows.size() * (s + 1) / slices);
      parts.add(new ColumnSlice(rows.subList(from, to), schema));
    }
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(parts, slices)
        .flatMap(ColumnSlice::rows), schema);
  }

  /**
   * One slice of rows held per column: a double, long, int or boolean column as a primitive array
   * with its nulls flagged, any other as an array of its values. The columns are made when the slice
   * is first serialized (or read), not when the Dataset is: a table whose rows turn out unchanged is
   * never written, and its rows never converted.
   */
  static final class ColumnSlice implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int size;
    private transient List<Row> source;
    private transient StructType schema;
    private Object[] columns;
    private boolean[][] nulls;

    ColumnSlice(List<Row> rows, StructType schema) {
      this.size = rows.size();
      this.source = rows;
      this.schema = schema;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
      columnar();
      out.defaultWriteObject();
    }

    private synchronized void columnar() {
      if (columns != null) {
        return;
      }
      int width = schema.size();
      Object[] cols = new Object[width];
      boolean[][] nullFlags = new boolean[width][];
      for (int c = 0; c < width; c++) {
        DataType type = schema.fields()[c].dataType();
        Object column = type.equals(DataTypes.DoubleType) ? new double[size]
            : type.equals(DataTypes.LongType) ? new long[size]
            : type.equals(DataTypes.IntegerType) ? new int[size]
            : type.equals(DataTypes.BooleanType) ? new boolean[size] : new Object[size];
        boolean primitive = !(column instanceof Object[]);
        boolean[] isNull = primitive ? new boolean[size] : null;
        for (int i = 0; i < size; i++) {
          Object v = source.get(i).get(c);
          if (!primitive) {
            ((Object[]) column)[i] = v;
          } else if (v == null) {
            isNull[i] = true;
          } else if (column instanceof double[] d) {
            d[i] = ((Number) v).doubleValue();
          } else if (column instanceof long[] l) {
            l[i] = ((Number) v).longValue();
          } else if (column instanceof int[] n) {
            n[i] = ((Number) v).intValue();
          } else {
            ((boolean[]) column)[i] = (Boolean) v;
          }
        }
        cols[c] = column;
        nullFlags[c] = isNull;
      }
      nulls = nullFlags;
      columns = cols;
      source = null;
    }

    Iterator<Row> rows() {
      columnar();
      return new Iterator<>() {
        private int i;

        @Override
        public boolean hasNext() {
          return i < size;
        }

        @Override
        public Row next() {
          if (i >= size) {
            throw new java.util.NoSuchElementException("slice of " + size + " rows has no row " + i);
          }
          Object[] values = new Object[columns.length];
          for (int c = 0; c < columns.length; c++) {
            Object column = columns[c];
            if (nulls[c] != null && nulls[c][i]) {
              values[c] = null;
            } else if (column instanceof double[] d) {
              values[c] = d[i];
            } else if (column instanceof long[] l) {
              values[c] = l[i];
            } else if (column instanceof int[] n) {
              values[c] = n[i];
            } else if (column instanceof boolean[] b) {
              values[c] = b[i];
            } else {
              values[c] = ((Object[]) column)[i];
            }
          }
          i++;
          return RowFactory.create(values);
        }
      };
    }
  }
}
