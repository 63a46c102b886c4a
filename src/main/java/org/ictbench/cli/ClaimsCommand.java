package org.ictbench.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.ictbench.core.Errors;
import org.ictbench.core.ExitCodes;
import org.ictbench.report.ClaimsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs/claims.sh}: checks the figures a paper states against the curated data. */
@Command(name = "claims", mixinStandardHelpOptions = true,
    description = "Check stated figures (a claims CSV) against the curated data: each claim comes back as"
        + " confirmed, differs (with the curated value and its source), explained (the figure is another"
        + " year's/edition's value, a normalized IDI score, the combined coverage score, ...) or no_data.")
final class ClaimsCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Parameters(index = "0", paramLabel = "FILE", description = "Claims CSV (see data/raw/claims/).")
  String file;

  /** How the outcome is printed. */
  enum Format { TABLE, CSV }

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
      description = "table or csv. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--save", description = "Also write the outcome to gold.claims_check (replaced each time).")
  boolean save;

  @Option(names = "--fail-on-differ",
      description = "Exit with code 12 when any claim differs from the curated data (explained and no_data do not"
          + " count).")
  boolean failOnDiffer;

  @Mixin
  ResultOption result;

  @Override
  public Integer call() throws Exception {
    return result.run("claims", (json, human) -> spark.withSession("ictbench-claims", session -> {
      List<Row> outcome = ClaimsReport.run(session, spark.curated(), file,
          format.name().toLowerCase(java.util.Locale.ROOT), save, human);
      describe(json, outcome);
      long differs = outcome.stream().filter(r -> "differs".equals(r.getAs("outcome"))).count();
      if (failOnDiffer && differs > 0) {
        throw Errors.claimsDiffer(differs, outcome.size(), file);
      }
      return ExitCodes.OK;
    }));
  }

  /** The claims part of the --json result: the file, the count per outcome and every claim's outcome. */
  private void describe(ObjectNode json, List<Row> outcome) {
    json.put("claims_file", file);
    json.put("curated", spark.curated());
    ObjectNode counts = json.putObject("outcomes");
    for (String o : List.of("confirmed", "differs", "explained", "no_data")) {
      counts.put(o, outcome.stream().filter(r -> o.equals(r.getAs("outcome"))).count());
    }
    ArrayNode claims = json.putArray("claims");
    for (Row r : outcome) {
      ObjectNode c = claims.addObject();
      for (String col : List.of("claim_id", "economy", "indicator", "period_kind", "period", "outcome",
          "curated_source", "explanation")) {
        Object v = r.getAs(col);
        c.put(col, v == null ? null : String.valueOf(v));
      }
      for (String col : List.of("stated_value", "curated_value")) {
        Object v = r.getAs(col);
        if (v instanceof Number n) {
          c.put(col, n.doubleValue());
        } else {
          c.putNull(col);
        }
      }
    }
  }
}
