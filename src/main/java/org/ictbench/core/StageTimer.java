package org.ictbench.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wall time per pipeline stage, logged at INFO as each stage ends and kept for the run summary, so
 * where the time goes is visible on every run (see README, "Performance").
 */
public final class StageTimer {
  private static final Logger LOG = LoggerFactory.getLogger(StageTimer.class);

  /** One measured stage. */
  public record Stage(String name, double seconds) {}

  private final List<Stage> stages = Collections.synchronizedList(new ArrayList<>());

  public <T> T time(String name, Supplier<T> work) {
    long t0 = System.nanoTime();
    try {
      return work.get();
    } finally {
      double s = (System.nanoTime() - t0) / 1e9;
      stages.add(new Stage(name, s));
      LOG.info(String.format(Locale.ROOT, "stage %-28s %6.2f s", name, s));
    }
  }

  public void time(String name, Runnable work) {
    time(name, () -> {
      work.run();
      return null;
    });
  }

  public List<Stage> stages() {
    return List.copyOf(stages);
  }
}
