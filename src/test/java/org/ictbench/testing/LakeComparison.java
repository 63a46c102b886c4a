package org.ictbench.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;

/**
 * Compares two curated lakes built from the same raw files in different places (a local run, a
 * cluster run, a run on S3): every table's rows on its stable columns. Unstable columns are left out:
 * run ids and timestamps (modification, ingestion and run times). The raw root, which file URIs and
 * messages embed, is replaced by a placeholder, so {@code file:/.../data/raw/x.csv} and
 * {@code s3a://bucket/raw/x.csv} compare equal. A vintage taken from a file's modification time is
 * left out too: an upload or a clone on another day gives the same content another date. Doubles are compared to 1e-9.
 */
public final class LakeComparison {
  private LakeComparison() {}

  /** One lake: its curated root and the raw root it was built from. */
  public record Lake(String curated, String raw) {}

  /** Per table: rows in each lake and rows only one of them has (on the stable columns). */
  public record TableDiff(Table table, long rowsA, long rowsB, long onlyInA, long onlyInB) {
    public boolean same() {
      return rowsA == rowsB && onlyInA == 0 && onlyInB == 0;
    }
  }

  public static List<TableDiff> compare(SparkSession spark, Lake a, Lake b) {
    Lakehouse la = new Lakehouse(spark, a.curated());
    Lakehouse lb = new Lakehouse(spark, b.curated());
    String rawA = qualified(spark, a.raw());
    String rawB = qualified(spark, b.raw());
    List<TableDiff> out = new ArrayList<>();
    for (Table t : Table.values()) {
      boolean inA = la.exists(t);
      boolean inB = lb.exists(t);
      if (!inA && !inB) {
        continue;
      }
      if (inA != inB) {
        out.add(new TableDiff(t, inA ? la.read(t).count() : -1, inB ? lb.read(t).count() : -1, -1, -1));
        continue;
      }
      // one Spark job per table and lake: a hash of each row's stable columns (as JSON, so the
      // column of every value and its nulls count), compared as multisets here
      Map<Long, Integer> ha = rowHashes(stable(la.read(t), rawA));
      Map<Long, Integer> hb = rowHashes(stable(lb.read(t), rawB));
      out.add(new TableDiff(t, total(ha), total(hb), missing(ha, hb), missing(hb, ha)));
    }
    return out;
  }

  private static Map<Long, Integer> rowHashes(Dataset<Row> df) {
    Column[] cols = java.util.Arrays.stream(df.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    Map<Long, Integer> m = new java.util.HashMap<>();
    for (Row r : df.select(xxhash64(to_json(struct(cols)))).collectAsList()) {
      m.merge(r.getLong(0), 1, Integer::sum);
    }
    return m;
  }

  private static long total(Map<Long, Integer> m) {
    return m.values().stream().mapToLong(Integer::longValue).sum();
  }

  /** Rows of {@code a} that {@code b} does not have (counting repeats). */
  private static long missing(Map<Long, Integer> a, Map<Long, Integer> b) {
    long n = 0;
    for (Map.Entry<Long, Integer> e : a.entrySet()) {
      n += Math.max(0, e.getValue() - b.getOrDefault(e.getKey(), 0));
    }
    return n;
  }

  /** Rows per table of one lake (tables that exist). */
  public static Map<String, Long> counts(SparkSession spark, String curated) {
    Lakehouse lake = new Lakehouse(spark, curated);
    Map<String, Long> m = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      if (lake.exists(t)) {
        m.put(t.qualifiedName(), lake.read(t).count());
      }
    }
    return m;
  }

  /** IDI per (edition, economy) of one lake, e.g. {@code 2024 BLR -> 88.47...}. */
  public static Map<String, Double> idi(SparkSession spark, String curated) {
    Map<String, Double> m = new TreeMap<>();
    for (Row r : new Lakehouse(spark, curated).read(Table.IDI_SCORE).select("edition", "iso3", "idi")
        .collectAsList()) {
      m.put(r.get(0) + " " + r.getString(1), r.isNullAt(2) ? null : r.getDouble(2));
    }
    return m;
  }

  /** The same economies and editions, each with the same IDI to 1e-9 (or none in both). */
  public static void assertSameIdi(Map<String, Double> expected, Map<String, Double> actual) {
    org.junit.jupiter.api.Assertions.assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((k, v) -> {
      Double w = actual.get(k);
      if (v == null || w == null) {
        org.junit.jupiter.api.Assertions.assertEquals(v, w, k);
      } else {
        org.junit.jupiter.api.Assertions.assertEquals(v, w, 1e-9, k);
      }
    });
  }

  /** A readable table of the differences, for assertion messages and notes. */
  public static String describe(List<TableDiff> diffs) {
    StringBuilder sb = new StringBuilder();
    for (TableDiff d : diffs) {
      sb.append(String.format("%-34s %8d %8d  only A %d, only B %d%s%n", d.table().qualifiedName(), d.rowsA(),
          d.rowsB(), d.onlyInA(), d.onlyInB(), d.same() ? "" : "  <-- differs"));
    }
    return sb.toString();
  }

  static Dataset<Row> stable(Dataset<Row> df, String rawRoot) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      String n = f.name();
      DataType t = f.dataType();
      if (n.equals("run_id") || t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
        continue;
      }
      Column c = col("`" + n + "`");
      if (t instanceof MapType || t instanceof ArrayType || t instanceof StructType) {
        c = to_json(c); // nested values compared as their JSON
        t = DataTypes.StringType;
      }
      if (t.equals(DataTypes.StringType)) {
        c = org.apache.spark.sql.functions.replace(c, lit(rawRoot), lit("<raw>"));
      } else if (t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType)) {
        c = round(c, 9);
      }
      if (n.equals("vintage") && java.util.Arrays.asList(df.columns()).contains("vintage_basis")) {
        // a vintage read from the file's modification time is the copy's, not the content's
        c = org.apache.spark.sql.functions.when(col("vintage_basis").equalTo("file_mtime"), lit(null)).otherwise(c);
      }
      cols.add(c.as(n));
    }
    return df.select(cols.toArray(new Column[0]));
  }

  private static String qualified(SparkSession spark, String raw) {
    try {
      Path p = new Path(raw);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
