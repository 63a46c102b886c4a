package org.ictbench.cli;

import java.util.concurrent.Callable;
import org.ictbench.serve.SqlShell;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs/sql.sh}: one Spark SQL statement over the curated tables, addressed as layer.table. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run one Spark SQL statement over the curated Delta tables.",
    footerHeading = "%nExample:%n",
    footer = "  jobs/sql.sh \"SELECT iso3, idi FROM gold.idi_score ORDER BY idi DESC LIMIT 10\"")
final class SqlCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
      description = "table, csv or json (JSON Lines). Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
      description = "Rows shown in table format. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Parameters(index = "0", paramLabel = "SQL", description = "The statement.")
  String sql;

  @Override
  public Integer call() {
    SqlShell.Format fmt = SqlShell.format(format);
    return spark.withSession("ictbench-sql", s -> {
      new SqlShell(s, spark.curated()).run(sql, fmt, limit, System.out);
      return 0;
    });
  }
}
