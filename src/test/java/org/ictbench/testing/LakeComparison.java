package org.ictbench.testing;

import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;

/**
 * Compares two curated lakes built from the same raw files in different places (a local run, a
 * cluster run, a run on S3): every table's rows on its stable columns. Unstable columns are left out:
 * run ids and timestamps (modification, ingestion and run times). The raw root, which file URIs and
 * messages embed, is replaced by a placeholder, so {@code file:/.../data/raw/x.csv} and
 * {@code s3a://bucket/raw/x.csv} compare equal. A vintage (and its label) taken from a file's modification
 * time is left out too: an upload or a clone on another day gives the same content another date. Doubles are
 * rounded to 9 decimals. Tables are read with Delta Kernel ({@link KernelTables}), so comparing two lakes
 * of 31 tables costs no Spark job.
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
    Engine engine = KernelTables.engine(spark.sparkContext().hadoopConfiguration());
    List<TableDiff> out = new ArrayList<>();
    for (Table t : Table.values()) {
      boolean inA = la.exists(t);
      boolean inB = lb.exists(t);
      if (!inA && !inB) {
        continue;
      }
      Map<String, Integer> ra = inA ? stableRows(KernelTables.read(engine, la.path(t)), rawA) : null;
      Map<String, Integer> rb = inB ? stableRows(KernelTables.read(engine, lb.path(t)), rawB) : null;
      if (inA != inB) {
        out.add(new TableDiff(t, inA ? total(ra) : -1, inB ? total(rb) : -1, -1, -1));
      } else {
        out.add(new TableDiff(t, total(ra), total(rb), missing(ra, rb), missing(rb, ra)));
      }
    }
    return out;
  }

  private static long total(Map<String, Integer> m) {
    return m.values().stream().mapToLong(Integer::longValue).sum();
  }

  /** Rows of {@code a} that {@code b} does not have (counting repeats). */
  private static long missing(Map<String, Integer> a, Map<String, Integer> b) {
    long n = 0;
    for (Map.Entry<String, Integer> e : a.entrySet()) {
      n += Math.max(0, e.getValue() - b.getOrDefault(e.getKey(), 0));
    }
    return n;
  }

  /** Rows per table of one lake (tables that exist). */
  public static Map<String, Long> counts(SparkSession spark, String curated) {
    Lakehouse lake = new Lakehouse(spark, curated);
    Engine engine = KernelTables.engine(spark.sparkContext().hadoopConfiguration());
    Map<String, Long> m = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      if (lake.exists(t)) {
        m.put(t.qualifiedName(), (long) KernelTables.read(engine, lake.path(t)).rows().size());
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

  /** The table's rows on the stable columns as canonical strings, with how often each occurs. */
  static Map<String, Integer> stableRows(KernelTables.Contents c, String rawRoot) {
    List<StructField> fields = c.schema().fields();
    int basis = c.schema().indexOf("vintage_basis");
    Map<String, Integer> out = new HashMap<>();
    for (List<Object> row : c.rows()) {
      StringBuilder sb = new StringBuilder("{");
      for (int i = 0; i < fields.size(); i++) {
        StructField f = fields.get(i);
        String n = f.getName();
        if (n.equals("run_id") || f.getDataType() instanceof TimestampType
            || f.getDataType() instanceof TimestampNTZType) {
          continue;
        }
        Object v = row.get(i);
        if (v != null && (f.getDataType() instanceof DoubleType || f.getDataType() instanceof FloatType)) {
          double d = ((Number) v).doubleValue();
          v = Double.isFinite(d) ? BigDecimal.valueOf(d).setScale(9, RoundingMode.HALF_UP).stripTrailingZeros() : d;
        } else if ((n.equals("vintage") || n.equals("vintage_label")) && basis >= 0
            && "file_mtime".equals(row.get(basis))) {
          v = null; // a vintage read from the file's modification time is the copy's, not the content's
        } else if (v != null) {
          v = v.toString().replace(rawRoot, "<raw>"); // nested values by their text, the raw root in it too
        }
        sb.append(n).append('=').append(v).append(';');
      }
      out.merge(sb.append('}').toString(), 1, Integer::sum);
    }
    return out;
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
