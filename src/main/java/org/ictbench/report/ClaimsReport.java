package org.ictbench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.Errors;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.ResourceTable;
import org.ictbench.core.Table;

/** The I/O edge of the claims check: reads a claims file and the curated tables, prints or saves the outcome. */
public final class ClaimsReport {
  private ClaimsReport() {}

  /** Catalog indicator ids a claim may name (besides idi, idi_universal, idi_meaningful). */
  public static Set<String> catalogIndicators() {
    return ResourceTable.load("catalog/indicator.csv").rows().stream().map(r -> r.get("indicator_id"))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** Checks the claims in {@code file} against the tables under {@code curated}. */
  public static Dataset<Row> check(SparkSession spark, String curated, String file) {
    Lakehouse lake = new Lakehouse(spark, curated);
    if (!lake.exists(Table.OBSERVATION_LATEST)) {
      throw Errors.tableMissing(Table.OBSERVATION_LATEST.qualifiedName(), lake.root());
    }
    Dataset<Row> claims = ClaimsCheck.readClaims(spark, file, catalogIndicators());
    Set<String> iso3s = claims.select("economy").distinct().collectAsList().stream().map(r -> r.getString(0))
        .collect(Collectors.toSet());
    return ClaimsCheck.check(claims, ClaimsCheck.evidence(lake, iso3s));
  }

  /** Checks, prints ({@code format} table or csv) and optionally saves the claims; returns the outcome rows. */
  public static List<Row> run(SparkSession spark, String curated, String file, String format, boolean save,
      PrintStream out) {
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!fmt.equals("table") && !fmt.equals("csv")) {
      throw Errors.badOption("--format", format, "table or csv");
    }
    Dataset<Row> result = check(spark, curated, file);
    List<Row> rows = result.collectAsList();
    if (fmt.equals("csv")) {
      printCsv(result.columns(), rows, out);
    } else {
      printTable(rows, out);
    }
    if (save) {
      Lakehouse lake = new Lakehouse(spark, curated);
      String fingerprint = "claims=" + ResourceTable.sha256(rows.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      boolean wrote = new DeltaWrites(lake).overwriteIfChanged(result, Table.CLAIMS_CHECK, fingerprint);
      (fmt.equals("csv") ? System.err : out).println(wrote ? "written: " + lake.path(Table.CLAIMS_CHECK)
          : "gold.claims_check unchanged (same outcome as its last version)");
    }
    return rows;
  }

  static void printTable(List<Row> rows, PrintStream out) {
    String f = "%-5s %-4s %-36s %-13s %9s  %-9s %9s  %s%n";
    out.printf(Locale.ROOT, f, "claim", "econ", "indicator", "period", "stated", "outcome", "curated", "curated source");
    TreeMap<String, Integer> counts = new TreeMap<>();
    for (Row r : rows) {
      String outcome = r.getAs("outcome");
      counts.merge(outcome, 1, Integer::sum);
      Double curated = r.getAs("curated_value");
      out.printf(Locale.ROOT, f, r.getAs("claim_id"), r.getAs("economy"), r.getAs("indicator"),
          r.getAs("period_kind") + " " + r.getAs("period"), r.getAs("stated_value"), outcome,
          curated == null ? "-" : ClaimsCheck.fmt(curated), r.getAs("curated_source") == null ? "-" : r.getAs("curated_source"));
      if (r.getAs("explanation") != null) {
        out.println("      why: " + r.getAs("explanation"));
      }
    }
    out.println(rows.size() + " claim(s): " + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", ")));
  }

  private static void printCsv(String[] header, List<Row> rows, PrintStream out) {
    try {
      CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header).get());
      for (Row r : rows) {
        Object[] v = new Object[r.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = r.isNullAt(i) ? "" : r.get(i);
        }
        p.printRecord(v);
      }
      p.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
