package org.ictbench.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ictbench.core.Errors;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.curate.CountryIssues;
import org.ictbench.serve.SqlShell;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobs/countries.sh}: every unresolved or ambiguous entity name with its files and counts. */
@Command(name = "countries", mixinStandardHelpOptions = true,
    description = "List every entity code/name the country resolver could not settle (UNKNOWN_COUNTRY,"
        + " AMBIGUOUS_COUNTRY in silver.quarantine) with its source, files and row count. Add an alias to"
        + " src/main/resources/ictbench/reference/country_alias.csv (see its README), or to"
        + " reference/country_alias.extra.csv in a --reference folder, and rerun the pipeline with --force.")
final class CountriesCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
      description = "table, csv or json (JSON Lines). Default: ${DEFAULT-VALUE}.")
  SqlShell.Format format;

  @Option(names = "--fail-if-any", description = "Exit with code 13 when any name is unresolved or ambiguous (0 when none is).")
  boolean failIfAny;

  @Override
  public Integer call() {
    SqlShell.Format fmt = format;
    return spark.withSession("ictbench-countries", session -> {
      Dataset<Row> issues = CountryIssues.unresolved(new Lakehouse(session, spark.curated()).read(Table.QUARANTINE)).cache();
      long n = issues.count();
      SqlShell.print(issues, fmt, 100_000, System.out);
      if (fmt == SqlShell.Format.TABLE) {
        System.out.println(n == 0 ? "No unresolved or ambiguous entity names."
            : n + " unresolved or ambiguous entity name(s): add aliases to reference/country_alias.csv and rerun.");
      }
      if (failIfAny && n > 0) {
        throw Errors.unresolvedCountries(n, spark.curated());
      }
      return 0;
    });
  }
}
