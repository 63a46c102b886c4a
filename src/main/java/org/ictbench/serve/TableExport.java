package org.ictbench.serve;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.Errors;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.SparkSessions;

/**
 * Exports a table (or any Dataset) for analysts: CSV (RFC 4180), Parquet (Spark's writer), Arrow IPC
 * file, or Excel xlsx (Apache POI, streaming). Text cells starting with {@code = + - @} are neutralised
 * in CSV and Excel by a leading single quote, so a spreadsheet never runs them as formulas; numeric
 * columns stay numbers. Nested columns (maps, arrays, structs) become JSON text in CSV, Arrow and
 * Excel; Parquet keeps them nested.
 */
public final class TableExport {
  /** Export formats. */
  public enum Format { CSV, PARQUET, ARROW, XLSX }

  /** Excel's sheet limit is 1,048,576 rows; one holds the header. */
  public static final long EXCEL_MAX_DATA_ROWS = 1_048_575L;

  /** What was written. */
  public record Result(Format format, String path, long rows, int columns) {}

  private TableExport() {}

  public static Format format(String name) {
    try {
      return Format.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Errors.badOption("--format", name, "csv, parquet, arrow or xlsx");
    }
  }

  /**
   * The formula-injection guard: a text that starts with {@code =}, {@code +}, {@code -} or {@code @}
   * gets a leading single quote (Excel's own "this is text" marker); any other text is unchanged.
   */
  public static String neutralise(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    char c = text.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' ? "'" + text : text;
  }

  /** Nested columns as JSON text (flat formats cannot hold them); other columns unchanged. No I/O. */
  public static Dataset<Row> flatten(Dataset<Row> df) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      boolean nested = f.dataType() instanceof MapType || f.dataType() instanceof ArrayType
          || f.dataType() instanceof StructType;
      cols.add(nested ? to_json(col(f.name())).alias(f.name()) : col(f.name()));
    }
    return df.select(cols.toArray(new Column[0]));
  }

  /** Writes {@code df} to {@code outUri} (local path or Hadoop URI) in {@code format}; replaces what is there. */
  public static Result export(Dataset<Row> df, Format format, String outUri) {
    Path out = Lakehouse.qualify(df.sparkSession(), outUri);
    if (format == Format.PARQUET) {
      // One part file inside the folder OUT (Spark's layout: part-*.parquet plus _SUCCESS).
      // Parquet min/max statistics on every column (the session writes them only for the lake's
      // skipping columns): other tools filtering an export prune row groups with them.
      df.coalesce(1).write().mode(SaveMode.Overwrite).option(SparkSessions.PARQUET_STATISTICS, "true")
          .parquet(out.toString());
      long rows = df.sparkSession().read().parquet(out.toString()).count();
      return new Result(format, out.toString(), rows, df.columns().length);
    }
    Dataset<Row> flat = flatten(df);
    if (format == Format.XLSX) {
      long rows = flat.count();
      if (rows > EXCEL_MAX_DATA_ROWS) {
        throw Errors.exportTooLarge(outUri, rows, EXCEL_MAX_DATA_ROWS);
      }
    }
    try {
      FileSystem fs = out.getFileSystem(df.sparkSession().sparkContext().hadoopConfiguration());
      if (out.getParent() != null) {
        fs.mkdirs(out.getParent());
      }
      long rows;
      try (OutputStream os = fs.create(out, true)) {
        Iterator<Row> it = flat.toLocalIterator();
        rows = switch (format) {
          case CSV -> writeCsv(flat.schema(), it, os);
          case ARROW -> ArrowExport.write(flat.schema(), it, os);
          case XLSX -> XlsxExport.write(flat.schema(), it, os, outUri);
          default -> throw new IllegalStateException(format.toString());
        };
      }
      return new Result(format, out.toString(), rows, flat.columns().length);
    } catch (IOException e) {
      throw Errors.exportFailed(outUri, e);
    }
  }

  private static long writeCsv(StructType schema, Iterator<Row> rows, OutputStream os) throws IOException {
    CSVPrinter p = new CSVPrinter(new OutputStreamWriter(os, StandardCharsets.UTF_8),
        CSVFormat.RFC4180.builder().setHeader(schema.fieldNames()).get());
    long n = 0;
    int width = schema.fields().length;
    while (rows.hasNext()) {
      Row r = rows.next();
      Object[] v = new Object[width];
      for (int i = 0; i < width; i++) {
        v[i] = r.isNullAt(i) ? "" : CellText.of(r.get(i), true);
      }
      p.printRecord(v);
      n++;
    }
    p.flush();
    return n;
  }

  /** Text of one cell for CSV: ISO dates and timestamps (UTC), plain decimals, neutralised strings. */
  static final class CellText {
    private CellText() {}

    static String of(Object v, boolean neutraliseText) {
      if (v instanceof String s) {
        return neutraliseText ? neutralise(s) : s;
      }
      if (v instanceof java.sql.Timestamp t) {
        return t.toInstant().toString();
      }
      if (v instanceof java.time.Instant i) {
        return i.toString();
      }
      if (v instanceof Double d && Double.isFinite(d)) {
        return java.math.BigDecimal.valueOf(d).toPlainString();
      }
      if (v instanceof java.math.BigDecimal d) {
        return d.toPlainString();
      }
      if (v instanceof byte[] b) {
        return java.util.Base64.getEncoder().encodeToString(b);
      }
      return v.toString();
    }
  }

}
