package org.ictbench.pipeline;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.BuildInfo;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.ExecutionProfile;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.ResultJson;
import org.ictbench.core.StageTimer;
import org.ictbench.core.Table;
import org.ictbench.curate.Curation;
import org.ictbench.curate.VintageGate;
import org.ictbench.gold.IdiMethodology;
import org.ictbench.gold.PeerGroups;
import org.ictbench.ingest.Ingest;

/**
 * The main job: raw files → bronze → silver → gold in one SparkSession, one Delta commit per table
 * per run. Incremental and idempotent: the raw files are ingested per file ({@link FileIngestion}),
 * and the derived tables are the {@link Stage}s below, which {@link StageRunner} rewrites only when
 * their inputs changed, so a rerun with nothing new adds no table version.
 */
public final class PipelineJob {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PipelineJob.class);
  private final SparkSession spark;
  private final PipelineConfig config;
  private final PrintStream out;
  private final Lakehouse lake;
  private final DeltaWrites writes;
  private final StageTimer timer;
  private final RunContext run;
  private final VintageStage vintages;

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
   * What the Spark-free check found: whether every table is current (the summary is then printed
   * and nothing needs running, and {@code result} is the run's result), and the raw files it
   * fingerprinted, which {@link #run(Ingest.RawScan)} reuses so a run never hashes the raw collection
   * twice (null when the collection was too large to scan on the driver).
   */
  public record UpToDate(boolean current, Ingest.RawScan scanned, PipelineResult result) {}

  /**
   * Answers "is there anything new?" without starting Spark ({@link UpToDateCheck}): when no file is
   * new and every table already carries the fingerprint this run would give it, prints the run
   * summary (the caller then skips the Spark run, and no table gets a new version). Not current
   * whenever anything might need doing, including --force, --verify, a missing table and a raw
   * collection too large to fingerprint on the driver.
   */
  public static UpToDate checkUpToDate(PipelineConfig config, PrintStream out) {
    return checkUpToDate(config, RunContext.create(out));
  }

  /** {@link #checkUpToDate(PipelineConfig, PrintStream)} as part of the run {@code run}. */
  public static UpToDate checkUpToDate(PipelineConfig config, RunContext run) {
    return UpToDateCheck.check(config, run);
  }

  /** {@link #checkUpToDate}, for callers that only need the answer. */
  public static boolean printIfUpToDate(PipelineConfig config, PrintStream out) {
    return checkUpToDate(config, out).current();
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
    LOG.info("{}", reference.describe());
    Ingest.RawScan files = scanned != null ? scanned : timer.time("scan raw files",
        () -> Ingest.scanOnDriver(spark.sparkContext().hadoopConfiguration(), config.rawUri())
            .orElseGet(() -> new Ingest(spark).scanFolder(config.rawUri())), UpToDateCheck::describeScan);
    long inputBytes = 0;
    for (Row f : files.files()) {
      inputBytes += f.<Long>getAs("size_bytes");
    }
    ExecutionProfile profile = config.execution().resolve(inputBytes);
    LOG.info("execution profile {} ({} MB of raw files)", profile, UpToDateCheck.megabytes(inputBytes));
    Map<String, String> previousSettings = profile.apply(spark, config.shufflePartitions());
    try {
      return runProfiled(files, started, reference, profile);
    } finally {
      ExecutionProfile.restore(spark, previousSettings);
    }
  }

  private PipelineResult runProfiled(Ingest.RawScan scanned, long started, ReferenceData reference,
      ExecutionProfile profile) {
    String runId = run.runId();
    Timestamp now = Timestamp.from(Instant.now());
    Curation curation = new Curation(spark, reference);
    IdiMethodology methodology = IdiMethodology.load(reference);
    PeerGroups groups = PeerStage.groups(spark.sparkContext().hadoopConfiguration(), config.peers(), reference);
    if (!config.acceptVintages().isEmpty()) {
      timer.time("accept vintages", () -> vintages.accept(config.acceptVintages(), runId, now));
    } else if (VintageStage.releasePending(lake.log())) {
      timer.time("release accepted vintages", () -> vintages.release(runId));
    }
    FileIngestion.Result ingested = new FileIngestion(lake, writes, timer, vintages, config.writeThreads(), profile)
        .run(scanned, curation, config.force(), run, now);

    // The derived tables, in the order they depend on each other (the runner waits where one reads another).
    List<Stage<Dataset<Row>>> stages = List.of(
        new ReferenceStage(spark, reference, curation.catalog(), methodology),
        new ObservationLatestStage(curation.catalog()),
        new IdiStage(methodology),
        new PeerStage(config, curation.catalog(), groups));
    TableFingerprints fps = new TableFingerprints(config, reference, curation.catalog(), methodology, groups,
        ingested.logged(), VintageStage.holdsFingerprint(lake.log()));
    StageRunner.Options options = new StageRunner.Options(config.writeThreads(), config.execution(), profile,
        config.shufflePartitions(), config.force());
    StageRunner<Dataset<Row>> runner = new StageRunner<>(new DeltaStageLake(lake, writes, options), fps::of, timer,
        options);
    timer.time("reference and derived tables", () -> runner.run(stages, lakeIdentity(ingested.ingestedAny())));
    IngestLogUpgrade.addDetailCodes(lake, lake.log(), writes, runId);
    // every table of the contract can be queried after a run, empty when no input reached it
    writes.createMissing(runId);
    double seconds = (System.nanoTime() - started) / 1e9;
    List<String> written = writes.committed().stream().map(Table::qualifiedName).toList();
    PipelineResult result = new PipelineResult(runId, ingested.outcomes(), written, writes.commits(), lake.root(),
        seconds, timer.stages(), false, BuildInfo.version(), VintageStage.describe(ingested.held()));
    timer.time("summary", () -> new RunSummary(lake.log(), config, out).print(result));
    return result;
  }

  /**
   * The lake identity check that runs alongside the derived tables, or null for none. The per-run
   * check covered the new files; after their silver commits an ingesting run compares the lake-wide
   * totals from Delta's statistics (no data read), and recounts per file with Spark only when they
   * differ, to name the files; --verify always recounts.
   */
  private Supplier<List<String>> lakeIdentity(boolean ingestedAny) {
    LakeIdentity identity = new LakeIdentity(lake);
    if (config.verify()) {
      return () -> timer.time("lake identity recount (--verify)", identity::recount, LakeIdentity::describe);
    }
    if (ingestedAny) {
      return () -> timer.time("lake identity check (Delta statistics)", identity::fromStatistics,
          LakeIdentity::describe);
    }
    return null;
  }

  /** A new run id: the UTC start time and a random suffix, e.g. {@code 20261123T182604Z-a7e97e4b}. */
  public static String newRunId() {
    return ResultJson.newRunId();
  }
}
