package org.ictbench.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.ictbench.core.SparkSessions;
import org.ictbench.core.Table;

/**
 * Whether two lakes hold the same derived tables, for a change that computes them differently: per
 * table a row count and an order-independent checksum (the sum of a hash of every row's columns, with
 * doubles rounded to 9 significant digits, so a different summation order does not count as a
 * change), the same schema (column names, order, types and nullability), and where the checksums
 * differ, a row-by-row comparison that pairs the rows on their
 * non-double columns and compares the doubles to 1e-9 relative. Columns that differ between any two
 * runs (run ids, timestamps) are left out. Usable as a program:
 * {@code java -cp <test class path> org.ictbench.testing.TableChecksums LAKE_A LAKE_B [layer.table ...]}
 * (default: silver.observation_latest and every gold table).
 */
public final class TableChecksums {
  /** Relative tolerance for doubles whose 9-digit rounding differs. */
  static final double TOLERANCE = 1e-9;

  private TableChecksums() {}

  /** One table in two lakes. {@code mismatches} lists rows of one lake the other lacks (within the tolerance). */
  public record Comparison(Table table, long rowsA, long rowsB, String checksumA, String checksumB,
                           List<String> mismatches) {
    public boolean same() {
      return rowsA == rowsB && mismatches.isEmpty();
    }

    public String line() {
      return String.format(Locale.ROOT, "%-32s %9d %9d  %-21s %-21s %s", table.qualifiedName(), rowsA, rowsB,
          checksumA, checksumB, !same() ? "DIFFERS (" + mismatches.size() + " rows)"
              : checksumA.equals(checksumB) ? "identical" : "equal within 1e-9");
    }
  }

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: TableChecksums LAKE_A LAKE_B [layer.table ...]");
      System.exit(2);
    }
    SparkSession spark = SparkSessions.create("ictbench-table-checksums", "local[2]", 2);
    List<Table> tables = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      tables.add(Table.byQualifiedName(args[i]).orElseThrow(() -> new IllegalArgumentException("no table")));
    }
    if (tables.isEmpty()) {
      tables.add(Table.OBSERVATION_LATEST);
      for (Table t : Table.values()) {
        if (t.layer().equals("gold") && t != Table.CLAIMS_CHECK) {
          tables.add(t);
        }
      }
    }
    boolean allSame = true;
    System.out.printf(Locale.ROOT, "%-32s %9s %9s  %-21s %-21s %s%n", "table", "rows A", "rows B", "checksum A",
        "checksum B", "verdict");
    for (Table t : tables) {
      Comparison c = compare(spark, args[0], args[1], t);
      allSame &= c.same();
      System.out.println(c.line());
      c.mismatches().stream().limit(10).forEach(m -> System.out.println("    " + m));
    }
    spark.stop();
    System.exit(allSame ? 0 : 1);
  }

  public static Comparison compare(SparkSession spark, String lakeA, String lakeB, Table t) {
    Lakehouse a = new Lakehouse(spark, lakeA);
    Lakehouse b = new Lakehouse(spark, lakeB);
    if (!a.exists(t) || !b.exists(t)) {
      return new Comparison(t, a.exists(t) ? a.read(t).count() : -1, b.exists(t) ? b.read(t).count() : -1, "-", "-",
          a.exists(t) == b.exists(t) ? List.of() : List.of("table exists in only one lake"));
    }
    if (!a.read(t).schema().equals(b.read(t).schema())) {
      return new Comparison(t, a.read(t).count(), b.read(t).count(), "-", "-", List.of("schemas differ (names, order,"
          + " types or nullability): " + a.read(t).schema().simpleString() + " vs " + b.read(t).schema().simpleString()));
    }
    Dataset<Row> da = stable(a.read(t));
    Dataset<Row> db = stable(b.read(t));
    String[] ca = checksum(da);
    String[] cb = checksum(db);
    List<String> mismatches = ca[1].equals(cb[1]) && ca[0].equals(cb[0]) ? List.of() : rowDiff(da, db);
    return new Comparison(t, Long.parseLong(ca[0]), Long.parseLong(cb[0]), ca[1], cb[1], mismatches);
  }

  /** The table without run ids and timestamps, columns in name order (a reordered column is not a change). */
  static Dataset<Row> stable(Dataset<Row> d) {
    List<Column> cols = new ArrayList<>();
    java.util.Arrays.stream(d.schema().fields()).map(StructField::name).sorted().forEach(n -> {
      DataType type = d.schema().apply(n).dataType();
      if (!(n.equals("run_id") || n.endsWith("_run_id") || type.equals(DataTypes.TimestampType)
          || type.equals(DataTypes.TimestampNTZType))) {
        cols.add(col("`" + n + "`"));
      }
    });
    return d.select(cols.toArray(new Column[0]));
  }

  /** rows and the sum of row hashes, doubles at 9 significant digits. */
  static String[] checksum(Dataset<Row> d) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : d.schema().fields()) {
      cols.add(normalized(col("`" + f.name() + "`"), f.dataType()));
    }
    Column hash = xxhash64(cols.isEmpty() ? new Column[] {lit(0)} : cols.toArray(new Column[0]));
    Row r = d.agg(count(lit(1)), sum(hash.cast("decimal(38,0)"))).first();
    java.math.BigDecimal s = r.isNullAt(1) ? java.math.BigDecimal.ZERO : r.getDecimal(1);
    long folded = s.toBigInteger().longValue();
    return new String[] {String.valueOf(r.getLong(0)), String.format(Locale.ROOT, "%016x", folded)};
  }

  private static Column normalized(Column c, DataType t) {
    if (t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType)) {
      Column x = c.cast("double").plus(lit(0.0)); // -0.0 and 0.0 alike
      return when(x.isNull(), lit(null).cast("string")).otherwise(format_string("%.8e", x));
    }
    if (t instanceof MapType || t instanceof ArrayType || t instanceof StructType) {
      return to_json(c);
    }
    return c;
  }

  /**
   * Rows of either table the other lacks, pairing rows on their non-double columns and comparing
   * doubles to {@link #TOLERANCE} relative (absolute below 1). Collected to the driver: for the
   * derived tables, a few hundred thousand rows at most.
   */
  static List<String> rowDiff(Dataset<Row> a, Dataset<Row> b) {
    StructType schema = a.schema();
    if (!schema.equals(b.schema())) {
      return List.of("schemas differ: " + schema.simpleString() + " vs " + b.schema().simpleString());
    }
    List<Integer> doubles = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      DataType t = schema.fields()[i].dataType();
      if (t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType)) {
        doubles.add(i);
      }
    }
    Map<String, List<Row>> byKey = new HashMap<>();
    for (Row r : a.collectAsList()) {
      byKey.computeIfAbsent(key(r, doubles), k -> new ArrayList<>()).add(r);
    }
    List<String> out = new ArrayList<>();
    for (Row r : b.collectAsList()) {
      List<Row> candidates = byKey.get(key(r, doubles));
      Row match = null;
      if (candidates != null) {
        for (Row c : candidates) {
          if (close(c, r, doubles)) {
            match = c;
            break;
          }
        }
      }
      if (match == null) {
        out.add("only in B: " + r);
      } else {
        candidates.remove(match);
      }
    }
    byKey.values().forEach(rows -> rows.forEach(r -> out.add("only in A: " + r)));
    return out;
  }

  private static String key(Row r, List<Integer> doubles) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < r.size(); i++) {
      if (!doubles.contains(i)) {
        Object v = r.get(i);
        b.append(v instanceof scala.collection.Seq<?> || v instanceof scala.collection.Map<?, ?> ? v.toString()
            : String.valueOf(v)).append('\u0001');
      }
    }
    return b.toString();
  }

  private static boolean close(Row x, Row y, List<Integer> doubles) {
    for (int i : doubles) {
      if (x.isNullAt(i) || y.isNullAt(i)) {
        if (x.isNullAt(i) != y.isNullAt(i)) {
          return false;
        }
        continue;
      }
      double p = ((Number) x.get(i)).doubleValue();
      double q = ((Number) y.get(i)).doubleValue();
      if (Double.isNaN(p) || Double.isNaN(q)) {
        if (Double.isNaN(p) != Double.isNaN(q)) {
          return false;
        }
        continue;
      }
      if (Math.abs(p - q) > TOLERANCE * Math.max(1.0, Math.max(Math.abs(p), Math.abs(q)))) {
        return false;
      }
    }
    return true;
  }

  /** Row counts of every table of a lake that exists, for notes. */
  public static Map<String, Long> counts(SparkSession spark, String lake) {
    Lakehouse l = new Lakehouse(spark, lake);
    Map<String, Long> m = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      if (l.exists(t)) {
        m.put(t.qualifiedName(), l.read(t).count());
      }
    }
    return m;
  }
}
