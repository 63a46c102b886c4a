package org.ictbench.pipeline;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ictbench.core.LakeLog;
import org.ictbench.core.ResultJson;
import org.ictbench.core.StageTimer;
import org.ictbench.core.Table;

/**
 * One pipeline run's identity and outputs: its run id, the timer its stages report to, where its human
 * summary goes, and the per-file outcome known so far, which the job keeps current so that a run that
 * fails can still say which files it was ingesting.
 */
public final class RunContext {
  private final String runId;
  private final StageTimer timer;
  private final PrintStream out;
  private volatile List<PipelineResult.FileOutcome> files = List.of();
  private volatile Supplier<Map<Table, LakeLog.Commit>> commits = Map::of;

  public RunContext(String runId, StageTimer timer, PrintStream out) {
    this.runId = runId;
    this.timer = timer;
    this.out = out;
  }

  /** A new run id, stages logged, the summary to {@code out}. */
  public static RunContext create(PrintStream out) {
    return new RunContext(ResultJson.newRunId(), new StageTimer(), out);
  }

  public String runId() {
    return runId;
  }

  public StageTimer timer() {
    return timer;
  }

  public PrintStream out() {
    return out;
  }

  /** Every file found so far with its outcome; files being ingested are {@link PipelineResult.FileStatus#PENDING}. */
  public List<PipelineResult.FileOutcome> files() {
    return files;
  }

  void files(List<PipelineResult.FileOutcome> f) {
    files = List.copyOf(f);
  }

  /** The tables committed so far, with their commits (a failed run may have written some). */
  public Map<Table, LakeLog.Commit> commits() {
    return commits.get();
  }

  void commits(Supplier<Map<Table, LakeLog.Commit>> c) {
    commits = c;
  }
}
