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

  @Option(names = "--json", paramLabel = "PATH", description = "Write one JSON object per size to PATH.")
  Path json;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "${env:ICTBENCH_HOME:-.}/target/bench",
      description = "Where dumps (kept and reused) and outputs go. Default: ${DEFAULT-VALUE}.")
  Path work;

  @Option(names = "--runs", paramLabel = "K", defaultValue = "1",
      description = "Runs per engine and size, alternating which goes first; medians reported. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--driver-memory", defaultValue = "2g",
      description = "-Xmx of the ictbench child JVM (ICTBENCH_DRIVER_MEMORY). Default: ${DEFAULT-VALUE}, which keeps "
          + "its peak RSS under 3 GB up to 50 M slots (the caches spill to disk).")
  String driverMemory;

  @Option(names = "--duckdb-memory", defaultValue = "3GB",
      description = "DuckDB memory_limit. Default: ${DEFAULT-VALUE}.")
  String duckdbMemory;

  @Option(names = "--threads", description = "DuckDB threads and generator threads. Default: the machine's cores.")
  Integer threads;

  @Option(names = "--shuffle-partitions", paramLabel = "N",
      description = "Passed to the pipeline (default: the pipeline's own default).")
  Integer shufflePartitions;

  @Option(names = "--bundled", description = "Also time the README main job on data/raw: a first run and a rerun.")
  boolean bundled;

  @Override
  public Integer call() {
    List<Long> sizes = new ArrayList<>();
    for (String r : rows) {
      String s = r.trim().replace("_", "").toLowerCase(java.util.Locale.ROOT);
      long mult = s.endsWith("m") ? 1_000_000 : s.endsWith("k") ? 1_000 : 1;
      try {
        sizes.add(Long.parseLong(mult == 1 ? s : s.substring(0, s.length() - 1)) * mult);
      } catch (NumberFormatException e) {
        throw Errors.badOption("--rows", r, "a number of observations such as 1000000, 5m or 100k");
      }
    }
    if (runs < 1) {
      throw Errors.badOption("--runs", String.valueOf(runs), "1 or more");
    }
    Path home = Path.of(System.getenv().getOrDefault("ICTBENCH_HOME", ".")).toAbsolutePath();
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    BenchRunner.Options o = new BenchRunner.Options(sizes, work.toAbsolutePath(), json == null ? null : json.toAbsolutePath(),
        runs, seed, driverMemory, duckdbMemory, t, shufflePartitions, bundled, home);
    List<BenchRunner.Result> results = new BenchRunner(o, System.out).run();
    return results.stream().allMatch(BenchRunner.Result::sameResult) ? 0 : 1;
  }
}
