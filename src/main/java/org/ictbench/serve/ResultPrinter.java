package org.ictbench.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Prints a query result as an aligned table, CSV or JSON Lines. Uses only Spark's SQL API, so the
 * same code prints a result of a local session and one fetched from a query server through Spark
 * Connect. CSV and JSON stream the rows (a partition or an Arrow batch at a time), so a large result
 * is never held on the driver; the table format shows at most {@code limit} rows.
 */
final class ResultPrinter {
  /** CSV for pipes (as psql and sqlite3 write it): RFC 4180 quoting, LF line ends, no BOM. */
  static final CSVFormat CSV_LF = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

  private ResultPrinter() {}

  static void print(Dataset<Row> df, SqlShell.Format format, int limit, PrintStream out) {
    switch (format) {
      case TABLE -> printTable(df, limit, out);
      case JSON -> printJson(df, out);
      case CSV -> printCsv(df, out);
    }
    out.flush();
  }

  private static void printJson(Dataset<Row> df, PrintStream out) {
    Iterator<String> it = df.toJSON().toLocalIterator();
    try {
      while (it.hasNext()) {
        out.println(it.next());
      }
    } finally {
      close(it);
    }
  }

  /** Releases a result iterator's buffers when it holds any (Spark Connect's Arrow batches). */
  private static void close(Iterator<?> it) {
    if (it instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // the rows are printed; releasing buffers early is all this was for
      }
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
  static String text(Row r, int i) {
    Object v = r.get(i);
    return v instanceof scala.collection.Iterable<?> it ? it.mkString("[", ", ", "]") : v.toString();
  }

  private static void printCsv(Dataset<Row> df, PrintStream out) {
    try {
      CSVPrinter p = new CSVPrinter(out, CSV_LF.builder().setHeader(df.columns()).get());
      Iterator<Row> it = df.toLocalIterator();
      try {
        while (it.hasNext()) {
          Row r = it.next();
          Object[] v = new Object[r.size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = r.isNullAt(i) ? "" : text(r, i);
          }
          p.printRecord(v);
        }
      } finally {
        close(it);
      }
      p.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
