package org.ictbench.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads (Spark queries whose rows are collected to the driver) started on a few driver threads while
 * the caller goes on, each awaited where its rows are needed.
 *
 * <p>Why: a small read is mostly driver work (planning, the Delta snapshot, generated code) around a
 * task or two, so a stage's independent reads issued together overlap on the cores one at a time
 * leaves idle. {@link #close()} waits for every read still running, so none outlives the caller, also
 * when the caller is unwinding from a failure.
 */
public final class ConcurrentReads implements AutoCloseable {
  private final ExecutorService pool;
  private final List<Future<?>> started = new ArrayList<>();

  /** @param name names the threads ({@code ictbench-<name>-<pool>-<n>}) in thread dumps and profiles */
  public ConcurrentReads(String name, int threads) {
    this.pool = DriverThreads.pool(name, threads);
  }

  /** Starts {@code read} as soon as a thread is free. */
  public <T> Future<T> submit(Callable<T> read) {
    Future<T> f = pool.submit(read);
    started.add(f);
    return f;
  }

  /** The read's result; its failure rethrown as it was thrown (a checked one wrapped). */
  public static <T> T get(Future<T> read) {
    try {
      return read.get();
    } catch (ExecutionException e) {
      throw DriverThreads.rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a read", e);
    }
  }

  /** Waits for every read still running (their failures are the caller's to get), then stops the threads. */
  @Override
  public void close() {
    try {
      for (Future<?> f : started) {
        try {
          f.get();
        } catch (ExecutionException e) {
          // reported by get(), or moot: the caller is unwinding from its own failure
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    } finally {
      pool.shutdown();
    }
  }
}
