package org.ictbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.ictbench.core.BuildInfo;
import org.ictbench.core.Errors;
import org.ictbench.core.ResultJson;
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

  /** Options of one benchmark. {@code driverMemory} null: the launcher's default heap. {@code real} null: no --real. */
  public record Options(List<Long> sizes, Path work, Path json, int runs, long seed, String driverMemory,
                        String duckdbMemory, int threads, Integer shufflePartitions, boolean bundled, Path real, boolean serve,
                        Path home) {}

  /** One size's outcome (medians over the runs; peak RSS is the max). */
  public record Result(long rows, long slots, int files, double generateSeconds, double ictbenchSeconds,
                       double duckdbSeconds, double ictbenchPeakRssMb, double duckdbPeakRssMb, boolean sameResult,
                       boolean matchesGenerator, List<String> differences, Map<String, Double> ictbenchStages,
                       Map<String, Double> counts) {
    double ratio() {
      return duckdbSeconds > 0 ? ictbenchSeconds / duckdbSeconds : Double.NaN;
    }
  }

  /**
   * The stages of a pipeline run's --json result that make the gold tables (the IDI stage's, then the peer
   * and bilateral stage's; the stage runner times each as "&lt;stage&gt; tables").
   */
  static final List<String> GOLD_STAGES = List.of("idi tables", "peer tables");

  private final Options o;
  private final PrintStream out;
  private final ObjectMapper mapper = ResultJson.mapper();
  /** The JSON file's content, rewritten after every measurement so an interrupted bench keeps what it measured. */
  private final ObjectNode root = mapper.createObjectNode();
  /** Every measured run by name (bundled_first, real_incremental, ...), in the order first measured. */
  private final Map<String, List<Measured>> measured = new LinkedHashMap<>();

  /** One timed child run and what its --json result (a pipeline run's) says. */
  record Measured(ChildRun run, JsonNode result, int newVersions) {}

  public BenchRunner(Options options, PrintStream out) {
    this.o = options;
    this.out = out;
  }

  public List<Result> run() {
    root.put("schema_version", 2);
    root.put("started_at", Instant.now().toString());
    root.set("machine", machine());
    root.put("driver_memory", o.driverMemory() == null ? "launcher default (follows the input)" : o.driverMemory());
    root.put("runs", o.runs());
    List<Result> results = new ArrayList<>();
    if (o.bundled() || o.real() != null) {
      for (int r = 0; r < o.runs(); r++) {
        fixedRuns(r);
      }
      summarizeFixed();
      writeJson();
    }
    if (o.serve()) {
      root.set("serve", serverLatency());
      writeJson();
    }
    ArrayNode sizes = root.putArray("sizes");
    for (long rows : o.sizes()) {
      Result r = runSize(rows);
      results.add(r);
      sizes.add(sizeJson(r));
      writeJson();
    }
    root.put("finished_at", Instant.now().toString());
    ((ObjectNode) root.get("machine")).put("load_average_end", ChildRun.loadAverage());
    root.set("targets", targets(results));
    writeJson();
    print(results);
    return results;
  }

  /**
   * One repetition of the fixed workloads: the Spark + Delta floor, the bundled data (first run, then a
   * rerun that must add no table version), the real collection (first run on a fresh copy, then one new
   * vintage file added, then nothing new). Runs of one repetition share nothing but the machine.
   */
  private void fixedRuns(int repetition) {
    Measured reference = null;
    if (o.bundled()) {
      Path curated = o.work().resolve("bundled-curated");
      deleteQuietly(curated);
      reference = pipeline("bundled_first", o.home().resolve("data/raw"), curated, repetition);
      floor(reference, repetition, 1);
      pipeline("bundled_rerun", o.home().resolve("data/raw"), curated, repetition);
    }
    if (o.real() != null) {
      Path raw = o.work().resolve("real-raw");
      Path curated = o.work().resolve("real-curated");
      deleteQuietly(raw);
      deleteQuietly(curated);
      copyTree(o.real(), raw);
      Measured first = pipeline("real_first", raw, curated, repetition);
      if (reference == null) {
        reference = first;
        floor(reference, repetition, 1);
      }
      NewVintage.Written v = NewVintage.write(raw, LocalDate.now(ZoneOffset.UTC));
      ObjectNode nv = root.putObject("real_new_vintage");
      nv.put("restates", o.real().resolve(raw.relativize(v.from()).toString()).toString());
      nv.put("file", raw.relativize(v.to()).toString());
      nv.put("vintage", v.vintage().toString());
      nv.put("values_revised", v.revised());
      pipeline("real_incremental", raw, curated, repetition);
      pipeline("real_rerun", raw, curated, repetition);
    }
    floor(reference, repetition, 2);
  }

  /**
   * The Spark + Delta floor in a child JVM launched like the pipeline's (same JVM flags, the heap the
   * {@code reference} run had), making as many one-row commits as that run made table versions.
   * Measured twice per repetition, right after the first run and at the end, since the machine's load
   * may change in between; {@code floor_s} is the median of all.
   */
  private void floor(Measured reference, int repetition, int which) {
    int commits = reference.newVersions();
    Path dir = o.work().resolve("floor");
    deleteQuietly(dir);
    List<String> jvm = new ArrayList<>();
    if (reference.run().heap() != null) {
      jvm.add("-Xmx" + reference.run().heap());
    }
    jvm.addAll(List.of("@" + o.home().resolve("jobs/conf/spark-jvm.args"),
        "@" + o.home().resolve("jobs/conf/batch-jvm.args"), "-Dlog4j2.configurationFile=" + o.home().resolve("jobs/conf/log4j2.properties")));
    ChildRun floor = javaChild("the Spark + Delta floor", jvm, DeltaFloor.class, List.of(dir.toString(),
        String.valueOf(commits), String.valueOf(PipelineConfig.DEFAULT_WRITE_THREADS)),
        o.work().resolve("floor-run" + (repetition + 1) + "-" + which + ".log"));
    measured.computeIfAbsent("floor", k -> new ArrayList<>()).add(new Measured(floor, null, commits));
    out.printf(Locale.ROOT, "  floor: %.1f s (%.1f s CPU, %.0f MB, load %.1f -> %.1f, %d one-row Delta commits)%n",
        floor.seconds(), floor.cpuSeconds(), floor.peakRssMb(), floor.loadBefore(), floor.loadAfter(), commits);
  }

  /** A timed pipeline run on {@code raw} into {@code curated}, with its --json result and the table versions it added. */
  private Measured pipeline(String name, Path raw, Path curated, int repetition) {
    int before = Files.isDirectory(curated) ? deltaVersions(curated) : 0;
    Path log = o.work().resolve(name.replace('_', '-') + "-run" + (repetition + 1) + ".log");
    List<String> cmd = List.of("bash", o.home().resolve("jobs/pipeline.sh").toString(), "--raw", raw.toString(),
        "--curated", curated.toString(), "--quiet", "--json", resultOf(log).toString());
    ChildRun r = ChildRun.run(cmd, childEnv(), log);
    if (r.exitCode() != 0) {
      throw Errors.benchRunFailed("ictbench (" + name + ")", r.exitCode(), r.log().toString(), r.tail(15));
    }
    JsonNode result;
    try {
      result = mapper.readTree(resultOf(log).toFile());
    } catch (IOException e) {
      throw Errors.unreadableFile(resultOf(log).toString(), "JSON", e.toString(), e);
    }
    Measured m = new Measured(r, result, deltaVersions(curated) - before);
    measured.computeIfAbsent(name, k -> new ArrayList<>()).add(m);
    out.printf(Locale.ROOT, "  %s: %.1f s (%.1f s CPU, %.0f MB peak RSS, heap %s, load %.1f -> %.1f), %d new table"
        + " versions%n", name, r.seconds(), r.cpuSeconds(), r.peakRssMb(), r.heap(), r.loadBefore(), r.loadAfter(),
        m.newVersions());
    return m;
  }

  /**
   * Query latency through jobs/serve.sh on the bundled lake (built first when --bundled did not): 20
   * warm queries on a gold table, and a cold jobs/sql.sh with and without the server.
   */
  private com.fasterxml.jackson.databind.JsonNode serverLatency() {
    Path curated = o.work().resolve("bundled-curated");
    if (!Files.exists(curated.resolve("gold").resolve("idi_score"))) {
      ChildRun r = ChildRun.run(List.of("bash", o.home().resolve("jobs/pipeline.sh").toString(), "--raw",
          o.home().resolve("data/raw").toString(), "--curated", curated.toString(), "--quiet"),
          childEnv(), o.work().resolve("bundled-serve-run.log"));
      if (r.exitCode() != 0) {
        throw Errors.benchRunFailed("ictbench on the bundled data", r.exitCode(), r.log().toString(), r.tail(15));
      }
    }
    ServerLatency.Result r = ServerLatency.measure(o.home(), curated, 20, o.work().resolve("serve"));
    out.println(r.line());
    try {
      return mapper.readTree(r.json());
    } catch (IOException e) {
      throw new IllegalStateException("server latency JSON: " + e, e);
    }
  }

  /** The environment of an ictbench child: the heap only when --driver-memory was given. */
  private Map<String, String> childEnv() {
    return o.driverMemory() == null ? Map.of() : Map.of("ICTBENCH_DRIVER_MEMORY", o.driverMemory());
  }

  /**
   * The top-level figures from the fixed runs (medians over the repetitions; peak RSS the maximum) and
   * each run's details under {@code fixed_runs}.
   */
  private void summarizeFixed() {
    ObjectNode details = root.putObject("fixed_runs");
    measured.forEach((name, runs) -> {
      num(root, name + "_s", median(runs.stream().mapToDouble(m -> m.run().seconds()).toArray()));
      num(root, name + "_cpu_s", median(runs.stream().mapToDouble(m -> m.run().cpuSeconds()).toArray()));
      root.put(name + "_peak_rss_mb", Math.round(runs.stream().mapToDouble(m -> m.run().peakRssMb()).max()
          .orElse(0)));
      ArrayNode list = details.putArray(name);
      for (Measured m : runs) {
        ObjectNode n = list.addObject();
        ChildRun r = m.run();
        num(n, "seconds", r.seconds());
        num(n, "cpu_s", r.cpuSeconds());
        n.put("peak_rss_mb", Math.round(r.peakRssMb()));
        n.put("heap", r.heap());
        n.put("load_average_before", r.loadBefore());
        n.put("load_average_after", r.loadAfter());
        n.put(name.equals("floor") ? "commits" : "new_table_versions", m.newVersions());
        n.put("log", r.log().toString());
        if (m.result() != null) {
          ArrayNode tables = n.putArray("tables_written");
          m.result().path("tables").forEach(t -> tables.add(t.path("table").asText()));
          ObjectNode stages = n.putObject("stages_s");
          stages(m.result()).forEach((k, v) -> num(stages, k, v));
        }
      }
    });
    if (measured.containsKey("real_first")) {
      num(root, "real_gold_s", median(measured.get("real_first").stream()
          .mapToDouble(m -> goldSeconds(m.result())).toArray()));
    }
    for (String rerun : List.of("bundled_rerun", "real_rerun")) {
      if (measured.containsKey(rerun)) {
        root.put(rerun + "_new_table_versions", measured.get(rerun).stream().mapToInt(Measured::newVersions).max()
            .orElse(0));
      }
    }
    if (measured.containsKey("real_incremental")) {
      ArrayNode tables = root.putArray("real_incremental_tables_written");
      measured.get("real_incremental").get(0).result().path("tables")
          .forEach(t -> tables.add(t.path("table").asText()));
    }
  }

  /** Every target of docs/performance.md with the measured value and whether it is met. */
  private ArrayNode targets(List<Result> results) {
    ArrayNode t = mapper.createArrayNode();
    double floor = root.path("floor_s").asDouble(Double.NaN);
    ratioTarget(t, "bundled first run / floor", root.path("bundled_first_s"), floor, 2.0);
    ratioTarget(t, "real first run / floor", root.path("real_first_s"), floor, 3.0);
    valueTarget(t, "real gold stage, s", root.path("real_gold_s"), 15.0);
    ratioTarget(t, "real incremental run / floor", root.path("real_incremental_s"), floor, 2.0);
    valueTarget(t, "bundled nothing-new run, s", root.path("bundled_rerun_s"), 8.0);
    valueTarget(t, "real nothing-new run, s", root.path("real_rerun_s"), 8.0);
    valueTarget(t, "bundled nothing-new run, new table versions", root.path("bundled_rerun_new_table_versions"), 0);
    valueTarget(t, "real nothing-new run, new table versions", root.path("real_rerun_new_table_versions"), 0);
    valueTarget(t, "bundled first run peak RSS, MB", root.path("bundled_first_peak_rss_mb"), 2048);
    valueTarget(t, "real first run peak RSS, MB", root.path("real_first_peak_rss_mb"), 2048);
    for (Result r : results) {
      if (r.rows() >= 50_000_000) {
        valueTarget(t, "ictbench / DuckDB at " + r.rows(), mapper.valueToTree(round(r.ratio())), 2.5);
        valueTarget(t, "peak RSS at " + r.rows() + ", MB", mapper.valueToTree(Math.round(r.ictbenchPeakRssMb())), 3072);
      }
    }
    Result five = results.stream().filter(r -> r.rows() == 5_000_000).findFirst().orElse(null);
    Result fifty = results.stream().filter(r -> r.rows() == 50_000_000).findFirst().orElse(null);
    if (five != null && fifty != null) {
      double perSlot = (fifty.ictbenchSeconds() / fifty.slots()) / (five.ictbenchSeconds() / five.slots());
      valueTarget(t, "time per slot, 50 M / 5 M", mapper.valueToTree(round(perSlot)), 1.5);
    }
    return t;
  }

  private void ratioTarget(ArrayNode t, String name, JsonNode value, double floor, double target) {
    if (value.isNumber() && floor > 0) {
      ObjectNode n = t.addObject();
      n.put("target", name);
      num(n, "value", value.asDouble() / floor);
      n.put("at_most", target);
      n.put("met", value.asDouble() / floor <= target);
    }
  }

  private static void valueTarget(ArrayNode t, String name, JsonNode value, double target) {
    if (value.isNumber()) {
      ObjectNode n = t.addObject();
      n.put("target", name);
      n.set("value", value);
      n.put("at_most", target);
      n.put("met", value.asDouble() <= target);
    }
  }

  private ObjectNode machine() {
    ObjectNode m = mapper.createObjectNode();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memory_mb", memoryMb());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("stack", BuildInfo.stack());
    m.put("ictbench", BuildInfo.version());
    m.put("load_average_start", ChildRun.loadAverage());
    return m;
  }

  private static long memoryMb() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private ObjectNode sizeJson(Result r) {
    ObjectNode n = mapper.createObjectNode();
    n.put("rows", r.rows());
    n.put("observations", r.slots());
    n.put("files", r.files());
    num(n, "ictbench_s", r.ictbenchSeconds());
    num(n, "duckdb_s", r.duckdbSeconds());
    num(n, "ratio", r.ratio());
    n.put("ictbench_rows_per_s", Math.round(r.slots() / r.ictbenchSeconds()));
    n.put("duckdb_rows_per_s", Math.round(r.slots() / r.duckdbSeconds()));
    n.put("ictbench_peak_rss_mb", Math.round(r.ictbenchPeakRssMb()));
    n.put("duckdb_peak_rss_mb", Math.round(r.duckdbPeakRssMb()));
    n.put("same_result", r.sameResult());
    n.put("matches_generator", r.matchesGenerator());
    num(n, "generate_s", r.generateSeconds());
    n.put("runs", o.runs());
    ObjectNode stages = n.putObject("ictbench_stages_s");
    r.ictbenchStages().forEach((k, v) -> num(stages, k, v));
    ArrayNode diffs = n.putArray("differences");
    r.differences().forEach(diffs::add);
    return n;
  }

  /** Puts {@code v} rounded to three decimals, or null when nothing was measured (NaN). */
  static void num(ObjectNode n, String key, double v) {
    if (Double.isFinite(v)) {
      n.put(key, round(v));
    } else {
      n.putNull(key);
    }
  }

  /** Three decimals; NaN and infinities (nothing measured) stay as they are and are written as null. */
  static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
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
    ChildRun r = ChildRun.run(cmd, childEnv(), log);
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
        curated.toString(), "--format", "csv", ICTBENCH_STATS), childEnv(),
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
    try {
      return stages(ResultJson.mapper().readTree(result.toFile()));
    } catch (IOException e) {
      return new LinkedHashMap<>();
    }
  }

  /**
   * The gold stages' wall time in a pipeline run's --json result: from the first one's start to the last
   * one's end, since they overlap (the peer stage reads the IDI stage's rows while they are written);
   * NaN when the run lacks one.
   */
  static double goldSeconds(JsonNode result) {
    double from = Double.POSITIVE_INFINITY;
    double to = Double.NEGATIVE_INFINITY;
    Set<String> seen = new HashSet<>();
    for (JsonNode s : result == null ? List.<JsonNode>of() : result.path("stages")) {
      String name = s.path("name").asText();
      if (GOLD_STAGES.contains(name) && s.hasNonNull("started_s")) {
        seen.add(name);
        from = Math.min(from, s.get("started_s").asDouble());
        to = Math.max(to, s.get("started_s").asDouble() + s.path("seconds").asDouble());
      }
    }
    return seen.size() == GOLD_STAGES.size() ? to - from : Double.NaN;
  }

  /** The per-stage wall times of a pipeline run's --json result; a stage run several times is summed. */
  static Map<String, Double> stages(JsonNode result) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (JsonNode s : result.path("stages")) {
      m.merge(s.get("name").asText(), s.get("seconds").asDouble(), Double::sum);
    }
    return m;
  }

  /**
   * Copies the collection (files keep their modification times: a file without a stated or folder
   * vintage takes its vintage from it). Links are not followed, as the pipeline's scan does not.
   */
  static void copyTree(Path from, Path to) {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy " + from + " to " + to + ": " + e, e);
    }
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
    if (root.has("floor_s")) {
      out.println("| run | s | CPU s | peak RSS MB | s / floor |");
      out.println("|---|---:|---:|---:|---:|");
      double floor = root.path("floor_s").asDouble();
      for (String name : measured.keySet()) {
        double s = root.path(name + "_s").asDouble();
        out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %d | %.2f |%n", name, s, root.path(name + "_cpu_s").asDouble(),
            root.path(name + "_peak_rss_mb").asLong(), s / floor);
      }
      if (root.has("real_gold_s")) {
        out.printf(Locale.ROOT, "real collection, gold stage: %.1f s%n", root.path("real_gold_s").asDouble());
      }
      out.println();
    }
    for (JsonNode t : root.path("targets")) {
      out.printf(Locale.ROOT, "target %-48s %10s (at most %s): %s%n", t.path("target").asText(), t.path("value"),
          t.path("at_most"), t.path("met").asBoolean() ? "met" : "NOT MET");
    }
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

  /** Writes the JSON file (when asked for) with everything measured so far. */
  private void writeJson() {
    if (o.json() == null) {
      return;
    }
    try {
      if (o.json().getParent() != null) {
        Files.createDirectories(o.json().getParent());
      }
      Path tmp = o.json().resolveSibling(o.json().getFileName() + ".tmp");
      mapper.writeValue(tmp.toFile(), root);
      Files.move(tmp, o.json(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw Errors.exportFailed(o.json().toString(), e);
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
