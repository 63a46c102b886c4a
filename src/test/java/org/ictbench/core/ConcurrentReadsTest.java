package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link ConcurrentReads} without Spark: reads that really overlap, failures as thrown, none left running. */
class ConcurrentReadsTest {
  @Test
  void twoReadsRunAtOnceAndEachGivesItsResult() {
    CountDownLatch both = new CountDownLatch(2);
    try (ConcurrentReads reads = new ConcurrentReads("test", 2)) {
      Future<String> a = reads.submit(() -> meet(both, "a"));
      Future<String> b = reads.submit(() -> meet(both, "b"));
      assertEquals("a", ConcurrentReads.get(a));
      assertEquals("b", ConcurrentReads.get(b));
    }
  }

  private static String meet(CountDownLatch both, String result) throws InterruptedException {
    both.countDown();
    if (!both.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException(result + " ran alone: the reads were not concurrent");
    }
    return result;
  }

  @Test
  void aFailedReadIsRethrownAsItWasThrownAndACheckedOneWrapped() {
    IllegalArgumentException thrown = new IllegalArgumentException("no such table");
    try (ConcurrentReads reads = new ConcurrentReads("test", 1)) {
      Future<Object> unchecked = reads.submit(() -> {
        throw thrown;
      });
      assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> ConcurrentReads.get(unchecked)));
      Future<Object> checked = reads.submit(() -> {
        throw new IOException("disk gone");
      });
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConcurrentReads.get(checked));
      assertEquals("disk gone", e.getCause().getMessage());
    }
  }

  @Test
  void closeWaitsForAReadStillRunning() {
    AtomicBoolean finished = new AtomicBoolean();
    try (ConcurrentReads reads = new ConcurrentReads("test", 1)) {
      reads.submit(() -> {
        Thread.sleep(300);
        finished.set(true);
        return null;
      });
    }
    assertTrue(finished.get(), "close returned before the read finished");
  }
}
