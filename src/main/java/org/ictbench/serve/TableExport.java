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
import org.apache.hadoop.fs.FileStatus;
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
 * Exports a table (or any Dataset) for analysts: CSV (RFC 4180 quoting; LF line ends, or a BOM and
 * CRLF for Excel), one Parquet file (Spark's writer), an Arrow IPC file, or an Excel xlsx workbook with
 * a sheet per table (Apache POI, streaming). Text cells starting with {@code = + - @} are neutralised
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
    return export(df, format, outUri, false);
  }

  /**
   * Writes {@code df} to {@code outUri} (local path or Hadoop URI) in {@code format}, replacing a file
   * that is there. CSV is UTF-8 with LF line ends, or with {@code excelCsv} UTF-8 with a byte order
   * mark and CRLF line ends (what Excel needs to show non-Latin text). Parquet is one {@code .parquet}
   * file; CSV, Arrow and xlsx stream the rows to the file a partition at a time.
   */
  public static Result export(Dataset<Row> df, Format format, String outUri, boolean excelCsv) {
    Path out = Lakehouse.qualify(df.sparkSession(), outUri);
    if (format == Format.PARQUET) {
      return parquet(df, out, outUri);
    }
    Dataset<Row> flat = flatten(df);
    if (format == Format.XLSX) {
      return workbook(List.of(new Sheet("data", df)), outUri).get(0);
    }
    try {
      FileSystem fs = out.getFileSystem(df.sparkSession().sparkContext().hadoopConfiguration());
      refuseFolder(fs, out, outUri);
      if (out.getParent() != null) {
        fs.mkdirs(out.getParent());
      }
      long rows;
      try (OutputStream os = fs.create(out, true)) {
        Iterator<Row> it = flat.toLocalIterator();
        rows = switch (format) {
          case CSV -> writeCsv(flat.schema(), it, os, excelCsv);
          case ARROW -> ArrowExport.write(flat.schema(), it, os);
          default -> throw new IllegalStateException(format.toString());
        };
      }
      return new Result(format, out.toString(), rows, flat.columns().length);
    } catch (IOException e) {
      throw Errors.exportFailed(outUri, e);
    }
  }

  /** One sheet of a workbook export: its name (a table's {@code layer.table}) and its rows. */
  public record Sheet(String name, Dataset<Row> rows) {}

  /**
   * Writes an xlsx workbook with one sheet per entry, in order, rows streamed; returns one result per
   * sheet. Fails before writing anything when a sheet has more rows than Excel holds.
   */
  public static List<Result> workbook(List<Sheet> sheets, String outUri) {
    if (sheets.isEmpty()) {
      throw new IllegalArgumentException("no sheets");
    }
    org.apache.spark.sql.SparkSession spark = sheets.get(0).rows().sparkSession();
    Path out = Lakehouse.qualify(spark, outUri);
    List<XlsxExport.Sheet> xs = new ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Sheet s : sheets) {
      Dataset<Row> flat = flatten(s.rows());
      long rows = flat.count();
      if (rows > EXCEL_MAX_DATA_ROWS) {
        throw Errors.exportTooLarge(outUri + " (sheet " + s.name() + ")", rows, EXCEL_MAX_DATA_ROWS);
      }
      if (!names.add(XlsxExport.sheetName(s.name()).toLowerCase(Locale.ROOT))) {
        throw Errors.badOption("TABLE", s.name(), "each table once (Excel sheet names must differ)");
      }
      // rows are pulled from Spark only when the sheet is written
      xs.add(new XlsxExport.Sheet(s.name(), flat.schema(), new LazyIterator(flat)));
    }
    try {
      FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
      refuseFolder(fs, out, outUri);
      if (out.getParent() != null) {
        fs.mkdirs(out.getParent());
      }
      long[] counts;
      try (OutputStream os = fs.create(out, true)) {
        counts = XlsxExport.write(xs, os, outUri);
      }
      List<Result> results = new ArrayList<>();
      for (int i = 0; i < xs.size(); i++) {
        results.add(new Result(Format.XLSX, out.toString(), counts[i], xs.get(i).schema().fields().length));
      }
      return results;
    } catch (IOException e) {
      throw Errors.exportFailed(outUri, e);
    }
  }

  /** A Dataset's rows, fetched (toLocalIterator) on first use. */
  private static final class LazyIterator implements Iterator<Row> {
    private final Dataset<Row> df;
    private Iterator<Row> it;

    LazyIterator(Dataset<Row> df) {
      this.df = df;
    }

    private Iterator<Row> it() {
      if (it == null) {
        it = df.toLocalIterator();
      }
      return it;
    }

    @Override
    public boolean hasNext() {
      return it().hasNext();
    }

    @Override
    public Row next() {
      return it().next();
    }
  }

  /**
   * One Parquet file at {@code out}: Spark writes a single part file into a temporary folder beside
   * it, which is then renamed to {@code out}.
   */
  private static Result parquet(Dataset<Row> df, Path out, String outUri) {
    try {
      FileSystem fs = out.getFileSystem(df.sparkSession().sparkContext().hadoopConfiguration());
      refuseFolder(fs, out, outUri);
      Path parent = out.getParent();
      fs.mkdirs(parent);
      Path tmp = new Path(parent, "." + out.getName() + ".tmp-" + java.util.UUID.randomUUID());
      try {
        // Parquet min/max statistics on every column (the session writes them only for the lake's
        // skipping columns): other tools filtering an export prune row groups with them.
        df.coalesce(1).write().mode(SaveMode.ErrorIfExists).option(SparkSessions.PARQUET_STATISTICS, "true")
            .parquet(tmp.toString());
        FileStatus[] parts = fs.listStatus(tmp, p -> p.getName().endsWith(".parquet"));
        if (parts.length != 1) {
          throw new IOException("expected one Parquet part file in " + tmp + ", found " + parts.length);
        }
        if (fs.exists(out)) {
          fs.delete(out, false);
        }
        if (!fs.rename(parts[0].getPath(), out)) {
          throw new IOException("cannot rename " + parts[0].getPath() + " to " + out);
        }
      } finally {
        fs.delete(tmp, true);
      }
      long rows = df.sparkSession().read().parquet(out.toString()).count();
      return new Result(Format.PARQUET, out.toString(), rows, df.columns().length);
    } catch (IOException e) {
      throw Errors.exportFailed(outUri, e);
    }
  }

  /** An export replaces a file, never a folder (an older folder-style Parquet export is left alone). */
  private static void refuseFolder(FileSystem fs, Path out, String outUri) throws IOException {
    if (fs.exists(out) && fs.getFileStatus(out).isDirectory()) {
      throw Errors.exportFailed(outUri, new IOException("it is a folder; exports are single files, give a file name"));
    }
  }

  private static long writeCsv(StructType schema, Iterator<Row> rows, OutputStream os, boolean excel)
      throws IOException {
    OutputStreamWriter w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
    if (excel) {
      w.write('\uFEFF'); // the byte order mark: Excel then reads the file as UTF-8
    }
    CSVFormat base = excel ? CSVFormat.RFC4180 : ResultPrinter.CSV_LF;
    CSVPrinter p = new CSVPrinter(w, base.builder().setHeader(schema.fieldNames()).get());
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
