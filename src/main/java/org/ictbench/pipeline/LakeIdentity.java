package org.ictbench.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ictbench.core.LakeLog;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;

/**
 * The no-data-lost identity over the whole lake: every value slot bronze holds landed in exactly one
 * of the four silver tables. Each check returns the files for which it does not hold, empty when it
 * holds. (Each run checks its own files before it publishes them, in {@link FileIngestion}.)
 */
final class LakeIdentity {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LakeIdentity.class);

  /** The four silver tables every value slot lands in exactly one of. */
  private static final List<Table> SLOT_TABLES = List.of(Table.OBSERVATION, Table.AGGREGATE_OBSERVATION,
      Table.ECONOMY_CLASSIFICATION, Table.QUARANTINE);

  private final Lakehouse lake;

  LakeIdentity(Lakehouse lake) {
    this.lake = lake;
  }

  /** The end line of a check in the run's log. */
  static String describe(List<String> broken) {
    return broken.isEmpty() ? "every file's slots landed" : broken.size() + " file(s) broken";
  }

  /**
   * The identity over the whole lake from the counts the lake keeps anyway: the value slots
   * bronze.ingest_file logged for every ingested file against the rows of the four silver tables,
   * summed from Delta's per-file statistics (with Delta Kernel: no Spark job, no data file read).
   * Equal totals are what every file's identity implies; unequal ones (or tables whose statistics
   * cannot tell) are recounted per file by {@link #recount}, which names the files.
   */
  List<String> fromStatistics() {
    LakeLog log = lake.log();
    long slots = 0;
    for (Object[] r : log.rows(Table.INGEST_FILE, List.of("status", "slot_count"))) {
      if (IngestLog.INGESTED.equals(r[0]) && r[1] != null) {
        slots += (Long) r[1];
      }
    }
    long rows = 0;
    for (Table t : SLOT_TABLES) {
      java.util.OptionalLong n = log.rowCount(t);
      if (n.isEmpty()) {
        LOG.info("{} has data files without row statistics: recounting the lake per file", t.qualifiedName());
        return recount();
      }
      rows += n.getAsLong();
    }
    if (rows == slots) {
      return List.of();
    }
    LOG.warn("The lake's silver tables hold {} rows for {} logged value slots: recounting per file", rows, slots);
    return recount();
  }

  /**
   * The no-data-lost identity over the whole lake, per file: value slots in bronze.raw_record =
   * rows in observation + aggregate_observation + economy_classification + quarantine.
   */
  List<String> recount() {
    if (!lake.exists(Table.RAW_RECORD)) {
      return List.of();
    }
    Dataset<Row> slots = lake.read(Table.RAW_RECORD).groupBy("file_sha256", "file_uri")
        .agg(sum(col("slot_count")).as("slots"));
    Dataset<Row> landed = null;
    for (Table t : SLOT_TABLES) {
      Dataset<Row> part = lake.read(t).select("file_sha256");
      landed = landed == null ? part : landed.unionAll(part);
    }
    Dataset<Row> counts = landed.groupBy(col("file_sha256").as("sha")).agg(count(lit(1)).as("landed"));
    List<Row> bad = slots.join(counts, slots.col("file_sha256").equalTo(counts.col("sha")), "full_outer")
        .filter("coalesce(slots, 0) <> coalesce(landed, 0)").collectAsList();
    List<String> out = new ArrayList<>();
    for (Row r : bad) {
      out.add(r.getAs("file_uri") + " (sha " + r.getAs("sha") + "): " + r.getAs("slots") + " slots in bronze, "
          + r.getAs("landed") + " rows in silver");
    }
    return out;
  }
}
