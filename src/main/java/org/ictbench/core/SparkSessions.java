package org.ictbench.core;

import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a job (or the whole test suite) uses, with Delta enabled. Under
 * spark-submit the master and cluster settings come from spark-submit; in a plain JVM the master
 * defaults to {@code local[*]} and the session stays on loopback with the UI off.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * Settings for a local master, each overridable with the same {@code spark.*} key (-D or
   * spark-defaults). Hadoop's checksummed local file system writes a {@code .crc} sidecar next to every
   * data and log file and, without Hadoop's native library (not shipped in the Maven jars), forks a
   * {@code chmod} or {@code readlink} process for most file operations it makes. The file system
   * ({@link SidecarFreeLocalFileSystem}) and its {@code FileContext} view ({@link ForkFreeLocalFs},
   * through which Delta writes its log) write no sidecars (Parquet and Delta carry their own checks)
   * and fork nothing.
   */
  static final Map<String, String> LOCAL_DEFAULTS = Map.of(
      "spark.hadoop.fs.file.impl", SidecarFreeLocalFileSystem.class.getName(),
      "spark.hadoop.fs.AbstractFileSystem.file.impl", ForkFreeLocalFs.class.getName());

  private static final String EXTENSIONS = "spark.sql.extensions";
  private static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";

  /** Delta's switch for keeping a table's file list in its checksum (.crc) files. */
  static final String ALL_FILES_IN_CHECKSUM = "spark.databricks.delta.allFilesInCrc.enabled";

  /** Parquet's switch for min/max statistics; {@code <key>#<column>} sets one column. */
  public static final String PARQUET_STATISTICS = "parquet.column.statistics.enabled";

  /**
   * Parquet min/max statistics only for the columns that skip data (every column any {@link Table}
   * names in {@link Table#statsColumns}, the same ones Delta keeps file statistics for), each
   * overridable with the same {@code spark.*} key. By default Parquet computes them for every column of
   * every row group and page: for free-text columns (notes, raw values, lineage URIs, the raw-record
   * maps) that is comparison work on every value, a noticeable share of every table write, for
   * statistics no filter can use. Parquet exports for other tools turn them back on (see
   * serve.TableExport).
   */
  static Map<String, String> parquetStatistics() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.hadoop." + PARQUET_STATISTICS, "false");
    for (Table t : Table.values()) {
      t.statsColumns().forEach(c -> settings.put("spark.hadoop." + PARQUET_STATISTICS + "#" + c, "true"));
    }
    return settings;
  }

  /** The master a session gets: {@code master} when given, else spark-submit's, else {@code local[*]}. */
  public static String effectiveMaster(String master) {
    return master != null ? master : new SparkConf(true).get("spark.master", "local[*]");
  }

  /** Whether {@code master} runs everything in this JVM ({@code local}, {@code local[N]}, {@code local-cluster[..]}). */
  public static boolean isLocal(String master) {
    return master.startsWith("local");
  }

  /**
   * Whether spark-submit started this JVM (as a client-mode driver, or as a cluster-mode driver on a
   * worker): it always sets {@code spark.submit.deployMode} in the driver's system properties.
   */
  public static boolean underSparkSubmit() {
    return new SparkConf(true).contains("spark.submit.deployMode");
  }

  /**
   * @param master a Spark master URL, or null to take it from spark-submit (or local[*] in a plain JVM)
   * @param shufflePartitions number of shuffle partitions, or 0 for the default (cores * 2 locally)
   */
  public static SparkSession create(String appName, String master, int shufflePartitions) {
    return create(appName, master, shufflePartitions, Map.of());
  }

  /**
   * As {@link #create(String, String, int)}, plus {@code extra} settings applied last; an extra
   * {@code spark.sql.extensions} is added after Delta's extension.
   */
  public static SparkSession create(String appName, String master, int shufflePartitions, Map<String, String> extra) {
    SparkConf conf = new SparkConf(true);
    String effectiveMaster = effectiveMaster(master);
    boolean local = isLocal(effectiveMaster);
    if (!local && !underSparkSubmit() && SparkSession.getActiveSession().isEmpty()
        && SparkSession.getDefaultSession().isEmpty()) {
      // A plain JVM could connect to the cluster, but its executors would lack ictbench's classes (and
      // spark-submit's settings): refuse instead of failing later on the executors.
      throw Errors.needsSparkSubmit(effectiveMaster);
    }
    SparkSession.Builder b = SparkSession.builder()
        .appName(appName)
        .master(effectiveMaster)
        .config("spark.sql.extensions", extra.containsKey(EXTENSIONS)
            ? DELTA_EXTENSION + "," + extra.get(EXTENSIONS) : DELTA_EXTENSION)
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.adaptive.enabled", conf.get("spark.sql.adaptive.enabled", "true"));
    int partitions = shufflePartitions > 0 ? shufflePartitions
        : local ? Math.max(2, Runtime.getRuntime().availableProcessors() * 2) : 0;
    if (partitions > 0) {
      b.config("spark.sql.shuffle.partitions", partitions)
          // Delta rebuilds each table's snapshot with a 50-partition shuffle by default: far too many
          // for logs of a few commits, and a run opens every table of the lake.
          .config("spark.databricks.delta.snapshotPartitions", partitions);
    }
    parquetStatistics().forEach((k, v) -> b.config(k, conf.get(k, v)));
    // Delta keeps a small table's file list in each version's checksum file, and to derive it for the
    // first commit of a table it runs a Spark query over the table's (empty) state: a query per new
    // table, a large part of a first run's commits. Readers list the files from the log instead.
    b.config(ALL_FILES_IN_CHECKSUM, conf.get(ALL_FILES_IN_CHECKSUM, "false"));
    if (local) {
      LOCAL_DEFAULTS.forEach((k, v) -> b.config(k, conf.get(k, v)));
      b.config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    // ictbench keeps no managed tables: Spark's warehouse folder (created in the driver's working folder
    // by default, also under spark-submit) goes to the temp folder unless configured.
    b.config("spark.sql.warehouse.dir", conf.get("spark.sql.warehouse.dir",
        Paths.get(System.getProperty("java.io.tmpdir"), "ictbench-spark-warehouse").toUri().toString()));
    extra.forEach((k, v) -> {
      if (!k.equals(EXTENSIONS)) {
        b.config(k, v);
      }
    });
    return b.getOrCreate();
  }
}
