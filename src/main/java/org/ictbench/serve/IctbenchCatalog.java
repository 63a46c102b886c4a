package org.ictbench.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.NamespaceChange;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.catalog.TableInfo;
import org.apache.spark.sql.connector.catalog.TableWritePrivilege;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.delta.catalog.DeltaTableV2;
import org.apache.spark.sql.delta.catalog.DeltaTableV2$;
import org.apache.spark.sql.delta.sources.DeltaDataSource;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.ictbench.core.Errors;
import scala.Option;

/**
 * ictbench's own read-only Spark catalog over one curated root: namespace {@code gold} is the folder
 * {@code <root>/gold}, table {@code gold.idi_score} the Delta table in {@code <root>/gold/idi_score}.
 * Configured as {@code spark.sql.catalog.ictbench} with option {@code root}; {@link #sessionConf}
 * gives the settings that also make it a session's default catalog, so unqualified
 * {@code layer.table} names resolve here and never reach the session catalog (or a shared metastore
 * behind it).
 *
 * <p>The tables themselves are Delta's {@link DeltaTableV2}, built anew on every lookup, so each query
 * plans against the table's newest version (a long-running server sees later pipeline runs) and
 * time travel ({@code VERSION AS OF}, {@code TIMESTAMP AS OF}) works as with Delta's own catalog.
 * Tables are listed from the folders, so a table a newer pipeline adds appears without a restart.
 * Every change is refused: creating, altering, dropping or renaming tables and namespaces, and
 * loading a table for INSERT, UPDATE, DELETE or MERGE. Only jobs/pipeline.sh writes the lake.
 */
public final class IctbenchCatalog implements TableCatalog, SupportsNamespaces {
  /** The catalog's name in Spark SQL. */
  public static final String NAME = "ictbench";
  /** The catalog option naming the curated root (a local path or Hadoop URI). */
  public static final String ROOT_OPTION = "root";
  /** The layers, in the order data flows through them (the namespaces the catalog can list). */
  static final List<String> LAYERS = layers();

  private String name = NAME;
  private Path root;

  /**
   * The session settings that register the catalog over {@code curatedUri} and make it the default
   * catalog (so {@code SELECT * FROM gold.idi_score} resolves here).
   */
  public static Map<String, String> sessionConf(String curatedUri) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.catalog." + NAME, IctbenchCatalog.class.getName());
    conf.put("spark.sql.catalog." + NAME + "." + ROOT_OPTION, curatedUri);
    conf.put("spark.sql.defaultCatalog", NAME);
    return conf;
  }

  /**
   * A session of {@code spark}'s application (its own SQL settings and catalogs, the same SparkContext
   * and caches) whose default catalog is this catalog over {@code curatedUri}. The caller's session
   * and its catalog are left unchanged.
   */
  public static SparkSession session(SparkSession spark, String curatedUri) {
    SparkSession s = spark.newSession();
    sessionConf(curatedUri).forEach((k, v) -> s.conf().set(k, v));
    return s;
  }

  @Override
  public void initialize(String name, CaseInsensitiveStringMap options) {
    this.name = name;
    String uri = options.get(ROOT_OPTION);
    if (uri == null || uri.isBlank()) {
      throw Errors.badOption("spark.sql.catalog." + name + "." + ROOT_OPTION, String.valueOf(uri),
          "the curated root (a local path or file:/hdfs:/s3a: URI)");
    }
    Path p = new Path(uri);
    try {
      root = p.getFileSystem(hadoopConf()).makeQualified(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve file system for " + uri, e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** The curated root this catalog serves, fully qualified. */
  public String root() {
    return root.toString();
  }

  @Override
  public String[] defaultNamespace() {
    return new String[] {"gold"};
  }

  // ---- namespaces: the layer folders ----

  @Override
  public String[][] listNamespaces() {
    List<String[]> found = new ArrayList<>();
    for (String layer : LAYERS) {
      if (isDirectory(new Path(root, layer))) {
        found.add(new String[] {layer});
      }
    }
    return found.toArray(new String[0][]);
  }

  @Override
  public String[][] listNamespaces(String[] namespace) throws NoSuchNamespaceException {
    if (namespace.length == 0) {
      return listNamespaces();
    }
    if (!namespaceExists(namespace)) {
      throw new NoSuchNamespaceException(namespace);
    }
    return new String[0][];
  }

  @Override
  public boolean namespaceExists(String[] namespace) {
    return layer(namespace) != null && isDirectory(new Path(root, layer(namespace)));
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(String[] namespace) throws NoSuchNamespaceException {
    if (!namespaceExists(namespace)) {
      throw new NoSuchNamespaceException(namespace);
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SupportsNamespaces.PROP_LOCATION, new Path(root, layer(namespace)).toString());
    m.put(SupportsNamespaces.PROP_COMMENT, "ictbench " + layer(namespace) + " tables (read-only)");
    return m;
  }

  @Override
  public void createNamespace(String[] namespace, Map<String, String> metadata) {
    throw Errors.readOnlyCatalog("CREATE NAMESPACE " + String.join(".", namespace), root());
  }

  @Override
  public void alterNamespace(String[] namespace, NamespaceChange... changes) {
    throw Errors.readOnlyCatalog("ALTER NAMESPACE " + String.join(".", namespace), root());
  }

  @Override
  public boolean dropNamespace(String[] namespace, boolean cascade) {
    throw Errors.readOnlyCatalog("DROP NAMESPACE " + String.join(".", namespace), root());
  }

  // ---- tables: Delta folders inside a layer ----

  @Override
  public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
    if (!namespaceExists(namespace)) {
      throw new NoSuchNamespaceException(namespace);
    }
    String layer = layer(namespace);
    Set<String> names = new LinkedHashSet<>();
    try {
      FileSystem fs = root.getFileSystem(hadoopConf());
      FileStatus[] children = fs.listStatus(new Path(root, layer));
      Arrays.sort(children, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      for (FileStatus child : children) {
        if (child.isDirectory() && fs.exists(new Path(child.getPath(), "_delta_log"))) {
          names.add(child.getPath().getName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + new Path(root, layer), e);
    }
    return names.stream().map(n -> Identifier.of(new String[] {layer}, n)).toArray(Identifier[]::new);
  }

  @Override
  public boolean tableExists(Identifier ident) {
    Path p = tablePath(ident);
    return p != null && exists(new Path(p, "_delta_log"));
  }

  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    if (!tableExists(ident)) {
      throw new NoSuchTableException(ident);
    }
    SparkSession spark = SparkSession.active();
    return DeltaTableV2$.MODULE$.apply(spark, tablePath(ident), Option.empty(), Option.empty(),
        scala.collection.immutable.Map$.MODULE$.<String, String>empty(), Option.empty());
  }

  /** A table loaded to be written (INSERT, UPDATE, DELETE, MERGE): always refused. */
  @Override
  public Table loadTable(Identifier ident, Set<TableWritePrivilege> writePrivileges) throws NoSuchTableException {
    if (writePrivileges == null || writePrivileges.isEmpty()) {
      return loadTable(ident);
    }
    List<String> verbs = writePrivileges.stream().map(p -> p.name()).sorted().toList();
    throw Errors.readOnlyCatalog(String.join("/", verbs) + " on " + quoted(ident), root());
  }

  /** {@code VERSION AS OF}: Delta's time travel by version. */
  @Override
  public Table loadTable(Identifier ident, String version) throws NoSuchTableException {
    return timeTravel(ident, DeltaDataSource.TIME_TRAVEL_VERSION_KEY(), version);
  }

  /** {@code TIMESTAMP AS OF} (microseconds since the epoch): Delta's time travel by timestamp. */
  @Override
  public Table loadTable(Identifier ident, long timestampMicros) throws NoSuchTableException {
    return timeTravel(ident, DeltaDataSource.TIME_TRAVEL_TIMESTAMP_KEY(),
        new java.sql.Timestamp(timestampMicros / 1000).toString());
  }

  private Table timeTravel(Identifier ident, String key, String value) throws NoSuchTableException {
    DeltaTableV2 table = (DeltaTableV2) loadTable(ident);
    java.util.Map<String, String> options = new LinkedHashMap<>();
    options.put(DeltaDataSource.TIME_TRAVEL_SOURCE_KEY(), "SQL");
    options.put(key, value);
    return table.withOptions(scala.collection.immutable.Map$.MODULE$.from(
        scala.jdk.javaapi.CollectionConverters.asScala(options)));
  }

  @Override
  public void invalidateTable(Identifier ident) {
    // Nothing cached: every lookup builds the table from its folder.
  }

  @Override
  public Table createTable(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
    throw Errors.readOnlyCatalog("CREATE TABLE " + quoted(ident), root());
  }

  @Override
  public Table createTable(Identifier ident, org.apache.spark.sql.connector.catalog.Column[] columns,
      Transform[] partitions, Map<String, String> properties) {
    throw Errors.readOnlyCatalog("CREATE TABLE " + quoted(ident), root());
  }

  @Override
  public Table createTable(Identifier ident, TableInfo info) {
    throw Errors.readOnlyCatalog("CREATE TABLE " + quoted(ident), root());
  }

  @Override
  public Table alterTable(Identifier ident, TableChange... changes) {
    throw Errors.readOnlyCatalog("ALTER TABLE " + quoted(ident), root());
  }

  @Override
  public boolean dropTable(Identifier ident) {
    throw Errors.readOnlyCatalog("DROP TABLE " + quoted(ident), root());
  }

  @Override
  public boolean purgeTable(Identifier ident) {
    throw Errors.readOnlyCatalog("DROP TABLE " + quoted(ident) + " PURGE", root());
  }

  @Override
  public void renameTable(Identifier oldIdent, Identifier newIdent) {
    throw Errors.readOnlyCatalog("ALTER TABLE " + quoted(oldIdent) + " RENAME", root());
  }

  // ---- helpers ----

  private static List<String> layers() {
    Set<String> seen = new LinkedHashSet<>();
    for (String l : List.of("bronze", "silver", "gold")) {
      seen.add(l);
    }
    for (org.ictbench.core.Table t : org.ictbench.core.Table.values()) {
      seen.add(t.layer());
    }
    return List.copyOf(seen);
  }

  /** The layer a one-part namespace names, lower-cased, or null when it names none. */
  private static String layer(String[] namespace) {
    if (namespace == null || namespace.length != 1) {
      return null;
    }
    String l = namespace[0].toLowerCase(Locale.ROOT);
    return LAYERS.contains(l) ? l : null;
  }

  /** The folder of {@code layer.table}, or null when the identifier cannot name a curated table. */
  private Path tablePath(Identifier ident) {
    String layer = layer(ident.namespace());
    String table = ident.name().toLowerCase(Locale.ROOT);
    if (layer == null || table.isEmpty() || !table.matches("[a-z0-9_]+")) {
      return null;
    }
    return new Path(new Path(root, layer), table);
  }

  private static String quoted(Identifier ident) {
    List<String> parts = new ArrayList<>(Arrays.asList(ident.namespace()));
    parts.add(ident.name());
    return String.join(".", parts);
  }

  private Configuration hadoopConf() {
    return SparkSession.active().sparkContext().hadoopConfiguration();
  }

  private boolean isDirectory(Path p) {
    try {
      FileSystem fs = p.getFileSystem(hadoopConf());
      return fs.exists(p) && fs.getFileStatus(p).isDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + p, e);
    }
  }

  private boolean exists(Path p) {
    try {
      return p.getFileSystem(hadoopConf()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + p, e);
    }
  }
}
