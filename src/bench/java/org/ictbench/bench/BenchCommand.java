package org.ictbench.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ictbench.cli.Main;
import org.ictbench.core.Errors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobs/bench.sh}: ictbench vs an idiomatic DuckDB script on generated publisher dumps. Its own
 * entry point on the test class path (the bench and DuckDB ship in neither artifact).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Generate publisher-format dumps (ITU DataHub long, WDI wide, with their quirks and dirty rows)"
        + " at each size, run the ictbench pipeline and a DuckDB baseline on them in child JVMs, alternating,"
        + " and report wall time, rows per second, peak RSS and whether both curated the same result.")
public final class BenchCommand implements Callable<Integer> {
  public static void main(String[] args) {
    System.exit(Main.execute(new BenchCommand(), args));
  }

  @Option(names = "--rows", paramLabel = "N[,N...]", defaultValue = "100000,1000000", split = ",",
      description = "Observations (value slots) per size; a comma list runs several sizes. Default: ${DEFAULT-VALUE}.")
  List<String> rows;

  @Option(names = "--json", paramLabel = "PATH",
      description = "Write every figure (floor, bundled, real collection, sizes against DuckDB, peak RSS, targets) to"
          + " PATH as one JSON object (see docs/performance.md).")
  Path json;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "${env:ICTBENCH_HOME:-.}/target/bench",
      description = "Where dumps (kept and reused) and outputs go. Default: ${DEFAULT-VALUE}.")
  Path work;

  @Option(names = "--runs", paramLabel = "K", defaultValue = "1",
      description = "Runs per engine and size, alternating which goes first, and repetitions of the --bundled and"
          + " --real runs; medians reported. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--driver-memory", paramLabel = "SIZE",
      description = "-Xmx of the ictbench child JVMs (ICTBENCH_DRIVER_MEMORY). Default: none, the launcher's own"
          + " default, which follows the input's size.")
  String driverMemory;

  @Option(names = "--duckdb-memory", defaultValue = "3GB",
      description = "DuckDB memory_limit. Default: ${DEFAULT-VALUE}.")
  String duckdbMemory;

  @Option(names = "--threads", description = "DuckDB threads and generator threads. Default: the machine's cores.")
  Integer threads;

  @Option(names = "--shuffle-partitions", paramLabel = "N",
      description = "Passed to the pipeline (default: the pipeline's own default).")
  Integer shufflePartitions;

  @Option(names = "--bundled",
      description = "Also time the README main job on data/raw (a first run, then a rerun with nothing new) and the"
          + " Spark + Delta floor (a JVM that starts the session and makes as many one-row Delta commits).")
  boolean bundled;

  @Option(names = "--real", paramLabel = "DIR",
      description = "Also time the pipeline on a real collection of publisher files (e.g. ../shared/data), copied"
          + " under --work: a first run, then one new vintage file added (a WDI file of DIR restated with a newer"
          + " vintage and a few revised values, written to the copy), then a run with nothing new.")
  Path real;

  @Option(names = "--serve", description = "Also time queries through the query server (jobs/serve.sh) on the bundled"
      + " lake: the median and max of 20 warm queries on a gold table, and a cold jobs/sql.sh with and without it."
      + " With --rows 0 only the fixed measurements run.")
  boolean serve;

  @Override
  public Integer call() {
    List<Long> sizes = new ArrayList<>();
    for (String r : rows) {
      String s = r.trim().replace("_", "").toLowerCase(java.util.Locale.ROOT);
      long mult = s.endsWith("m") ? 1_000_000 : s.endsWith("k") ? 1_000 : 1;
      try {
        long n = Long.parseLong(mult == 1 ? s : s.substring(0, s.length() - 1)) * mult;
        if (n > 0) {
          sizes.add(n); // --rows 0: only the fixed workloads (--bundled, --real)
        }
      } catch (NumberFormatException e) {
        throw Errors.badOption("--rows", r, "a number of observations such as 1000000, 5m or 100k");
      }
    }
    if (real != null && !java.nio.file.Files.isDirectory(real)) {
      throw Errors.inputNotFound("Real collection (--real)", real.toString());
    }
    if (runs < 1) {
      throw Errors.badOption("--runs", String.valueOf(runs), "1 or more");
    }
    Path home = Path.of(System.getenv().getOrDefault("ICTBENCH_HOME", ".")).toAbsolutePath();
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    BenchRunner.Options o = new BenchRunner.Options(sizes, work.toAbsolutePath(), json == null ? null : json.toAbsolutePath(),
        runs, seed, driverMemory, duckdbMemory, t, shufflePartitions, bundled,
        real == null ? null : real.toAbsolutePath().normalize(), serve, home);
    List<BenchRunner.Result> results = new BenchRunner(o, System.out).run();
    return results.stream().allMatch(BenchRunner.Result::sameResult) ? 0 : 1;
  }
}
