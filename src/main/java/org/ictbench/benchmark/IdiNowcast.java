package org.ictbench.benchmark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

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
        .select("methodology", "indicator_id");
    Dataset<Row> obs = observationLatest.select(col("iso3"), col("indicator").as("indicator_id"), col("year"),
        col("value"), col("value_flag"));
    Dataset<Row> candidates = obs.join(broadcast(indicators), "indicator_id").join(broadcast(ed), "methodology")
        .filter(col("year").leq(col("reference_year"))
            .and(col("year").geq(col("reference_year").minus(col("carry_forward_max_years")))))
        .withColumn("pick", row_number().over(Window.partitionBy("iso3", "edition", "indicator_id")
            .orderBy(col("year").desc())))
        .filter(col("pick").equalTo(1));
    return candidates.select(col("iso3"), col("edition"), col("indicator_id").as("indicator"), col("value"),
        col("year").as("data_year"),
        when(col("year").lt(col("fallback_year")), lit("carried_forward"))
            .when(col("value_flag").equalTo("estimate"), lit("estimate"))
            .when(col("year").equalTo(col("reference_year")), lit("official"))
            .otherwise(lit("lagged")).as("provenance"),
        col("reference_year").minus(col("year")).as("value_age"));
  }
}
