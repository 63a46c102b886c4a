package org.ictbench.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The driver thread pools of {@link WriteGroup} and {@link ConcurrentReads}, and how they report a failure. */
final class DriverThreads {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private DriverThreads() {}

  /** A pool of daemon threads named {@code ictbench-<name>-<pool>-<n>}, for thread dumps and profiles. */
  static ExecutorService pool(String name, int threads) {
    int id = POOLS.incrementAndGet();
    AtomicInteger thread = new AtomicInteger();
    return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "ictbench-" + name + "-" + id + "-" + thread.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Throws {@code failure} as it was thrown, a checked one wrapped in an IllegalStateException. */
  static RuntimeException rethrow(Throwable failure) {
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException(failure);
  }
}
