package org.ictbench.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ictbench.benchmark.IdiMethodology;
import org.ictbench.benchmark.IdiGold;
import org.ictbench.benchmark.PeerGroups;
import org.ictbench.curate.Catalog;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.Errors;
import org.ictbench.core.ExecutionProfile;
import org.ictbench.core.IctbenchException;
import org.ictbench.core.LakeLog;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.StageTimer;
import org.ictbench.core.Table;
import org.ictbench.curate.Curation;
import org.ictbench.ingest.BronzeSchemas;
import org.ictbench.ingest.Ingest;

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
      .add("ingested_at", DataTypes.TimestampType);

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PipelineJob.class);
  private final SparkSession spark;
  private final PipelineConfig config;
  private final PrintStream out;
  private final Lakehouse lake;
  private final DeltaWrites writes;
  private final StageTimer timer = new StageTimer();

  public PipelineJob(SparkSession spark, PipelineConfig config, PrintStream out) {
    this.spark = spark;
    this.config = config;
    this.out = out;
    this.lake = new Lakehouse(spark, config.curatedUri());
    this.writes = new DeltaWrites(lake);
  }

  /**
   * What a run would do with the scanned files, given the checksums bronze.ingest_file already
   * holds: the files to ingest, the unrecognised files to log as skipped, and why files are skipped.
   */
  record FilePlan(Map<String, Row> toIngest, List<Row> newlySkipped, List<String> skipped) {
    static FilePlan of(List<Row> scanned, Set<String> known, boolean force) {
      Map<String, Row> toIngest = new LinkedHashMap<>();
      List<Row> newlySkipped = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      for (Row f : scanned) {
        String sha = f.getAs("file_sha256");
        String uri = f.getAs("file_uri");
        if (f.getAs("format") == null) {
          skipped.add(uri + " (not recognised: " + f.getAs("detail") + ")");
          if (!known.contains(sha)) {
            newlySkipped.add(f);
          }
        } else if (toIngest.containsKey(sha)) {
          skipped.add(uri + " (same content as " + toIngest.get(sha).getAs("file_uri") + ")");
        } else if (known.contains(sha) && !force) {
          skipped.add(uri + " (already ingested, checksum " + sha.substring(0, 12) + ")");
        } else {
          toIngest.put(sha, f);
        }
      }
      return new FilePlan(toIngest, newlySkipped, skipped);
    }

    boolean nothingToLog() {
      return toIngest.isEmpty() && newlySkipped.isEmpty();
    }
  }

  /**
   * What the Spark-free check found: whether every table is current (the summary is then printed
   * and nothing needs running), and the raw files it fingerprinted, which {@link #run(List)} reuses
   * so a run never hashes the raw collection twice (null when the collection was too large to scan
   * on the driver).
   */
  public record UpToDate(boolean current, List<Row> scanned) {}

  /**
   * Answers "is there anything new?" without starting Spark: scans the raw files on this thread,
   * reads bronze.ingest_file and the newest commit of every derived table with Delta Kernel, and
   * when no file is new and every table already carries the fingerprint this run would give it,
   * prints the run summary (the caller then skips the Spark run, and no table gets a new version).
   * Not current whenever anything might need doing, including --force, a missing table and a raw
   * collection too large to fingerprint on the driver.
   */
  public static UpToDate checkUpToDate(PipelineConfig config, PrintStream out) {
    long started = System.nanoTime();
    StageTimer timer = new StageTimer();
    LakeLog log = new LakeLog(LakeLog.hadoopConfiguration(), config.curatedUri());
    List<Row> scanned = timer.time("scan raw files",
        () -> Ingest.scanOnDriver(log.hadoopConf(), config.rawUri()).orElse(null));
    if (config.force() || scanned == null) {
      return new UpToDate(false, scanned);
    }
    try {
      return new UpToDate(printIfCurrent(config, out, log, scanned, timer, started), scanned);
    } catch (IctbenchException e) {
      throw e; // bad input: the full run would fail the same way
    } catch (RuntimeException e) {
      LOG.warn("Up-to-date check failed ({}); running the full pipeline", e.toString());
      return new UpToDate(false, scanned);
    }
  }

  /** {@link #checkUpToDate}, for callers that only need the answer. */
  public static boolean printIfUpToDate(PipelineConfig config, PrintStream out) {
    return checkUpToDate(config, out).current();
  }

  private static boolean printIfCurrent(PipelineConfig config, PrintStream out, LakeLog log, List<Row> scanned,
      StageTimer timer, long started) {
    Set<String> known = timer.time("read ingest log (Delta Kernel)", () -> knownChecksums(log));
    FilePlan plan = FilePlan.of(scanned, known, false);
    if (known.isEmpty() || !plan.nothingToLog()) {
      return false;
    }
    TableFingerprints fps = new TableFingerprints(config, Catalog.load(), IdiMethodology.load(),
        PeerStage.groups(log.hadoopConf(), config.peers()), known);
    boolean current = timer.time("compare table fingerprints (Delta Kernel)", () -> {
      for (Table t : fps.tables()) {
        if (!log.lastFingerprint(t).map(fps.of(t)::equals).orElse(false)) {
          return false;
        }
      }
      return true;
    });
    if (current) {
      PipelineResult result = new PipelineResult(runId(), scanned.size(), 0, plan.skipped(), Map.of(), List.of(),
          log.root(), (System.nanoTime() - started) / 1e9);
      timer.time("summary", () -> new RunSummary(log, config, out).print(result));
    }
    return current;
  }

  public PipelineResult run() {
    return run(null);
  }

  /** The run, reusing {@code scanned} (from {@link #checkUpToDate}) when not null. */
  public PipelineResult run(List<Row> scanned) {
    long started = System.nanoTime();
    Curation curation = new Curation(spark);
    IdiMethodology methodology = IdiMethodology.load();
    List<Row> files = scanned != null ? scanned : timer.time("scan raw files",
        () -> Ingest.scanOnDriver(spark.sparkContext().hadoopConfiguration(), config.rawUri())
            .orElseGet(() -> new Ingest(spark).scan(config.rawUri()).collectAsList()));
    long inputBytes = 0;
    for (Row f : files) {
      inputBytes += f.<Long>getAs("size_bytes");
    }
    ExecutionProfile profile = config.execution().resolve(inputBytes);
    LOG.info("execution profile {} ({} MB of raw files)", profile, String.format(java.util.Locale.ROOT, "%.1f",
        inputBytes / 1048576.0));
    Map<String, String> previousSettings = profile.apply(spark, config.shufflePartitions());
    try {
      return runProfiled(files, lake.log(), started, curation, methodology);
    } finally {
      ExecutionProfile.restore(spark, previousSettings);
    }
  }

  private PipelineResult runProfiled(List<Row> scanned, LakeLog log, long started, Curation curation,
      IdiMethodology methodology) {
    String runId = runId();
    Timestamp now = Timestamp.from(Instant.now());
    Set<String> known = timer.time("read ingest log", () -> knownChecksums(log));
    FilePlan plan = FilePlan.of(scanned, known, config.force());
    Map<String, Row> toIngest = plan.toIngest();
    List<Row> logRows = new ArrayList<>();
    plan.newlySkipped().forEach(f -> logRows.add(logRow(f, "skipped", null, null, runId, now)));

    Map<String, long[]> perFile = new LinkedHashMap<>();
    if (!toIngest.isEmpty()) {
      perFile = ingestAndCurate(new ArrayList<>(toIngest.values()), curation, runId, now);
      for (Row f : toIngest.values()) {
        long[] c = perFile.get((String) f.getAs("file_sha256"));
        logRows.add(logRow(f, "ingested", c[0], c[1], runId, now));
      }
    }
    Set<String> logged = new TreeSet<>(known);
    if (!logRows.isEmpty()) {
      Set<String> shas = new TreeSet<>();
      int shaIndex = INGEST_FILE.fieldIndex("file_sha256");
      logRows.forEach(r -> shas.add(r.getString(shaIndex)));
      logged.addAll(shas);
      timer.time("write bronze.ingest_file",
          () -> writes.replaceFiles(spark.createDataFrame(logRows, INGEST_FILE), Table.INGEST_FILE, shas, runId));
    }

    PeerGroups groups = PeerStage.groups(spark.sparkContext().hadoopConfiguration(), config.peers());
    TableFingerprints fps = new TableFingerprints(config, curation.catalog(), methodology, groups, logged);
    List<String> written = new ArrayList<>();
    timer.time("reference tables", () -> writeReference(curation, methodology, fps, written));
    timer.time("derived tables", () -> writeDerived(curation, methodology, fps, groups, written));
    if (!toIngest.isEmpty()) {
      // The per-run check above covered the new files; this one re-counts the whole lake after the
      // commits (a run that adds nothing cannot change the counts, so it skips this).
      List<String> broken = timer.time("lake identity check", this::lakeIdentity);
      if (!broken.isEmpty()) {
        throw Errors.identityBroken(broken);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    PipelineResult result = new PipelineResult(runId, scanned.size(), toIngest.size(), plan.skipped(), perFile, written,
        lake.root(), seconds);
    timer.time("summary", () -> new RunSummary(log, config, out).print(result));
    return result;
  }

  private static String runId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Parses, curates and writes the new files; returns sha → {records, slots} per file. */
  private Map<String, long[]> ingestAndCurate(List<Row> files, Curation curation, String runId, Timestamp now) {
    Dataset<Row> fileDs = spark.createDataFrame(files, BronzeSchemas.SCANNED_FILE);
    Dataset<Row> bronze = new Ingest(spark).parse(fileDs, runId, files.size()).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> routed = timer.time("parse+resolve entities", () -> curation.route(bronze)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Row> identity = timer.time("parse+curate+identity", () -> Curation.identity(bronze, routed).collectAsList());
      List<String> broken = new ArrayList<>();
      Map<String, long[]> perFile = new LinkedHashMap<>();
      for (Row r : identity) {
        long slots = r.getAs("slots");
        long routedCount = r.getAs("routed");
        perFile.put(r.getAs("file_sha256"), new long[] {r.getAs("records"), slots, r.getAs("observations"),
            r.getAs("aggregates"), r.getAs("classifications"), r.getAs("quarantined")});
        if (slots != routedCount) {
          broken.add(r.getAs("file_uri") + ": " + slots + " slots, " + routedCount + " routed");
        }
      }
      for (Row f : files) {
        perFile.putIfAbsent(f.getAs("file_sha256"), new long[6]);
      }
      if (!broken.isEmpty()) {
        throw Errors.identityBroken(broken);
      }
      Set<String> shas = perFile.keySet();
      timer.time("write bronze.raw_record", () -> writes.replaceFiles(bronze, Table.RAW_RECORD, shas, runId));
      timer.time("write silver.observation", () -> writes.replaceFiles(Curation.observations(routed), Table.OBSERVATION, shas, runId));
      timer.time("write silver.aggregate_observation", () -> writes.replaceFiles(Curation.aggregates(routed), Table.AGGREGATE_OBSERVATION, shas, runId));
      timer.time("write silver.economy_classification", () -> writes.replaceFiles(Curation.classifications(routed), Table.ECONOMY_CLASSIFICATION, shas, runId));
      timer.time("write silver.quarantine", () -> writes.replaceFiles(Curation.quarantine(routed, bronze), Table.QUARANTINE, shas, runId));
      timer.time("write silver.group_membership", () -> writes.replaceFiles(Curation.groupMembership(bronze), Table.GROUP_MEMBERSHIP, shas, runId));
      Dataset<Row> metrics = routed.groupBy("file_uri", "file_sha256", "format", "destination", "reason_code")
          .agg(count(lit(1)).as("rows"))
          .select(lit(runId).as("run_id"), lit(now).as("run_started_at"), col("file_uri"), col("file_sha256"),
              col("format"), col("destination"), col("reason_code"), col("rows"));
      timer.time("write silver.run_metrics", () -> writes.append(metrics, Table.RUN_METRICS, runId));
      return perFile;
    } finally {
      routed.unpersist();
      bronze.unpersist();
    }
  }

  private void writeReference(Curation curation, IdiMethodology methodology, TableFingerprints fps,
      List<String> written) {
    track(written, Table.COUNTRY, writes.overwriteIfChanged(Curation.countryTable(spark), Table.COUNTRY,
        fps.of(Table.COUNTRY)));
    track(written, Table.INDICATOR, writes.overwriteIfChanged(curation.catalog().indicatorTable(spark),
        Table.INDICATOR, fps.of(Table.INDICATOR)));
    track(written, Table.REASON_CODE, writes.overwriteIfChanged(curation.catalog().reasonCodeTable(spark),
        Table.REASON_CODE, fps.of(Table.REASON_CODE)));
    track(written, Table.IDI_GOALPOST, writes.overwriteIfChanged(methodology.goalposts(spark), Table.IDI_GOALPOST,
        fps.of(Table.IDI_GOALPOST)));
  }

  /** Tables derived from silver.observation: rewritten when the ingested files or the rules changed. */
  private void writeDerived(Curation curation, IdiMethodology methodology, TableFingerprints fps, PeerGroups groups,
      List<String> written) {
    if (!lake.exists(Table.OBSERVATION)) {
      return;
    }
    Dataset<Row> observations = lake.read(Table.OBSERVATION);
    track(written, Table.OBSERVATION_LATEST, writes.overwriteIfChanged(
        Curation.latest(observations, curation.catalog().sourceTable(spark)), Table.OBSERVATION_LATEST,
        fps.of(Table.OBSERVATION_LATEST)));

    String idiFp = fps.of(Table.IDI_SCORE);
    if (!idiFp.equals(writes.lastFingerprint(Table.IDI_SCORE))) {
      try (IdiGold idi = new IdiGold(methodology)) {
        idi.tables(observations, lake.read(Table.OBSERVATION_LATEST), lake.read(Table.ECONOMY_CLASSIFICATION))
            .forEach((table, rows) -> track(written, table, writes.overwriteIfChanged(rows, table, fps.of(table))));
      }
    }
    new PeerStage(spark, lake, writes, config).write(fps, groups).forEach(t -> written.add(t.qualifiedName()));
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
    for (Table t : List.of(Table.OBSERVATION, Table.AGGREGATE_OBSERVATION, Table.ECONOMY_CLASSIFICATION,
        Table.QUARANTINE)) {
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

  /** The file checksums bronze.ingest_file holds (ingested or skipped), read with Delta Kernel. */
  private static Set<String> knownChecksums(LakeLog log) {
    Set<String> out = new HashSet<>();
    log.rows(Table.INGEST_FILE, List.of("file_sha256")).forEach(r -> out.add((String) r[0]));
    return out;
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
    return RowFactory.create(v);
  }

  private static void track(List<String> written, Table t, boolean wrote) {
    if (wrote) {
      written.add(t.qualifiedName());
    }
  }
}
