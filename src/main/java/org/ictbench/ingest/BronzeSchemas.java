package org.ictbench.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;

/**
 * Schemas of the bronze tables (the ingest file log and the raw records) and the one test of a raw
 * record curation needs from the parser's conventions. Documented in docs/tables.md.
 */
public final class BronzeSchemas {
  private BronzeSchemas() {}

  /** One row per file found under the raw root, as scanned (before the run decides what to ingest). */
  public static final StructType SCANNED_FILE = new StructType()
      .add("file_uri", StringType, false)
      .add("file_name", StringType, false)
      .add("size_bytes", LongType, false)
      .add("modified_at", TimestampType, false)
      .add("file_sha256", StringType, false)
      .add("format", StringType, true)
      .add("source_id", StringType, true)
      .add("vintage", DateType, false)
      .add("vintage_basis", StringType, false)
      .add("vintage_label", StringType, false)
      .add("detail", StringType, true);

  /** bronze.raw_record: one row per input record, raw fields as strings, with lineage. */
  public static final StructType RAW_RECORD = new StructType()
      .add("run_id", StringType, false)
      .add("source_id", StringType, false)
      .add("format", StringType, false)
      .add("file_uri", StringType, false)
      .add("file_name", StringType, false)
      .add("file_sha256", StringType, false)
      .add("vintage", DateType, false)
      .add("record_number", LongType, false)
      .add("source_line", LongType, false)
      .add("fields", createMapType(StringType, StringType, true), false)
      .add("slot_count", IntegerType, false);

  /**
   * The field the parser adds to a bronze record it could not split (its value says why): curation
   * quarantines such a record as MALFORMED_RECORD. The name is reserved: the parser adds it only to
   * such a record, always as its last field (a CSV or workbook column of that name is stored as
   * {@code _malformed#2}, the way repeated column names are: {@link #fieldKey}).
   */
  public static final String MALFORMED_FIELD = "_malformed";

  /**
   * The key a parser (CSV or workbook) stores a field named {@code name} under in {@code fields}: the
   * name itself, or {@code name#2}, {@code name#3}... when the record already has that key (a
   * repeated column name) or the name is the reserved {@link #MALFORMED_FIELD}.
   */
  static String fieldKey(Map<String, String> fields, String name) {
    String key = name;
    for (int k = 2; fields.containsKey(key) || key.equals(MALFORMED_FIELD); k++) {
      key = name + "#" + k;
    }
    return key;
  }

  /**
   * True for a record the parser marked malformed, false otherwise (never null). Reads the record's
   * last key only, which the reservation of {@link #MALFORMED_FIELD} makes exact, instead of comparing
   * every key with it: curation asks this of every record it reads.
   */
  public static Column isMalformed(Column fields) {
    return coalesce(try_element_at(map_keys(fields), lit(-1)).equalTo(MALFORMED_FIELD), lit(false));
  }
}
