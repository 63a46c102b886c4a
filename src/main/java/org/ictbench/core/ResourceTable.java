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
 * country aliases...). Rules are data: changing a row changes behaviour without a code change.
 * Values are parsed explicitly against a declared schema; a bad cell fails with file and line.
 */
public final class ResourceTable {
  private final String resource;
  private final List<String> header;
  private final List<Map<String, String>> rows;
  private final String sha256;

  private ResourceTable(String resource, List<String> header, List<Map<String, String>> rows, String sha256) {
    this.resource = resource;
    this.header = header;
    this.rows = rows;
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
      return parse(resource, new String(bytes, StandardCharsets.UTF_8), sha256(bytes));
    } catch (IOException e) {
      throw Errors.unreadableFile("classpath:" + resource, "CSV", e.getMessage(), e);
    }
  }

  /** Parses CSV text (header row first); for user-supplied tables and tests. */
  public static ResourceTable parse(String resource, String text, String sha256) {
    CSVFormat fmt = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser p = CSVParser.parse(new StringReader(stripBom(text)), fmt)) {
      List<String> header = List.copyOf(p.getHeaderNames());
      List<Map<String, String>> rows = new ArrayList<>();
      for (CSVRecord r : p) {
        if (r.size() != header.size()) {
          throw Errors.invalidReference(resource, r.getRecordNumber() + 1,
              "expected " + header.size() + " fields, found " + r.size());
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          m.put(header.get(i), r.get(i));
        }
        rows.add(Collections.unmodifiableMap(m));
      }
      return new ResourceTable(resource, header, List.copyOf(rows), sha256);
    } catch (IOException e) {
      throw Errors.unreadableFile(resource, "CSV", e.getMessage(), e);
    }
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
      throw Errors.invalidReference(resource, rows.indexOf(row) + 2, "column '" + column + "' is empty");
    }
    return v.trim();
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
          throw Errors.invalidReference(resource, 1, "missing column '" + f.name() + "'");
        }
        values[i] = convert(row.get(f.name()), f.dataType(), line + 2, f.name());
      }
      out.add(RowFactory.create(values));
    }
    return spark.createDataFrame(out, schema);
  }

  private Object convert(String cell, DataType type, long line, String column) {
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
      throw Errors.invalidReference(resource, line, "column '" + column + "' value '" + cell + "' is not " + type.simpleString());
    }
    throw Errors.invalidReference(resource, line, "unsupported column type " + type.simpleString());
  }

  static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
