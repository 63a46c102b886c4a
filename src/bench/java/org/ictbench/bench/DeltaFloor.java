package org.ictbench.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.SparkSessions;
import org.ictbench.core.WriteGroup;

/**
 * The least a run that writes N Delta tables can cost on this machine, run in its own JVM by
 * {@code jobs/bench.sh --bundled}: {@code java ... org.ictbench.bench.DeltaFloor DIR N THREADS}
 * starts the pipeline's SparkSession and commits N one-row Delta tables under DIR, THREADS at a time,
 * the way the pipeline writes (overwrite, userMetadata) but with no reading, parsing or computing.
 * Its wall time, JVM start included, is a floor under the bundled first run's: whatever the pipeline
 * computes comes on top of it. Prints the session start and the writes' times on stdout.
 */
public final class DeltaFloor {
  private DeltaFloor() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: DeltaFloor DIR TABLES THREADS");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    int tables = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    long t0 = System.nanoTime();
    SparkSession spark = SparkSessions.create("ictbench-delta-floor", null, 0);
    long t1 = System.nanoTime();
    commit(spark, dir, tables, threads);
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "session %.2f s, %d one-row Delta commits (%d at a time) %.2f s%n",
        (t1 - t0) / 1e9, tables, threads, (t2 - t1) / 1e9);
    spark.stop();
  }

  /** Commits {@code tables} one-row Delta tables {@code dir/t0 ... dir/tN-1}, {@code threads} at a time. */
  static void commit(SparkSession spark, Path dir, int tables, int threads) {
    try (WriteGroup group = new WriteGroup(threads)) {
      for (int i = 0; i < tables; i++) {
        String path = dir.resolve("t" + i).toUri().toString();
        group.submit(() -> spark.sql("SELECT 'BLR' AS iso3, 'internet_users_pct' AS indicator, 2024 AS year, "
                + "94.26D AS value, current_timestamp() AS written_at")
            .write().format("delta").mode("overwrite").option("userMetadata", "floor").save(path));
      }
      group.awaitAll();
    }
  }
}
