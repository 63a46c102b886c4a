package org.ictbench.cli;

import java.sql.Date;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ictbench.core.Errors;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.curate.Revisions;
import org.ictbench.serve.SqlShell;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobs/revisions.sh}: what changed in one series between two vintages. */
@Command(name = "revisions", mixinStandardHelpOptions = true,
    description = "Show what changed in one series between two vintages of silver.observation: revised values"
        + " (old and new), new years and withdrawn values.",
    footerHeading = "%nExample:%n",
    footer = "  jobs/revisions.sh --indicator internet_users_pct --source WB_WDI \\%n      --from 2023-05 --to 2024-11")
final class RevisionsCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--indicator", required = true, paramLabel = "ID",
      description = "Catalog indicator id (silver.indicator), e.g. internet_users_pct.")
  String indicator;

  @Option(names = "--source", paramLabel = "SRC",
      description = "Source id (catalog/source.csv), e.g. WB_WDI, ITU_DATAHUB. Default: every source (vintages of all sources).")
  String source;

  @Option(names = "--from", paramLabel = "VINTAGE",
      description = "Older vintage: yyyy, yyyy-mm or yyyy-mm-dd, a prefix of exactly one vintage date. Default: the second newest.")
  String from;

  @Option(names = "--to", paramLabel = "VINTAGE",
      description = "Newer vintage, same form. Default: the newest.")
  String to;

  @Option(names = "--iso3", paramLabel = "A,B", split = ",",
      description = "Only these economies (ISO alpha-3).")
  List<String> iso3;

  @Option(names = "--all", description = "Also list unchanged values (default: only revised, new and withdrawn).")
  boolean all;

  @Option(names = "--tolerance", paramLabel = "REL", defaultValue = "1e-9",
      description = "Relative difference below which a value counts as unchanged. Default: ${DEFAULT-VALUE}.")
  double tolerance;

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
      description = "table, csv or json (JSON Lines). Default: ${DEFAULT-VALUE}.")
  SqlShell.Format format;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "" + SqlShell.DEFAULT_LIMIT,
      description = "Rows shown in table format. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Override
  public Integer call() {
    SqlShell.Format fmt = format;
    return spark.withSession("ictbench-revisions", session -> {
      Dataset<Row> obs = new Lakehouse(session, spark.curated()).read(Table.OBSERVATION);
      List<Date> vintages = Revisions.vintages(obs, indicator, source);
      if (vintages.size() < 2 && (from == null || to == null)) {
        throw Errors.badOption("--indicator", indicator + (source == null ? "" : " --source " + source),
            "a series with at least two vintages (found " + vintages + ")");
      }
      Date newer = to == null ? vintages.get(0) : Revisions.pick(vintages, to, "--to");
      Date older = from == null ? vintages.get(1) : Revisions.pick(vintages, from, "--from");
      Dataset<Row> cmp = Revisions.compare(obs, indicator, source, older, newer, tolerance);
      if (iso3 != null && !iso3.isEmpty()) {
        cmp = cmp.filter(cmp.col("iso3").isin(iso3.stream().map(String::trim).map(String::toUpperCase).toArray()));
      }
      cmp = cmp.cache();
      Dataset<Row> shown = all ? cmp : cmp.filter("change <> 'unchanged'");
      SqlShell.print(shown, fmt, limit, System.out);
      if (fmt == SqlShell.Format.TABLE) {
        StringBuilder sb = new StringBuilder(indicator + (source == null ? "" : " (" + source + ")") + ": "
            + older + " -> " + newer + ":");
        Revisions.summary(cmp).collectAsList().forEach(r -> sb.append(' ').append(r.getString(0)).append(' ').append(r.getLong(1)));
        System.out.println(sb);
      }
      return 0;
    });
  }
}
