package org.ictbench.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ictbench.cli.Main;
import org.ictbench.core.LakeLock;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.Child;
import org.ictbench.testing.CleanReference;
import org.ictbench.testing.Distribution;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One writer per curated root, with real processes: a pipeline run in a child JVM (the distribution's
 * bin/ictbench) holds the lock while a second run fails at once with exit 10 naming it, a third waits
 * with --wait-lock and then finds nothing to do, and a run killed with SIGKILL leaves a lock that the
 * next run recognises as stale and takes over.
 */
class LakeLockIT {
  private static Path logs;
  /** The six files of {@link CleanReference}: what the lock does does not depend on the input's size. */
  private static String raw;

  @BeforeAll
  static void setUp() throws IOException {
    logs = TestSpark.tempDir("lock-it-logs");
    raw = CleanReference.rawFolder().toString();
    TestSpark.get(); // in-process runs reuse the suite's session
  }

  private static Child pipelineChild(String name, String curated, String... extra) {
    List<String> cmd = new ArrayList<>(List.of(Distribution.home().resolve("bin/ictbench").toString(), "pipeline",
        "--raw", raw, "--curated", curated, "--no-comparison"));
    cmd.addAll(List.of(extra));
    return Child.start(cmd, logs, Distribution.javaOnlyEnv(Distribution.pathWithoutMaven()), true, logs, name);
  }

  /** Runs the pipeline in this JVM; returns exit code and stderr. */
  private static Object[] inProcess(String curated, String... extra) {
    List<String> args = new ArrayList<>(List.of("pipeline", "--raw", raw, "--curated", curated, "--no-comparison"));
    args.addAll(List.of(extra));
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute(args.toArray(new String[0]));
    } finally {
      System.setErr(old);
    }
    return new Object[] {code, buf.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void aSecondRunFailsAtOnceAndAWaitingRunFollowsTheFirst() throws Exception {
    String curated = TestSpark.tempDir("lock-concurrent").toString();
    Path lockFile = Path.of(curated, LakeLock.FILE_NAME);
    try (Child first = pipelineChild("first", curated);
         Child waiter = startWaiterWhenLocked(first, curated)) {
      String holder = Files.readString(lockFile);
      assertTrue(holder.contains("\"pid\":" + first.pid()), holder);

      long t0 = System.nanoTime();
      Object[] second = inProcess(curated);
      double secondSeconds = (System.nanoTime() - t0) / 1e9;
      String msg = (String) second[1];
      assertEquals(10, second[0], msg);
      assertTrue(msg.contains("[LAKE_LOCKED]") && msg.contains("is locked by another run")
          && msg.contains("pid " + first.pid()) && msg.contains("on host " + LakeLock.hostName()), msg);
      assertTrue(secondSeconds < 30, "failed at once: " + secondSeconds + " s");
      System.out.printf("second run: exit %s after %.1f s: %s%n", second[0], secondSeconds, msg.strip());
      // readers never take the lock: a query on the same root runs while the writer holds it
      assertEquals(0, Main.execute("sql", "--curated", curated, "--format", "csv", "SELECT 1 AS one"));
      assertTrue(Files.readString(lockFile).contains("\"pid\":" + first.pid()), "still the first run's");

      assertEquals(0, first.waitFor(1800), Child.tail(first.err(), 40));
      assertEquals(0, waiter.waitFor(600), Child.tail(waiter.err(), 40));
      // the waiter took the lock only after the first run released it, and then found the lake current
      assertTrue(waiter.out().contains("tables written: none (nothing changed)"), waiter.out());
      System.out.printf("first run %.1f s (exit 0); waiting run (--wait-lock 1800) %.1f s (exit 0): %s%n",
          first.seconds(), waiter.seconds(), waiter.out().lines().filter(l -> l.contains("tables written"))
              .findFirst().orElse("").strip());
    }
    assertFalse(Files.exists(lockFile), "released");
  }

  /** Once {@code first} holds the lock, starts a run that waits for it with --wait-lock. */
  private static Child startWaiterWhenLocked(Child first, String curated) {
    first.awaitOutput("writer lock taken", 600);
    return pipelineChild("waiter", curated, "--wait-lock", "1800");
  }

  @Test
  void aLockLeftByAKilledRunIsTakenOverByTheNextRun() throws Exception {
    String curated = TestSpark.tempDir("lock-stale").toString();
    Path lockFile = Path.of(curated, LakeLock.FILE_NAME);
    long killedPid;
    try (Child doomed = pipelineChild("killed", curated)) {
      doomed.awaitOutput("writer lock taken", 600);
      doomed.awaitOutput("execution profile", 900); // inside the Spark run, tables about to be written
      killedPid = doomed.pid();
      doomed.process().destroyForcibly(); // SIGKILL: no shutdown hook, the lock stays behind
      doomed.process().waitFor();
      assertEquals(137, doomed.process().exitValue());
    }
    String left = Files.readString(lockFile);
    assertTrue(left.contains("\"pid\":" + killedPid), left);

    long t0 = System.nanoTime();
    Object[] next = inProcess(curated);
    assertEquals(0, next[0], (String) next[1]);
    System.out.printf("run after kill -9 of pid %d: exit 0 in %.1f s (stale lock taken over)%n", killedPid,
        (System.nanoTime() - t0) / 1e9);
    assertFalse(Files.exists(lockFile), "the taker released the lock");
    Lakehouse lake = new Lakehouse(TestSpark.get(), curated);
    assertTrue(lake.exists(Table.IDI_SCORE), "the next run completed the lake");
    // every file the killed run may have half-written is logged as ingested exactly when its records are in bronze
    long logged = lake.read(Table.INGEST_FILE).filter("status = 'ingested'").count();
    assertTrue(logged > 0);
    assertEquals(logged, lake.read(Table.RAW_RECORD).select("file_sha256").distinct().count());
  }
}
