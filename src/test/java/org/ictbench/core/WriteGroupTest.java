package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The concurrent table writes: they really overlap, and a failure surfaces only after every write ended. */
class WriteGroupTest {

  @Test
  void writesRunConcurrentlyAndAllFinishBeforeAwaitReturns() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    Set<String> done = ConcurrentHashMap.newKeySet();
    try (WriteGroup group = new WriteGroup(2)) {
      for (String table : new String[] {"a", "b"}) {
        group.submit(() -> {
          bothStarted.countDown();
          try {
            // Each write waits for the other to start: this only finishes if the two run at once.
            assertTrue(bothStarted.await(10, TimeUnit.SECONDS), "the writes did not overlap");
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          done.add(table);
        });
      }
      group.awaitAll();
    }
    assertEquals(Set.of("a", "b"), done);
  }

  @Test
  void theFirstFailureIsRethrownAfterTheOtherWritesFinished() {
    IctbenchException failure = Errors.tableMissing("silver.x", "/nowhere");
    Set<String> done = ConcurrentHashMap.newKeySet();
    try (WriteGroup group = new WriteGroup(2)) {
      group.submit(() -> {
        throw failure;
      });
      group.submit(slowWrite(done));
      IctbenchException thrown = assertThrows(IctbenchException.class, group::awaitAll);
      assertSame(failure, thrown);
      assertEquals(Set.of("slow"), done, "awaitAll returned while a write was still running");
    }
  }

  @Test
  void oneThreadRunsTheWritesInSubmissionOrder() {
    StringBuilder order = new StringBuilder();
    try (WriteGroup group = new WriteGroup(1)) {
      for (String t : new String[] {"1", "2", "3"}) {
        group.submit(() -> order.append(t));
      }
      group.awaitAll();
    }
    assertEquals("123", order.toString());
  }

  @Test
  void aWriteSubmittedAfterPendingOnesStartsOnceTheyFinishedAndNotAtAllWhenOneFailed() {
    Set<String> done = ConcurrentHashMap.newKeySet();
    try (WriteGroup group = new WriteGroup(4)) {
      group.submit(slowWrite(done));
      group.submitAfterPending(() -> {
        assertTrue(done.contains("slow"), "the marker started before the write it waits for finished");
        done.add("marker");
      });
      group.awaitAll();
    }
    assertEquals(Set.of("slow", "marker"), done);

    IctbenchException failure = Errors.tableMissing("silver.x", "/nowhere");
    Set<String> after = ConcurrentHashMap.newKeySet();
    try (WriteGroup group = new WriteGroup(4)) {
      group.submit(() -> {
        throw failure;
      });
      group.submitAfterPending(() -> after.add("marker"));
      assertSame(failure, assertThrows(IctbenchException.class, group::awaitAll));
    }
    assertEquals(Set.of(), after, "the marker was written although a write before it failed");
  }

  /** A write that takes 300 ms, then adds "slow" to {@code done}. */
  private static Runnable slowWrite(Set<String> done) {
    return () -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      done.add("slow");
    };
  }
}
