package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * A long run is never silent: each stage says when it starts and ends (with its counts), and a stage
 * that runs longer than the interval reports progress while it runs. No timing assertions: a stage waits
 * until the reporter has spoken (a latch), and a stage that ends at once never reaches a long interval.
 */
class ProgressReporterTest {
  /** Start/end lines, as the listener hears them. */
  private static final class Recorder implements StageTimer.Listener {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void started(String stage) {
      lines.add("started " + stage);
    }

    @Override
    public void finished(String stage, double seconds, String counts) {
      lines.add("finished " + stage + (counts == null ? "" : ": " + counts));
    }

    @Override
    public void failed(String stage, double seconds, Throwable error) {
      lines.add("failed " + stage);
    }
  }

  @Test
  void eachStageSaysWhenItStartsAndEndsWithItsCounts() {
    Recorder r = new Recorder();
    StageTimer timer = new StageTimer(r);
    List<String> files = timer.time("scan raw files", () -> List.of("a.csv", "b.csv"), f -> f.size() + " files");
    assertEquals(2, files.size());
    assertThrows(IllegalStateException.class, () -> timer.time("parse", () -> {
      throw new IllegalStateException("boom");
    }));
    assertEquals(List.of("started scan raw files", "finished scan raw files: 2 files", "started parse", "failed parse"),
        r.lines);
    assertEquals(List.of("scan raw files", "parse"), timer.stages().stream().map(StageTimer.Stage::name).toList());
    assertTrue(timer.running().isEmpty());
  }

  @Test
  void aStageLongerThanTheIntervalReportsWhileItRuns() throws InterruptedException {
    StageTimer timer = new StageTimer(StageTimer.SILENT);
    List<String> progress = new CopyOnWriteArrayList<>();
    CountDownLatch twoReports = new CountDownLatch(2);
    try (ProgressReporter p = ProgressReporter.start(timer, Duration.ofMillis(40), line -> {
      progress.add(line);
      twoReports.countDown();
    }, null)) {
      boolean reported = timer.time("write silver.observation", () -> {
        try {
          return twoReports.await(60, TimeUnit.SECONDS); // runs until the reporter has spoken twice
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      assertTrue(reported, "no progress reported while the stage ran: " + progress);
    }
    assertTrue(progress.size() >= 2, progress.toString());
    for (String line : progress) {
      assertTrue(line.matches("stage write silver\\.observation running for \\d+\\.\\d+ s"), line);
    }
  }

  @Test
  void aShortStageIsNotReportedOn() {
    StageTimer timer = new StageTimer(StageTimer.SILENT);
    List<String> progress = new CopyOnWriteArrayList<>();
    try (ProgressReporter p = ProgressReporter.start(timer, Duration.ofHours(1), progress::add, null)) {
      timer.time("read ingest log", () -> 42);
    }
    assertEquals(List.of(), progress);
  }

  /** Released by the test once the reporter has seen the Spark stage's tasks running. */
  static final CountDownLatch TASKS_SEEN = new CountDownLatch(1);

  @Test
  void progressIncludesSparksJobsAndTasks() {
    SparkSession spark = TestSpark.get();
    StageTimer timer = new StageTimer(StageTimer.SILENT);
    List<String> progress = new CopyOnWriteArrayList<>();
    try (ProgressReporter p = ProgressReporter.start(timer, Duration.ofMillis(40), line -> {
      progress.add(line);
      if (line.matches(".*tasks done, [12] running.*")) {
        TASKS_SEEN.countDown();
      }
    }, spark.sparkContext())) {
      long n = timer.time("count", () -> spark.range(0, 4, 1, 2).mapPartitions(
          (MapPartitionsFunction<Long, Long>) it -> {
            // local mode: the task runs in this JVM and waits until the reporter has described it
            TASKS_SEEN.await(60, TimeUnit.SECONDS);
            return it;
          }, Encoders.LONG()).count());
      assertEquals(4, n);
    }
    String seen = progress.stream().filter(l -> l.matches(".*tasks done, [12] running.*")).findFirst().orElseThrow(
        () -> new AssertionError("no Spark progress reported: " + progress));
    assertTrue(seen.matches("stage count running for .*; Spark: 1 active job, stage \\d+: \\d/2 tasks done, [12] running"),
        seen);
  }
}
