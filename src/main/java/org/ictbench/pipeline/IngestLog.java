package org.ictbench.pipeline;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.LakeLog;
import org.ictbench.core.Table;
import org.ictbench.ingest.BronzeSchemas;
import org.ictbench.ingest.Ingest;
import org.ictbench.ingest.IngestDetailCodes;

/**
 * bronze.ingest_file as a run reads it, with Delta Kernel: file checksum → status and the run that
 * last completed the file. Status is {@code ingested}, {@code skipped}, or {@link #PENDING}: a --force
 * rerun started re-ingesting the file and has not logged it again yet (run_id stays the run that last
 * completed it).
 */
final class IngestLog {
  static final StructType SCHEMA = BronzeSchemas.SCANNED_FILE
      .add("status", DataTypes.StringType).add("record_count", DataTypes.LongType)
      .add("slot_count", DataTypes.LongType).add("run_id", DataTypes.StringType)
      .add("ingested_at", DataTypes.TimestampType).add("detail_code", DataTypes.StringType);

  /** The status of a logged file a --force rerun is re-ingesting (see {@link FileIngestion}). */
  static final String PENDING = "pending";
  /** The status of a file a run ingested. */
  static final String INGESTED = "ingested";

  private record Entry(String status, String runId, Ingest.Described described) {}

  private final Map<String, Entry> entries;

  private IngestLog(Map<String, Entry> entries) {
    this.entries = entries;
  }

  static IngestLog read(LakeLog log) {
    Map<String, Entry> out = new HashMap<>();
    List<Object[]> rows;
    try {
      rows = log.rows(Table.INGEST_FILE, List.of("file_sha256", "status", "run_id", "format", "source_id", "vintage",
          "vintage_basis", "vintage_label", "detail"));
    } catch (RuntimeException e) {
      // a log an early ictbench wrote may lack a description column: its files are then detected again
      rows = log.rows(Table.INGEST_FILE, List.of("file_sha256", "status", "run_id"));
    }
    for (Object[] r : rows) {
      out.put((String) r[0], new Entry((String) r[1], (String) r[2], r.length < 9 || r[5] == null ? null
          : new Ingest.Described((String) r[3], (String) r[4], LocalDate.ofEpochDay(((Number) r[5]).longValue()),
              (String) r[6], (String) r[7], (String) r[8])));
    }
    return new IngestLog(out);
  }

  int size() {
    return entries.size();
  }

  /**
   * How the files logged as ingested were described when they were, by checksum: a scan takes a
   * logged file's description from here rather than detecting its format again.
   */
  Map<String, Ingest.Described> ingested() {
    Map<String, Ingest.Described> out = new HashMap<>();
    entries.forEach((sha, e) -> {
      if (INGESTED.equals(e.status()) && e.described() != null) {
        out.put(sha, e.described());
      }
    });
    return out;
  }

  /** The checksums a run skips as done: every logged file except the pending ones. */
  Set<String> known() {
    Set<String> out = new HashSet<>();
    entries.forEach((sha, e) -> {
      if (!PENDING.equals(e.status())) {
        out.add(sha);
      }
    });
    return out;
  }

  /** Whether none of {@code shas} is logged, in any status (pending and skipped included). */
  boolean logsNoneOf(Collection<String> shas) {
    return shas.stream().noneMatch(entries::containsKey);
  }

  /** Of the files {@code toIngest}: those logged as done (a --force rerun re-ingests them). */
  Set<String> loggedAsDone(Set<String> toIngest) {
    Set<String> out = new TreeSet<>();
    for (String sha : toIngest) {
      Entry e = entries.get(sha);
      if (e != null && !PENDING.equals(e.status())) {
        out.add(sha);
      }
    }
    return out;
  }

  /** Per file about to be ingested: the run that last completed it (bronze.ingest_file's run_id), or "". */
  Map<String, String> lastCompleted(Set<String> toIngest) {
    Map<String, String> out = new TreeMap<>();
    for (String sha : toIngest) {
      Entry e = entries.get(sha);
      out.put(sha, e == null || e.runId() == null || "skipped".equals(e.status()) ? "" : e.runId());
    }
    return out;
  }

  /** A bronze.ingest_file row: the scanned file's columns, then its outcome in this run. */
  static Row row(Row scanned, String status, Long records, Long slots, String runId, Timestamp now) {
    Object[] v = new Object[SCHEMA.size()];
    int n = BronzeSchemas.SCANNED_FILE.size();
    for (int i = 0; i < n; i++) {
      v[i] = scanned.get(i);
    }
    v[n] = status;
    v[n + 1] = records;
    v[n + 2] = slots;
    v[n + 3] = runId;
    v[n + 4] = now;
    v[n + 5] = IngestDetailCodes.shipped().code((String) scanned.get(BronzeSchemas.SCANNED_FILE.fieldIndex("detail")));
    return RowFactory.create(v);
  }
}
