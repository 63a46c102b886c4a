package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** The writer lock on a local curated root, in one JVM and without Spark (LakeLockIT uses real processes). */
class LakeLockTest {
  private static final Configuration CONF = LakeLog.hadoopConfiguration();

  private static Path root() {
    return TestSpark.tempDir("lock-root");
  }

  @Test
  void aSecondWriterFailsAtOnceWithExitTenNamingTheHolder() {
    Path root = root();
    try (LakeLock first = LakeLock.acquire(CONF, root.toString(), "run-one", 0)) {
      long t0 = System.nanoTime();
      IctbenchException e = assertThrows(IctbenchException.class,
          () -> LakeLock.acquire(CONF, root.toString(), "run-two", 0));
      assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "fails at once");
      assertEquals(10, e.exitCode());
      assertTrue(e.getMessage().contains("run run-one on host " + LakeLock.hostName() + ", pid "
          + ProcessHandle.current().pid()), e.getMessage());
      assertTrue(e.getMessage().contains("--wait-lock"), e.getMessage());
    }
    // released: the next writer gets it, and the file is gone again after it
    try (LakeLock again = LakeLock.acquire(CONF, root.toString(), "run-three", 0)) {
      assertEquals("run-three", again.holder().runId());
    }
    assertFalse(Files.exists(root.resolve(LakeLock.FILE_NAME)));
  }

  @Test
  void waitLockWaitsForTheHolderToFinish() throws Exception {
    Path root = root();
    LakeLock first = LakeLock.acquire(CONF, root.toString(), "holder", 0);
    CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      first.close();
    });
    long t0 = System.nanoTime();
    try (LakeLock second = LakeLock.acquire(CONF, root.toString(), "waiter", 60)) {
      assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(1000).toNanos(), "waited for the holder");
      assertEquals("waiter", second.holder().runId());
    }
    release.get();
    // a wait that runs out is exit 10 and says how long it waited
    try (LakeLock held = LakeLock.acquire(CONF, root.toString(), "holder-2", 0)) {
      IctbenchException e = assertThrows(IctbenchException.class,
          () -> LakeLock.acquire(CONF, root.toString(), "waiter-2", 1));
      assertEquals(10, e.exitCode());
      assertTrue(e.getMessage().contains("Waited 1 s"), e.getMessage());
    }
  }

  @Test
  void staleRule() throws Exception {
    Instant now = Instant.now();
    LakeLock.Holder self = LakeLock.self("r");
    assertNull(LakeLock.staleness(self, now), "this process is alive");
    // a finished process on this host: stale at once
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
    LakeLock.Holder dead = new LakeLock.Holder("id", LakeLock.hostName(), p.pid(), "", "r", now, now, "v");
    assertTrue(LakeLock.staleness(dead, now).contains("is gone"));
    // this pid, but another process start time: the pid was reused
    LakeLock.Holder reused = new LakeLock.Holder("id", LakeLock.hostName(), self.pid(), "1999-01-01T00:00:00Z", "r",
        now, now, "v");
    assertTrue(LakeLock.staleness(reused, now).contains("another process"));
    // another host: stale only once its heartbeat is older than the expiry
    LakeLock.Holder remote = new LakeLock.Holder("id", "elsewhere.example", 1, "", "r", now, now, "v");
    assertNull(LakeLock.staleness(remote, now.plus(LakeLock.EXPIRY)));
    assertTrue(LakeLock.staleness(remote, now.plus(LakeLock.EXPIRY).plusSeconds(1)).contains("no heartbeat"));
  }

  @Test
  void aStaleLockIsTakenOverAndAFreshRemoteOneIsNot() throws Exception {
    Path root = root();
    Instant now = Instant.now();
    Path lock = root.resolve(LakeLock.FILE_NAME);
    Files.writeString(lock, new LakeLock.Holder("old", "elsewhere.example", 1, "", "remote-run",
        now.minus(LakeLock.EXPIRY).minusSeconds(60), now.minus(LakeLock.EXPIRY).minusSeconds(60), "v").json());
    try (LakeLock taken = LakeLock.acquire(CONF, root.toString(), "taker", 0)) {
      assertTrue(Files.readString(lock).contains("\"run_id\":\"taker\""));
      assertFalse(Files.list(root).anyMatch(f -> f.getFileName().toString().contains("takeover")),
          "the takeover marker is removed");
    }
    Files.writeString(lock, new LakeLock.Holder("fresh", "elsewhere.example", 1, "", "remote-run", now, now, "v")
        .json());
    IctbenchException e = assertThrows(IctbenchException.class,
        () -> LakeLock.acquire(CONF, root.toString(), "taker-2", 0));
    assertTrue(e.getMessage().contains("run remote-run on host elsewhere.example"), e.getMessage());
  }
}
