package org.ictbench.pipeline;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ictbench.core.Table;
import org.ictbench.curate.Catalog;
import org.ictbench.curate.Curation;
import org.ictbench.curate.VintageGate;

/**
 * silver.observation_latest: the newest value per economy, indicator and year from silver.observation
 * ({@link Curation#latest}). Held vintages ({@link VintageGate}) stay out of it, and out of gold, until
 * accepted.
 */
final class ObservationLatestStage implements Stage<Dataset<Row>> {
  private final Catalog catalog;

  ObservationLatestStage(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String name() {
    return "observation_latest";
  }

  @Override
  public List<Table> reads() {
    return List.of(Table.OBSERVATION);
  }

  @Override
  public List<Table> writes() {
    return List.of(Table.OBSERVATION_LATEST);
  }

  @Override
  public int logicVersion() {
    return Curation.LATEST_LOGIC_VERSION;
  }

  @Override
  public Map<Table, Dataset<Row>> transform(Inputs<Dataset<Row>> in) {
    Dataset<Row> observations = in.read(Table.OBSERVATION);
    return Map.of(Table.OBSERVATION_LATEST, Curation.latest(VintageGate.accepted(observations),
        catalog.sourceTable(observations.sparkSession())));
  }
}
