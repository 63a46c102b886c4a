package org.ictbench.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ictbench.core.ResourceTable;
import org.ictbench.core.Table;
import org.ictbench.core.TableContract;
import org.ictbench.curate.VintageGate;
import org.ictbench.gold.IdiGold;
import org.ictbench.gold.IdiMethodology;

/**
 * The gold IDI tables ({@link IdiGold}): scores, ranks, change decomposition, imputation and nowcast
 * evaluation, from the accepted observations, silver.observation_latest and the IDI annex's
 * classification. gold.idi_score is its last table: its fingerprint marks the set as complete.
 */
final class IdiStage implements Stage<Dataset<Row>> {
  /** The tables in write order; the last one marks the set as complete. */
  static final List<Table> TABLES = List.of(Table.IDI_INDICATOR_SCORE, Table.IDI_CHANGE_DECOMPOSITION, Table.IDI_RANK,
      Table.IDI_IMPUTATION_HOLDOUT, Table.IDI_IMPUTATION_EVAL, Table.IDI_IMPUTATION_MODEL, Table.IDI_NOWCAST_BACKTEST,
      Table.IDI_NOWCAST_BACKTEST_ECONOMY, Table.IDI_INTERVAL_CALIBRATION, Table.IDI_SCORE);

  private final IdiMethodology methodology;

  IdiStage(IdiMethodology methodology) {
    this.methodology = methodology;
  }

  @Override
  public String name() {
    return "idi";
  }

  @Override
  public List<Table> reads() {
    return List.of(Table.OBSERVATION, Table.OBSERVATION_LATEST, Table.ECONOMY_CLASSIFICATION);
  }

  @Override
  public List<Table> writes() {
    return TABLES;
  }

  @Override
  public int logicVersion() {
    return IdiGold.LOGIC_VERSION;
  }

  @Override
  public Map<Table, Dataset<Row>> transform(Inputs<Dataset<Row>> in) {
    return prepare(in).tables().get();
  }

  /**
   * The inputs collected to the driver (the stage's only Spark queries), with their digest covering
   * the logic version, the methodology and the tables' columns: a new vintage that changes none of
   * the values the IDI reads leaves the tables as they are without computing them.
   */
  @Override
  public Prepared<Dataset<Row>> prepare(Inputs<Dataset<Row>> in) {
    IdiGold gold = new IdiGold(methodology);
    Dataset<Row> observations = VintageGate.accepted(in.read(Table.OBSERVATION));
    IdiGold.Inputs inputs = gold.collect(observations, in.read(Table.OBSERVATION_LATEST),
        in.read(Table.ECONOMY_CLASSIFICATION));
    String digest = ResourceTable.sha256((inputs.digest() + ";idi=v" + IdiGold.LOGIC_VERSION + ";methodology="
        + methodology.fingerprint() + ";columns=" + TableContract.get().columnsHash(TABLES))
        .getBytes(StandardCharsets.UTF_8));
    return new Prepared<>(Optional.of(digest), () -> gold.tables(observations.sparkSession(), inputs));
  }
}
