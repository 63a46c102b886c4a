package org.ictbench.pipeline;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sum;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ictbench.gold.IdiMethodology;
import org.ictbench.gold.IdiGold;
import org.ictbench.gold.PeerGroups;
import org.ictbench.curate.Catalog;
import org.ictbench.core.BuildInfo;
import org.ictbench.core.CrashPoint;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.Errors;
import org.ictbench.core.ExecutionProfile;
import org.ictbench.core.IctbenchException;
import org.ictbench.core.LakeLog;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.ResultJson;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.StageTimer;
import org.ictbench.core.Table;
import org.ictbench.core.WriteGroup;
import org.ictbench.curate.Curation;
import org.ictbench.curate.VintageGate;
import org.ictbench.ingest.BronzeSchemas;
import org.ictbench.ingest.Ingest;
import org.ictbench.ingest.IngestDetailCodes;

/**
 * The main job: raw files → bronze → silver → gold in one SparkSession, one Delta commit per table
 * per run. Incremental and idempotent: a file whose checksum is already in bronze.ingest_file is
 * skipped; rows are replaced per file checksum, so a rerun (or a run after a crash) never duplicates;
 * derived tables are rewritten only when their inputs changed, so a rerun with nothing new adds no
 * table version.
 */
public final class PipelineJob {
  static final StructType INGEST_FILE = BronzeSchemas.SCANNED_FILE
      .add("status", DataTypes.StringType).add("record_count", DataTypes.LongType)
      .add("slot_count", DataTypes.LongType).add("run_id", DataTypes.StringType)
      .add("ingested_at", DataTypes.TimestampType).add("detail_code", DataTypes.StringType);

  /** bronze.ingest_file status of a logged file a --force rerun is re-ingesting (see {@link #markPending}). */
  static final String PENDING = "pending";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PipelineJob.class);
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
  private final SparkSession spark;
  private final PipelineConfig config;
  private final PrintStream out;
  private final Lakehouse lake;
  private final DeltaWrites writes;
  private final StageTimer timer;
  private final RunContext run;
  private final VintageStage vintages;
  /** The vintages this run held for review (filled by the curation of its files). */
  private final List<VintageGate.Verdict> heldThisRun = new java.util.concurrent.CopyOnWriteArrayList<>();

  public PipelineJob(SparkSession spark, PipelineConfig config, PrintStream out) {
    this(spark, config, RunContext.create(out));
  }

  /**
   * The run {@code run} names: its id, its stages (table writes included) timed by its timer, its
   * summary printed to its output, and its per-file outcome kept current in it.
   */
  public PipelineJob(SparkSession spark, PipelineConfig config, RunContext run) {
    this.spark = spark;
    this.config = config;
    this.run = run;
    this.out = run.out();
    this.timer = run.timer();
    this.lake = new Lakehouse(spark, config.curatedUri());
    this.writes = new DeltaWrites(lake, timer);
    this.vintages = new VintageStage(spark, lake, writes, VintageGate.load());
    run.commits(writes::commits);
  }

  /**
   * What a run would do with the scanned files, given the checksums bronze.ingest_file already
   * holds: the files to ingest, the unrecognised files to log as skipped, and every entry's outcome
   * (the entries not read and the files skipped, with why, and {@link PipelineResult.FileStatus#PENDING}
   * for the files to ingest), in scan order.
   */
  record FilePlan(Map<String, Row> toIngest, List<Row> newlySkipped, List<PipelineResult.FileOutcome> outcomes) {
    static FilePlan of(Ingest.RawScan scan, Set<String> known, boolean force) {
      Map<String, Row> toIngest = new LinkedHashMap<>();
      List<Row> newlySkipped = new ArrayList<>();
      List<PipelineResult.FileOutcome> outcomes = new ArrayList<>();
      for (Ingest.Unread u : scan.unread()) {
        outcomes.add(new PipelineResult.FileOutcome(u.uri(), null, null, PipelineResult.FileStatus.SKIPPED,
            u.reason(), null));
      }
      for (Row f : scan.files()) {
        String sha = f.getAs("file_sha256");
        String uri = f.getAs("file_uri");
        String why = null;
        if (f.getAs("format") == null) {
          why = "not recognised: " + f.getAs("detail");
          if (!known.contains(sha)) {
            newlySkipped.add(f);
          }
        } else if (toIngest.containsKey(sha)) {
          why = "same content as " + toIngest.get(sha).getAs("file_uri");
        } else if (known.contains(sha) && !force) {
          why = "already ingested, checksum " + sha.substring(0, 12);
        } else {
          toIngest.put(sha, f);
        }
        outcomes.add(new PipelineResult.FileOutcome(uri, sha, f.getAs("format"),
            why == null ? PipelineResult.FileStatus.PENDING : PipelineResult.FileStatus.SKIPPED, why, null));
      }
      return new FilePlan(toIngest, newlySkipped, outcomes);
    }

    /** The outcomes with every file to ingest marked ingested, with its counts. */
    List<PipelineResult.FileOutcome> ingested(Map<String, FileCounts> perFile) {
      return outcomes.stream().map(o -> o.status() != PipelineResult.FileStatus.PENDING ? o
          : o.withStatus(PipelineResult.FileStatus.INGESTED, null, perFile.getOrDefault(o.sha256(), FileCounts.NONE)))
          .toList();
    }

    boolean nothingToLog() {
      return toIngest.isEmpty() && newlySkipped.isEmpty();
    }
  }

  /**
   * What the Spark-free check found: whether every table is current (the summary is then printed
   * and nothing needs running, and {@code result} is the run's result), and the raw files it
   * fingerprinted, which {@link #run(Ingest.RawScan)} reuses so a run never hashes the raw collection
   * twice (null when the collection was too large to scan on the driver).
   */
  public record UpToDate(boolean current, Ingest.RawScan scanned, PipelineResult result) {}

  /**
   * Answers "is there anything new?" without starting Spark: scans the raw files on this thread,
   * reads bronze.ingest_file and the newest commit of every derived table with Delta Kernel, and
   * when no file is new and every table already carries the fingerprint this run would give it,
   * prints the run summary (the caller then skips the Spark run, and no table gets a new version).
   * Not current whenever anything might need doing, including --force, --verify, a missing table and
   * a raw collection too large to fingerprint on the driver.
   */
  public static UpToDate checkUpToDate(PipelineConfig config, PrintStream out) {
    return checkUpToDate(config, RunContext.create(out));
  }

  /** {@link #checkUpToDate(PipelineConfig, PrintStream)} as part of the run {@code run}. */
  public static UpToDate checkUpToDate(PipelineConfig config, RunContext run) {
    long started = System.nanoTime();
    StageTimer timer = run.timer();
    LakeLog log = new LakeLog(LakeLog.hadoopConfiguration(), config.curatedUri());
    Ingest.RawScan scanned = timer.time("scan raw files",
        () -> Ingest.scanOnDriver(log.hadoopConf(), config.rawUri()).orElse(null), PipelineJob::describeScan);
    if (config.force() || config.verify() || !config.acceptVintages().isEmpty() || scanned == null) {
      return new UpToDate(false, scanned, null);
    }
    try {
      PipelineResult current = printIfCurrent(config, run, log, scanned, started);
      return new UpToDate(current != null, scanned, current);
    } catch (IctbenchException e) {
      throw e; // bad input: the full run would fail the same way
    } catch (RuntimeException e) {
      LOG.warn("Up-to-date check failed ({}); running the full pipeline", e.toString());
      return new UpToDate(false, scanned, null);
    }
  }

  /** {@link #checkUpToDate}, for callers that only need the answer. */
  public static boolean printIfUpToDate(PipelineConfig config, PrintStream out) {
    return checkUpToDate(config, out).current();
  }

  /** The result of a run with nothing to do (its summary printed), or null when there is something to do. */
  private static PipelineResult printIfCurrent(PipelineConfig config, RunContext run, LakeLog log,
      Ingest.RawScan scanned, long started) {
    StageTimer timer = run.timer();
    Set<String> known = timer.time("read ingest log (Delta Kernel)", () -> knownChecksums(log),
        k -> k.size() + " files logged");
    FilePlan plan = FilePlan.of(scanned, known, false);
    run.files(plan.outcomes());
    if (known.isEmpty() || !plan.nothingToLog()) {
      return null;
    }
    if (VintageStage.releasePending(log)) {
      return null;
    }
    ReferenceData reference = ReferenceData.load(log.hadoopConf(), config.referenceUri());
    TableFingerprints fps = new TableFingerprints(config, reference, Catalog.load(reference),
        IdiMethodology.load(reference), PeerStage.groups(log.hadoopConf(), config.peers(), reference), known,
        VintageStage.holdsFingerprint(log));
    boolean current = timer.time("compare table fingerprints (Delta Kernel)", () -> {
      for (Table t : fps.tables()) {
        if (!log.lastFingerprint(t).map(fps.of(t)::equals).orElse(false)) {
          return false;
        }
      }
      return true;
    });
    if (!current) {
      return null;
    }
    PipelineResult result = new PipelineResult(run.runId(), plan.outcomes(), List.of(), Map.of(), log.root(),
        (System.nanoTime() - started) / 1e9, timer.stages(), true, BuildInfo.version(), List.of());
    timer.time("summary", () -> new RunSummary(log, config, run.out()).print(result));
    return result;
  }

  public PipelineResult run() {
    return run(null);
  }

  /** The run, reusing {@code scanned} (from {@link #checkUpToDate}) when not null. */
  public PipelineResult run(Ingest.RawScan scanned) {
    long started = System.nanoTime();
    lake.requireWritable();
    // Every reference table is read and checked before any input is: bad reference data fails the run at once.
    ReferenceData reference = ReferenceData.load(spark.sparkContext().hadoopConfiguration(), config.referenceUri());
    Curation curation = new Curation(spark, reference);
    IdiMethodology methodology = IdiMethodology.load(reference);
    PeerGroups groups = PeerStage.groups(spark.sparkContext().hadoopConfiguration(), config.peers(), reference);
    LOG.info("{}", reference.describe());
    Ingest.RawScan files = scanned != null ? scanned : timer.time("scan raw files",
        () -> Ingest.scanOnDriver(spark.sparkContext().hadoopConfiguration(), config.rawUri())
            .orElseGet(() -> new Ingest(spark).scanFolder(config.rawUri())), PipelineJob::describeScan);
    long inputBytes = 0;
    for (Row f : files.files()) {
      inputBytes += f.<Long>getAs("size_bytes");
    }
    ExecutionProfile profile = config.execution().resolve(inputBytes);
    LOG.info("execution profile {} ({} MB of raw files)", profile, megabytes(inputBytes));
    Map<String, String> previousSettings = profile.apply(spark, config.shufflePartitions());
    try {
      return runProfiled(files, lake.log(), started, reference, curation, methodology, groups, profile);
    } finally {
      ExecutionProfile.restore(spark, previousSettings);
    }
  }

  private PipelineResult runProfiled(Ingest.RawScan scanned, LakeLog log, long started, ReferenceData reference,
      Curation curation, IdiMethodology methodology, PeerGroups groups, ExecutionProfile profile) {
    String runId = run.runId();
    Timestamp now = Timestamp.from(Instant.now());
    Map<String, String[]> ingestLog = timer.time("read ingest log", () -> ingestLog(log),
        l -> l.size() + " files logged");
    if (!config.acceptVintages().isEmpty()) {
      timer.time("accept vintages", () -> vintages.accept(config.acceptVintages(), runId, now));
    } else if (VintageStage.releasePending(log)) {
      timer.time("release accepted vintages", () -> vintages.release(runId));
    }
    Set<String> known = known(ingestLog);
    FilePlan plan = FilePlan.of(scanned, known, config.force());
    run.files(plan.outcomes());
    Map<String, Row> toIngest = plan.toIngest();
    List<Row> logRows = new ArrayList<>();
    plan.newlySkipped().forEach(f -> logRows.add(logRow(f, "skipped", null, null, runId, now)));

    Map<String, FileCounts> perFile = new LinkedHashMap<>();
    if (!toIngest.isEmpty()) {
      markPending(toIngest.keySet(), ingestLog, runId);
      perFile = ingestAndCurate(new ArrayList<>(toIngest.values()), curation, runId, now, profile,
          lastCompleted(toIngest.keySet(), ingestLog));
      for (Row f : toIngest.values()) {
        FileCounts c = perFile.get((String) f.getAs("file_sha256"));
        logRows.add(logRow(f, "ingested", c.records(), c.slots(), runId, now));
      }
    }
    Set<String> logged = new TreeSet<>(known);
    if (!logRows.isEmpty()) {
      Set<String> shas = new TreeSet<>();
      int shaIndex = INGEST_FILE.fieldIndex("file_sha256");
      logRows.forEach(r -> shas.add(r.getString(shaIndex)));
      logged.addAll(shas);
      writes.replaceFiles(spark.createDataFrame(logRows, INGEST_FILE), Table.INGEST_FILE, shas, runId);
    }
    List<PipelineResult.FileOutcome> outcomes = plan.ingested(perFile);
    run.files(outcomes);

    TableFingerprints fps = new TableFingerprints(config, reference, curation.catalog(), methodology, groups, logged,
        VintageStage.holdsFingerprint(log));
    AtomicReference<List<String>> broken = new AtomicReference<>(List.of());
    try (WriteGroup check = new WriteGroup(1); WriteGroup group = new WriteGroup(config.writeThreads())) {
      // The per-run check above covered the new files. After the silver commits, an ingesting run
      // compares the lake-wide totals from Delta's statistics (no data read), and recounts per file with
      // Spark only when they differ, to name the files; --verify always recounts. Either reads only
      // bronze and silver, which nothing below writes, so it runs alongside the derived tables.
      if (config.verify()) {
        check.submit(() -> broken.set(timer.time("lake identity recount (--verify)", this::lakeIdentity,
            PipelineJob::describeLakeIdentity)));
      } else if (!toIngest.isEmpty()) {
        check.submit(() -> broken.set(timer.time("lake identity check (Delta statistics)", this::lakeTotals,
            PipelineJob::describeLakeIdentity)));
      }
      // The reference tables are written alongside the derived ones (they share no inputs).
      writeReference(reference, curation, methodology, fps, group);
      timer.time("reference and derived tables",
          () -> writeDerived(curation, methodology, fps, groups, group, profile));
      group.awaitAll();
      check.awaitAll();
    }
    if (!broken.get().isEmpty()) {
      throw Errors.identityBroken(broken.get());
    }
    IngestLogUpgrade.addDetailCodes(lake, log, writes, runId);
    // every table of the contract can be queried after a run, empty when no input reached it
    writes.createMissing(runId);
    double seconds = (System.nanoTime() - started) / 1e9;
    List<String> written = writes.committed().stream().map(Table::qualifiedName).toList();
    PipelineResult result = new PipelineResult(runId, outcomes, written, writes.commits(), lake.root(), seconds,
        timer.stages(), false, BuildInfo.version(), VintageStage.describe(heldThisRun));
    timer.time("summary", () -> new RunSummary(log, config, out).print(result));
    return result;
  }

  /** The end line of a raw scan: files found and their size. */
  private static String describeScan(Ingest.RawScan scan) {
    if (scan == null) {
      return "too many files or bytes to fingerprint on the driver: scanned by Spark";
    }
    long bytes = 0;
    for (Row f : scan.files()) {
      bytes += f.<Long>getAs("size_bytes");
    }
    return scan.files().size() + " files, " + megabytes(bytes) + " MB"
        + (scan.unread().isEmpty() ? "" : ", " + scan.unread().size() + " entries not read");
  }

  /** Bytes as MB with one decimal, for the log. */
  private static String megabytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
  }

  /** A new run id: the UTC start time and a random suffix, e.g. {@code 20261123T182604Z-a7e97e4b}. */
  public static String newRunId() {
    return ResultJson.newRunId();
  }

  /** Parses, curates and writes the new files; returns each one's {@link FileCounts} by checksum. */
  private Map<String, FileCounts> ingestAndCurate(List<Row> files, Curation curation, String runId, Timestamp now,
      ExecutionProfile profile, Map<String, String> lastCompleted) {
    Dataset<Row> fileDs = spark.createDataFrame(files, BronzeSchemas.SCANNED_FILE);
    Set<String> shas = new TreeSet<>();
    files.forEach(f -> shas.add(f.getAs("file_sha256")));
    // Parse once, straight into bronze.raw_record, then curate. A small input keeps the parsed records
    // in memory for curation (the write fills the cache); a large one reads them back from the committed
    // table (only these files' data files, by their file_sha256 statistics), so the records do not sit in
    // memory next to the slots. Either way silver is published only after the identity check, and the
    // files are logged in bronze.ingest_file after that.
    boolean keepInMemory = profile == ExecutionProfile.SMALL;
    Dataset<Row> parsed = new Ingest(spark).parse(fileDs, runId, files.size());
    Dataset<Row> written = keepInMemory ? parsed.persist(StorageLevel.MEMORY_AND_DISK()) : parsed;
    // the stage "write bronze.raw_record" is the parse: the records are parsed as they are written
    writes.replaceFiles(written, Table.RAW_RECORD, shas, runId);
    Dataset<Row> bronze = keepInMemory ? written
        : lake.read(Table.RAW_RECORD).filter(col("file_sha256").isin(shas.toArray()));
    // The files' lineage as Ingest stamps it on each of their records, for the routed slots.
    Dataset<Row> fileLineage = Curation.fileLineage(fileDs.withColumn("run_id", lit(runId)));
    return curate(files, shas, bronze, fileLineage, curation, runId, now, lastCompleted);
  }

  private Map<String, FileCounts> curate(List<Row> files, Set<String> shas, Dataset<Row> bronze,
      Dataset<Row> fileLineage, Curation curation, String runId, Timestamp now, Map<String, String> lastCompleted) {
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
          PipelineJob::describeIdentity);
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
      heldThisRun.addAll(gate.held());
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
      try (WriteGroup group = new WriteGroup(config.writeThreads())) {
        perFileTables.forEach((table, rows) -> group.submit(() -> writes.replaceFiles(rows, table, shas, runId)));
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
      bronze.unpersist();
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

  /** The reference tables, submitted to {@code group} (they depend on nothing the run writes). */
  private void writeReference(ReferenceData reference, Curation curation, IdiMethodology methodology,
      TableFingerprints fps, WriteGroup group) {
    Map<Table, Dataset<Row>> tables = new LinkedHashMap<>();
    tables.put(Table.COUNTRY, Curation.countryTable(spark, reference));
    tables.put(Table.INDICATOR, curation.catalog().indicatorTable(spark));
    tables.put(Table.REASON_CODE, curation.catalog().reasonCodeTable(spark));
    tables.put(Table.IDI_GOALPOST, methodology.goalposts(spark));
    tables.forEach((t, rows) -> group.submit(() -> writes.overwriteIfChanged(rows, t, fps.of(t))));
  }

  /** Tables derived from silver.observation: rewritten when the ingested files or the rules changed. */
  private void writeDerived(Curation curation, IdiMethodology methodology, TableFingerprints fps, PeerGroups groups,
      WriteGroup group, ExecutionProfile profile) {
    if (!lake.exists(Table.OBSERVATION)) {
      return;
    }
    // held vintages (VintageGate) stay out of silver.observation_latest and gold until accepted
    Dataset<Row> latest = Curation.latest(VintageGate.accepted(lake.read(Table.OBSERVATION)),
        curation.catalog().sourceTable(spark));
    group.submit(() -> writes.overwriteIfChanged(latest, Table.OBSERVATION_LATEST, fps.of(Table.OBSERVATION_LATEST)));
    group.awaitAll(); // the IDI and peer tables read silver.observation_latest back

    // The gold tables are sized by economies, not by the raw input: their profile follows the size of
    // silver.observation_latest. Another profile than the run's gets its own session (same Spark
    // context, cache and tables; its own SQL settings), since the lake recount runs meanwhile.
    long latestBytes = lake.log().dataBytes(Table.OBSERVATION_LATEST);
    ExecutionProfile goldProfile = config.execution().resolveGold(latestBytes);
    LOG.info("gold tables: execution profile {} ({} MB in silver.observation_latest)", goldProfile,
        megabytes(latestBytes));
    Lakehouse goldLake = lakeFor(lake, profile, goldProfile, config.shufflePartitions());
    timer.time("gold tables", () -> {
      String idiFp = fps.of(Table.IDI_SCORE);
      if (!idiFp.equals(writes.lastFingerprint(Table.IDI_SCORE))) {
        try (IdiGold idi = new IdiGold(methodology)) {
          // gold.idi_score comes last in the map: its fingerprint marks the set as complete
          writes.overwriteSetIfChanged(idi.tables(VintageGate.accepted(goldLake.read(Table.OBSERVATION)),
              goldLake.read(Table.OBSERVATION_LATEST), goldLake.read(Table.ECONOMY_CLASSIFICATION)), fps::of, group);
        }
      }
      new PeerStage(goldLake.spark(), goldLake, writes, config, curation.catalog()).write(fps, groups, group);
      group.awaitAll();
    });
  }

  /**
   * The lake a stage with profile {@code target} reads through: {@code lake} itself when the run has
   * that profile, else the same root on a new session of the same Spark context (shared cache and
   * Delta log cache, its own SQL settings) with {@code target}'s settings. The new session is never
   * stopped: stopping it would stop the shared context.
   */
  static Lakehouse lakeFor(Lakehouse lake, ExecutionProfile run, ExecutionProfile target, int shufflePartitions) {
    if (target == run) {
      return lake;
    }
    SparkSession session = lake.spark().newSession();
    target.apply(session, shufflePartitions);
    return new Lakehouse(session, lake.root());
  }

  private static String describeLakeIdentity(List<String> broken) {
    return broken.isEmpty() ? "every file's slots landed" : broken.size() + " file(s) broken";
  }

  /** The four silver tables every value slot lands in exactly one of. */
  private static final List<Table> SLOT_TABLES = List.of(Table.OBSERVATION, Table.AGGREGATE_OBSERVATION,
      Table.ECONOMY_CLASSIFICATION, Table.QUARANTINE);

  /**
   * The identity over the whole lake from the counts the lake keeps anyway: the value slots
   * bronze.ingest_file logged for every ingested file against the rows of the four silver tables,
   * summed from Delta's per-file statistics (with Delta Kernel: no Spark job, no data file read).
   * Equal totals are what every file's identity implies; unequal ones (or tables whose statistics
   * cannot tell) are recounted per file by {@link #lakeIdentity}, which names the files.
   */
  List<String> lakeTotals() {
    LakeLog log = lake.log();
    long slots = 0;
    for (Object[] r : log.rows(Table.INGEST_FILE, List.of("status", "slot_count"))) {
      if ("ingested".equals(r[0]) && r[1] != null) {
        slots += (Long) r[1];
      }
    }
    long rows = 0;
    for (Table t : SLOT_TABLES) {
      java.util.OptionalLong n = log.rowCount(t);
      if (n.isEmpty()) {
        LOG.info("{} has data files without row statistics: recounting the lake per file", t.qualifiedName());
        return lakeIdentity();
      }
      rows += n.getAsLong();
    }
    if (rows == slots) {
      return List.of();
    }
    LOG.warn("The lake's silver tables hold {} rows for {} logged value slots: recounting per file", rows, slots);
    return lakeIdentity();
  }

  /**
   * The no-data-lost identity over the whole lake, per file: value slots in bronze.raw_record =
   * rows in observation + aggregate_observation + economy_classification + quarantine.
   */
  List<String> lakeIdentity() {
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

  /**
   * bronze.ingest_file read with Delta Kernel: file checksum → {status, run_id} ({@code ingested},
   * {@code skipped}, or {@code pending}: a --force rerun started re-ingesting the file and has not
   * logged it again yet; run_id stays the run that last completed it).
   */
  private static Map<String, String[]> ingestLog(LakeLog log) {
    Map<String, String[]> out = new HashMap<>();
    log.rows(Table.INGEST_FILE, List.of("file_sha256", "status", "run_id"))
        .forEach(r -> out.put((String) r[0], new String[] {(String) r[1], (String) r[2]}));
    return out;
  }

  /** The checksums a run skips as done: every logged file except the pending ones. */
  private static Set<String> known(Map<String, String[]> ingestLog) {
    Set<String> out = new HashSet<>();
    ingestLog.forEach((sha, e) -> {
      if (!PENDING.equals(e[0])) {
        out.add(sha);
      }
    });
    return out;
  }

  /** The file checksums bronze.ingest_file holds as done (ingested or skipped), read with Delta Kernel. */
  private static Set<String> knownChecksums(LakeLog log) {
    return known(ingestLog(log));
  }

  /**
   * Before a --force rerun re-ingests files that are logged as done, one commit marks them
   * {@code pending} in bronze.ingest_file: a run that dies before it logs them again leaves them
   * pending, and the next run (forced or not) ingests them again, so bronze and silver are never left
   * half from the earlier run and half from this one. Runs that ingest only new files skip this
   * (unlogged files are already retried).
   */
  private void markPending(Set<String> toIngest, Map<String, String[]> ingestLog, String runId) {
    Set<String> relogged = new TreeSet<>();
    for (String sha : toIngest) {
      String[] e = ingestLog.get(sha);
      if (e != null && !PENDING.equals(e[0])) {
        relogged.add(sha);
      }
    }
    if (relogged.isEmpty()) {
      return;
    }
    Dataset<Row> rows = lake.read(Table.INGEST_FILE).filter(col("file_sha256").isin(relogged.toArray()))
        .withColumn("status", lit(PENDING)).localCheckpoint();
    timer.time("mark re-ingested files pending in bronze.ingest_file",
        () -> writes.replaceFiles(rows, Table.INGEST_FILE, relogged, runId));
  }

  /** Per file about to be ingested: the run that last completed it (bronze.ingest_file's run_id), or "". */
  private static Map<String, String> lastCompleted(Set<String> toIngest, Map<String, String[]> ingestLog) {
    Map<String, String> out = new TreeMap<>();
    for (String sha : toIngest) {
      String[] e = ingestLog.get(sha);
      out.put(sha, e == null || e[1] == null || "skipped".equals(e[0]) ? "" : e[1]);
    }
    return out;
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

  private static Row logRow(Row f, String status, Long records, Long slots, String runId, Timestamp now) {
    Object[] v = new Object[INGEST_FILE.size()];
    for (int i = 0; i < BronzeSchemas.SCANNED_FILE.size(); i++) {
      v[i] = f.get(i);
    }
    int n = BronzeSchemas.SCANNED_FILE.size();
    v[n] = status;
    v[n + 1] = records;
    v[n + 2] = slots;
    v[n + 3] = runId;
    v[n + 4] = now;
    v[n + 5] = IngestDetailCodes.shipped().code((String) f.get(BronzeSchemas.SCANNED_FILE.fieldIndex("detail")));
    return RowFactory.create(v);
  }
}
