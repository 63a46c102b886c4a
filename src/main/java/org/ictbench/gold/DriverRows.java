package org.ictbench.gold;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Helpers for the peer and bilateral tables, which are computed on the driver: their inputs
 * (silver.observation_latest, the classifications, the IDI scores) are bounded by economies,
 * indicators and years, not by the raw input, and are a few MB even for every vintage of every source,
 * where one Spark query per intermediate result costs more in planning and scheduling than the data
 * costs to compute. Each helper follows the Spark SQL semantics the tables were defined with (string
 * order by UTF-8 bytes, {@code trim} of spaces only, -0.0 equal to 0.0), so the tables do not depend on
 * where they are computed.
 */
final class DriverRows {
  private DriverRows() {}

  /** The named columns of {@code ds}, collected to the driver in that order. */
  static List<Row> collect(Dataset<Row> ds, String... columns) {
    return ds.select(Arrays.stream(columns).map(c -> ds.col("`" + c + "`")).toArray(Column[]::new)).collectAsList();
  }

  /** Whether {@code ds} has a column named {@code name}. */
  static boolean hasColumn(Dataset<Row> ds, String name) {
    return Arrays.asList(ds.columns()).contains(name);
  }

  /** Spark's {@code trim}: removes leading and trailing spaces (U+0020) only. */
  static String trim(String s) {
    if (s == null) {
      return null;
    }
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == ' ') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == ' ') {
      e--;
    }
    return s.substring(b, e);
  }

  /** Spark's string order: by UTF-8 bytes, unsigned. */
  static final Comparator<String> UTF8 = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
      b.getBytes(StandardCharsets.UTF_8));

  /** Spark's order of doubles: -0.0 equals 0.0, NaN is larger than any other value and equals NaN. */
  static int compare(double a, double b) {
    return a == b ? 0 : Double.compare(a, b);
  }

  /** Spark's {@code log}: the natural logarithm, null for arguments at or below 0. */
  static Double log(double x) {
    return x <= 0 ? null : StrictMath.log(x);
  }

  /** a − b, null when either is null. */
  static Double minus(Double a, Double b) {
    return a == null || b == null ? null : a - b;
  }

  /** A list key whose parts may be null (Spark's grouping treats nulls as one value). */
  static List<Object> key(Object... parts) {
    return new ArrayList<>(Arrays.asList(parts));
  }
}
