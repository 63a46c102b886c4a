package org.ictbench.pipeline;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.CommitMetadata;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.DriverRowsFrame;
import org.ictbench.core.ExecutionProfile;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;

/**
 * The lake as {@link StageRunner} uses it in a run: Delta tables read through the run's session, or
 * for a stage sized by economies through a session with that stage's execution profile, and written
 * by {@link DeltaWrites} (one commit per table, carrying its input fingerprint).
 */
final class DeltaStageLake implements StageRunner.Lake<Dataset<Row>> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeltaStageLake.class);

  private final Lakehouse lake;
  private final DeltaWrites writes;
  private final StageRunner.Options options;
  private Lakehouse goldLake;

  DeltaStageLake(Lakehouse lake, DeltaWrites writes, StageRunner.Options options) {
    this.lake = lake;
    this.writes = writes;
    this.options = options;
  }

  @Override
  public boolean exists(Table table) {
    return lake.exists(table);
  }

  @Override
  public Optional<CommitMetadata.Derived> lastCommit(Table table) {
    return writes.lastDerived(table);
  }

  @Override
  public Optional<String> rowsDigest(Dataset<Row> rows, Table table) {
    return writes.rowsDigest(rows, table);
  }

  @Override
  public void overwrite(Dataset<Row> rows, Table table, CommitMetadata.Derived commit) {
    writes.overwriteIfChanged(rows, table, commit);
  }

  @Override
  public void recordFingerprint(Table table, CommitMetadata.Derived commit) {
    writes.recordFingerprint(table, commit);
  }

  @Override
  public boolean handsOff(Dataset<Row> rows) {
    return DriverRowsFrame.isDriverRows(rows);
  }

  @Override
  public Stage.Inputs<Dataset<Row>> inputs(Stage<Dataset<Row>> stage) {
    Lakehouse from = stage.reads().contains(Table.OBSERVATION_LATEST) ? goldLake() : lake;
    return new Stage.Inputs<>() {
      @Override
      public Dataset<Row> read(Table table) {
        return from.read(table);
      }

      @Override
      public boolean exists(Table table) {
        return from.exists(table);
      }
    };
  }

  /**
   * The gold tables are sized by economies, not by the raw input: their profile follows the size of
   * silver.observation_latest (read once it is written). Another profile than the run's gets its own
   * session (same Spark context, cache and tables; its own SQL settings), since the lake identity
   * check runs meanwhile.
   */
  private synchronized Lakehouse goldLake() {
    if (goldLake == null) {
      long latestBytes = lake.log().dataBytes(Table.OBSERVATION_LATEST);
      ExecutionProfile gold = options.execution().resolveGold(latestBytes);
      LOG.info("gold tables: execution profile {} ({} MB in silver.observation_latest)", gold,
          UpToDateCheck.megabytes(latestBytes));
      goldLake = lakeFor(lake, options.run(), gold, options.shufflePartitions());
    }
    return goldLake;
  }

  /**
   * The lake a stage with profile {@code target} reads through: {@code lake} itself when the run has
   * that profile, else the same root on a new session of the same Spark context (shared cache and
   * Delta log cache, its own SQL settings) with {@code target}'s settings. The new session is never
   * stopped: stopping it would stop the shared context.
   */
  static Lakehouse lakeFor(Lakehouse lake, ExecutionProfile run, ExecutionProfile target, int shufflePartitions) {
    if (target == run) {
      return lake;
    }
    SparkSession session = lake.spark().newSession();
    target.apply(session, shufflePartitions);
    return new Lakehouse(session, lake.root());
  }
}
