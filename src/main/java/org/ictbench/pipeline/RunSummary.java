package org.ictbench.pipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ictbench.core.LakeLog;
import org.ictbench.core.Table;

/** The console report of a run: what was read, where it went, and the pair comparison. */
final class RunSummary {
  private final LakeLog log;
  private final PipelineConfig config;
  private final PrintStream out;

  /** Reads the two summary tables with Delta Kernel, so a run that started no Spark can print them too. */
  RunSummary(LakeLog log, PipelineConfig config, PrintStream out) {
    this.log = log;
    this.config = config;
    this.out = out;
  }

  void print(PipelineResult r) {
    out.printf(Locale.ROOT, "ictbench %s run %s: %d files found, %d ingested, %d skipped (%.1f s)%n", r.version(),
        r.runId(), r.filesFound(), r.filesIngested(), r.skipped().size(), r.seconds());
    if (r.filesIngested() > 0) {
      FileCounts t = r.totals();
      out.printf(Locale.ROOT, "  records %d, value slots %d = observations %d + aggregates %d + classifications %d"
          + " + quarantined %d%n", t.records(), t.slots(), t.observations(), t.aggregates(), t.classifications(),
          t.quarantined());
    }
    for (String s : r.skipped()) {
      out.println("  skipped " + printable(s));
    }
    List<String> held = VintageStage.heldNow(log);
    if (!held.isEmpty()) {
      out.println("  held for review (silver.vintage_review; not in silver.observation_latest or gold until accepted"
          + " with --accept-vintage <label, date or file checksum>):");
      held.forEach(h -> out.println("    " + h));
    }
    out.println("  tables written: " + (r.tablesWritten().isEmpty() ? "none (nothing changed)"
        : String.join(", ", r.tablesWritten())));
    out.println("  tables under " + r.curatedRoot() + "  (query: jobs/sql.sh --curated <dir> \"SELECT ...\")");
    if (config.printComparison()) {
      printComparison();
    }
  }

  private void printComparison() {
    if (!log.exists(Table.BILATERAL_COMPARISON)) {
      return;
    }
    String a = config.pairA();
    String b = config.pairB();
    List<Object[]> idi = new ArrayList<>(log.rows(Table.IDI_SCORE,
        List.of("edition", "iso3", "status", "idi", "universal", "meaningful", "idi_low", "idi_high", "universal_low",
            "universal_high", "meaningful_low", "meaningful_high")));
    idi.removeIf(r -> !a.equals(r[1]) && !b.equals(r[1]));
    idi.sort(Comparator.comparing((Object[] r) -> (Integer) r[0]).thenComparing(r -> (String) r[1]));
    if (!idi.isEmpty()) {
      out.printf(Locale.ROOT, "%nICT Development Index (%s vs %s), with the 80%% interval of nowcasts and imputed scores%n",
          a, b);
      out.printf(Locale.ROOT, "  %-7s %-4s %-11s %6s %-13s %9s %-13s %10s %-13s%n", "edition", "iso3", "status", "IDI",
          "(80%)", "universal", "(80%)", "meaningful", "(80%)");
      for (Object[] r : idi) {
        out.printf(Locale.ROOT, "  %-7d %-4s %-11s %6s %-13s %9s %-13s %10s %-13s%n", r[0], r[1], r[2], num(r[3], 1),
            interval(r[6], r[7]), num(r[4], 1), interval(r[8], r[9]), num(r[5], 1), interval(r[10], r[11]));
      }
    }
    // newest year per indicator
    Map<String, Object[]> newest = new TreeMap<>();
    for (Object[] r : log.rows(Table.BILATERAL_COMPARISON,
        List.of("indicator", "year", "value_a", "value_b", "gap", "ratio", "unit"))) {
      newest.merge((String) r[0], r, (x, y) -> (Integer) x[1] >= (Integer) y[1] ? x : y);
    }
    out.printf(Locale.ROOT, "%n%s vs %s, latest year both report (gold.bilateral_comparison)%n", a, b);
    out.printf(Locale.ROOT, "  %-36s %4s %14s %14s %14s %7s  %s%n", "indicator", "year", a, b, "gap", "ratio", "unit");
    for (Object[] r : newest.values()) {
      out.printf(Locale.ROOT, "  %-36s %4d %14s %14s %14s %7s  %s%n", r[0], r[1], num(r[2], 2), num(r[3], 2),
          num(r[4], 2), num(r[5], 2), r[6]);
    }
    if (newest.isEmpty()) {
      out.println("  (no indicator and year that both report)");
    }
  }

  /** "(89.2-91.5)", or blank when there is no interval or it is a point (ITU's inputs only). */
  static String interval(Object low, Object high) {
    if (low == null || high == null || ((Number) high).doubleValue() - ((Number) low).doubleValue() < 0.05) {
      return "";
    }
    return "(" + num(low, 1) + "-" + num(high, 1) + ")";
  }

  /** {@code s} with control characters (a line break in a file name) escaped, so each entry stays one line. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        b.append(String.format(Locale.ROOT, "\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
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
