package org.ictbench.cli;

import java.lang.reflect.Method;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;

/**
 * {@code --quiet}: ictbench's own INFO lines (stages, progress, choices it made) are dropped while the
 * job runs, warnings and errors stay. Restores the previous level on close (tests share one JVM).
 * Log4j 2's Configurator is looked up at run time: Spark ships log4j-core at run time only, and under
 * another logging backend (an embedding application's) its configuration decides.
 */
final class QuietLogging implements AutoCloseable {
  private static final String LOGGER = "org.ictbench";
  private final Level previous;

  private QuietLogging(Level previous) {
    this.previous = previous;
  }

  /** Quiet when {@code quiet}, else a no-op. */
  static QuietLogging when(boolean quiet) {
    if (!quiet) {
      return new QuietLogging(null);
    }
    Level before = LogManager.getLogger(LOGGER).getLevel();
    return setLevel(Level.WARN) ? new QuietLogging(before) : new QuietLogging(null);
  }

  private static boolean setLevel(Level level) {
    try {
      Method set = Class.forName("org.apache.logging.log4j.core.config.Configurator")
          .getMethod("setLevel", String.class, Level.class);
      set.invoke(null, LOGGER, level);
      return true;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (previous != null) {
      setLevel(previous);
    }
  }
}
