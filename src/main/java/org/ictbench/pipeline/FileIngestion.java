package org.ictbench.pipeline;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sum;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.ictbench.core.CrashPoint;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.Errors;
import org.ictbench.core.ExecutionProfile;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.StageTimer;
import org.ictbench.core.Table;
import org.ictbench.core.WriteGroup;
import org.ictbench.curate.Curation;
import org.ictbench.curate.VintageGate;
import org.ictbench.ingest.BronzeSchemas;
import org.ictbench.ingest.Ingest;

/**
 * Ingest and curation, per raw file: the files whose checksum bronze.ingest_file does not hold as
 * done are parsed into bronze.raw_record, curated, checked (the per-run identity), published to the
 * per-file silver tables and then logged in bronze.ingest_file; rows are replaced per file checksum,
 * so a rerun (or a run after a crash) never duplicates. This is not a {@link Stage}: its unit is the
 * file, not the table (a table gains or replaces one file's rows, and the log decides which files a
 * run reads), and its result is the run's file outcomes.
 *
 * <p>How the run's execution profile is used here (records kept in memory or read back, duplicate
 * verdicts broadcast or joined) is this class's concern, fixed at construction.
 */
final class FileIngestion {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileIngestion.class);
  /**
   * The duplicate verdicts are broadcast to the consumers of the routed slots while their estimated
   * size is at most this share of the driver's heap; above it the slots are joined with them once and
   * cached. The broadcast costs one hash table of the verdicts per consuming query (up to
   * {@code --write-threads} of them at once); the join costs a shuffle and a second cache of every
   * slot, which on a large collection costs far more than a hash table of the verdicts.
   */
  private static final double BROADCAST_VERDICTS_HEAP_SHARE = 0.05;
  /** Bytes a verdict row takes beyond its strings' bytes (row header, fixed-width fields, hash table). */
  private static final long VERDICT_ROW_OVERHEAD_BYTES = 96;

  /** What ingesting the scanned files did: every file's outcome, the checksums now logged, the vintages held. */
  record Result(List<PipelineResult.FileOutcome> outcomes, Set<String> logged, boolean ingestedAny,
      List<VintageGate.Verdict> held) {}

  private final SparkSession spark;
  private final Lakehouse lake;
  private final DeltaWrites writes;
  private final StageTimer timer;
  private final VintageStage vintages;
  private final int writeThreads;
  /** Small inputs keep the parsed records in memory for curation; large ones read them back. */
  private final boolean keepInMemory;
  private final List<VintageGate.Verdict> held = new java.util.concurrent.CopyOnWriteArrayList<>();

  FileIngestion(Lakehouse lake, DeltaWrites writes, StageTimer timer, VintageStage vintages, int writeThreads,
      ExecutionProfile profile) {
    this.spark = lake.spark();
    this.lake = lake;
    this.writes = writes;
    this.timer = timer;
    this.vintages = vintages;
    this.writeThreads = writeThreads;
    this.keepInMemory = profile == ExecutionProfile.SMALL;
  }

  /**
   * Plans the scanned files against bronze.ingest_file, ingests and curates the new ones ({@code force}:
   * every recognised one), then logs them, and the unrecognised ones as skipped, in one commit of
   * bronze.ingest_file. {@code run} sees the files' outcomes as they become known.
   */
  Result run(Ingest.RawScan scanned, Curation curation, boolean force, RunContext run, Timestamp now) {
    String runId = run.runId();
    IngestLog ingestLog = timer.time("read ingest log", () -> IngestLog.read(lake.log()),
        l -> l.size() + " files logged");
    Set<String> known = ingestLog.known();
    FilePlan plan = FilePlan.of(scanned, known, force);
    run.files(plan.outcomes());
    Map<String, Row> toIngest = plan.toIngest();
    List<Row> logRows = new ArrayList<>();
    plan.newlySkipped().forEach(f -> logRows.add(IngestLog.row(f, "skipped", null, null, runId, now)));

    Map<String, FileCounts> perFile = new LinkedHashMap<>();
    if (!toIngest.isEmpty()) {
      markPending(toIngest.keySet(), ingestLog, runId);
      perFile = ingestAndCurate(new ArrayList<>(toIngest.values()), curation, runId, now,
          ingestLog.lastCompleted(toIngest.keySet()), ingestLog.logsNoneOf(toIngest.keySet()));
      for (Row f : toIngest.values()) {
        FileCounts c = perFile.get((String) f.getAs("file_sha256"));
        logRows.add(IngestLog.row(f, IngestLog.INGESTED, c.records(), c.slots(), runId, now));
      }
    }
    Set<String> logged = new TreeSet<>(known);
    if (!logRows.isEmpty()) {
      Set<String> shas = new TreeSet<>();
      int shaIndex = IngestLog.SCHEMA.fieldIndex("file_sha256");
      logRows.forEach(r -> shas.add(r.getString(shaIndex)));
      logged.addAll(shas);
      // the log is this table: it holds a row of these files only when it logs one of them
      publish(spark.createDataFrame(logRows, IngestLog.SCHEMA), Table.INGEST_FILE, shas,
          ingestLog.logsNoneOf(shas), runId);
    }
    List<PipelineResult.FileOutcome> outcomes = plan.ingested(perFile);
    run.files(outcomes);
    return new Result(outcomes, logged, !toIngest.isEmpty(), List.copyOf(held));
  }

  /**
   * Parses, curates and writes the new files; returns each one's {@link FileCounts} by checksum.
   * {@code unlogged}: bronze.ingest_file has none of them, in any status.
   */
  private Map<String, FileCounts> ingestAndCurate(List<Row> files, Curation curation, String runId, Timestamp now,
      Map<String, String> lastCompleted, boolean unlogged) {
    Dataset<Row> fileDs = spark.createDataFrame(files, BronzeSchemas.SCANNED_FILE);
    Set<String> shas = new TreeSet<>();
    files.forEach(f -> shas.add(f.getAs("file_sha256")));
    // Parse once, straight into bronze.raw_record, then curate. A small input keeps the parsed records
    // in memory for curation (the write fills the cache); a large one reads them back from the committed
    // table (only these files' data files, by their file_sha256 statistics), so the records do not sit in
    // memory next to the slots. Either way silver is published only after the identity check, and the
    // files are logged in bronze.ingest_file after that.
    Dataset<Row> parsed = new Ingest(spark).parse(fileDs, runId, files.size());
    Dataset<Row> written = keepInMemory ? parsed.persist(StorageLevel.MEMORY_AND_DISK()) : parsed;
    // the stage "write bronze.raw_record" is the parse: the records are parsed as they are written
    writes.replaceFiles(written, Table.RAW_RECORD, shas, runId);
    // Every row a run writes to the per-file silver tables comes from bronze records it committed first,
    // and records leave bronze only when a later run replaces the same files' rows. So when this commit
    // replaced no record and no logged file is among these (a file of no records is logged, never
    // curated), no silver table holds a row of them: not even a run that crashed before logging them
    // left one. Their silver rows are then added, not replaced.
    boolean absent = unlogged && writes.onlyAdded(Table.RAW_RECORD, runId);
    // A small input's records are curated in as many partitions as the session has task slots, not one
    // per file: each of the dozen queries over them runs a task per partition, and each write a file.
    Dataset<Row> bronze = keepInMemory ? written.coalesce(spark.sparkContext().defaultParallelism())
        : lake.read(Table.RAW_RECORD).filter(col("file_sha256").isin(shas.toArray()));
    // The files' lineage as Ingest stamps it on each of their records, for the routed slots.
    Dataset<Row> fileLineage = Curation.fileLineage(fileDs.withColumn("run_id", lit(runId)));
    try {
      return curate(files, shas, bronze, fileLineage, curation, runId, now, lastCompleted, absent);
    } finally {
      written.unpersist();
    }
  }

  /** {@code absent}: the per-file silver tables are known to hold no row of these files. */
  private Map<String, FileCounts> curate(List<Row> files, Set<String> shas, Dataset<Row> bronze,
      Dataset<Row> fileLineage, Curation curation, String runId, Timestamp now, Map<String, String> lastCompleted,
      boolean absent) {
    // Lazy: entities are resolved, and the per-slot rules applied, by the job the next stage runs.
    Dataset<Row> checked = curation.check(bronze).persist(StorageLevel.MEMORY_AND_DISK());
    // The duplicate rules on a narrow projection, materialized once (this also fills the cache of the
    // checked slots); few verdicts are broadcast to every consumer of the routed slots, many are joined
    // once and the routed slots cached instead.
    Dataset<Row> verdicts = timer.time("entities + slot rules + duplicate rules", () -> curation.duplicates(checked).localCheckpoint());
    Row size = verdicts.agg(count(lit(1)), coalesce(sum(octet_length(col("d_sha")).plus(octet_length(col("dup_code")))
        .plus(octet_length(col("dup_detail")))), lit(0L))).first();
    long verdictCount = size.getLong(0);
    long verdictBytes = size.getLong(1) + verdictCount * VERDICT_ROW_OVERHEAD_BYTES;
    boolean broadcastVerdicts = verdictBytes <= BROADCAST_VERDICTS_HEAP_SHARE * Runtime.getRuntime().maxMemory();
    Dataset<Row> joined = curation.route(checked, verdicts, broadcastVerdicts, fileLineage);
    Dataset<Row> routed = broadcastVerdicts ? joined : joined.persist(StorageLevel.MEMORY_AND_DISK());
    LOG.info("duplicate rules: {} verdicts, ~{} MB ({})", verdictCount, verdictBytes >> 20,
        broadcastVerdicts ? "broadcast" : "joined and cached");
    // One pass over the routed slots counts them per file, destination and reason: the identity
    // check below and silver.run_metrics both come from these few rows (materialized once).
    Dataset<Row> counts = timer.time("count routed slots", () -> Curation.routedCounts(routed).localCheckpoint());
    try {
      List<Row> identity = timer.time("identity check", () -> Curation.identity(bronze, counts).collectAsList(),
          FileIngestion::describeIdentity);
      List<String> broken = new ArrayList<>();
      Map<String, FileCounts> perFile = new LinkedHashMap<>();
      for (Row r : identity) {
        long slots = r.getAs("slots");
        long routedCount = r.getAs("routed");
        perFile.put(r.getAs("file_sha256"), new FileCounts(r.getAs("records"), slots, r.getAs("observations"),
            r.getAs("aggregates"), r.getAs("classifications"), r.getAs("quarantined")));
        if (slots != routedCount) {
          broken.add(r.getAs("file_uri") + ": " + slots + " slots, " + routedCount + " routed");
        }
      }
      for (Row f : files) {
        perFile.putIfAbsent(f.getAs("file_sha256"), FileCounts.NONE);
      }
      if (!broken.isEmpty()) {
        throw Errors.identityBroken(broken);
      }
      CrashPoint.reach("silver.checked");
      // The per-file silver tables; silver.quarantine joins raw records back (for error reasons) from
      // only the bronze records that may hold such a slot (building the filter runs one job over the
      // routed slots now, after one over their few counts).
      // The vintage gate: a new vintage that moved too much as a whole is kept, held, out of the derived tables.
      VintageStage.Assessment gate = timer.time("vintage gate", () -> vintages.assess(checked, routed, shas, files, runId, now));
      held.addAll(gate.held());
      Map<Table, Dataset<Row>> perFileTables = new LinkedHashMap<>();
      perFileTables.put(Table.OBSERVATION, VintageGate.markHeld(spark, Curation.observations(routed), gate.verdicts()));
      perFileTables.put(Table.AGGREGATE_OBSERVATION, Curation.aggregates(routed));
      perFileTables.put(Table.ECONOMY_CLASSIFICATION, Curation.classifications(routed));
      perFileTables.put(Table.QUARANTINE,
          curation.quarantine(routed, bronze.filter(curation.mayHoldQuarantined(routed, counts))));
      perFileTables.put(Table.GROUP_MEMBERSHIP, Curation.groupMembership(bronze));
      Dataset<Row> metrics = counts.join(broadcast(fileLineage.select("file_sha256", "file_uri", "format")),
              "file_sha256")
          .select(lit(runId).as("run_id"), lit(now).as("run_started_at"), col("file_uri"), col("file_sha256"),
              col("format"), col("destination"), col("reason_code"), col("rows"));
      // Independent tables, written concurrently; bronze.ingest_file (which marks the files as done) is
      // written by the caller only after all of them committed.
      try (WriteGroup group = new WriteGroup(writeThreads)) {
        perFileTables.forEach((table, rows) -> group.submit(() -> publish(rows, table, shas, absent, runId)));
        group.submit(() -> vintages.write(gate, runId));
        group.submit(() -> writes.replaceWhere(metrics, Table.RUN_METRICS, abandonedRuns(lastCompleted), runId));
        group.awaitAll();
      }
      return perFile;
    } finally {
      counts.unpersist();
      routed.unpersist();
      verdicts.unpersist();
      checked.unpersist();
    }
  }

  /** The end line of the per-run identity check: the files' slots and where they went. */
  private static String describeIdentity(List<Row> perFile) {
    long[] t = new long[5];
    String[] cols = {"slots", "observations", "aggregates", "classifications", "quarantined"};
    for (Row r : perFile) {
      for (int i = 0; i < cols.length; i++) {
        t[i] += r.<Long>getAs(cols[i]);
      }
    }
    return String.format(java.util.Locale.ROOT, "%d files: %d value slots = %d observations + %d aggregates"
        + " + %d classifications + %d quarantined", perFile.size(), t[0], t[1], t[2], t[3], t[4]);
  }

  /**
   * Before a --force rerun re-ingests files that are logged as done, one commit marks them
   * {@code pending} in bronze.ingest_file: a run that dies before it logs them again leaves them
   * pending, and the next run (forced or not) ingests them again, so bronze and silver are never left
   * half from the earlier run and half from this one. Runs that ingest only new files skip this
   * (unlogged files are already retried).
   */
  private void markPending(Set<String> toIngest, IngestLog ingestLog, String runId) {
    Set<String> relogged = ingestLog.loggedAsDone(toIngest);
    if (relogged.isEmpty()) {
      return;
    }
    Dataset<Row> rows = lake.read(Table.INGEST_FILE).filter(col("file_sha256").isin(relogged.toArray()))
        .withColumn("status", lit(IngestLog.PENDING)).localCheckpoint();
    timer.time("mark re-ingested files pending in bronze.ingest_file",
        () -> writes.replaceFiles(rows, Table.INGEST_FILE, relogged, runId));
  }

  /**
   * Writes the rows of files {@code shas} to a per-file table: added when the table is known to hold
   * none of theirs ({@code absent}), else replacing the rows it holds of them.
   */
  private void publish(Dataset<Row> rows, Table table, Set<String> shas, boolean absent, String runId) {
    if (absent) {
      writes.addFiles(rows, table, runId);
    } else {
      writes.replaceFiles(rows, table, shas, runId);
    }
  }

  /**
   * The silver.run_metrics rows this run replaces: those of its files written by runs that started
   * after the run that last completed the file (run ids sort by start time), i.e. by runs that died
   * before logging it. The history of completed runs stays.
   */
  static String abandonedRuns(Map<String, String> lastCompleted) {
    Map<String, List<String>> byRun = new TreeMap<>();
    lastCompleted.forEach((sha, run) -> byRun.computeIfAbsent(run, r -> new ArrayList<>()).add(sha));
    List<String> terms = new ArrayList<>();
    byRun.forEach((run, shas) -> terms.add("(" + DeltaWrites.FILE_SHA256 + " IN (" + String.join(",",
        shas.stream().map(s -> "'" + s.replace("'", "") + "'").toList()) + ") AND run_id > '" + run.replace("'", "")
        + "')"));
    return String.join(" OR ", terms);
  }
}
