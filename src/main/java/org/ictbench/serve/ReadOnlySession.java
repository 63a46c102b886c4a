package org.ictbench.serve;

import java.util.Set;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.CreateViewCommand;
import org.apache.spark.sql.catalyst.analysis.PersistedView$;
import org.ictbench.core.Errors;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * A session extension ({@code spark.sql.extensions}) for the sessions that run other people's SQL:
 * {@code jobs/sql.sh} and the query server. It refuses, before anything runs, every command that is
 * not on a short list of read-only ones (queries, SHOW, DESCRIBE, EXPLAIN, SET, USE, temporary views,
 * CACHE), and every streaming write. So an INSERT, a CREATE TABLE AS SELECT, a DataFrame {@code save},
 * Delta's OPTIMIZE, VACUUM or RESTORE, ADD JAR or a persistent view is refused whatever catalog or path
 * it names: the server never writes files or changes a metastore. New commands of later Spark or
 * Delta releases are refused until they are listed here.
 */
public final class ReadOnlySession extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
  /** Commands (by class name) that only read: catalog listings, descriptions, settings, caches. */
  static final Set<String> READ_ONLY_COMMANDS = Set.of(
      // Spark's logical commands (v2 catalogs)
      "ShowTables", "ShowTablesExtended", "ShowViews", "ShowNamespaces", "ShowColumns", "ShowCreateTable",
      "ShowFunctions", "ShowPartitions", "ShowTableProperties", "ShowTablePartition", "ShowCatalogs",
      "ShowCurrentNamespace", "DescribeRelation", "DescribeColumn", "DescribeNamespace", "DescribeFunction",
      "DescribeTablePartition", "SetCatalogAndNamespace", "CacheTable", "CacheTableAsSelect", "UncacheTable",
      "RefreshTable",
      // Spark's execution commands
      "SetCommand", "ResetCommand", "ExplainCommand", "ShowTablesCommand", "ShowColumnsCommand",
      "DescribeTableCommand", "DescribeColumnCommand", "DescribeQueryCommand", "ShowCreateTableCommand",
      "ShowTablePropertiesCommand", "ShowFunctionsCommand", "DescribeFunctionCommand", "DescribeDatabaseCommand",
      "ShowViewsCommand", "ShowCurrentNamespaceCommand", "ShowCatalogsCommand", "SetNamespaceCommand",
      "SetCatalogCommand", "CacheTableCommand", "UncacheTableCommand", "ClearCacheCommand", "RefreshTableCommand",
      "ShowNamespacesCommand", "ListJarsCommand", "ListFilesCommand",
      // Delta's read-only commands
      "DescribeDeltaHistory", "DescribeDeltaHistoryCommand", "DescribeDeltaDetailCommand",
      "ShowDeltaTableColumnsCommand");

  /** Delta's write statements as plain plan nodes (before its analysis turns them into commands). */
  static final Set<String> WRITES_BEFORE_RESOLUTION = Set.of("RestoreTableStatement", "CloneTableStatement",
      "DeltaDelete", "DeltaUpdateTable", "DeltaMergeInto");

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectCheckRule(session -> plan -> {
      check(plan);
      return BoxedUnit.UNIT;
    });
    return BoxedUnit.UNIT;
  }

  /** Throws {@link Errors#readOnlySession} when {@code plan} holds a command that could change anything. */
  static void check(LogicalPlan plan) {
    plan.foreach(node -> {
      String refused = refused(node);
      if (refused != null) {
        throw Errors.readOnlySession(refused);
      }
      return BoxedUnit.UNIT;
    });
  }

  /** The name of what {@code node} would do when it is refused, else null. */
  static String refused(LogicalPlan node) {
    String name = node.getClass().getSimpleName();
    if (name.startsWith("WriteToStream") || name.startsWith("WriteToMicroBatch")) {
      return "a streaming write (" + name + ")";
    }
    if (WRITES_BEFORE_RESOLUTION.contains(name)) {
      return name;
    }
    if (!(node instanceof Command)) {
      return null;
    }
    if (node instanceof CreateViewCommand v) {
      return v.viewType() == PersistedView$.MODULE$ ? "CREATE VIEW (a persistent view; use CREATE TEMPORARY VIEW)"
          : null;
    }
    return READ_ONLY_COMMANDS.contains(name) ? null : name;
  }
}
