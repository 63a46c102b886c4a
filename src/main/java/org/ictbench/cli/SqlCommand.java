package org.ictbench.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.SparkSessions;
import org.ictbench.serve.SqlShell;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs/sql.sh}: one Spark SQL statement over the curated tables, addressed as layer.table. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run one Spark SQL statement over the curated Delta tables, e.g.",
        "  \"SELECT iso3, idi FROM gold.idi_score ORDER BY idi DESC LIMIT 10\""})
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
    boolean owned = SparkSession.getDefaultSession().isEmpty(); // tests share one session
    SparkSession session = SparkSessions.create("ictbench-sql", spark.master, spark.shufflePartitions);
    try {
      new SqlShell(session, spark.curated).run(sql, fmt, limit, System.out);
      return 0;
    } finally {
      if (owned) {
        session.stop();
      }
    }
  }
}
