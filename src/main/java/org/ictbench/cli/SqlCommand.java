package org.ictbench.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ictbench.serve.ConnectSql;
import org.ictbench.serve.ReadOnlySession;
import org.ictbench.serve.SqlShell;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs/sql.sh}: one Spark SQL statement over the curated tables, addressed as layer.table. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run one Spark SQL statement over the curated Delta tables. Only queries run (SELECT, SHOW,"
        + " DESCRIBE, EXPLAIN, SET, temporary views): the tables are read-only.",
    footerHeading = "%nExample:%n",
    footer = "  jobs/sql.sh \"SELECT iso3, idi FROM gold.idi_score ORDER BY idi DESC LIMIT 10\"")
final class SqlCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
      description = "table, csv (RFC 4180 quoting, LF line ends, UTF-8) or json (JSON Lines). Default: ${DEFAULT-VALUE}.")
  SqlShell.Format format;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "" + SqlShell.DEFAULT_LIMIT,
      description = "Rows shown in table format. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(names = "--connect", paramLabel = "URL",
      description = "Send the statement to a query server (jobs/serve.sh), e.g. sc://127.0.0.1:15002, with the"
          + " token from ICTBENCH_TOKEN or ICTBENCH_TOKEN_FILE. --curated and --master then do not apply.")
  String connect;

  @Parameters(index = "0", paramLabel = "SQL", description = "The statement.")
  String sql;

  @Override
  public Integer call() {
    SqlShell.Format fmt = format;
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    if (connect != null) {
      ConnectSql.run(connect, sql, fmt, limit, out);
      out.flush();
      return 0;
    }
    return spark.withSession("ictbench-sql", Map.of("spark.sql.extensions", ReadOnlySession.class.getName()), s -> {
      new SqlShell(s, spark.curated()).run(sql, fmt, limit, out);
      out.flush();
      return 0;
    });
  }
}
