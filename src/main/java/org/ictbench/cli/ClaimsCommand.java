package org.ictbench.cli;

import java.util.concurrent.Callable;
import org.ictbench.report.ClaimsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs/claims.sh}: checks the figures a paper states against the curated data. */
@Command(name = "claims", mixinStandardHelpOptions = true,
    description = {"Check stated figures (a claims CSV) against the curated data: each claim comes back as",
        "confirmed, differs (with the curated value and its source), explained (the figure is another",
        "year's/edition's value, a normalized IDI score, the combined coverage score, ...) or no_data."})
final class ClaimsCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Parameters(index = "0", paramLabel = "FILE", description = "Claims CSV (see data/raw/claims/).")
  String file;

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
      description = "table or csv. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--save", description = "Also write the outcome to gold.claims_check (replaced each time).")
  boolean save;

  @Override
  public Integer call() {
    return spark.withSession("ictbench-claims", session -> {
      ClaimsReport.run(session, spark.curated(), file, format, save, System.out);
      return 0;
    });
  }
}
