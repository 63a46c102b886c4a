package org.ictbench.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The reference tables a run reads: the built-in CSVs under {@code src/main/resources/ictbench/}, each of
 * which a folder ({@code pipeline --reference DIR}, a local path or a URI) can replace or extend without
 * a rebuild. A file in the folder names the table it changes by its path, the built-in one's:
 * <ul>
 *   <li>{@code <table>.csv} (e.g. {@code catalog/indicator.csv}) replaces the built-in table;</li>
 *   <li>{@code <table>.extra.csv} (e.g. {@code reference/country_alias.extra.csv}) adds its rows to the
 *       table (to the replacement, when the folder has both); it must have the table's columns.</li>
 * </ul>
 * The tables are then checked by the same rules as the built-in ones (where a row breaks one, the error
 * names its file and line). Any other {@code .csv} file in the folder is an error (a misspelt name would
 * otherwise be ignored); other files (a README) are ignored, as are names starting with '.' or '_'.
 * The tables' checksums cover the folder's files, so changing one changes the fingerprints of the tables
 * derived from it.
 */
public final class ReferenceData {
  /** The tables a folder may replace or extend, by path under {@code ictbench/}. */
  public static final List<String> TABLES = List.of(
      "reference/country.csv", "reference/country_alias.csv", "reference/aggregate_entity.csv",
      "catalog/indicator.csv", "catalog/indicator_code.csv", "catalog/source.csv",
      "groups/group.csv", "groups/membership.csv", "groups/income_group_code.csv",
      "idi/goalposts.csv", "idi/editions.csv", "idi/imputation.csv", "idi/imputation_levels.csv",
      "idi/imputation_models.csv");
  /** The suffix of a file that adds rows to a table. */
  public static final String EXTRA = ".extra.csv";

  private static final ReferenceData BUILT_IN = new ReferenceData(null, null, Map.of(), Map.of());

  private final Configuration hadoop;
  private final String folder;
  private final Map<String, String> replaced;
  private final Map<String, String> extended;
  private final Map<String, ResourceTable> cache = Collections.synchronizedMap(new LinkedHashMap<>());

  private ReferenceData(Configuration hadoop, String folder, Map<String, String> replaced,
      Map<String, String> extended) {
    this.hadoop = hadoop;
    this.folder = folder;
    this.replaced = replaced;
    this.extended = extended;
  }

  /** The built-in tables only. */
  public static ReferenceData builtIn() {
    return BUILT_IN;
  }

  /**
   * The built-in tables with the changes of the folder {@code uri} (none when it is null or blank). The
   * folder's files are listed now and read, and checked, when a table is first asked for.
   */
  public static ReferenceData load(Configuration hadoop, String uri) {
    if (uri == null || uri.isBlank()) {
      return BUILT_IN;
    }
    Map<String, String> replaced = new TreeMap<>();
    Map<String, String> extended = new TreeMap<>();
    try {
      Path root = new Path(uri);
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
        throw Errors.inputNotFound("Reference folder (--reference)", uri);
      }
      root = fs.makeQualified(root);
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        Path p = it.next().getPath();
        String rel = relative(root, p);
        if (rel == null || !rel.endsWith(".csv")) {
          continue;
        }
        if (TABLES.contains(rel)) {
          replaced.put(rel, p.toString());
        } else if (rel.endsWith(EXTRA) && TABLES.contains(rel.substring(0, rel.length() - EXTRA.length()) + ".csv")) {
          extended.put(rel.substring(0, rel.length() - EXTRA.length()) + ".csv", p.toString());
        } else {
          throw Errors.unknownReferenceFile(p.toString(), rel, TABLES, EXTRA);
        }
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(uri, "reference folder", e.toString(), e);
    }
    return new ReferenceData(hadoop, uri, replaced, extended);
  }

  /** The path of {@code file} under {@code root}, or null when a part of it starts with '.' or '_'. */
  private static String relative(Path root, Path file) {
    List<String> parts = new ArrayList<>();
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      if (p.getName().startsWith(".") || p.getName().startsWith("_")) {
        return null;
      }
      parts.add(0, p.getName());
    }
    return String.join("/", parts);
  }

  /** The table {@code name} (a path under {@code ictbench/}, e.g. {@code catalog/indicator.csv}) as this run reads it. */
  public ResourceTable table(String name) {
    return cache.computeIfAbsent(name, this::read);
  }

  private ResourceTable read(String name) {
    if (!TABLES.contains(name) && (replaced.containsKey(name) || extended.containsKey(name))) {
      throw new IllegalStateException(name + " is not a table a folder may change");
    }
    ResourceTable t = replaced.containsKey(name) ? readFile(replaced.get(name)) : ResourceTable.load(name);
    return extended.containsKey(name) ? t.extendedWith(readFile(extended.get(name))) : t;
  }

  private ResourceTable readFile(String uri) {
    try {
      Path p = new Path(uri);
      try (InputStream in = p.getFileSystem(hadoop).open(p)) {
        byte[] bytes = in.readAllBytes();
        return ResourceTable.parse(uri, Utf8Text.decode(bytes), ResourceTable.sha256(bytes));
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(uri, "reference CSV", e.toString(), e);
    }
  }

  /** The folder, or null for the built-in tables only. */
  public String folder() {
    return folder;
  }

  /** For the log: "built-in" or which tables the folder replaces and extends. */
  public String describe() {
    if (folder == null) {
      return "built-in reference tables";
    }
    return "reference tables from " + folder + ": replaced " + (replaced.isEmpty() ? "none" : replaced.keySet())
        + ", extended " + (extended.isEmpty() ? "none" : extended.keySet());
  }
}
