package org.ictbench.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A rules/reference table shipped as a CSV resource (indicator catalog, reason codes, goalposts,
 * country aliases...), or read from a user's folder ({@link ReferenceData}). Rules are data: changing a
 * row changes behaviour without a code change. Values are parsed explicitly against a declared schema; a
 * bad cell fails naming the file and line the row came from (a table extended by a second file knows
 * which file each row is from).
 */
public final class ResourceTable {
  /** Where a row was read: the file (a classpath resource or a user file's URI) and its line there. */
  record Origin(String file, long line, boolean builtIn) {}

  private final String resource;
  private final List<String> header;
  private final List<Map<String, String>> rows;
  private final List<Origin> origins;
  private final String sha256;

  private ResourceTable(String resource, List<String> header, List<Map<String, String>> rows, List<Origin> origins,
      String sha256) {
    this.resource = resource;
    this.header = header;
    this.rows = rows;
    this.origins = origins;
    this.sha256 = sha256;
  }

  /** Loads {@code ictbench/<name>} from the classpath, e.g. {@code catalog/indicator.csv}. */
  public static ResourceTable load(String name) {
    String resource = "ictbench/" + name;
    try (InputStream in = ResourceTable.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw Errors.inputNotFound("Resource table", "classpath:" + resource);
      }
      byte[] bytes = in.readAllBytes();
      return parse(resource, Utf8Text.decode(bytes), sha256(bytes), true);
    } catch (IOException e) {
      throw Errors.unreadableFile("classpath:" + resource, "CSV", e.getMessage(), e);
    }
  }

  /** Parses CSV text (header row first, no byte-order mark: see {@link Utf8Text}); for user-supplied tables and tests. */
  public static ResourceTable parse(String resource, String text, String sha256) {
    return parse(resource, text, sha256, false);
  }

  private static ResourceTable parse(String resource, String text, String sha256, boolean builtIn) {
    CSVFormat fmt = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser p = CSVParser.parse(new StringReader(text), fmt)) {
      List<String> header = List.copyOf(p.getHeaderNames());
      List<Map<String, String>> rows = new ArrayList<>();
      List<Origin> origins = new ArrayList<>();
      java.util.Iterator<CSVRecord> it = p.iterator();
      while (true) {
        long line = p.getCurrentLineNumber() + 1; // where the next record starts (a quoted cell may span lines)
        if (!it.hasNext()) {
          break;
        }
        CSVRecord r = it.next();
        Origin origin = new Origin(resource, line, builtIn);
        if (r.size() != header.size()) {
          throw error(origin, "expected " + header.size() + " fields (the header's), found " + r.size());
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          m.put(header.get(i), r.get(i));
        }
        rows.add(Collections.unmodifiableMap(m));
        origins.add(origin);
      }
      return new ResourceTable(resource, header, List.copyOf(rows), List.copyOf(origins), sha256);
    } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      // commons-csv: a broken quote, a duplicate or missing header name
      throw error(new Origin(resource, 1, builtIn), "not a CSV table with one header row: " + e.getMessage());
    }
  }

  /**
   * This table with the rows of {@code extra} added after its own (a user's {@code *.extra.csv}). The
   * extra file's columns must be among this table's, in any order; a column it leaves out is empty in
   * its rows (so an optional column added to a table in a later release does not break an existing
   * extra file, and a required one is refused naming the file and line). Each row keeps the file and
   * line it came from, and the checksum covers both files.
   */
  public ResourceTable extendedWith(ResourceTable extra) {
    List<String> unknown = extra.header.stream().filter(c -> !header.contains(c)).toList();
    if (!unknown.isEmpty()) {
      throw error(new Origin(extra.resource, 1, extra.origins.isEmpty() || extra.origins.get(0).builtIn()),
          "columns " + unknown + " are not among the table's " + header + " (an .extra.csv file adds rows with"
              + " the table's columns)");
    }
    List<Map<String, String>> all = new ArrayList<>(rows);
    for (Map<String, String> r : extra.rows) {
      Map<String, String> m = new LinkedHashMap<>();
      header.forEach(c -> m.put(c, r.getOrDefault(c, "")));
      all.add(Collections.unmodifiableMap(m));
    }
    List<Origin> allOrigins = new ArrayList<>(origins);
    allOrigins.addAll(extra.origins);
    return new ResourceTable(resource + " + " + extra.resource, header, List.copyOf(all), List.copyOf(allOrigins),
        sha256((sha256 + "+" + extra.sha256).getBytes(StandardCharsets.UTF_8)));
  }

  /** The columns, in the file's order. */
  public List<String> header() {
    return header;
  }

  public String resource() {
    return resource;
  }

  public List<Map<String, String>> rows() {
    return rows;
  }

  public String sha256() {
    return sha256;
  }

  /** A required, non-empty cell. */
  public String required(Map<String, String> row, String column) {
    String v = row.get(column);
    if (v == null || v.isBlank()) {
      throw error(row, "column '" + column + "' is empty" + (header.contains(column) ? "" : " (no such column)"));
    }
    return v.trim();
  }

  /** A required cell holding a decimal number. */
  public double requiredDouble(Map<String, String> row, String column) {
    String v = required(row, column);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw error(row, "column '" + column + "' value '" + v + "' is not a number");
    }
  }

  /** A required cell holding a whole number. */
  public int requiredInt(Map<String, String> row, String column) {
    String v = required(row, column);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw error(row, "column '" + column + "' value '" + v + "' is not a whole number");
    }
  }

  /** The file (classpath resource or user file) {@code row} was read from. */
  public String fileOf(Map<String, String> row) {
    return origin(row).file();
  }

  /** The line {@code row} starts on in {@link #fileOf its file}. */
  public long lineOf(Map<String, String> row) {
    return origin(row).line();
  }

  /**
   * The error for {@code row} breaking a rule ({@code detail}: which value, which rule), naming the file
   * and line the row came from: exit code 4.
   */
  public IctbenchException error(Map<String, String> row, String detail) {
    return error(origin(row), detail);
  }

  /** {@link #error} for the IDI methodology tables (goalposts, editions, imputation): the same exit code. */
  public IctbenchException methodologyError(Map<String, String> row, String detail) {
    Origin o = origin(row);
    return Errors.invalidMethodology(o.file(), o.line(), detail, o.builtIn());
  }

  private static IctbenchException error(Origin o, String detail) {
    return o.builtIn() ? Errors.invalidReference(o.file(), o.line(), detail)
        : Errors.invalidReferenceFile(o.file(), o.line(), detail);
  }

  private Origin origin(Map<String, String> row) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i) == row) {
        return origins.get(i);
      }
    }
    throw new IllegalArgumentException("not a row of " + resource + ": " + row);
  }

  /**
   * The table as a Dataset. Each schema field must be a column of the CSV; cells are parsed to the
   * field's type (string, int, long, double, boolean); an empty cell becomes null.
   */
  public Dataset<Row> toDataset(SparkSession spark, StructType schema) {
    List<Row> out = new ArrayList<>(rows.size());
    for (int line = 0; line < rows.size(); line++) {
      Map<String, String> row = rows.get(line);
      Object[] values = new Object[schema.fields().length];
      for (int i = 0; i < values.length; i++) {
        StructField f = schema.fields()[i];
        if (!header.contains(f.name())) {
          throw error(new Origin(origins.get(line).file(), 1, origins.get(line).builtIn()),
              "missing column '" + f.name() + "'");
        }
        values[i] = convert(row, f.dataType(), f.name());
      }
      out.add(RowFactory.create(values));
    }
    return spark.createDataFrame(out, schema);
  }

  private Object convert(Map<String, String> row, DataType type, String column) {
    String cell = row.get(column);
    if (cell == null || cell.isEmpty()) {
      return null;
    }
    String v = cell.trim();
    try {
      if (type.equals(DataTypes.StringType)) {
        return cell;
      } else if (type.equals(DataTypes.IntegerType)) {
        return Integer.valueOf(v);
      } else if (type.equals(DataTypes.LongType)) {
        return Long.valueOf(v);
      } else if (type.equals(DataTypes.DoubleType)) {
        return Double.valueOf(v);
      } else if (type.equals(DataTypes.BooleanType)) {
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
          throw new NumberFormatException("not a boolean");
        }
        return Boolean.valueOf(v);
      }
    } catch (NumberFormatException e) {
      throw error(row, "column '" + column + "' value '" + cell + "' is not " + type.simpleString());
    }
    throw error(row, "unsupported column type " + type.simpleString());
  }

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256Digest().digest(bytes));
  }

  /** A new SHA-256 digest, for input fed in parts. */
  public static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
