package org.ictbench.ingest;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import org.apache.spark.sql.types.StructType;

/** Schemas of the bronze tables: the ingest file log and the raw records. Documented in README.md. */
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
   * quarantines such a record as MALFORMED_RECORD.
   */
  public static final String MALFORMED_FIELD = "_malformed";
}
