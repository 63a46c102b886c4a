package org.ictbench.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes to independent Delta tables, run concurrently from a few driver threads and awaited together.
 *
 * <p>Why: a run commits a couple of dozen tables, most of them small. Each write is a Spark job plus
 * driver-side work (planning, the Delta commit, checksum and log files) during which the executors sit
 * idle; issuing independent writes together lets one table's commit overlap another's tasks. Each table
 * is still one atomic commit; the caller keeps ordering where it matters (a table whose fingerprint marks
 * a set as complete is written after the set: after {@link #awaitAll()}, or by
 * {@link #submitAfterPending}).
 *
 * <p>{@link #awaitAll()} waits for every submitted write, even after one failed, so no write is left
 * running when the caller reports the failure; it then rethrows the first failure as it was thrown.
 */
public final class WriteGroup implements AutoCloseable {
  private final ExecutorService pool;
  private final List<Future<?>> pending = new ArrayList<>();

  /** @param threads concurrent writes; 1 runs them one after another on a single worker thread */
  public WriteGroup(int threads) {
    this.pool = DriverThreads.pool("write", threads);
  }

  /** Starts {@code write} as soon as a thread is free. */
  public void submit(Runnable write) {
    pending.add(pool.submit(write));
  }

  /**
   * Starts {@code write} once every write submitted before it has finished, and only if none of them
   * failed (their failure is the one {@link #awaitAll()} reports). The caller goes on meanwhile. Safe on
   * any number of threads: the pool takes writes in submission order, so the ones waited for are running
   * or done when this one starts.
   */
  public void submitAfterPending(Runnable write) {
    List<Future<?>> before = List.copyOf(pending);
    pending.add(pool.submit(() -> {
      for (Future<?> f : before) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("not started: a write it waits for failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the writes before it", e);
        }
      }
      write.run();
    }));
  }

  /** Waits for every submitted write; rethrows the first failure (in submission order). */
  public void awaitAll() {
    Throwable first = waitForAll();
    if (first != null) {
      throw DriverThreads.rethrow(first);
    }
  }

  /**
   * Waits for writes still running, then stops the threads. Failures not yet reported are dropped
   * here: close runs when the caller is already unwinding from another failure, or after awaitAll.
   */
  @Override
  public void close() {
    try {
      waitForAll();
    } finally {
      pool.shutdown();
    }
  }

  /** Waits for every pending write and forgets them; returns the first failure, or null. */
  private Throwable waitForAll() {
    Throwable first = null;
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (ExecutionException e) {
        first = first == null ? e.getCause() : first;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        first = first == null ? e : first;
        break;
      }
    }
    pending.clear();
    return first;
  }
}
