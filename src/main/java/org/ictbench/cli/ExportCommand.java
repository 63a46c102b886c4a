package org.ictbench.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ictbench.core.Errors;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.serve.TableExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs/export.sh}: one curated table to CSV, Parquet, Arrow IPC or Excel for analysts. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export one curated table (layer.table, e.g. gold.idi_score) as CSV, Parquet, Arrow IPC or"
        + " xlsx. Text cells starting with = + - @ get a leading ' in CSV and xlsx (formula-injection guard).")
final class ExportCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Parameters(index = "0", paramLabel = "TABLE", description = "The table, as layer.table.")
  String table;

  @Option(names = "--format", paramLabel = "FMT", required = true,
      description = "csv (RFC 4180, UTF-8), parquet (a folder with one part file), arrow (Arrow IPC file) or xlsx.")
  String format;

  @Option(names = "--out", paramLabel = "PATH", required = true,
      description = "Output file (a folder for parquet); replaced if it exists.")
  String out;

  @Option(names = "--where", paramLabel = "SQL", description = "Spark SQL condition selecting the rows, e.g. \"iso3 IN ('BLR','CHN')\".")
  String where;

  @Override
  public Integer call() {
    TableExport.Format fmt = TableExport.format(format);
    Table t = Table.byQualifiedName(table).orElseThrow(() -> Errors.unknownTable(table,
        java.util.Arrays.stream(Table.values()).map(Table::qualifiedName).toList()));
    return spark.withSession("ictbench-export", session -> {
      Dataset<Row> df = new Lakehouse(session, spark.curated()).read(t);
      if (where != null && !where.isBlank()) {
        try {
          df = df.where(where);
          df.schema();
        } catch (RuntimeException e) {
          throw Errors.queryFailed("SELECT * FROM " + t.qualifiedName() + " WHERE " + where, e);
        }
      }
      TableExport.Result r = TableExport.export(df, fmt, out);
      System.out.println("exported " + t.qualifiedName() + ": " + r.rows() + " rows x " + r.columns()
          + " columns as " + fmt.name().toLowerCase(java.util.Locale.ROOT) + " to " + r.path());
      return 0;
    });
  }
}
