package org.ictbench.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ictbench.core.LakeLog;
import org.ictbench.core.ResultJson;
import org.ictbench.core.StageTimer;
import org.ictbench.core.Table;

/**
 * A pipeline run's result as JSON ({@code pipeline --json}): {@link ResultJson#envelope} plus the raw and
 * curated roots, every file with its outcome and counts, the counts of the run (the record identity),
 * the Delta version each table written got, and the time per stage. Field list: docs/operations.md.
 */
public final class PipelineResultJson {
  private PipelineResultJson() {}

  /** The result of a run that succeeded. */
  public static ObjectNode succeeded(PipelineConfig config, PipelineResult r, Instant started, Instant finished) {
    ObjectNode n = ResultJson.envelope("pipeline", r.runId(), started, finished, null);
    body(n, config, r.curatedRoot(), r.upToDate(), r.files(), r.commits(), r.tablesWritten(), r.stages());
    return n;
  }

  /**
   * The result of a run that failed with {@code error}: the files it was ingesting are {@code failed}
   * (none of them was logged, so the next run retries them), the tables it had written before are listed.
   */
  public static ObjectNode failed(PipelineConfig config, RunContext run, Instant started, Instant finished,
      Throwable error) {
    ObjectNode n = ResultJson.envelope("pipeline", run.runId(), started, finished, error);
    String why = "not ingested: the run failed (" + n.get("error").get("code").asText()
        + ") before logging the file; the next run retries it";
    List<PipelineResult.FileOutcome> files = run.files().stream()
        .map(f -> f.status() == PipelineResult.FileStatus.PENDING
            ? f.withStatus(PipelineResult.FileStatus.FAILED, why, null) : f)
        .toList();
    Map<Table, LakeLog.Commit> commits = run.commits();
    body(n, config, config == null ? null : config.curatedUri(), false, files, commits,
        commits.keySet().stream().map(Table::qualifiedName).toList(), run.timer().stages());
    return n;
  }

  private static void body(ObjectNode n, PipelineConfig config, String curated, boolean upToDate,
      List<PipelineResult.FileOutcome> files, Map<Table, LakeLog.Commit> commits, List<String> written,
      List<StageTimer.Stage> stages) {
    n.put("raw", config == null ? null : config.rawUri());
    n.put("curated", curated);
    n.put("up_to_date", upToDate);
    for (PipelineResult.FileStatus s : PipelineResult.FileStatus.values()) {
      if (s != PipelineResult.FileStatus.PENDING) {
        n.put("files_" + lower(s), files.stream().filter(f -> f.status() == s).count());
      }
    }
    n.put("files_found", files.size());
    FileCounts total = FileCounts.NONE;
    ArrayNode fa = n.putArray("files");
    for (PipelineResult.FileOutcome f : files) {
      ObjectNode o = fa.addObject();
      o.put("uri", f.uri());
      o.put("sha256", f.sha256());
      o.put("format", f.format());
      o.put("status", lower(f.status()));
      o.put("reason", f.reason());
      if (f.counts() == null) {
        o.putNull("counts");
      } else {
        counts(o.putObject("counts"), f.counts());
        if (f.status() == PipelineResult.FileStatus.INGESTED) {
          total = total.plus(f.counts());
        }
      }
    }
    counts(n.putObject("counts"), total);
    ArrayNode ta = n.putArray("tables");
    for (String name : written) {
      ObjectNode o = ta.addObject();
      o.put("table", name);
      LakeLog.Commit c = Table.byQualifiedName(name).map(commits::get).orElse(null);
      if (c == null) {
        o.putNull("version");
        o.putNull("operation");
        o.putNull("rows_written");
      } else {
        o.put("version", c.version());
        o.put("operation", c.operation());
        if (c.rowsWritten() >= 0) {
          o.put("rows_written", c.rowsWritten());
        } else {
          o.putNull("rows_written");
        }
      }
    }
    ArrayNode sa = n.putArray("stages");
    for (StageTimer.Stage s : stages) {
      sa.addObject().put("name", s.name()).put("started_s", Math.round(s.startedSeconds() * 1000) / 1000.0)
          .put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
    }
  }

  /** records, slots and where the slots went; {@code identity_holds}: slots = the four destinations. */
  private static void counts(ObjectNode o, FileCounts c) {
    o.put("records", c.records());
    o.put("slots", c.slots());
    o.put("observations", c.observations());
    o.put("aggregates", c.aggregates());
    o.put("classifications", c.classifications());
    o.put("quarantined", c.quarantined());
    o.put("identity_holds", c.slots() == c.observations() + c.aggregates() + c.classifications() + c.quarantined());
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }
}
