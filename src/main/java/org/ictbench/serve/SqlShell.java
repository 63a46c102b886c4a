package org.ictbench.serve;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Errors;
import org.ictbench.core.IctbenchException;

/**
 * Spark SQL over the curated tables by name ({@code SELECT * FROM gold.idi_score}): runs statements
 * in a session of its own whose default catalog is the read-only {@link IctbenchCatalog} over the
 * curated root, and prints results as an aligned table, CSV or JSON Lines. The caller's session and
 * its catalog (and any metastore behind it) are left untouched.
 */
public final class SqlShell {
  /** Output formats of {@link #run}. */
  public enum Format { TABLE, CSV, JSON }

  /** Rows a table-format result shows by default. */
  public static final int DEFAULT_LIMIT = 1000;

  private final SparkSession spark;

  public SqlShell(SparkSession spark, String curatedUri) {
    this.spark = IctbenchCatalog.session(spark, curatedUri);
  }

  /** The session the statements run in (ictbench catalog as default). */
  public SparkSession session() {
    return spark;
  }

  /** Every curated table that exists, as {@code layer.table}, layer by layer. */
  public List<String> tables() {
    List<String> names = new ArrayList<>();
    for (Row ns : query("SHOW NAMESPACES").collectAsList()) {
      for (Row t : query("SHOW TABLES IN " + ns.getString(0)).collectAsList()) {
        names.add(t.getString(0) + "." + t.getString(1));
      }
    }
    return names;
  }

  public Dataset<Row> query(String sql) {
    try {
      return spark.sql(sql);
    } catch (IctbenchException e) {
      throw e;
    } catch (Exception e) { // Spark's AnalysisException is a checked exception to Java
      throw Errors.queryFailed(sql, e);
    }
  }

  /** Prints a prepared Dataset the way {@link #run} prints a query result (for commands built on tables). */
  public static void print(Dataset<Row> df, Format format, int limit, PrintStream out) {
    ResultPrinter.print(df, format, limit, out);
  }

  public void run(String sql, Format format, int limit, PrintStream out) {
    Dataset<Row> df = query(sql);
    try {
      ResultPrinter.print(df, format, limit, out);
    } catch (IctbenchException e) {
      throw e;
    } catch (Exception e) { // Spark's AnalysisException is a checked exception to Java
      throw Errors.queryFailed(sql, e);
    }
  }
}
