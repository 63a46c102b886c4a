package org.ictbench.core;

import io.delta.kernel.CommitRange;
import io.delta.kernel.CommitRangeBuilder;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Iterator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * Reads the curated lake's Delta tables with Delta Kernel, in the calling thread and without a
 * SparkSession. The pipeline uses it to answer "is there anything new?" before it starts Spark (a
 * rerun with nothing new then costs a JVM start and a file scan, not a Spark session), and to print
 * the small summary tables of a run. Only for small tables: everything read is held in memory.
 */
public final class LakeLog {
  private static final StructType COMMIT_INFO = new StructType()
      .add("commitInfo", new StructType().add("operation", StringType.STRING)
          .add("operationMetrics", new MapType(StringType.STRING, StringType.STRING, true))
          .add("userMetadata", StringType.STRING));

  private final Engine engine;
  private final Configuration hadoopConf;
  private final Path root;

  public LakeLog(Configuration hadoopConf, String curatedUri) {
    this.hadoopConf = hadoopConf;
    this.engine = DefaultEngine.create(hadoopConf);
    try {
      Path p = new Path(curatedUri);
      this.root = p.getFileSystem(hadoopConf).makeQualified(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve file system for " + curatedUri, e);
    }
  }

  /**
   * The Hadoop configuration a Spark job would get: Hadoop's defaults plus every {@code spark.hadoop.*}
   * setting (from spark-submit, spark-defaults or -D system properties), so file systems such as s3a
   * are configured the same way with or without a session.
   */
  public static Configuration hadoopConfiguration() {
    Configuration conf = new Configuration();
    SparkConf spark = new SparkConf(true);
    // The same local file system a local session gets (SparkSessions.LOCAL_DEFAULTS): Hadoop caches one
    // FileSystem per scheme and user, so whichever is opened first serves the whole JVM.
    SparkSessions.LOCAL_DEFAULTS.forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.") && !spark.contains(k)) {
        spark.set(k, v);
      }
    });
    for (Tuple2<String, String> kv : spark.getAll()) {
      if (kv._1().startsWith("spark.hadoop.")) {
        conf.set(kv._1().substring("spark.hadoop.".length()), kv._2());
      }
    }
    return conf;
  }

  public String root() {
    return root.toString();
  }

  public Configuration hadoopConf() {
    return hadoopConf;
  }

  private String path(Table t) {
    return new Path(root, t.relativePath()).toString();
  }

  /** The table's current snapshot, or empty when the table does not exist. */
  private Optional<Snapshot> snapshot(Table t) {
    try {
      Path log = new Path(path(t), "_delta_log");
      if (!log.getFileSystem(hadoopConf).exists(log)) {
        return Optional.empty();
      }
      return Optional.of(TableManager.loadSnapshot(path(t)).build(engine));
    } catch (TableNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Delta log of " + path(t), e);
    }
  }

  /** Whether the table exists (has a Delta log with at least one commit). */
  public boolean exists(Table t) {
    return snapshot(t).isPresent();
  }

  /** A table's newest commit: its version, operation, Delta's operation metrics and userMetadata. */
  public record Commit(long version, String operation, Map<String, String> metrics, String userMetadata) {
    /** Rows the commit wrote (Delta's numOutputRows), or -1 when the commit does not say. */
    public long rowsWritten() {
      String n = metrics.get("numOutputRows");
      try {
        return n == null ? -1 : Long.parseLong(n);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }

  /**
   * The input fingerprint of the table's newest commit (kept in its {@code userMetadata}, see
   * {@link CommitMetadata}), or empty when the table does not exist or the commit carries none.
   */
  public Optional<String> lastFingerprint(Table t) {
    return lastUserMetadata(t).flatMap(CommitMetadata::fingerprint);
  }

  /**
   * What the table's newest version holds of what {@link TableContract} declares: its description,
   * properties (CHECK constraints are {@code delta.constraints.<name>}) and column comments; empty when
   * the table does not exist.
   */
  public Optional<Declared> declared(Table t) {
    return snapshot(t).map(s -> {
      Map<String, String> comments = new LinkedHashMap<>();
      for (StructField f : s.getSchema().fields()) {
        comments.put(f.getName(), f.getMetadata().contains("comment") ? f.getMetadata().getString("comment") : null);
      }
      return new Declared(s.getMetadata().getDescription().orElse(null), s.getTableProperties(), comments);
    });
  }

  /** A table's description, properties and column comments (null where a column has none). */
  public record Declared(String description, Map<String, String> properties, Map<String, String> comments) {}

  /** The {@code userMetadata} of the table's newest commit, or empty when there is none. */
  public Optional<String> lastUserMetadata(Table t) {
    return lastCommit(t).map(Commit::userMetadata);
  }

  /** The table's newest commit, from its commit file alone; empty when the table does not exist. */
  public Optional<Commit> lastCommit(Table t) {
    Optional<Snapshot> s = snapshot(t);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    long v = s.get().getVersion();
    CommitRange range = TableManager.loadCommitRange(path(t), CommitRangeBuilder.CommitBoundary.atVersion(v))
        .withEndBoundary(CommitRangeBuilder.CommitBoundary.atVersion(v)).build(engine);
    List<FileStatus> files = range.getDeltaFiles();
    try (CloseableIterator<ColumnarBatch> it = engine.getJsonHandler().readJsonFiles(
        closeable(files.iterator()), COMMIT_INFO,
        Optional.empty())) {
      while (it.hasNext()) {
        ColumnarBatch b = it.next();
        ColumnVector info = b.getColumnVector(0);
        for (int i = 0; i < b.getSize(); i++) {
          if (info.isNullAt(i)) {
            continue;
          }
          ColumnVector operation = info.getChild(0);
          ColumnVector metrics = info.getChild(1);
          ColumnVector meta = info.getChild(2);
          Map<String, String> m = new LinkedHashMap<>();
          if (!metrics.isNullAt(i)) {
            MapValue mv = metrics.getMap(i);
            for (int k = 0; k < mv.getSize(); k++) {
              if (!mv.getValues().isNullAt(k)) {
                m.put(mv.getKeys().getString(k), mv.getValues().getString(k));
              }
            }
          }
          return Optional.of(new Commit(v, operation.isNullAt(i) ? null : operation.getString(i), Map.copyOf(m),
              meta.isNullAt(i) ? null : meta.getString(i)));
        }
      }
      return Optional.of(new Commit(v, null, Map.of(), null));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the newest commit of " + path(t), e);
    }
  }

  /**
   * Bytes of the data files in the table's current version (the Parquet files a query of it would
   * read, not older versions' files), from the Delta log alone; 0 when the table does not exist.
   */
  public long dataBytes(Table t) {
    Optional<Snapshot> s = snapshot(t);
    if (s.isEmpty()) {
      return 0;
    }
    long[] bytes = {0};
    forEachFile(t, s.get().getScanBuilder().build(), fileRow -> bytes[0] += addFile(fileRow).getSize());
    return bytes[0];
  }

  /**
   * Rows in the table's current version, summed from the {@code numRecords} statistic Delta keeps
   * for each data file (no data file is read); 0 when the table does not exist, empty when a file has
   * no such statistic or a deletion vector (whose rows the statistic still counts).
   */
  public java.util.OptionalLong rowCount(Table t) {
    Optional<Snapshot> s = snapshot(t);
    if (s.isEmpty()) {
      return java.util.OptionalLong.of(0);
    }
    long[] rows = {0};
    boolean[] known = {true};
    Scan scan = s.get().getScanBuilder().build();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine, true)) {
      while (files.hasNext() && known[0]) {
        try (CloseableIterator<io.delta.kernel.data.Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            io.delta.kernel.data.Row file = fileRows.next();
            io.delta.kernel.data.Row add = file.getStruct(file.getSchema().indexOf("add"));
            long n = numRecords(add);
            if (n < 0) {
              known[0] = false;
              break;
            }
            rows[0] += n;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + t.qualifiedName() + " at " + path(t), e);
    }
    return known[0] ? java.util.OptionalLong.of(rows[0]) : java.util.OptionalLong.empty();
  }

  /** A data file's numRecords statistic, or -1 when it has none or has a deletion vector. */
  private static long numRecords(io.delta.kernel.data.Row add) {
    StructType schema = add.getSchema();
    int dv = schema.indexOf("deletionVector");
    int stats = schema.indexOf("stats");
    if ((dv >= 0 && !add.isNullAt(dv)) || stats < 0 || add.isNullAt(stats)) {
      return -1;
    }
    try {
      com.fasterxml.jackson.databind.JsonNode n = ResultJson.mapper().readTree(add.getString(stats)).get("numRecords");
      return n == null || !n.canConvertToLong() ? -1 : n.asLong();
    } catch (IOException e) {
      return -1;
    }
  }

  /** What {@link #forEachFile} does with each data file's scan row. */
  private interface ScanFileAction {
    void accept(io.delta.kernel.data.Row scanFile) throws IOException;
  }

  /** Calls {@code action} with the scan row of each data file of {@code scan} (the table's current files). */
  private void forEachFile(Table t, Scan scan, ScanFileAction action) {
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            action.accept(fileRows.next());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + t.qualifiedName() + " at " + path(t), e);
    }
  }

  /**
   * Every row of the table, projected on {@code columns} (string, boolean, int, long, double and date
   * columns; dates as days since the epoch). Empty when the table does not exist.
   */
  public List<Object[]> rows(Table t, List<String> columns) {
    Optional<Snapshot> s = snapshot(t);
    if (s.isEmpty()) {
      return List.of();
    }
    StructType full = s.get().getSchema();
    List<StructField> fields = new ArrayList<>();
    for (String c : columns) {
      fields.add(full.get(c));
    }
    StructType readSchema = new StructType(fields);
    String mapping = s.get().getTableProperties().getOrDefault("delta.columnMapping.mode", "none");
    if (!"none".equals(mapping) || !s.get().getPartitionColumnNames().isEmpty()) {
      // ictbench's tables are unpartitioned and without column mapping, so a file's physical columns
      // are the logical ones; anything else needs Kernel's physical schema, which is not public API.
      throw new IllegalStateException(t.qualifiedName() + " at " + path(t) + " uses column mapping '" + mapping
          + "' or partitions " + s.get().getPartitionColumnNames() + "; LakeLog reads plain tables only");
    }
    Scan scan = s.get().getScanBuilder().withReadSchema(readSchema).build();
    io.delta.kernel.data.Row state = scan.getScanState(engine);
    List<Object[]> out = new ArrayList<>();
    forEachFile(t, scan, fileRow -> {
      FileStatus f = addFile(fileRow);
      CloseableIterator<ColumnarBatch> physicalData = engine.getParquetHandler()
          .readParquetFiles(closeable(List.of(f).iterator()), readSchema, Optional.empty())
          .map(FileReadResult::getData);
      try (CloseableIterator<FilteredColumnarBatch> data =
               Scan.transformPhysicalData(engine, state, fileRow, physicalData)) {
        while (data.hasNext()) {
          collect(data.next(), columns.size(), out);
        }
      }
    });
    return out;
  }

  /**
   * The data file of a scan row (Kernel's documented scan-file schema: an {@code add} struct with the
   * file's {@code path}, a URI relative to the table root or absolute, and its {@code size}; and the
   * {@code tableRoot}), with its path resolved against the table root.
   */
  private FileStatus addFile(io.delta.kernel.data.Row scanFile) {
    io.delta.kernel.data.Row add = scanFile.getStruct(scanFile.getSchema().indexOf("add"));
    StructType addSchema = add.getSchema();
    String path = add.getString(addSchema.indexOf("path"));
    String root = scanFile.getString(scanFile.getSchema().indexOf("tableRoot"));
    Path file = new Path(new Path(URI.create(root)), new Path(URI.create(path)));
    return FileStatus.of(file.toString(), add.getLong(addSchema.indexOf("size")),
        add.getLong(addSchema.indexOf("modificationTime")));
  }

  /** A Kernel iterator over {@code it}, which holds nothing to close. */
  private static <T> CloseableIterator<T> closeable(Iterator<T> it) {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }

  private static void collect(FilteredColumnarBatch batch, int width, List<Object[]> out) {
    ColumnarBatch data = batch.getData();
    Optional<ColumnVector> selected = batch.getSelectionVector();
    for (int i = 0; i < data.getSize(); i++) {
      if (selected.isPresent() && (selected.get().isNullAt(i) || !selected.get().getBoolean(i))) {
        continue;
      }
      Object[] row = new Object[width];
      for (int c = 0; c < width; c++) {
        row[c] = value(data.getColumnVector(c), i);
      }
      out.add(row);
    }
  }

  private static Object value(ColumnVector v, int i) {
    if (v.isNullAt(i)) {
      return null;
    }
    DataType t = v.getDataType();
    if (t instanceof StringType) {
      return v.getString(i);
    } else if (t instanceof IntegerType || t instanceof DateType) {
      return v.getInt(i);
    } else if (t instanceof LongType) {
      return v.getLong(i);
    } else if (t instanceof DoubleType) {
      return v.getDouble(i);
    } else if (t instanceof BooleanType) {
      return v.getBoolean(i);
    }
    throw new IllegalArgumentException("LakeLog reads string, int, long, double, boolean and date columns, not " + t);
  }
}
