package org.ictbench.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wall time per pipeline stage, kept for the run's result, with each stage's start and end (and its
 * counts, where the stage has them) told to a {@link Listener}: by default logged at INFO, so a long run
 * is never silent. What is running at any moment is {@link #running()}, which {@link ProgressReporter}
 * reports on while a stage takes long.
 */
public final class StageTimer {
  private static final Logger LOG = LoggerFactory.getLogger(StageTimer.class);

  /** One measured stage: when it started (seconds after the timer was made) and how long it took. */
  public record Stage(String name, double startedSeconds, double seconds) {}

  /** A stage that has started and not ended yet. */
  public record Running(long id, String name, long startedNanos) {
    public double seconds(long nowNanos) {
      return (nowNanos - startedNanos) / 1e9;
    }
  }

  /** Told when a stage starts and ends, on the thread that starts or ends it. */
  public interface Listener {
    default void started(String stage) {}

    /** @param counts what the stage produced, e.g. "15 files, 12.4 MB"; null when it has nothing to count */
    default void finished(String stage, double seconds, String counts) {}

    default void failed(String stage, double seconds, Throwable error) {}
  }

  /** Tells nobody (the stages are still timed). */
  public static final Listener SILENT = new Listener() {};

  /** Logs each stage's start and end at INFO (stderr under jobs/*.sh and spark-submit's default logging). */
  public static final Listener LOGGED = new Listener() {
    @Override
    public void started(String stage) {
      LOG.info("stage {} started", stage);
    }

    @Override
    public void finished(String stage, double seconds, String counts) {
      LOG.info("stage {} finished in {}{}", stage, seconds(seconds), counts == null ? "" : ": " + counts);
    }

    @Override
    public void failed(String stage, double seconds, Throwable error) {
      LOG.info("stage {} failed after {}", stage, seconds(seconds));
    }
  };

  private final long createdNanos = System.nanoTime();
  private final List<Stage> stages = Collections.synchronizedList(new ArrayList<>());
  private final Map<Long, Running> running = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Listener listener;

  public StageTimer() {
    this(LOGGED);
  }

  public StageTimer(Listener listener) {
    this.listener = listener;
  }

  public <T> T time(String name, Supplier<T> work) {
    return time(name, work, r -> null);
  }

  /**
   * Runs {@code work} as the stage {@code name}; {@code counts} describes its result for the end line
   * (e.g. {@code files -> files.size() + " files"}).
   */
  public <T> T time(String name, Supplier<T> work, Function<? super T, String> counts) {
    Span span = start(name);
    T result;
    try {
      result = work.get();
    } catch (RuntimeException | Error e) {
      span.failed(e);
      throw e;
    }
    String described;
    try {
      described = counts.apply(result);
    } catch (RuntimeException e) {
      described = null; // a count is never worth failing a stage that succeeded
      LOG.debug("Cannot describe the result of stage {}", name, e);
    }
    span.end(described);
    return result;
  }

  /**
   * Starts the stage {@code name}, to be ended by the returned span, possibly on another thread: a stage
   * whose work ends in a write that runs on its own.
   */
  public Span start(String name) {
    Span span = new Span(ids.incrementAndGet(), name, System.nanoTime());
    running.put(span.id, new Running(span.id, name, span.startedNanos));
    listener.started(name);
    return span;
  }

  /** A started stage; the first {@link #end} or {@link #failed} ends it, later calls do nothing. */
  public final class Span {
    private final long id;
    private final String name;
    private final long startedNanos;
    private final AtomicBoolean ended = new AtomicBoolean();

    private Span(long id, String name, long startedNanos) {
      this.id = id;
      this.name = name;
      this.startedNanos = startedNanos;
    }

    /** Ends the stage as done; {@code counts} describes what it produced (null: nothing to count). */
    public void end(String counts) {
      if (ended.compareAndSet(false, true)) {
        listener.finished(name, record(), counts);
      }
    }

    /** Ends the stage as failed with {@code error}. */
    public void failed(Throwable error) {
      if (ended.compareAndSet(false, true)) {
        listener.failed(name, record(), error);
      }
    }

    private double record() {
      double s = (System.nanoTime() - startedNanos) / 1e9;
      running.remove(id);
      stages.add(new Stage(name, (startedNanos - createdNanos) / 1e9, s));
      return s;
    }
  }

  public void time(String name, Runnable work) {
    time(name, () -> {
      work.run();
      return null;
    });
  }

  /** The stages that ended, in the order they ended. */
  public List<Stage> stages() {
    return List.copyOf(stages);
  }

  /** The stages running now, oldest first. */
  public List<Running> running() {
    List<Running> out = new ArrayList<>(running.values());
    out.sort(Comparator.comparingLong(Running::startedNanos).thenComparingLong(Running::id));
    return out;
  }

  /** A duration for people: "0.42 s", "12.3 s", "2 min 05 s". */
  public static String seconds(double s) {
    if (s < 10) {
      return String.format(Locale.ROOT, "%.2f s", s);
    }
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    long whole = Math.round(s);
    return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
  }
}
