package org.ictbench.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.SparkSessions;

/**
 * The one local SparkSession (with Delta) the whole suite shares: starting Spark costs seconds, so
 * every test class borrows this one (surefire runs one fork). Also locates test inputs and makes the
 * tests' folders, which go when the JVM exits.
 */
public final class TestSpark {
  /** Set to true to keep the folders {@link #tempDir} made, e.g. to look at a failed test's lake. */
  public static final String KEEP_TEMP_PROPERTY = "ictbench.test.keepTemp";

  private static volatile SparkSession spark;
  private static final Set<Path> TEMP_DIRS = ConcurrentHashMap.newKeySet();

  static {
    // one hook, so the session stops before its lakes are deleted
    Runtime.getRuntime().addShutdownHook(new Thread(TestSpark::atExit, "ictbench-test-exit"));
  }

  private TestSpark() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSessions.create("ictbench-tests", "local[2]", 2);
    }
    return spark;
  }

  private static void atExit() {
    SparkSession s = spark;
    if (s != null) {
      s.stop();
    }
    if (!Boolean.getBoolean(KEEP_TEMP_PROPERTY)) {
      // unlinks without opening: commons-io's delete opens each file, which blocks on the hostile tests' FIFOs
      TEMP_DIRS.forEach(d -> FileUtil.fullyDelete(d.toFile()));
    }
  }

  /** The project's own bundled inputs ({@code data/raw}). */
  public static Path bundledRaw() {
    return Paths.get("data", "raw").toAbsolutePath();
  }

  /** {@code ../shared/data}: real publisher files, read-only. */
  public static Path sharedData() {
    return Paths.get(System.getProperty("ictbench.shared.dir", "../shared"), "data").toAbsolutePath().normalize();
  }

  /**
   * A file or folder under {@link #sharedData()}: skips the calling test with a message when
   * ../shared is absent on a developer machine, and fails when CI=true (CI always has it).
   */
  public static Path requireShared(String relative) {
    Path p = sharedData().resolve(relative);
    if (!Files.exists(p)) {
      String msg = "needs the real publisher files in ../shared/data (missing: " + p + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        org.junit.jupiter.api.Assertions.fail(msg + "; CI must run with ../shared beside the clone");
      }
      org.junit.jupiter.api.Assumptions.abort(msg);
    }
    return p;
  }

  /** A new folder under the system temp folder, deleted when the JVM exits (unless {@link #KEEP_TEMP_PROPERTY}). */
  public static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      TEMP_DIRS.add(dir);
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a small hand-made fixture file and returns its folder. */
  public static Path fixture(Path dir, String name, String content) {
    try {
      Path f = dir.resolve(name);
      Files.createDirectories(f.getParent());
      Files.writeString(f, content);
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
