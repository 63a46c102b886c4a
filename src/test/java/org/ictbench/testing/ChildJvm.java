package org.ictbench.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code org.ictbench.cli.Main} in a child JVM the way {@code jobs/pipeline.sh} does (the java
 * of this JVM, {@code target/classes} plus the runtime classpath Maven writes to
 * {@code target/classpath.txt} at package, Spark's module flags), so a test can end it abruptly.
 * Its output goes to a log file under {@code target/}.
 */
public final class ChildJvm {
  /** What the child did: its exit status (SIGKILL shows as 137), wall seconds and its log. */
  public record Result(int exitStatus, double seconds, Path log, boolean killed) {
    public String tail(int lines) {
      try {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }

  private ChildJvm() {}

  /** The classpath a child needs; fails (naming the file) when the package phase has not written it. */
  public static String classpath() {
    Path cp = Paths.get("target", "classpath.txt").toAbsolutePath();
    Path classes = Paths.get("target", "classes").toAbsolutePath();
    if (!Files.isRegularFile(cp) || !Files.isDirectory(classes)) {
      throw new IllegalStateException(cp + " or " + classes + " is missing: child-JVM tests run in `mvn verify`"
          + " (after package, which writes the runtime classpath)");
    }
    try {
      return classes + java.io.File.pathSeparator + Files.readString(cp).trim();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code Main args} with the extra JVM options {@code jvmOptions}; with {@code killAfterMillis}
   * > 0 the child gets SIGKILL after that long (if still running). Waits at most {@code timeoutSeconds}.
   */
  public static Result run(String name, List<String> jvmOptions, List<String> args, long killAfterMillis,
      long timeoutSeconds) throws IOException, InterruptedException {
    Path logDir = Paths.get("target", "child-jvm").toAbsolutePath();
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
    List<String> cmd = Child.shortLivedJava("1500m");
    cmd.add("-XX:+UseSerialGC"); // a single-threaded collector: less CPU than G1's threads on 2 cores
    cmd.add(Child.sparkJvmArgs());
    cmd.add("-Dlog4j2.configurationFile=" + Paths.get("jobs", "conf", "log4j2.properties").toAbsolutePath());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add("org.ictbench.cli.Main");
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("ICTBENCH_CRASH_AT");
    long t0 = System.nanoTime();
    Process p = pb.start();
    boolean killed = false;
    if (killAfterMillis > 0 && !p.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
      p.destroyForcibly(); // SIGKILL on Unix
      killed = true;
    }
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor();
      throw new IllegalStateException(name + ": child JVM did not finish in " + timeoutSeconds + " s; log " + log);
    }
    return new Result(p.exitValue(), (System.nanoTime() - t0) / 1e9, log, killed);
  }
}
