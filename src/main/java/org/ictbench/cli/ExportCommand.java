package org.ictbench.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Errors;
import org.ictbench.core.Table;
import org.ictbench.serve.IctbenchCatalog;
import org.ictbench.serve.TableExport;
import org.ictbench.serve.UnitsAndSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs/export.sh}: curated tables to CSV, Parquet, Arrow IPC or Excel for analysts. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export curated tables (layer.table, e.g. gold.idi_score) as CSV, one Parquet file, an Arrow IPC"
        + " file, or xlsx; xlsx takes several tables (one sheet each, plus a sheet of units and sources). Text cells"
        + " starting with = + - @ get a leading ' in CSV and xlsx (formula-injection guard).")
final class ExportCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Parameters(index = "0..*", arity = "1..*", paramLabel = "TABLE",
      description = "The table(s), as layer.table; several only with --format xlsx.")
  List<String> tables;

  @Option(names = "--format", paramLabel = "FMT", required = true,
      description = "csv (RFC 4180, UTF-8, LF), parquet (one .parquet file), arrow (Arrow IPC file) or xlsx.")
  TableExport.Format format;

  @Option(names = "--excel", description = "With --format csv: UTF-8 with a byte order mark and CRLF line ends,"
      + " so Excel shows Cyrillic and Chinese names correctly.")
  boolean excel;

  @Option(names = "--out", paramLabel = "PATH", required = true,
      description = "Output file; replaced if it exists.")
  String out;

  @Option(names = "--where", paramLabel = "SQL",
      description = "Spark SQL condition selecting the rows of each table, e.g. \"iso3 IN ('BLR','CHN')\".")
  String where;

  @Override
  public Integer call() {
    TableExport.Format fmt = format;
    List<Table> picked = new ArrayList<>();
    for (String name : tables) {
      picked.add(Table.byQualifiedName(name).orElseThrow(() -> Errors.unknownTable(name,
          Arrays.stream(Table.values()).map(Table::qualifiedName).toList())));
    }
    if (picked.size() > 1 && fmt != TableExport.Format.XLSX) {
      throw Errors.badOption("TABLE", String.join(" ", tables), "one table (several only with --format xlsx)");
    }
    if (excel && fmt != TableExport.Format.CSV) {
      throw Errors.badOption("--excel", "set", "--excel only with --format csv");
    }
    return spark.withSession("ictbench-export", session -> {
      SparkSession lake = IctbenchCatalog.session(session, spark.curated());
      List<Dataset<Row>> frames = new ArrayList<>();
      for (Table t : picked) {
        frames.add(read(lake, t));
      }
      List<TableExport.Result> results = new ArrayList<>();
      if (fmt == TableExport.Format.XLSX) {
        List<TableExport.Sheet> sheets = new ArrayList<>();
        for (int i = 0; i < picked.size(); i++) {
          sheets.add(new TableExport.Sheet(picked.get(i).qualifiedName(), frames.get(i)));
        }
        sheets.add(new TableExport.Sheet(UnitsAndSources.SHEET, UnitsAndSources.of(lake)));
        results.addAll(TableExport.workbook(sheets, out));
      } else {
        results.add(TableExport.export(frames.get(0), fmt, out, excel));
      }
      for (int i = 0; i < results.size(); i++) {
        TableExport.Result r = results.get(i);
        String what = i < picked.size() ? picked.get(i).qualifiedName() : UnitsAndSources.SHEET;
        System.out.println("exported " + what + ": " + r.rows() + " rows x " + r.columns() + " columns as "
            + fmt.name().toLowerCase(Locale.ROOT) + (excel ? " (Excel: BOM, CRLF)" : "") + " to " + r.path());
      }
      return 0;
    });
  }

  /** The table through the ictbench catalog, narrowed by --where. */
  private Dataset<Row> read(SparkSession lake, Table t) {
    if (!lake.catalog().tableExists(t.qualifiedName())) {
      throw Errors.tableMissing(t.qualifiedName(), spark.curated());
    }
    Dataset<Row> df = lake.table(t.qualifiedName());
    if (where != null && !where.isBlank()) {
      try {
        df = df.where(where);
        df.schema();
      } catch (RuntimeException e) {
        throw Errors.queryFailed("SELECT * FROM " + t.qualifiedName() + " WHERE " + where, e);
      }
    }
    return df;
  }
}
