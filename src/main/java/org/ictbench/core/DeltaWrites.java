package org.ictbench.core;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * The three ways ictbench writes a Delta table, each one atomic commit per table per run:
 * <ul>
 *   <li>{@link #replaceFiles}: replace the rows that came from the given input files (by file
 *       checksum). Rerunning a file replaces its rows instead of duplicating them, and a run that
 *       crashed half way is repaired by the next run. {@link #addFiles} when the table is known to hold
 *       no row of the files: the same commit without Delta's search for rows to replace.</li>
 *   <li>{@link #overwriteIfChanged}: derived tables, rewritten only when their input fingerprint
 *       changed, so a rerun with nothing new writes no new table version.</li>
 *   <li>{@link #replaceWhere}: the same with any predicate (the metrics history, whose rows from a
 *       run that died are replaced by the run that completes its files).</li>
 *   <li>{@link #append}: logs.</li>
 * </ul>
 * Every table is written as {@link TableContract} declares it: created by its first write, in that
 * write's commit, with the contract's column comments, description and CHECK constraint (or empty, by
 * {@link #createMissing}, when no input reached it), and brought up to it once when an earlier ictbench
 * wrote it.
 */
public final class DeltaWrites {
  /** Column every lineage-carrying table has. */
  public static final String FILE_SHA256 = "file_sha256";
  /** Table property naming the columns Delta keeps file statistics for ({@link Table#statsColumns}). */
  public static final String STATS_COLUMNS_PROPERTY = "delta.dataSkippingStatsColumns";
  /** Table property a marker's fingerprint-only commit sets ({@link #recordFingerprint}). */
  public static final String FINGERPRINT_PROPERTY = "ictbench.fingerprint_sha256";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeltaWrites.class);

  private final Lakehouse lake;
  private final StageTimer timer;

  /** The tables this instance committed to (see {@link #committed}). */
  private final Set<Table> committed = ConcurrentHashMap.newKeySet();
  /** The newest commit of each table this instance wrote, read back from its Delta log after the write. */
  private final Map<Table, LakeLog.Commit> commits = new ConcurrentHashMap<>();
  /** The tables found or made to hold the {@link TableContract}'s description and constraint. */
  private final Set<Table> conforming = ConcurrentHashMap.newKeySet();

  public DeltaWrites(Lakehouse lake) {
    this(lake, new StageTimer());
  }

  /** Writes timed as stages "write layer.table" of {@code timer}. */
  public DeltaWrites(Lakehouse lake, StageTimer timer) {
    this.lake = lake;
    this.timer = timer;
  }

  /**
   * Adds the rows of input files {@code table} is known to hold no row of (see {@link #onlyAdded}) in one
   * commit, or creates the table: {@link #replaceFiles} less Delta's search of the table for rows to
   * replace, which reads every data file whose statistics admit one of the checksums.
   */
  public void addFiles(Dataset<Row> rows, Table table, String runId) {
    String metadata = CommitMetadata.ofRun(runId);
    write(rows, table, metadata, metadata, true, w -> w.mode(SaveMode.Append).option("mergeSchema", "true"));
  }

  /**
   * Whether run {@code runId}'s last write through this instance to {@code table} committed rows and
   * replaced none: a WRITE whose Delta operation metrics say no data file was removed and no row deleted.
   * False when that write made no commit (the newest commit is then another run's), created the table,
   * or the metrics do not say.
   */
  public boolean onlyAdded(Table table, String runId) {
    LakeLog.Commit c = commits.get(table);
    return c != null && "WRITE".equals(c.operation())
        && runId.equals(CommitMetadata.field(c.userMetadata(), CommitMetadata.RUN_ID).orElse(null))
        && "0".equals(c.metrics().get("numRemovedFiles")) && "0".equals(c.metrics().get("numDeletedRows"));
  }

  public void replaceFiles(Dataset<Row> rows, Table table, Collection<String> fileSha256s, String runId) {
    String in = fileSha256s.stream().map(s -> "'" + s.replace("'", "") + "'").collect(Collectors.joining(","));
    replaceWhere(rows, table, FILE_SHA256 + " IN (" + in + ")", runId);
  }

  /**
   * Replaces the rows matching {@code condition} (a Spark SQL predicate every new row satisfies) with
   * {@code rows} in one commit, or creates the table.
   */
  public void replaceWhere(Dataset<Row> rows, Table table, String condition, String runId) {
    String metadata = CommitMetadata.ofRun(runId);
    // mergeSchema: a lake written by an earlier ictbench gains the columns a table has since gained
    write(rows, table, metadata, metadata, true,
        w -> w.mode(SaveMode.Overwrite).option("replaceWhere", condition).option("mergeSchema", "true"));
  }

  /**
   * The tables this instance has committed a new version of, in {@link Table} order (not in the order
   * concurrent writes finished): a pipeline run's "tables written", whichever method wrote them.
   */
  public List<Table> committed() {
    return Arrays.stream(Table.values()).filter(committed::contains).toList();
  }

  /**
   * Overwrites {@code table} with {@code rows} unless the table's last commit already carries
   * {@code fingerprint}. Returns true when it wrote.
   */
  public boolean overwriteIfChanged(Dataset<Row> rows, Table table, String fingerprint) {
    return overwriteIfChanged(rows, table, new CommitMetadata.Derived(fingerprint, rowsDigest(rows, table).orElse(null),
        Map.of(), null));
  }

  /** {@link #overwriteIfChanged} with the whole metadata of the commit given. */
  public boolean overwriteIfChanged(Dataset<Row> rows, Table table, CommitMetadata.Derived commit) {
    if (commit.fingerprint().equals(lastFingerprint(table))) {
      return false;
    }
    // an existing table is brought up to the contract with an empty fingerprint: the write must follow
    write(rows, table, commit.json(), CommitMetadata.ofFingerprint(""), false,
        w -> w.mode(SaveMode.Overwrite).option("overwriteSchema", "true"));
    return true;
  }

  /**
   * The digest {@code rows} would carry as {@code table}'s rows ({@link CommitMetadata.Derived#rows}):
   * the rows' own ({@link DriverRowsFrame#digest}) with what the contract declares for the table, so
   * that a new description, comment, constraint or statistics column rewrites it too; empty when the
   * rows were not made on the driver.
   */
  public Optional<String> rowsDigest(Dataset<Row> rows, Table table) {
    TableContract.TableSpec spec = TableContract.get().spec(table);
    return DriverRowsFrame.digest(rows).map(d -> ResourceTable.sha256((d + "|" + spec + "|"
        + new TreeMap<>(contractProperties(spec))).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Makes {@code commit} the newest commit of {@code table} without touching its rows: one Delta commit
   * that only sets the table property {@value #FINGERPRINT_PROPERTY} (the SHA-256 of the fingerprint),
   * so that a set whose inputs did not change records the run's fingerprint on its marker.
   */
  public void recordFingerprint(Table table, CommitMetadata.Derived commit) {
    CrashPoint.reach(table.qualifiedName() + ".before");
    String path = "delta.`" + lake.path(table).replace("`", "``") + "`";
    String sha = ResourceTable.sha256(commit.fingerprint().getBytes(StandardCharsets.UTF_8));
    commit(table, commit.json(), () -> session(commit.json()).sql("ALTER TABLE " + path + " SET TBLPROPERTIES ('"
        + FINGERPRINT_PROPERTY + "' = '" + sha + "')"));
  }

  /** The derived-table metadata of the table's newest commit, empty when it has none. */
  public Optional<CommitMetadata.Derived> lastDerived(Table table) {
    return lake.log().lastUserMetadata(table).flatMap(CommitMetadata.Derived::of);
  }

  /**
   * {@link #overwriteIfChanged} for a set of tables whose last entry's fingerprint marks the set as
   * complete: the others are written concurrently on {@code group}, the last one only after they all
   * committed, so a crash in between leaves the set marked incomplete. What was written shows in
   * {@link #committed}.
   */
  public void overwriteSetIfChanged(Map<Table, Dataset<Row>> tables, Function<Table, String> fingerprint,
      WriteGroup group) {
    List<Table> order = new ArrayList<>(tables.keySet());
    Table marker = order.isEmpty() ? null : order.get(order.size() - 1);
    for (Table t : order) {
      if (t != marker) {
        group.submit(() -> overwriteIfChanged(tables.get(t), t, fingerprint.apply(t)));
      }
    }
    group.awaitAll();
    if (marker != null) {
      overwriteIfChanged(tables.get(marker), marker, fingerprint.apply(marker));
    }
  }

  /** Replaces the whole (small) table with {@code rows} in one commit. */
  public void overwrite(Dataset<Row> rows, Table table, String runId) {
    String metadata = CommitMetadata.ofRun(runId);
    write(rows, table, metadata, metadata, false, w -> w.mode(SaveMode.Overwrite).option("overwriteSchema", "true"));
  }

  public void append(Dataset<Row> rows, Table table, String runId) {
    String metadata = CommitMetadata.ofRun(runId);
    write(rows, table, metadata, metadata, true, w -> w.mode(SaveMode.Append));
  }

  /**
   * One commit of {@code rows} to {@code table}, carrying {@code userMetadata}: a table that does not exist
   * yet is created by it ({@link #createdWith}); an existing one is first brought up to the contract (a
   * commit carrying {@code contractMetadata} when anything changes) and then written as {@code mode} says.
   * {@code contractColumns}: the table is written in parts and holds the contract's columns and comments;
   * otherwise it is rewritten whole and its rows bring their own schema.
   */
  private void write(Dataset<Row> rows, Table table, String userMetadata, String contractMetadata,
      boolean contractColumns, UnaryOperator<DataFrameWriter<Row>> mode) {
    CrashPoint.reach(table.qualifiedName() + ".before");
    if (!conforming.contains(table)) {
      Optional<LakeLog.Declared> declared = lake.log().declared(table);
      if (declared.isEmpty() && createdWith(rows, table, userMetadata, contractColumns)) {
        return;
      }
      conform(table, declared.isPresent() ? declared : lake.log().declared(table), contractMetadata, contractColumns);
    }
    if (!DriverRowsFrame.isDriverRows(rows)) {
      DataFrameWriter<Row> w = mode.apply(writer(rows, table).option("userMetadata", userMetadata));
      commit(table, userMetadata, () -> save(() -> w.save(lake.path(table)), table));
      return;
    }
    org.apache.spark.sql.SparkSession s = writeSession(rows, userMetadata);
    throughGlobalView(rows, view -> {
      DataFrameWriter<Row> w = mode.apply(writer(s.table(view), table).option("userMetadata", userMetadata));
      commit(table, userMetadata, () -> save(() -> w.save(lake.path(table)), table));
    });
  }

  /**
   * Creates {@code table} holding {@code rows} in one commit (CREATE TABLE AS SELECT) when it does not exist
   * yet, with what the contract declares (comments, description, CHECK constraint, statistics columns);
   * false when another writer created it meanwhile, to be written like any existing table. One commit instead of an empty table and
   * a write: the write into a just-created table costs Delta a Spark job to rebuild its snapshot, and that
   * per table was a large part of a first run. {@code contractColumns}: the table holds the contract's
   * columns in its order, typed as it declares, then any others the rows have (a table written in parts,
   * which an empty create followed by a schema-merging write gave); otherwise the rows' own columns (a
   * table rewritten whole).
   */
  private boolean createdWith(Dataset<Row> rows, Table table, String userMetadata, boolean contractColumns) {
    try {
      commit(table, userMetadata, () -> save(() -> createAs(rows, table, userMetadata, contractColumns), table));
    } catch (RuntimeException e) {
      if (!alreadyExists(e) || lake.log().declared(table).isEmpty()) {
        throw e;
      }
      return false; // created meanwhile by another writer: written to like any existing table
    }
    conforming.add(table);
    return true;
  }

  private void createAs(Dataset<Row> rows, Table table, String userMetadata, boolean contractColumns) {
    TableContract.TableSpec spec = TableContract.get().spec(table);
    clearUncommitted(table);
    Dataset<Row> shaped = contractColumns ? inContractShape(rows, spec) : rows;
    Dataset<Row> data = CrashPoint.inTasks(TableContract.get().withComments(shaped, table), table.qualifiedName() + ".task");
    List<String> properties = new ArrayList<>();
    contractProperties(spec).forEach((k, v) -> properties.add(literal(k) + " = " + literal(v)));
    // The commit's userMetadata comes from the session for CREATE TABLE, so the rows go to a session of
    // its own through a global view (a session's temporary views are its own).
    org.apache.spark.sql.SparkSession s = writeSession(rows, userMetadata);
    throughGlobalView(data, view -> s.sql("CREATE TABLE delta.`" + lake.path(table).replace("`", "``")
        + "` USING delta COMMENT " + literal(spec.description())
        + (properties.isEmpty() ? "" : " TBLPROPERTIES (" + String.join(", ", properties) + ")")
        + " AS SELECT * FROM " + view));
  }

  /**
   * A session of its own for one write of {@code rows}: its commit carries {@code userMetadata}, and
   * rows made on the driver are converted and measured the way that costs them least. A few rows get
   * Delta's interpreted statistics, cheaper than compiling the statistics of their schema (the
   * interpreted projection's cost per row grows with the square of the table's columns, see
   * {@link ExecutionProfile#apply}); many rows get generated projections even under the small profile,
   * whose interpreted row conversion costs them more than compiling it.
   */
  private org.apache.spark.sql.SparkSession writeSession(Dataset<Row> rows, String userMetadata) {
    org.apache.spark.sql.SparkSession s = session(userMetadata);
    if (DriverRowsFrame.isFewRows(rows)) {
      s.conf().set(ExecutionProfile.DELTA_STATS_INTERPRETED, "true");
    } else if (DriverRowsFrame.isDriverRows(rows)) {
      s.conf().set(ExecutionProfile.CODEGEN_FACTORY_MODE, "FALLBACK");
    }
    return s;
  }

  /** Runs {@code use} with {@code data} as a global temporary view (its qualified name), dropped after. */
  private void throughGlobalView(Dataset<Row> data, java.util.function.Consumer<String> use) {
    String view = "ictbench_write_" + java.util.UUID.randomUUID().toString().replace("-", "");
    data.createOrReplaceGlobalTempView(view);
    try {
      use.accept(lake.spark().conf().get("spark.sql.globalTempDatabase", "global_temp") + ".`" + view + "`");
    } finally {
      lake.spark().catalog().dropGlobalTempView(view);
    }
  }

  /** {@code rows} with the contract's columns first, in its order and types (null where absent), then the rest. */
  private static Dataset<Row> inContractShape(Dataset<Row> rows, TableContract.TableSpec spec) {
    List<String> names = Arrays.asList(rows.columns());
    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
    for (TableContract.ColumnSpec c : spec.columns()) {
      cols.add(names.contains(c.name())
          ? rows.col("`" + c.name() + "`").cast(c.type()).as(c.name())
          : org.apache.spark.sql.functions.lit(null).cast(c.type()).as(c.name()));
    }
    for (String n : names) {
      if (spec.column(n).isEmpty()) {
        cols.add(rows.col("`" + n + "`"));
      }
    }
    return rows.select(cols.toArray(org.apache.spark.sql.Column[]::new));
  }

  /** Whether {@code e} says the table was there already (Spark's TableAlreadyExistsException). */
  private static boolean alreadyExists(Throwable e) {
    for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
      if (c.getClass().getSimpleName().equals("TableAlreadyExistsException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code save}, a write whose commit carries {@code userMetadata}, and reads back the commit it
   * made. A write with no rows to add or replace makes no commit: the newest commit is then an earlier
   * one (another user metadata), and the table is not counted among those this instance committed to.
   */
  private void commit(Table table, String userMetadata, Runnable save) {
    timer.time("write " + table.qualifiedName(), () -> {
      save.run();
      ReadBack r = readBack(table, userMetadata);
      CrashPoint.reach(table.qualifiedName() + ".committed");
      return r;
    }, ReadBack::describe);
  }

  /** What the log says of a write just made: its commit, none (it made no commit), or not known (unreadable). */
  private record ReadBack(LakeLog.Commit commit, boolean made) {
    String describe() {
      if (commit == null) {
        return made ? "committed (not read back)" : "no new version (nothing to write)";
      }
      return (commit.rowsWritten() >= 0 ? commit.rowsWritten() + " rows, " : "") + "version " + commit.version();
    }
  }

  /**
   * The commit just made, from the table's Delta log; none when the newest commit carries other user
   * metadata than the write's (the write made no commit); not known when the log cannot be read (the
   * write itself succeeded, so it counts as committed).
   */
  private ReadBack readBack(Table table, String userMetadata) {
    LakeLog.Commit c;
    try {
      c = lake.log().lastCommit(table).orElse(null);
    } catch (RuntimeException e) {
      LOG.warn("Cannot read back the commit just written to {}: {}", table.qualifiedName(), e.toString());
      committed.add(table);
      return new ReadBack(null, true);
    }
    if (c == null || !userMetadata.equals(c.userMetadata())) {
      return new ReadBack(null, false);
    }
    committed.add(table);
    commits.put(table, c);
    return new ReadBack(c, true);
  }

  /**
   * The newest commit of each table this instance wrote (version, Delta's operation metrics), in
   * {@link Table} order.
   */
  public Map<Table, LakeLog.Commit> commits() {
    Map<Table, LakeLog.Commit> out = new java.util.LinkedHashMap<>();
    for (Table t : Table.values()) {
      LakeLog.Commit c = commits.get(t);
      if (c != null) {
        out.put(t, c);
      }
    }
    return out;
  }

  /**
   * Runs the write. A failure whose cause is an ictbench error (a raw file that cannot be read while
   * its records are written to bronze) is that error; one caused by the storage (an I/O error: disk
   * full, read-only, permission denied) is an output failure naming the table's path (exit 8); any
   * other is rethrown as it is. Hadoop's local file system reports a failed write on the driver (the
   * Delta log's commit file) as an {@link FSError}, an Error around the IOException, so that is a
   * storage failure too.
   */
  private void save(Runnable write, Table table) {
    try {
      write.run();
    } catch (Exception | FSError e) { // SparkException is a checked exception Scala throws undeclared
      IOException io = null;
      for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
        if (c instanceof IctbenchException known) {
          throw known;
        }
        if (io == null && c instanceof IOException found) {
          io = found;
        }
      }
      if (io != null) {
        throw Errors.lakeWriteFailed(lake.path(table), io);
      }
      throw DeltaWrites.<RuntimeException>rethrow(e);
    }
  }

  /** Rethrows {@code e} as it is, checked or not. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable e) throws E {
    throw (E) e;
  }

  /**
   * A Delta writer for {@code table}; where the table names its statistics columns, they become the
   * table property {@code delta.dataSkippingStatsColumns} when this write creates the table (Delta
   * stores {@code delta.}-prefixed writer options as table properties on creation).
   */
  private static DataFrameWriter<Row> writer(Dataset<Row> rows, Table table) {
    Dataset<Row> commented = TableContract.get().withComments(rows, table);
    DataFrameWriter<Row> w = CrashPoint.inTasks(commented, table.qualifiedName() + ".task").write().format("delta");
    return table.statsColumns().isEmpty() ? w
        : w.option(STATS_COLUMNS_PROPERTY, String.join(",", table.statsColumns()));
  }

  /**
   * Creates every table of the {@link TableContract} that does not exist yet, empty, with its contract
   * schema, comments, description and CHECK constraint: after a run every table can be queried, even
   * one no input reached. Returns the tables created; they count as {@link #committed} (a new table is
   * a new version, if an empty one). An existing table this instance did not write is brought up to the
   * contract in place (new columns, description, constraint, comments), unless it still has a column
   * the contract no longer declares: such a table is rewritten whole by its stage, which replaces it.
   */
  public List<Table> createMissing(String runId) {
    List<Table> created = new ArrayList<>();
    for (TableContract.TableSpec spec : TableContract.get().tables()) {
      if (!lake.exists(spec.table())) {
        CrashPoint.reach(spec.table().qualifiedName() + ".before");
        String metadata = CommitMetadata.ofRun(runId);
        commit(spec.table(), metadata, () -> create(spec, metadata, true));
        conforming.add(spec.table());
        created.add(spec.table());
      } else if (!conforming.contains(spec.table())) {
        Optional<LakeLog.Declared> declared = lake.log().declared(spec.table());
        if (declared.isPresent() && declared.get().comments().keySet().stream()
            .allMatch(n -> spec.column(n).isPresent())) {
          // a derived table keeps its input fingerprint: its rows still answer to those inputs
          String metadata = lake.log().lastFingerprint(spec.table()).map(CommitMetadata::ofFingerprint)
              .orElse(CommitMetadata.ofRun(runId));
          upgrade(spec, declared.get(), metadata, true);
          conforming.add(spec.table());
        }
      }
    }
    return created;
  }

  /**
   * Makes {@code table} hold what the contract declares before a write: creates it (empty, one commit
   * carrying {@code userMetadata}) when it does not exist; on a table written by an earlier ictbench,
   * sets the description and the CHECK constraint, and with {@code comments} the column comments (a
   * write with overwriteSchema brings its own). Idempotent: a table that already conforms costs one read
   * of its Delta log, once per instance.
   */
  void ensureContract(Table table, String userMetadata, boolean comments) {
    if (!conforming.contains(table)) {
      conform(table, lake.log().declared(table), userMetadata, comments);
    }
  }

  /** {@link #ensureContract} for a table whose Delta log says {@code declared}. */
  private void conform(Table table, Optional<LakeLog.Declared> declared, String userMetadata, boolean comments) {
    TableContract.TableSpec spec = TableContract.get().spec(table);
    if (declared.isEmpty()) {
      // Without comments for a table rewritten with overwriteSchema: its first write then always changes
      // the schema (it brings the comments), so Delta commits it even with no rows, and the commit
      // carries the write's fingerprint (Delta skips a commit with nothing in it).
      timer.time("create " + table.qualifiedName(), () -> create(spec, userMetadata, comments));
    } else {
      upgrade(spec, declared.get(), userMetadata, comments);
    }
    conforming.add(table);
  }

  /** Creates the empty table from its contract, in a session of its own that stamps the commit's userMetadata. */
  private void create(TableContract.TableSpec spec, String userMetadata, boolean comments) {
    Table table = spec.table();
    clearUncommitted(table);
    io.delta.tables.DeltaTableBuilder b = DeltaTable.create(session(userMetadata)).location(lake.path(table))
        .addColumns(comments ? spec.schema() : TableContract.withoutComments(spec.schema()))
        .comment(spec.description());
    for (Map.Entry<String, String> p : contractProperties(spec).entrySet()) {
      b = b.property(p.getKey(), p.getValue());
    }
    try {
      b.execute();
    } catch (RuntimeException e) {
      if (!lake.exists(table)) {
        throw e;
      }
      // created meanwhile by another writer: brought up to the contract like any existing table
      upgrade(spec, lake.log().declared(table).orElseThrow(), userMetadata, true);
    }
  }

  /**
   * Removes what a run killed while creating or first writing {@code table} left in its folder: a
   * {@code _delta_log} without a commit, data files no commit adds. Nothing of it was ever part of the
   * table, and Delta refuses to create a table where the folder exists. A file Spark or Delta would not
   * have written there stops the run instead, naming it (exit 8), rather than being deleted.
   */
  private void clearUncommitted(Table table) {
    Path dir = new Path(lake.path(table));
    try {
      FileSystem fs = dir.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return;
      }
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
      int count = 0;
      while (files.hasNext()) {
        Path f = files.next().getPath();
        String relative = dir.toUri().relativize(f.toUri()).getPath();
        if (!isSparkOrDeltaFile(relative)) {
          throw Errors.foreignFileInTable(lake.path(table), f.toString());
        }
        count++;
      }
      LOG.warn("{} has no Delta commit: removing {} file(s) left by an interrupted run before creating it",
          lake.path(table), count);
      fs.delete(dir, true);
    } catch (IOException e) {
      throw Errors.lakeWriteFailed(lake.path(table), e);
    }
  }

  /** True for a path (relative to a table's folder) that a Spark or Delta write creates. */
  static boolean isSparkOrDeltaFile(String relative) {
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    return relative.startsWith("_delta_log/") || relative.startsWith("_temporary/") || name.startsWith("part-")
        || name.endsWith(".crc") || name.equals("_SUCCESS") || name.startsWith("_started_")
        || name.startsWith("_committed_") || name.startsWith("deletion_vector_")
        || name.startsWith(".") && name.endsWith(".tmp");
  }

  /**
   * Brings an existing table's columns, description, CHECK constraint and (optionally) comments up to the
   * contract. A table rewritten whole ({@code comments} false: the write that follows brings its own
   * schema) whose columns differ from the contract's is replaced, empty, by the contract's table first:
   * a renamed column cannot otherwise lose the old name's constraint and take the new one's before the
   * rewrite (and Delta's column mapping, which renames in place, needs a reader protocol other readers
   * lack). A table written in parts gains the contract's missing columns, null in its existing rows.
   */
  private void upgrade(TableContract.TableSpec spec, LakeLog.Declared declared, String userMetadata, boolean comments) {
    String path = "delta.`" + lake.path(spec.table()).replace("`", "``") + "`";
    List<TableContract.ColumnSpec> missing = spec.columns().stream()
        .filter(c -> !declared.comments().containsKey(c.name())).toList();
    boolean retired = declared.comments().keySet().stream().anyMatch(n -> spec.column(n).isEmpty());
    if (!comments && (retired || !missing.isEmpty())) {
      timer.time("replace " + spec.table().qualifiedName(), () -> {
        replace(spec, userMetadata);
        return null;
      });
      return;
    }
    List<String> statements = new ArrayList<>();
    if (!missing.isEmpty()) {
      statements.add("ALTER TABLE " + path + " ADD COLUMNS (" + missing.stream()
          .map(c -> "`" + c.name() + "` " + c.type().sql() + " COMMENT " + literal(c.comment()))
          .collect(Collectors.joining(", ")) + ")");
    }
    if (!spec.description().equals(declared.description())) {
      statements.add("COMMENT ON TABLE " + path + " IS " + literal(spec.description()));
    }
    Optional<String> check = spec.checkExpression();
    String current = declared.properties().get(TableContract.CONSTRAINT_PROPERTY);
    if (!sameExpression(check.orElse(null), current)) {
      if (current != null) {
        statements.add("ALTER TABLE " + path + " DROP CONSTRAINT IF EXISTS " + TableContract.CONSTRAINT);
      }
      check.ifPresent(c -> statements.add("ALTER TABLE " + path + " ADD CONSTRAINT " + TableContract.CONSTRAINT
          + " CHECK (" + c + ")"));
    }
    if (comments) {
      for (TableContract.ColumnSpec c : spec.columns()) {
        if (declared.comments().containsKey(c.name()) && !c.comment().equals(declared.comments().get(c.name()))) {
          statements.add("ALTER TABLE " + path + " ALTER COLUMN `" + c.name() + "` COMMENT " + literal(c.comment()));
        }
      }
    }
    if (statements.isEmpty()) {
      return;
    }
    org.apache.spark.sql.SparkSession s = session(userMetadata);
    timer.time("contract " + spec.table().qualifiedName(), () -> {
      for (String sql : statements) {
        try {
          s.sql(sql);
        } catch (RuntimeException e) {
          // rows an earlier ictbench wrote break the contract: keep the table as it is, say so
          LOG.warn("Cannot bring {} up to the table contract ({}): {}", spec.table().qualifiedName(), sql,
              e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""));
        }
      }
      return null;
    }, x -> statements.size() + " change(s)");
  }

  /** Replaces the table by the empty contract table (one commit; its history stays). */
  private void replace(TableContract.TableSpec spec, String userMetadata) {
    Table table = spec.table();
    io.delta.tables.DeltaTableBuilder b = DeltaTable.replace(session(userMetadata)).location(lake.path(table))
        .addColumns(TableContract.withoutComments(spec.schema())).comment(spec.description());
    for (Map.Entry<String, String> p : contractProperties(spec).entrySet()) {
      b = b.property(p.getKey(), p.getValue());
    }
    b.execute();
  }

  /** The table properties a table gets on creation: its statistics columns and its CHECK constraint, where it has them. */
  private static Map<String, String> contractProperties(TableContract.TableSpec spec) {
    Map<String, String> properties = new java.util.LinkedHashMap<>();
    if (!spec.table().statsColumns().isEmpty()) {
      properties.put(STATS_COLUMNS_PROPERTY, String.join(",", spec.table().statsColumns()));
    }
    spec.checkExpression().ifPresent(c -> properties.put(TableContract.CONSTRAINT_PROPERTY, c));
    return properties;
  }

  /**
   * A session of the lake's Spark context whose commits carry {@code userMetadata} (Delta's table
   * builder and SQL commands take it from the session, not from an option); its own SQL settings, so
   * concurrent writes on other sessions keep theirs, starting from the lake session's (the run's
   * execution profile: a CREATE TABLE AS SELECT runs its query in this session).
   */
  private org.apache.spark.sql.SparkSession session(String userMetadata) {
    org.apache.spark.sql.RuntimeConfig parent = lake.spark().conf();
    org.apache.spark.sql.SparkSession s = lake.spark().newSession();
    scala.jdk.javaapi.CollectionConverters.asJava(parent.getAll()).forEach((k, v) -> {
      if (parent.isModifiable(k)) {
        s.conf().set(k, v);
      }
    });
    s.conf().set("spark.databricks.delta.commitInfo.userMetadata", userMetadata);
    return s;
  }

  /**
   * Whether two CHECK expressions say the same: Delta keeps the text of a constraint given as a table
   * property as it is, and that of one added by ALTER TABLE as it reformats it, so they are compared parsed.
   */
  static boolean sameExpression(String a, String b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    if (a.equals(b)) {
      return true;
    }
    try {
      org.apache.spark.sql.catalyst.parser.ParserInterface parser =
          org.apache.spark.sql.catalyst.parser.CatalystSqlParser$.MODULE$;
      return parser.parseExpression(a).equals(parser.parseExpression(b));
    } catch (Exception e) { // ParseException: not an expression, so not the same
      return false;
    }
  }

  /** A Spark SQL string literal. */
  private static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** The input fingerprint of the table's newest commit, or null when the table does not exist yet. */
  public String lastFingerprint(Table table) {
    // Read with Delta Kernel: DeltaTable.history would cost a Spark job per table.
    return lake.log().lastFingerprint(table).orElse(null);
  }

  /** Number of commits (versions) a table has; 0 when it does not exist. For tests and reports. */
  public long versionCount(Table table) {
    if (!lake.exists(table)) {
      return 0;
    }
    return DeltaTable.forPath(lake.spark(), lake.path(table)).history().count();
  }
}
