package org.ictbench.cli;

import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.SparkSessions;
import picocli.CommandLine.Option;

/** Options every Spark job shares. */
final class SparkOptions {
  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (local[*], spark://host:7077, yarn, k8s://...). Default: from spark-submit, else local[*].")
  String master;

  @Option(names = "--shuffle-partitions", paramLabel = "N", defaultValue = "0",
      description = "spark.sql.shuffle.partitions (default: 2 x cores locally, Spark's default on a cluster).")
  int shufflePartitions;

  @Option(names = "--curated", paramLabel = "DIR",
      description = "Curated root holding the Delta tables (local path or file:/hdfs:/s3a: URI). Default in"
          + " jobs/*.sh: the source tree's data/curated; required elsewhere (bin/ictbench, spark-submit).")
  private String curatedOption;

  /** The curated root: --curated, or its default (see {@link JobPaths}). */
  String curated() {
    return JobPaths.orHome(curatedOption, "--curated", "data/curated", master);
  }

  /**
   * Runs {@code work} (returning the exit code) with a SparkSession built from these options, and stops the session afterwards
   * unless it already existed (an embedding application's or the test suite's session).
   */
  int withSession(String appName, Function<SparkSession, Integer> work) {
    curated(); // a missing or unusable root fails before a session starts
    boolean owned = SparkSession.getDefaultSession().isEmpty();
    SparkSession session = SparkSessions.create(appName, master, shufflePartitions);
    try {
      return work.apply(session);
    } finally {
      if (owned) {
        session.stop();
      }
    }
  }
}
