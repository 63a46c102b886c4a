package org.ictbench.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Errors;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;

/**
 * Spark SQL over the curated tables by name ({@code SELECT * FROM gold.idi_score}): registers every
 * existing Delta table in the session catalog, runs one statement and prints the result as an
 * aligned table, CSV or JSON Lines.
 */
public final class SqlShell {
  /** Output formats of {@link #run}. */
  public enum Format { TABLE, CSV, JSON }

  private final SparkSession spark;
  private final Lakehouse lake;

  public SqlShell(SparkSession spark, String curatedUri) {
    this.spark = spark;
    this.lake = new Lakehouse(spark, curatedUri);
  }

  /** Registers the tables and returns which exist. */
  public List<Table> register() {
    return lake.registerTables();
  }

  public Dataset<Row> query(String sql) {
    try {
      return spark.sql(sql);
    } catch (RuntimeException e) {
      throw Errors.queryFailed(sql, e);
    }
  }

  /** Prints a prepared Dataset the way {@link #run} prints a query result (for commands built on tables). */
  public static void print(Dataset<Row> df, Format format, int limit, PrintStream out) {
    switch (format) {
      case TABLE -> printTable(df, limit, out);
      case JSON -> df.toJSON().collectAsList().forEach(out::println);
      case CSV -> printCsv(df, out);
    }
  }

  public void run(String sql, Format format, int limit, PrintStream out) {
    register();
    Dataset<Row> df = query(sql);
    try {
      switch (format) {
        case TABLE -> printTable(df, limit, out);
        case JSON -> df.toJSON().collectAsList().forEach(out::println);
        case CSV -> printCsv(df, out);
      }
    } catch (RuntimeException e) {
      throw Errors.queryFailed(sql, e);
    }
  }

  private static void printTable(Dataset<Row> df, int limit, PrintStream out) {
    String[] names = df.columns();
    List<Row> rows = df.limit(limit + 1).collectAsList();
    int shown = Math.min(rows.size(), limit);
    int[] width = new int[names.length];
    String[][] cells = new String[shown][names.length];
    for (int c = 0; c < names.length; c++) {
      width[c] = names[c].length();
    }
    for (int r = 0; r < shown; r++) {
      for (int c = 0; c < names.length; c++) {
        cells[r][c] = cell(rows.get(r), c);
        width[c] = Math.min(60, Math.max(width[c], cells[r][c].length()));
      }
    }
    StringBuilder sep = new StringBuilder("+");
    for (int w : width) {
      sep.append("-".repeat(w + 2)).append('+');
    }
    out.println(sep);
    out.println(line(names, width));
    out.println(sep);
    for (String[] r : cells) {
      out.println(line(r, width));
    }
    out.println(sep);
    out.println(shown + (rows.size() > limit ? "+ rows (raise --limit to see more)" : " row(s)"));
  }

  private static String line(String[] values, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int c = 0; c < values.length; c++) {
      String v = values[c].length() > width[c] ? values[c].substring(0, width[c] - 1) + "~" : values[c];
      b.append(' ').append(String.format(Locale.ROOT, "%-" + width[c] + "s", v)).append(" |");
    }
    return b.toString();
  }

  /** A cell for the aligned table: NULL spelled out, line breaks flattened. */
  private static String cell(Row r, int i) {
    return r.isNullAt(i) ? "NULL" : text(r, i).replace('\n', ' ').replace('\r', ' ');
  }

  /** A cell's text; arrays and maps in Spark's bracket notation. */
  private static String text(Row r, int i) {
    Object v = r.get(i);
    return v instanceof scala.collection.Iterable<?> it ? it.mkString("[", ", ", "]") : v.toString();
  }

  private static void printCsv(Dataset<Row> df, PrintStream out) {
    try {
      CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(df.columns()).get());
      for (Row r : df.collectAsList()) {
        Object[] v = new Object[r.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = r.isNullAt(i) ? "" : text(r, i);
        }
        p.printRecord(v);
      }
      p.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Format format(String name) {
    try {
      return Format.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Errors.badOption("--format", name, "table, csv or json");
    }
  }
}
