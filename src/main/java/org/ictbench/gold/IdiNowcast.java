package org.ictbench.gold;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.year;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.ictbench.curate.Curation;

/**
 * IDI inputs for an edition ITU has not published, from the curated latest observations
 * (silver.observation_latest: ITU DataHub first, then the IDI annex, WDI, OWID). For edition t with
 * reference year r = t−2 and fallback f = t−3 (idi/editions.csv), each indicator takes the newest
 * value with year ≤ r and year ≥ r − carry_forward_max_years: year r → {@code official} (or
 * {@code estimate} when the publisher flags it), year f → {@code lagged} (or {@code estimate}), an
 * older year → {@code carried_forward}, with {@code value_age} = r − year. Values after r are
 * never used (edition t could not have seen them).
 */
final class IdiNowcast {
  /**
   * Values at least this old (reference year − data year) are moved to the reference year by their
   * peers' trend before scoring (lagged and carried-forward values; see {@link IdiModels#age}).
   */
  static final int TREND_MIN_AGE = 1;
  private final IdiMethodology methodology;

  IdiNowcast(IdiMethodology methodology) {
    this.methodology = methodology;
  }

  /**
   * Columns iso3, edition, indicator, value, data_year, provenance, value_age for the given editions
   * (economies with at least one value in an edition's window).
   */
  Dataset<Row> inputs(Dataset<Row> observationLatest, List<Integer> editions) {
    Dataset<Row> ed = methodology.editionTable(observationLatest.sparkSession())
        .filter(col("edition").isin(editions.toArray()));
    Dataset<Row> indicators = methodology.goalposts(observationLatest.sparkSession())
        .select("methodology", "indicator");
    boolean asOf = List.of(observationLatest.columns()).contains(REAL_TIME);
    Dataset<Row> obs = observationLatest.select(col("iso3"), col("indicator"), col("year"),
        col("value"), col("value_flag"), asOf ? col(REAL_TIME) : lit(null).cast("boolean").as(REAL_TIME));
    Dataset<Row> candidates = obs.join(broadcast(indicators), "indicator").join(broadcast(ed), "methodology")
        .filter(col("year").leq(col("reference_year"))
            .and(col("year").geq(col("reference_year").minus(col("carry_forward_max_years")))))
        .withColumn("pick", row_number().over(Window.partitionBy("iso3", "edition", "indicator")
            .orderBy(col("year").desc())))
        .filter(col("pick").equalTo(1));
    List<Column> out = new ArrayList<>(List.of(col("iso3"), col("edition"), col("indicator"),
        col("value"), col("year").as("data_year"),
        when(col("year").lt(col("fallback_year")), lit("carried_forward"))
            .when(col("value_flag").equalTo("estimate"), lit("estimate"))
            .when(col("year").equalTo(col("reference_year")), lit("official"))
            .otherwise(lit("lagged")).as("provenance"),
        col("reference_year").minus(col("year")).as("value_age")));
    if (asOf) {
      out.add(col(REAL_TIME));
    }
    return candidates.select(out.toArray(new Column[0]));
  }

  /** Column of {@link #asOf}: whether the value's vintage was published before the edition. */
  static final String REAL_TIME = "real_time";

  /**
   * What a nowcast of {@code edition} made when ITU released it could have read: silver.observation
   * restricted to years ≤ {@code maxYear}, without the IDI annexes of this or later editions (they
   * are the answer), and, per source and indicator, only the vintages published before the
   * edition's release date ({@code published} in idi/editions.csv). Where a series has no such
   * vintage (the lake holds only later downloads of it), its earliest vintage stands in for what
   * the publisher had then ({@link #REAL_TIME} = false: a pseudo-real-time value, possibly revised
   * since). Then the usual precedence picks one value per economy, indicator and year
   * ({@link Curation#latest}).
   */
  static Dataset<Row> asOf(Dataset<Row> observations, Dataset<Row> sources, IdiMethodology.Edition edition,
      int maxYear) {
    Column published = edition.published() == null ? lit(null).cast("date") : lit(java.sql.Date.valueOf(edition.published()));
    Column before = coalesce(col("vintage").lt(published), lit(false));
    WindowSpec series = Window.partitionBy("source", "indicator");
    Column vintage = coalesce(col("vintage"), lit(java.sql.Date.valueOf("9999-12-31")));
    Dataset<Row> visible = observations
        .filter(col("year").leq(maxYear).and(not(col("source").equalTo(ANNEX)
            .and(year(col("vintage")).geq(edition.edition())))))
        .withColumn(REAL_TIME, before)
        .withColumn("_has_before", max(when(before, 1).otherwise(0)).over(series))
        .withColumn("_earliest", min(when(not(before), vintage)).over(series))
        .filter(col(REAL_TIME).or(col("_has_before").equalTo(0).and(vintage.equalTo(col("_earliest")))))
        .drop("_has_before", "_earliest");
    return Curation.latest(visible, sources);
  }

  static final String ANNEX = "ITU_IDI_ANNEX";
}
