package org.ictbench.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of an integration test (a launcher, a Spark master or worker, an S3 server): its
 * stdout and stderr go to files, so a test can read them while it runs and after it ended.
 */
public final class Child implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;
  private final long startedNanos = System.nanoTime();
  private volatile long endedNanos;

  private Child(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code command} in {@code dir} with the environment {@code env} (replacing this JVM's when {@code clean}). */
  public static Child start(List<String> command, Path dir, Map<String, String> env, boolean clean, Path logs,
      String name) {
    try {
      Files.createDirectories(logs);
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
      if (clean) {
        pb.environment().clear();
      }
      pb.environment().putAll(env);
      Path out = logs.resolve(name + ".out");
      Path err = logs.resolve(name + ".err");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      return new Child(pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /**
   * JVM options for a child that lives a minute or two (a pipeline run, a query, a Spark daemon or
   * executor): the C1 compiler only, with room for its code. In a run that short most of the CPU goes
   * to C2 compilations that never pay back, CPU the test JVM and the other children need on 2 cores.
   */
  public static final List<String> SHORT_LIVED_JVM = List.of("-XX:TieredStopAtLevel=1",
      "-XX:ReservedCodeCacheSize=256m");

  /**
   * The start of a short-lived child's command line: this JVM's java, the heap {@code maxHeap} (-Xmx)
   * and {@link #SHORT_LIVED_JVM}; a mutable list, for the rest of the command.
   */
  public static List<String> shortLivedJava(String maxHeap) {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx" + maxHeap));
    cmd.addAll(SHORT_LIVED_JVM);
    return cmd;
  }

  /** {@link #SHORT_LIVED_JVM} as one option string (ICTBENCH_JAVA_OPTS, spark.executor.extraJavaOptions). */
  public static String shortLivedJvmOptions() {
    return String.join(" ", SHORT_LIVED_JVM);
  }

  /** This JVM's java executable (a Java 17-21: the one running the tests). */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The JVM options Spark needs in a plain JVM (jobs/conf/spark-jvm.args). */
  public static String sparkJvmArgs() {
    return "@" + Path.of("jobs", "conf", "spark-jvm.args").toAbsolutePath();
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  /** Waits for the exit (failing the test after {@code seconds}) and returns the exit code. */
  public int waitFor(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("child did not finish in " + seconds + " s; stderr tail:\n" + tail(err(), 40));
      }
      endedNanos = System.nanoTime();
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Seconds from the start to the exit {@link #waitFor} saw, or until now while it runs. */
  public double seconds() {
    long end = endedNanos;
    return ((end != 0 ? end : System.nanoTime()) - startedNanos) / 1e9;
  }

  public String out() {
    return read(out);
  }

  public String err() {
    return read(err);
  }

  /** Waits until {@code text} appears in stdout or stderr; fails after {@code seconds} or when the process ends first. */
  public void awaitOutput(String text, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (out().contains(text) || err().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("child ended (exit " + process.exitValue() + ") before printing '" + text + "':\n"
            + tail(err(), 40));
      }
      sleep(200);
    }
    throw new AssertionError("no '" + text + "' after " + seconds + " s:\n" + tail(err(), 40));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String tail(String text, int lines) {
    List<String> all = new ArrayList<>(text.lines().toList());
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
