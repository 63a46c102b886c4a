package org.ictbench.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.ictbench.core.BuildInfo;
import org.ictbench.core.CommitMetadata;
import org.ictbench.core.IctbenchException;
import org.ictbench.core.LakeLog;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.StageTimer;
import org.ictbench.core.Table;
import org.ictbench.curate.Catalog;
import org.ictbench.gold.IdiMethodology;
import org.ictbench.ingest.Ingest;

/**
 * "Is there anything new?" answered without Spark: the raw files scanned on the driver,
 * bronze.ingest_file and the newest commit of every table that carries an input fingerprint read with
 * Delta Kernel, and the fingerprints compared with those a run would give ({@link TableFingerprints}).
 */
final class UpToDateCheck {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UpToDateCheck.class);

  private UpToDateCheck() {}

  /** See {@link PipelineJob#checkUpToDate(PipelineConfig, RunContext)}. */
  static PipelineJob.UpToDate check(PipelineConfig config, RunContext run) {
    long started = System.nanoTime();
    StageTimer timer = run.timer();
    LakeLog log = new LakeLog(LakeLog.hadoopConfiguration(), config.curatedUri());
    // The ingest log first: a file it holds as ingested is only fingerprinted by the scan, not detected
    // again. A forced run re-ingests every file, each one detected afresh, so it needs no log here.
    IngestLog ingestLog = null;
    if (!config.force()) {
      try {
        ingestLog = timer.time("read ingest log (Delta Kernel)", () -> IngestLog.read(log),
            l -> l.size() + " files logged");
      } catch (IctbenchException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("Cannot read bronze.ingest_file ({}); running the full pipeline", e.toString());
      }
    }
    Map<String, Ingest.Described> ingested = ingestLog == null ? Map.of() : ingestLog.ingested();
    Ingest.RawScan scanned = timer.time("scan raw files",
        () -> Ingest.scanOnDriver(log.hadoopConf(), config.rawUri(), ingested).orElse(null), UpToDateCheck::describeScan);
    if (config.force() || config.verify() || !config.acceptVintages().isEmpty() || scanned == null
        || ingestLog == null) {
      return new PipelineJob.UpToDate(false, scanned, null);
    }
    try {
      PipelineResult current = printIfCurrent(config, run, log, ingestLog.known(), scanned, started);
      return new PipelineJob.UpToDate(current != null, scanned, current);
    } catch (IctbenchException e) {
      throw e; // bad input: the full run would fail the same way
    } catch (RuntimeException e) {
      LOG.warn("Up-to-date check failed ({}); running the full pipeline", e.toString());
      return new PipelineJob.UpToDate(false, scanned, null);
    }
  }

  /** The result of a run with nothing to do (its summary printed), or null when there is something to do. */
  private static PipelineResult printIfCurrent(PipelineConfig config, RunContext run, LakeLog log, Set<String> known,
      Ingest.RawScan scanned, long started) {
    StageTimer timer = run.timer();
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
      for (TableFingerprints.TableSet set : TableFingerprints.SETS) {
        if (!StageRunner.current(set.tables(), set.independent(), fps::of,
            t -> log.lastUserMetadata(t).flatMap(CommitMetadata.Derived::of))) {
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

  /** The end line of a raw scan: files found and their size. */
  static String describeScan(Ingest.RawScan scan) {
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
  static String megabytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
  }
}
