package org.ictbench.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkContext;
import org.ictbench.core.Errors;
import org.ictbench.core.ExecutionProfile;
import org.ictbench.core.ExitCodes;
import org.ictbench.core.LakeLock;
import org.ictbench.core.LakeLog;
import org.ictbench.core.ProgressReporter;
import org.ictbench.core.ResultJson;
import org.ictbench.core.StageTimer;
import org.ictbench.gold.PeerOptions;
import org.ictbench.pipeline.PipelineConfig;
import org.ictbench.pipeline.PipelineJob;
import org.ictbench.pipeline.PipelineResult;
import org.ictbench.pipeline.PipelineResultJson;
import org.ictbench.pipeline.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobs/pipeline.sh}: ingest, curate and benchmark everything under the raw folder. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Ingest every file under --raw into bronze, curate it into silver, compute the gold benchmarks"
        + " (IDI, peer groups, bilateral comparison) and print the pair comparison.")
final class PipelineCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--raw", paramLabel = "DIR",
      description = "Folder of raw publisher files, searched recursively (local path or file:/hdfs:/s3a: URI)."
          + " Default in jobs/*.sh: the source tree's data/raw; required elsewhere (bin/ictbench, spark-submit).")
  String raw;

  @Option(names = "--force", description = "Re-ingest files whose checksum was already ingested (their rows are replaced, never duplicated) and rewrite every derived table, also a gold table whose rows did not change.")
  boolean force;

  @Option(names = "--pair", paramLabel = "A,B", defaultValue = PipelineConfig.DEFAULT_PAIR,
      converter = EconomyPair.Converter.class,
      description = "The two economies of gold.bilateral_comparison (ISO alpha-3). Default: ${DEFAULT-VALUE}.")
  EconomyPair pair;

  @Option(names = "--verify",
      description = "After the run, recount the record identity (value slots = observations + aggregates +"
          + " classifications + quarantined) over the whole lake, file by file, with Spark; runs even when nothing"
          + " is new. Without it a run checks the per-file identity of the files it ingests and the lake-wide totals"
          + " from Delta's statistics.")
  boolean verify;

  @Option(names = "--quiet",
      description = "Print only warnings and errors: no stage or progress lines, no summary, no pair comparison"
          + " (the --json result is still written).")
  boolean quiet;

  @Option(names = "--no-comparison", description = "Print the run summary without the pair comparison.")
  boolean noComparison;

  @Mixin
  ResultOption result;

  @Option(names = "--groups-file", paramLabel = "FILE",
      description = "CSV or YAML file of your own peer groups, added to the built-in ones (see docs/methodology.md, Peer groups).")
  String groupsFile;

  @Option(names = "--reference", paramLabel = "DIR",
      description = "Folder of reference CSVs that replace (<table>.csv) or extend (<table>.extra.csv) the built-in"
          + " country aliases, indicator catalog, peer groups and IDI methodology, by the built-in path (e.g."
          + " reference/country_alias.extra.csv); checked like the built-in tables. See docs/operations.md.")
  String reference;

  @Option(names = "--coverage-threshold", paramLabel = "SHARE", defaultValue = "" + PeerOptions.DEFAULT_COVERAGE_THRESHOLD,
      description = "Publish a group statistic only when at least this share of members has data (0-1). Default: ${DEFAULT-VALUE}.")
  double coverageThreshold;

  @Option(names = "--cagr-window", paramLabel = "YEARS", defaultValue = "" + PeerOptions.DEFAULT_CAGR_WINDOW,
      description = "Window of the compound annual growth rates in gold.bilateral_comparison. Default: ${DEFAULT-VALUE}.")
  int cagrWindow;

  @Option(names = "--execution", paramLabel = "MODE", defaultValue = PipelineConfig.DEFAULT_EXECUTION,
      description = "How Spark runs the queries: small (interpreted expressions, no adaptive re-planning, 2 shuffle"
          + " partitions: fastest on a few MB), large (Spark's defaults: code generation, AQE), or auto (small when"
          + " the raw files total at most 64 MB; the gold tables: small while silver.observation_latest is at most"
          + " 16 MB). Default: ${DEFAULT-VALUE}.")
  ExecutionProfile execution;

  @Option(names = "--accept-vintage", paramLabel = "SHA_OR_LABEL",
      description = "Accept a vintage the vintage gate held (see silver.vintage_review): a file checksum (or its"
          + " first 8+ characters), the vintage's label or date (yyyy, yyyy-mm or yyyy-mm-dd). Repeatable.")
  List<String> acceptVintages;

  @Option(names = "--wait-lock", paramLabel = "SECONDS", defaultValue = "0",
      description = "Wait up to this long while another run holds the curated root's writer lock (0: fail at once"
          + " with exit code 10). Default: ${DEFAULT-VALUE}.")
  long waitLock;

  @Option(names = "--write-threads", paramLabel = "N", defaultValue = "" + PipelineConfig.DEFAULT_WRITE_THREADS,
      description = "Independent tables written at once (each still one atomic Delta commit; 1 = one after"
          + " another). Default: ${DEFAULT-VALUE}.")
  int writeThreads;

  /** How often a stage that runs long reports progress (tests shorten it). */
  Duration progressInterval = ProgressReporter.DEFAULT_INTERVAL;

  @Override
  public Integer call() {
    Instant started = Instant.now();
    RunContext run = new RunContext(ResultJson.newRunId(),
        new StageTimer(quiet ? StageTimer.SILENT : StageTimer.LOGGED), result.human(quiet));
    PipelineConfig config = null;
    try (QuietLogging q = QuietLogging.when(quiet)) {
      config = config();
      PipelineResult r = run(config, run);
      if (!r.heldVintages().isEmpty()) {
        throw Errors.vintageHeld(r.heldVintages()); // the run finished; exit 11 tells the scheduler
      }
      result.write(PipelineResultJson.succeeded(config, r, started, Instant.now()));
      return ExitCodes.OK;
    } catch (Exception | Error e) { // Spark throws checked exceptions (SparkException) without declaring them
      result.writeAfterFailure(PipelineResultJson.failed(config, run, started, Instant.now(), e), e);
      throw e;
    }
  }

  private PipelineConfig config() {
    if (waitLock < 0) {
      throw Errors.badOption("--wait-lock", String.valueOf(waitLock), "a number of seconds, 0 or more");
    }
    return PipelineConfig.builder()
        .raw(JobPaths.orHome(raw, "--raw", "data/raw", spark.master)).curated(spark.curated()).master(spark.master)
        .force(force).verify(verify).pair(pair.a(), pair.b()).shufflePartitions(spark.shufflePartitions)
        .printComparison(!quiet && !noComparison)
        .groupsFile(groupsFile).coverageThreshold(coverageThreshold).cagrWindow(cagrWindow).execution(execution)
        .writeThreads(writeThreads).acceptVintages(acceptVintages).reference(reference).build();
  }

  private PipelineResult run(PipelineConfig config, RunContext run) {
    LakeLock taken;
    PipelineJob.UpToDate check;
    try (ProgressReporter progress = progress(run, null)) {
      // One writer per curated root: held from before the up-to-date check until the last commit.
      taken = run.timer().time("take the lake's writer lock",
          () -> LakeLock.acquire(LakeLog.hadoopConfiguration(), config.curatedUri(), run.runId(), waitLock));
    }
    try (LakeLock lock = taken) {
      try (ProgressReporter progress = progress(run, null)) {
        check = PipelineJob.checkUpToDate(config, run);
      }
      if (check.current()) {
        return check.result(); // nothing new: no SparkSession, no table version
      }
      PipelineResult[] result = new PipelineResult[1];
      spark.withSession("ictbench-pipeline", s -> {
        try (ProgressReporter progress = progress(run, s.sparkContext())) {
          result[0] = new PipelineJob(s, config, run).run(check.scanned());
        }
        return ExitCodes.OK;
      });
      return result[0];
    }
  }

  private ProgressReporter progress(RunContext run, SparkContext sc) {
    return quiet ? null : ProgressReporter.start(run.timer(), progressInterval,
        org.slf4j.LoggerFactory.getLogger(ProgressReporter.class)::info, sc);
  }
}
