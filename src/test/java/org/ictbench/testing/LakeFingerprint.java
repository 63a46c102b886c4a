package org.ictbench.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;

/**
 * A lake's content on its stable columns, for comparing a lake after a crash and a recovery run with
 * a clean run's: every column except run ids and timestamps (which differ between any two runs), with
 * file URIs taken relative to the raw folder (so lakes built from copies of the same raw folder
 * compare) and doubles compared as floats (aggregation order may change the last bits). Per table a
 * row count and an order-independent sum of row hashes; {@link #diff} shows the differing rows.
 */
public final class LakeFingerprint {
  private LakeFingerprint() {}

  /** The table's rows projected on the stable columns, normalized as described above. */
  public static Dataset<Row> stable(Lakehouse lake, Table t) {
    Dataset<Row> d = lake.read(t);
    List<Column> cols = new ArrayList<>();
    for (StructField f : d.schema().fields()) {
      String n = f.name();
      DataType type = f.dataType();
      if (n.equals("run_id") || n.endsWith("_run_id") || type.equals(DataTypes.TimestampType)) {
        continue;
      }
      Column c = col("`" + n + "`");
      if (n.equals("file_uri") || n.endsWith("_file") || n.equals("file_uris")) {
        c = type.equals(DataTypes.StringType) ? regexp_replace(c, "^.*?/raw/", "") : c;
      } else if (type.equals(DataTypes.DoubleType)) {
        c = c.cast("float");
      } else if (type instanceof MapType) {
        c = to_json(c);
      }
      cols.add(c.as(n));
    }
    return d.select(cols.toArray(new Column[0]));
  }

  /**
   * Table → "rows:hashsum" for every table that exists in the lake ("0:null" for an empty one), counted
   * in one Spark job over the union of all tables rather than one job per table.
   */
  public static Map<Table, String> of(Lakehouse lake) {
    Map<Table, String> out = new TreeMap<>();
    Dataset<Row> all = null;
    for (Table t : Table.values()) {
      if (!lake.exists(t)) {
        continue;
      }
      out.put(t, "0:null");
      Dataset<Row> s = stable(lake, t);
      Column hash = xxhash64(s.columns().length == 0 ? new Column[] {lit(0)}
          : java.util.Arrays.stream(s.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new));
      Dataset<Row> part = s.select(lit(t.name()).as("t"), hash.cast("decimal(38,0)").as("h"));
      all = all == null ? part : all.unionAll(part);
    }
    if (all != null) {
      for (Row r : all.groupBy("t").agg(count(lit(1)), sum("h")).collectAsList()) {
        out.put(Table.valueOf(r.getString(0)), r.getLong(1) + ":" + r.get(2));
      }
    }
    return out;
  }

  /**
   * The files whose value slots in bronze.raw_record differ from their rows in the four silver tables
   * (observation, aggregate_observation, economy_classification, quarantine), counted here
   * independently of the pipeline's own check; empty when the identity holds.
   */
  public static List<String> identityBreaks(Lakehouse lake) {
    Dataset<Row> slots = lake.read(Table.RAW_RECORD).groupBy(col("file_sha256").as("sha"))
        .agg(sum("slot_count").as("slots"));
    Dataset<Row> landed = null;
    for (Table t : List.of(Table.OBSERVATION, Table.AGGREGATE_OBSERVATION, Table.ECONOMY_CLASSIFICATION,
        Table.QUARANTINE)) {
      Dataset<Row> part = lake.read(t).select("file_sha256");
      landed = landed == null ? part : landed.unionAll(part);
    }
    Dataset<Row> rows = landed.groupBy("file_sha256").agg(count(lit(1)).as("rows"));
    List<String> out = new ArrayList<>();
    for (Row r : slots.join(rows, slots.col("sha").equalTo(rows.col("file_sha256")), "full_outer")
        .filter("coalesce(slots, 0) <> coalesce(rows, 0)").collectAsList()) {
      out.add(r.toString());
    }
    return out;
  }

  /** Up to {@code limit} rows of each side that the other lacks, for an assertion message. */
  public static String diff(Lakehouse expected, Lakehouse actual, Table t, int limit) {
    if (!actual.exists(t) || !expected.exists(t)) {
      return t.qualifiedName() + (actual.exists(t) ? " exists only in the recovered lake" : " is missing");
    }
    Dataset<Row> e = stable(expected, t);
    Dataset<Row> a = stable(actual, t);
    StringBuilder sb = new StringBuilder(t.qualifiedName()).append(": expected ").append(e.count())
        .append(" rows, found ").append(a.count());
    for (Row r : e.exceptAll(a).limit(limit).collectAsList()) {
      sb.append("\n    missing ").append(r);
    }
    for (Row r : a.exceptAll(e).limit(limit).collectAsList()) {
      sb.append("\n    extra   ").append(r);
    }
    return sb.toString();
  }
}
