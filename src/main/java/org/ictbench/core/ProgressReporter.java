package org.ictbench.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.slf4j.LoggerFactory;

/**
 * Reports on every stage of a {@link StageTimer} that runs longer than the interval, at least once per
 * interval while it runs: which stage, for how long, and what Spark is doing meanwhile (active jobs, and
 * per active Spark stage its tasks done, running and failed, from Spark's status tracker). A daemon
 * thread checks several times per interval; closing the reporter stops it.
 */
public final class ProgressReporter implements AutoCloseable {
  /** How often a long stage reports, by default. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  /** Spark stages listed per report at most. */
  private static final int MAX_SPARK_STAGES = 3;

  private final StageTimer timer;
  private final long intervalNanos;
  private final long checkNanos;
  private final Consumer<String> sink;
  private final JavaSparkStatusTracker tracker;
  private final Map<Long, Long> lastReport = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker;

  private ProgressReporter(StageTimer timer, Duration interval, Consumer<String> sink, SparkContext spark) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("progress interval must be positive, got " + interval);
    }
    this.timer = timer;
    this.intervalNanos = interval.toNanos();
    // checked four times per interval (at most every second), so no stage goes longer than the interval unreported
    this.checkNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(intervalNanos / 4, TimeUnit.SECONDS.toNanos(1)));
    this.sink = sink;
    this.tracker = spark == null ? null : JavaSparkContext.fromSparkContext(spark).statusTracker();
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ictbench-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(this::check, checkNanos, checkNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Starts reporting on {@code timer}'s stages to {@code sink} every {@code interval}, with the progress
   * of {@code spark}'s jobs when it is not null.
   */
  public static ProgressReporter start(StageTimer timer, Duration interval, Consumer<String> sink, SparkContext spark) {
    return new ProgressReporter(timer, interval, sink, spark);
  }

  /** {@link #start} with the default interval, reporting to the log at INFO. */
  public static ProgressReporter toLog(StageTimer timer, SparkContext spark) {
    return start(timer, DEFAULT_INTERVAL, LoggerFactory.getLogger(ProgressReporter.class)::info, spark);
  }

  private void check() {
    try {
      long now = System.nanoTime();
      List<StageTimer.Running> running = timer.running();
      Set<Long> ids = running.stream().map(StageTimer.Running::id).collect(Collectors.toSet());
      lastReport.keySet().retainAll(ids);
      for (StageTimer.Running r : running) {
        long last = lastReport.getOrDefault(r.id(), r.startedNanos());
        if (now - last >= intervalNanos - checkNanos) {
          lastReport.put(r.id(), now);
          sink.accept(line(r, now));
        }
      }
    } catch (RuntimeException e) {
      // progress is a courtesy: it must never fail or stop the run
      LoggerFactory.getLogger(ProgressReporter.class).debug("progress report failed", e);
    }
  }

  private String line(StageTimer.Running r, long now) {
    return "stage " + r.name() + " running for " + StageTimer.seconds(r.seconds(now)) + sparkProgress();
  }

  /** "; Spark: 1 active job, stage 12 (name): 3/8 tasks done, 2 running", or "" without Spark. */
  private String sparkProgress() {
    if (tracker == null) {
      return "";
    }
    int jobs = tracker.getActiveJobIds().length;
    List<String> stages = new ArrayList<>();
    int[] ids = tracker.getActiveStageIds();
    java.util.Arrays.sort(ids);
    for (int id : ids) {
      SparkStageInfo s = tracker.getStageInfo(id);
      if (s == null) {
        continue;
      }
      if (stages.size() == MAX_SPARK_STAGES) {
        stages.add("...");
        break;
      }
      stages.add("stage " + s.stageId() + ": " + s.numCompletedTasks() + "/" + s.numTasks() + " tasks done, "
          + s.numActiveTasks() + " running" + (s.numFailedTasks() > 0 ? ", " + s.numFailedTasks() + " failed" : ""));
    }
    if (jobs == 0 && stages.isEmpty()) {
      return "; Spark: no active job (driver-side work)";
    }
    return "; Spark: " + jobs + " active job" + (jobs == 1 ? "" : "s") + (stages.isEmpty() ? "" : ", " + String.join("; ", stages));
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
