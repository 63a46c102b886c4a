package org.ictbench.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.ictbench.core.Errors;
import org.ictbench.pipeline.PipelineConfig;

/**
 * {@code jobs/bench.sh}: per size, generate (or reuse) the dumps, then run the ictbench pipeline
 * ({@code jobs/pipeline.sh} in a child JVM) and the DuckDB baseline (another child JVM) alternately,
 * measure wall time and peak RSS of each from the OS, and check that both curated the same counts and
 * statistics (and the counts the generator's rules imply). New stages are new {@link Engine} runs or
 * new rows in the two statistics queries.
 */
public final class BenchRunner {
  /** The ictbench statistics, the same metrics as {@link DuckDbBaseline#STATS}. */
  static final String ICTBENCH_STATS = String.join(" UNION ALL ",
      "SELECT 'observations' AS metric, '' AS key, CAST(count(*) AS DOUBLE) AS value FROM silver.observation",
      "SELECT 'aggregates', '', count(*) FROM silver.aggregate_observation",
      "SELECT 'quarantined', reason_code, count(*) FROM silver.quarantine GROUP BY reason_code",
      "SELECT 'latest', '', count(*) FROM silver.observation_latest",
      "SELECT 'latest_by_source', source, count(*) FROM silver.observation_latest GROUP BY source",
      "SELECT 'latest_candidates', '', sum(candidates) FROM silver.observation_latest",
      "SELECT 'latest_avg', indicator, avg(value) FROM silver.observation_latest GROUP BY indicator",
      "SELECT 'latest_median', indicator, percentile(value, 0.5) FROM silver.observation_latest GROUP BY indicator",
      "SELECT 'latest_vintage_days', indicator, sum(datediff(vintage, DATE'1970-01-01')) FROM silver.observation_latest"
          + " GROUP BY indicator") + " ORDER BY 1, 2";

  /** Options of one benchmark. */
  public record Options(List<Long> sizes, Path work, Path json, int runs, long seed, String driverMemory,
                        String duckdbMemory, int threads, Integer shufflePartitions, boolean bundled, Path home) {}

  /** One size's outcome (medians over the runs; peak RSS is the max). */
  public record Result(long rows, long slots, int files, double generateSeconds, double ictbenchSeconds,
                       double duckdbSeconds, double ictbenchPeakRssMb, double duckdbPeakRssMb, boolean sameResult,
                       boolean matchesGenerator, List<String> differences, Map<String, Double> ictbenchStages,
                       Map<String, Double> counts) {
    double ratio() {
      return duckdbSeconds > 0 ? ictbenchSeconds / duckdbSeconds : Double.NaN;
    }
  }

  private final Options o;
  private final PrintStream out;

  public BenchRunner(Options options, PrintStream out) {
    this.o = options;
    this.out = out;
  }

  public List<Result> run() {
    List<Result> results = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    if (o.bundled()) {
      extra.addAll(bundled());
    }
    for (long rows : o.sizes()) {
      results.add(runSize(rows));
      writeJson(results, extra);
    }
    print(results);
    extra.forEach(out::println);
    return results;
  }

  Result runSize(long rows) {
    Path dumps = o.work().resolve("dumps-" + rows + "-seed" + o.seed());
    long t0 = System.nanoTime();
    DumpGenerator.Manifest m = new DumpGenerator().generate(dumps, rows, o.seed(), o.threads());
    double gen = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "size %,d: %,d value slots in %d DataHub + %d WDI files (%s, %.1f s)%n", rows, m.slots(),
        m.datahubFiles(), m.wdiFiles(), m.reused() ? "reused" : "generated", gen);
    Path ictOut = o.work().resolve("out-" + rows).resolve("ictbench");
    Path duckOut = o.work().resolve("out-" + rows).resolve("duckdb");
    List<ChildRun> ict = new ArrayList<>();
    List<ChildRun> duck = new ArrayList<>();
    for (int r = 0; r < o.runs(); r++) {
      boolean ictFirst = r % 2 == 0; // alternate which engine runs first
      for (int k = 0; k < 2; k++) {
        if ((k == 0) == ictFirst) {
          ict.add(runIctbench(dumps, ictOut, r));
        } else {
          duck.add(runDuckdb(dumps, duckOut, r));
        }
      }
      out.printf(Locale.ROOT, "  run %d: ictbench %.1f s (%.0f MB), duckdb %.1f s (%.0f MB)%n", r + 1,
          ict.get(r).seconds(), ict.get(r).peakRssMb(), duck.get(r).seconds(), duck.get(r).peakRssMb());
    }
    Map<String, Double> ictStats = ictbenchStats(ictOut, rows);
    Map<String, Double> duckStats = readStats(duckOut.resolve("stats.csv"));
    List<String> diffs = compare(ictStats, duckStats);
    List<String> genDiffs = new ArrayList<>();
    for (var e : m.counts().entrySet()) {
      if (!e.getKey().startsWith("expect.")) {
        continue;
      }
      String k = e.getKey().substring(7).replace("quarantined.", "quarantined|");
      String key = k.contains("|") ? k : k + "|";
      double got = ictStats.getOrDefault(key, 0.0);
      if (got != e.getValue()) {
        genDiffs.add("ictbench " + key + " = " + got + ", the generator's rules imply " + e.getValue());
      }
    }
    diffs.addAll(genDiffs);
    return new Result(rows, m.slots(), m.datahubFiles() + m.wdiFiles(), gen,
        median(ict.stream().mapToDouble(ChildRun::seconds).toArray()),
        median(duck.stream().mapToDouble(ChildRun::seconds).toArray()),
        ict.stream().mapToDouble(ChildRun::peakRssMb).max().orElse(0),
        duck.stream().mapToDouble(ChildRun::peakRssMb).max().orElse(0),
        diffs.size() == genDiffs.size(), genDiffs.isEmpty(), diffs, stages(resultOf(ict.get(ict.size() - 1).log())), ictStats);
  }

  private ChildRun runIctbench(Path dumps, Path curated, int run) {
    deleteQuietly(curated);
    Path log = curated.getParent().resolve("ictbench-run" + (run + 1) + ".log");
    List<String> cmd = new ArrayList<>(List.of("bash", o.home().resolve("jobs/pipeline.sh").toString(),
        "--raw", dumps.toString(), "--curated", curated.toString(), "--quiet", "--json", resultOf(log).toString()));
    if (o.shufflePartitions() != null) {
      cmd.addAll(List.of("--shuffle-partitions", o.shufflePartitions().toString()));
    }
    ChildRun r = ChildRun.run(cmd, Map.of("ICTBENCH_DRIVER_MEMORY", o.driverMemory()), log);
    if (r.exitCode() != 0) {
      throw Errors.benchRunFailed("ictbench", r.exitCode(), r.log().toString(), r.tail(15));
    }
    return r;
  }

  private ChildRun runDuckdb(Path dumps, Path outDir, int run) {
    return javaChild("duckdb", List.of("-Xmx512m"), DuckDbBaseline.class, List.of(dumps.toString(), outDir.toString(),
        String.valueOf(o.threads()), o.duckdbMemory()), outDir.getParent().resolve("duckdb-run" + (run + 1) + ".log"));
  }

  /** Runs {@code main} in a child JVM on this JVM's class path; fails with its log's tail when it fails. */
  private static ChildRun javaChild(String what, List<String> jvmArgs, Class<?> main, List<String> args, Path log) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(args);
    ChildRun r = ChildRun.run(cmd, Map.of(), log);
    if (r.exitCode() != 0) {
      throw Errors.benchRunFailed(what, r.exitCode(), r.log().toString(), r.tail(15));
    }
    return r;
  }

  /** The ictbench statistics through jobs/sql.sh (another child JVM; not timed). */
  private Map<String, Double> ictbenchStats(Path curated, long rows) {
    Path log = curated.getParent().resolve("ictbench-stats.csv");
    ChildRun r = ChildRun.run(List.of("bash", o.home().resolve("jobs/sql.sh").toString(), "--curated",
        curated.toString(), "--format", "csv", ICTBENCH_STATS), Map.of("ICTBENCH_DRIVER_MEMORY", o.driverMemory()),
        log);
    if (r.exitCode() != 0) {
      throw Errors.benchRunFailed("ictbench statistics (jobs/sql.sh)", r.exitCode(), log.toString(), r.tail(15));
    }
    return readStats(log);
  }

  /** metric|key → value from a CSV with a metric,key,value header (other lines, e.g. logging, ignored). */
  static Map<String, Double> readStats(Path csv) {
    Map<String, Double> m = new TreeMap<>();
    try {
      String text = Files.readString(csv);
      int h = text.indexOf("metric,key,value");
      if (h < 0) {
        throw Errors.unreadableFile(csv.toString(), "CSV", "no metric,key,value header", null);
      }
      for (CSVRecord rec : CSVFormat.RFC4180.parse(new StringReader(text.substring(h)))) {
        if (rec.size() == 3 && !rec.get(0).equals("metric") && rec.get(2).matches("[-+0-9.eE]+")) {
          m.put(rec.get(0) + "|" + rec.get(1), Double.parseDouble(rec.get(2)));
        }
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(csv.toString(), "CSV", e.toString(), e);
    }
    return m;
  }

  /** Counts must be equal; averages and medians equal to 1e-9 relative. */
  static List<String> compare(Map<String, Double> a, Map<String, Double> b) {
    List<String> diffs = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String k : keys) {
      Double x = a.get(k);
      Double y = b.get(k);
      if (x == null || y == null || Math.abs(x - y) > 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)))) {
        diffs.add(k + ": ictbench " + x + ", duckdb " + y);
      }
    }
    return diffs;
  }

  /** Where a pipeline run whose output goes to {@code log} writes its --json result. */
  static Path resultOf(Path log) {
    return log.resolveSibling(log.getFileName().toString().replaceFirst("\\.log$", "") + ".json");
  }

  /** The per-stage wall times of a pipeline run, from its --json result (core.StageTimer's stages). */
  static Map<String, Double> stages(Path result) {
    Map<String, Double> m = new LinkedHashMap<>();
    try {
      for (com.fasterxml.jackson.databind.JsonNode s : org.ictbench.core.ResultJson.mapper().readTree(result.toFile())
          .path("stages")) {
        m.merge(s.get("name").asText(), s.get("seconds").asDouble(), Double::sum);
      }
    } catch (IOException e) {
      return m;
    }
    return m;
  }

  /** The README main job on the bundled data: a first run, then a rerun that must add no table version. */
  private List<String> bundled() {
    Path curated = o.work().resolve("bundled-curated");
    deleteQuietly(curated);
    List<String> cmd = List.of("bash", o.home().resolve("jobs/pipeline.sh").toString(), "--raw",
        o.home().resolve("data/raw").toString(), "--curated", curated.toString(), "--quiet");
    Map<String, String> env = Map.of("ICTBENCH_DRIVER_MEMORY", o.driverMemory());
    ChildRun first = ChildRun.run(cmd, env, o.work().resolve("bundled-run1.log"));
    int versionsBefore = deltaVersions(curated);
    ChildRun rerun = ChildRun.run(cmd, env, o.work().resolve("bundled-run2.log"));
    int versionsAfter = deltaVersions(curated);
    if (first.exitCode() != 0 || rerun.exitCode() != 0) {
      ChildRun bad = first.exitCode() != 0 ? first : rerun;
      throw Errors.benchRunFailed("ictbench on the bundled data", bad.exitCode(), bad.log().toString(), bad.tail(15));
    }
    ChildRun floor = deltaFloor(versionsBefore);
    return List.of(
        String.format(Locale.ROOT, "bundled data, first run: %.1f s wall (JVM start included), peak RSS %.0f MB, "
            + "%d table versions", first.seconds(), first.peakRssMb(), versionsBefore),
        String.format(Locale.ROOT, "bundled data, rerun with nothing new: %.1f s wall, peak RSS %.0f MB, "
            + "new table versions: %d", rerun.seconds(), rerun.peakRssMb(), versionsAfter - versionsBefore),
        String.format(Locale.ROOT, "Spark + Delta floor: JVM start, one session and %d one-row Delta commits "
            + "(%d at a time), nothing computed: %.1f s wall, peak RSS %.0f MB", versionsBefore,
            PipelineConfig.DEFAULT_WRITE_THREADS, floor.seconds(), floor.peakRssMb()));
  }

  /** {@link DeltaFloor} in a child JVM launched like the pipeline's (same JVM flags and heap). */
  private ChildRun deltaFloor(int commits) {
    Path dir = o.work().resolve("bundled-floor");
    deleteQuietly(dir);
    return javaChild("the Spark + Delta floor", List.of("-Xmx" + o.driverMemory(),
            "@" + o.home().resolve("jobs/conf/spark-jvm.args"),
            "-Dlog4j2.configurationFile=" + o.home().resolve("jobs/conf/log4j2.properties")),
        DeltaFloor.class, List.of(dir.toString(), String.valueOf(commits),
            String.valueOf(PipelineConfig.DEFAULT_WRITE_THREADS)), o.work().resolve("bundled-floor.log"));
  }

  /** Commits across all Delta tables under a curated root. */
  static int deltaVersions(Path curated) {
    try (var s = Files.walk(curated)) {
      return (int) s.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("_delta_log")
          && p.getFileName().toString().matches("[0-9]{20}\\.json")).count();
    } catch (IOException e) {
      return -1;
    }
  }

  private void print(List<Result> results) {
    out.println();
    out.println("| observations | files | ictbench s | DuckDB s | ratio | ictbench rows/s | DuckDB rows/s "
        + "| ictbench peak RSS MB | DuckDB peak RSS MB | same result |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (Result r : results) {
      out.printf(Locale.ROOT, "| %,d | %d | %.1f | %.1f | %.1f | %,.0f | %,.0f | %.0f | %.0f | %s |%n", r.slots(),
          r.files(), r.ictbenchSeconds(), r.duckdbSeconds(), r.ratio(), r.slots() / r.ictbenchSeconds(),
          r.slots() / r.duckdbSeconds(), r.ictbenchPeakRssMb(), r.duckdbPeakRssMb(), r.sameResult() ? "yes" : "NO");
    }
    for (Result r : results) {
      if (!r.differences().isEmpty()) {
        out.println("differences at " + r.rows() + ": " + String.join("; ", r.differences()));
      }
      out.println("ictbench stages at " + r.rows() + " (s): " + r.ictbenchStages());
    }
  }

  private void writeJson(List<Result> results, List<String> extra) {
    if (o.json() == null) {
      return;
    }
    StringBuilder b = new StringBuilder("[\n");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      b.append(String.format(Locale.ROOT, "  {\"rows\": %d, \"observations\": %d, \"files\": %d, \"ictbench_s\": %.3f, "
              + "\"duckdb_s\": %.3f, \"ratio\": %.3f, \"ictbench_rows_per_s\": %.0f, \"duckdb_rows_per_s\": %.0f, "
              + "\"ictbench_peak_rss_mb\": %.0f, \"duckdb_peak_rss_mb\": %.0f, \"same_result\": %s, "
              + "\"matches_generator\": %s, \"generate_s\": %.3f, \"runs\": %d, \"ictbench_stages_s\": {%s}, "
              + "\"differences\": [%s]}",
          r.rows(), r.slots(), r.files(), r.ictbenchSeconds(), r.duckdbSeconds(), r.ratio(),
          r.slots() / r.ictbenchSeconds(), r.slots() / r.duckdbSeconds(), r.ictbenchPeakRssMb(), r.duckdbPeakRssMb(),
          r.sameResult(), r.matchesGenerator(), r.generateSeconds(), o.runs(),
          String.join(", ", r.ictbenchStages().entrySet().stream()
              .map(e -> String.format(Locale.ROOT, "\"%s\": %.2f", e.getKey(), e.getValue())).toList()),
          String.join(", ", r.differences().stream().map(d -> "\"" + d.replace("\"", "'") + "\"").toList())));
      b.append(i < results.size() - 1 ? ",\n" : "\n");
    }
    b.append("]\n");
    try {
      if (o.json().getParent() != null) {
        Files.createDirectories(o.json().getParent());
      }
      Files.writeString(o.json(), b.toString());
      if (!extra.isEmpty()) {
        Files.writeString(o.json().resolveSibling(o.json().getFileName() + ".bundled.txt"), String.join("\n", extra) + "\n");
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(o.json().toString(), "JSON", e.toString(), e);
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static void deleteQuietly(Path p) {
    try {
      DumpGenerator.deleteTree(p);
    } catch (IOException | RuntimeException e) {
      // best effort: the child run reports a real problem
    }
  }
}
