package org.ictbench.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;

/** The console report of a run: what was read, where it went, and the pair comparison. */
final class RunSummary {
  private final Lakehouse lake;
  private final PipelineConfig config;
  private final PrintStream out;

  RunSummary(Lakehouse lake, PipelineConfig config, PrintStream out) {
    this.lake = lake;
    this.config = config;
    this.out = out;
  }

  void print(PipelineResult r) {
    out.printf(Locale.ROOT, "ictbench run %s: %d files found, %d ingested, %d skipped (%.1f s)%n", r.runId(),
        r.filesFound(), r.filesIngested(), r.skipped().size(), r.seconds());
    if (!r.perFile().isEmpty()) {
      long[] t = new long[6];
      for (long[] c : r.perFile().values()) {
        for (int i = 0; i < 6; i++) {
          t[i] += c[i];
        }
      }
      out.printf(Locale.ROOT, "  records %d, value slots %d = observations %d + aggregates %d + classifications %d"
          + " + quarantined %d%n", t[0], t[1], t[2], t[3], t[4], t[5]);
    }
    for (String s : r.skipped()) {
      out.println("  skipped " + s);
    }
    out.println("  tables written: " + (r.tablesWritten().isEmpty() ? "none (nothing changed)"
        : String.join(", ", r.tablesWritten())));
    out.println("  tables under " + r.curatedRoot() + "  (query: jobs/sql.sh --curated <dir> \"SELECT ...\")");
    if (config.printComparison()) {
      printComparison();
    }
  }

  private void printComparison() {
    if (!lake.exists(Table.BILATERAL_COMPARISON)) {
      return;
    }
    String a = config.pairA();
    String b = config.pairB();
    if (lake.exists(Table.IDI_SCORE)) {
      List<Row> idi = lake.read(Table.IDI_SCORE).filter(col("iso3").isin(a, b))
          .orderBy(col("edition"), col("iso3")).select("edition", "iso3", "status", "idi", "universal", "meaningful")
          .collectAsList();
      out.printf(Locale.ROOT, "%nICT Development Index (%s vs %s)%n", a, b);
      out.printf(Locale.ROOT, "  %-7s %-4s %-11s %6s %9s %10s%n", "edition", "iso3", "status", "IDI", "universal",
          "meaningful");
      for (Row r : idi) {
        out.printf(Locale.ROOT, "  %-7d %-4s %-11s %6s %9s %10s%n", r.getInt(0), r.getString(1), r.getString(2),
            num(r.get(3), 1), num(r.get(4), 1), num(r.get(5), 1));
      }
    }
    Dataset<Row> cmp = lake.read(Table.BILATERAL_COMPARISON);
    Dataset<Row> newest = cmp.withColumn("newest", max("year").over(Window.partitionBy("indicator")))
        .filter(col("year").equalTo(col("newest"))).orderBy("indicator");
    List<Row> rows = newest.select("indicator", "year", "value_a", "value_b", "gap", "ratio", "unit").collectAsList();
    out.printf(Locale.ROOT, "%n%s vs %s, latest year both report (gold.bilateral_comparison)%n", a, b);
    out.printf(Locale.ROOT, "  %-36s %4s %14s %14s %14s %7s  %s%n", "indicator", "year", a, b, "gap", "ratio", "unit");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "  %-36s %4d %14s %14s %14s %7s  %s%n", r.getString(0), r.getInt(1), num(r.get(2), 2),
          num(r.get(3), 2), num(r.get(4), 2), num(r.get(5), 2), r.getString(6));
    }
    if (rows.isEmpty()) {
      out.println("  (no indicator and year that both report)");
    }
  }

  private static String num(Object v, int decimals) {
    if (v == null) {
      return "-";
    }
    double d = ((Number) v).doubleValue();
    return Math.abs(d) >= 1e6 ? String.format(Locale.ROOT, "%.4g", d)
        : String.format(Locale.ROOT, "%." + decimals + "f", d);
  }

}
