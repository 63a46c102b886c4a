package org.ictbench.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.Table;
import org.ictbench.curate.Catalog;
import org.ictbench.curate.Curation;
import org.ictbench.gold.IdiMethodology;

/**
 * The reference tables: the run's reference data as tables (countries, the indicator catalog, the
 * reason codes, the IDI goalposts). They read nothing the run writes, and each carries the
 * fingerprint of its own source, so each is rewritten on its own when that changes.
 */
final class ReferenceStage implements Stage<Dataset<Row>> {
  /** Copies of reference data: their fingerprint is their source's content, so no logic version is part of it. */
  static final int LOGIC_VERSION = 0;

  private final SparkSession spark;
  private final ReferenceData reference;
  private final Catalog catalog;
  private final IdiMethodology methodology;

  ReferenceStage(SparkSession spark, ReferenceData reference, Catalog catalog, IdiMethodology methodology) {
    this.spark = spark;
    this.reference = reference;
    this.catalog = catalog;
    this.methodology = methodology;
  }

  @Override
  public String name() {
    return "reference";
  }

  @Override
  public List<Table> reads() {
    return List.of();
  }

  @Override
  public List<Table> writes() {
    return TableFingerprints.REFERENCE;
  }

  @Override
  public boolean independentWrites() {
    return true;
  }

  @Override
  public int logicVersion() {
    return LOGIC_VERSION;
  }

  @Override
  public Map<Table, Dataset<Row>> transform(Inputs<Dataset<Row>> in) {
    Map<Table, Dataset<Row>> tables = new LinkedHashMap<>();
    tables.put(Table.COUNTRY, Curation.countryTable(spark, reference));
    tables.put(Table.INDICATOR, catalog.indicatorTable(spark));
    tables.put(Table.REASON_CODE, catalog.reasonCodeTable(spark));
    tables.put(Table.IDI_GOALPOST, methodology.goalposts(spark));
    return tables;
  }
}
