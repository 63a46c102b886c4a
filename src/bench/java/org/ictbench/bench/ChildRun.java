package org.ictbench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One child process, timed from the outside: wall time (process start to exit, JVM start included)
 * and peak resident set size from the OS ({@code VmHWM} in {@code /proc/<pid>/status}, polled; the
 * launch scripts {@code exec} the JVM, so the pid is the JVM's). Output goes to a log file.
 */
record ChildRun(int exitCode, double seconds, long peakRssKb, Path log) {

  static ChildRun run(List<String> command, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      pb.environment().putAll(env);
      long t0 = System.nanoTime();
      Process p = pb.start();
      Path status = Path.of("/proc/" + p.pid() + "/status");
      long peak = 0;
      while (p.isAlive()) {
        peak = Math.max(peak, hwm(status));
        try {
          p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          p.destroy();
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new ChildRun(p.exitValue(), seconds, peak, log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command.get(0) + ": " + e, e);
    }
  }

  /** VmHWM in kB, 0 when unavailable (the process just ended, or not Linux). */
  static long hwm(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  double peakRssMb() {
    return peakRssKb / 1024.0;
  }

  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
