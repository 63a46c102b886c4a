package org.ictbench.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One child process, measured from the outside: wall time (process start to exit, JVM start
 * included), peak resident set size ({@code VmHWM} in {@code /proc/<pid>/status}), CPU time (user +
 * system from {@code /proc/<pid>/stat}) and the heap it ran with ({@code -Xmx} on its command line),
 * all polled while it runs (the launch scripts {@code exec} the JVM, so the pid is the JVM's). The
 * load average at start and end says how busy the machine was. Output goes to a log file.
 */
record ChildRun(int exitCode, double seconds, long peakRssKb, double cpuSeconds, String heap, double loadBefore,
                double loadAfter, Path log) {
  /** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every mainstream kernel). */
  private static final double TICKS_PER_SECOND = 100.0;

  static ChildRun run(List<String> command, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      pb.environment().putAll(env);
      double loadBefore = loadAverage();
      long t0 = System.nanoTime();
      Process p = pb.start();
      Path proc = Path.of("/proc/" + p.pid());
      long peak = 0;
      long ticks = 0;
      String heap = null;
      while (p.isAlive()) {
        peak = Math.max(peak, hwm(proc.resolve("status")));
        ticks = Math.max(ticks, cpuTicks(proc.resolve("stat")));
        String h = heap(proc.resolve("cmdline"));
        heap = h != null ? h : heap;
        try {
          p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          p.destroy();
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new ChildRun(p.exitValue(), seconds, peak, ticks / TICKS_PER_SECOND, heap, loadBefore, loadAverage(),
          log);
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

  /** utime + stime in clock ticks (fields 14 and 15 of /proc/<pid>/stat, counted after the command name). */
  static long cpuTicks(Path stat) {
    try {
      String s = Files.readString(stat);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The value of the last -Xmx on the process's command line, or null (not a JVM yet: the launch script). */
  static String heap(Path cmdline) {
    try {
      String heap = null;
      for (String a : new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0")) {
        if (a.startsWith("-Xmx")) {
          heap = a.substring(4);
        }
      }
      return heap;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The one-minute load average, or -1 where /proc/loadavg is missing. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
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
