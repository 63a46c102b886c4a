package org.ictbench.core;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;

/**
 * Named points at which a run can be made to die abruptly, for the crash-recovery tests: with the
 * system property {@value #PROPERTY} (or the environment variable {@value #ENV}) set to a point's
 * name, the JVM ends with {@link Runtime#halt} (no shutdown hooks, no finally blocks, nothing
 * flushed) the first time the run reaches that point; {@code name#n} ends it the n-th time. Unset,
 * every call is a read of one static field.
 *
 * <p>The points (stage runners call them; see docs/operations.md, "Crash recovery"):
 * <ul>
 *   <li>{@code scan.fingerprinted}: a raw file's checksum was taken on the driver;</li>
 *   <li>{@code <layer.table>.before}: a table write is about to start;</li>
 *   <li>{@code <layer.table>.task}: inside an executor task of that write, per row (the parse of
 *       the raw files runs in the tasks of {@code bronze.raw_record}'s write);</li>
 *   <li>{@code <layer.table>.committed}: that table's Delta commit is done;</li>
 *   <li>{@code silver.checked}: the run's identity check passed, before the silver writes.</li>
 * </ul>
 */
public final class CrashPoint {
  public static final String PROPERTY = "ictbench.crash.at";
  public static final String ENV = "ICTBENCH_CRASH_AT";
  /** The exit status of a run ended at a crash point. */
  public static final int HALT_STATUS = 86;

  private static final String ARMED = armed();
  private static final String POINT = ARMED == null ? null : ARMED.split("#", 2)[0];
  private static final long NTH = ARMED == null || !ARMED.contains("#") ? 1
      : Long.parseLong(ARMED.substring(ARMED.indexOf('#') + 1).trim());
  private static final ConcurrentHashMap<String, AtomicLong> HITS = new ConcurrentHashMap<>();

  private CrashPoint() {}

  private static String armed() {
    String v = System.getProperty(PROPERTY);
    if (v == null || v.isBlank()) {
      v = System.getenv(ENV);
    }
    return v == null || v.isBlank() ? null : v.trim().toLowerCase(Locale.ROOT);
  }

  /** True when this JVM was started with a crash point. */
  public static boolean armed(String point) {
    return POINT != null && POINT.equals(point.toLowerCase(Locale.ROOT));
  }

  /** Ends the JVM here when {@code point} is the armed one (and this is its n-th hit). */
  public static void reach(String point) {
    if (POINT != null && armed(point)
        && HITS.computeIfAbsent(POINT, k -> new AtomicLong()).incrementAndGet() == NTH) {
      halt(point);
    }
  }

  /**
   * {@code rows}, whose rows pass through {@link #reach} inside the executor tasks that compute them
   * when {@code point} is armed (a run dies in the middle of a Spark job); {@code rows} itself
   * otherwise, so the plan of a normal run is unchanged.
   */
  public static <T> Dataset<T> inTasks(Dataset<T> rows, String point) {
    if (!armed(point)) {
      return rows;
    }
    return rows.filter((FilterFunction<T>) r -> {
      reach(point);
      return true;
    });
  }

  private static void halt(String point) {
    PrintStream err = System.err;
    err.println("ictbench: crash point " + point + " reached: halting the JVM (" + PROPERTY + ")");
    err.flush();
    Runtime.getRuntime().halt(HALT_STATUS);
  }
}
