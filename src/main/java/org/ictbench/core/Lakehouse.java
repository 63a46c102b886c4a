package org.ictbench.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The curated root: where each {@link Table} lives, whether it exists, and how to read it. Paths are
 * Hadoop URIs, so the same code works on {@code file:}, {@code hdfs:} and {@code s3a:} roots.
 */
public final class Lakehouse {
  private final SparkSession spark;
  private final Path root;
  private LakeLog log;

  public Lakehouse(SparkSession spark, String curatedUri) {
    this.spark = spark;
    this.root = qualify(spark, curatedUri);
  }

  /** The same root read with Delta Kernel: commit metadata and small tables without Spark jobs. */
  public synchronized LakeLog log() {
    if (log == null) {
      log = new LakeLog(spark.sparkContext().hadoopConfiguration(), root());
    }
    return log;
  }

  /** Turns a relative local path into an absolute, scheme-qualified URI (Delta SQL needs absolute paths). */
  public static Path qualify(SparkSession spark, String uri) {
    try {
      Path p = new Path(uri);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.makeQualified(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve file system for " + uri, e);
    }
  }

  /**
   * Creates the curated root if needed and writes and deletes a probe file in it, so a root that is
   * read-only, full or not a folder fails the run before any work with a message naming it (exit 8).
   */
  public void requireWritable() {
    Path probe = new Path(root, "_ictbench_write_probe_" + java.util.UUID.randomUUID());
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
        throw new IOException("it is a file, not a folder");
      }
      fs.mkdirs(root);
      try (org.apache.hadoop.fs.FSDataOutputStream out = fs.create(probe, true)) {
        out.write('x');
      }
      fs.delete(probe, false);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IctbenchException ie) {
        throw ie;
      }
      throw Errors.lakeNotWritable(root(), e);
    }
  }

  public SparkSession spark() {
    return spark;
  }

  public String root() {
    return root.toString();
  }

  public String path(Table table) {
    return new Path(root, table.relativePath()).toString();
  }

  /**
   * Whether the table has been created: its {@code _delta_log} folder exists. (Cheaper than
   * DeltaTable.isDeltaTable, which loads the table's snapshot with a Spark job.)
   */
  public boolean exists(Table table) {
    try {
      Path log = new Path(path(table), "_delta_log");
      return log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + path(table), e);
    }
  }

  public Dataset<Row> read(Table table) {
    if (!exists(table)) {
      throw Errors.tableMissing(table.qualifiedName(), root());
    }
    return spark.read().format("delta").load(path(table));
  }

  private String tableType(String name) {
    try {
      return spark.catalog().getTable(name).tableType();
    } catch (org.apache.spark.sql.AnalysisException e) {
      return null;
    }
  }

  /**
   * Makes every existing table queryable by its qualified name ({@code SELECT * FROM gold.idi_score})
   * in this session's catalog. Nothing is copied: the catalog entries point at the Delta folders.
   */
  public List<Table> registerTables() {
    List<Table> registered = new ArrayList<>();
    for (String layer : List.of("bronze", "silver", "gold")) {
      spark.sql("CREATE DATABASE IF NOT EXISTS " + layer);
    }
    for (Table t : Table.values()) {
      if (spark.catalog().tableExists(t.qualifiedName())) {
        // The session may have registered another curated root under the same name: point the name
        // at this root. Only ictbench's own entries (EXTERNAL: dropping them leaves the data alone).
        if (!"EXTERNAL".equals(tableType(t.qualifiedName()))) {
          throw Errors.tableMissing(t.qualifiedName() + " (the session catalog holds a managed table of that name)",
              root());
        }
        spark.sql("DROP TABLE " + t.qualifiedName());
      }
      if (exists(t)) {
        spark.sql("CREATE TABLE " + t.qualifiedName() + " USING delta LOCATION '"
            + path(t).replace("'", "\\'") + "'");
        registered.add(t);
      }
    }
    return registered;
  }
}
