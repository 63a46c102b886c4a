package org.ictbench.benchmark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The ICT Development Index, computed as ITU computes it (2023+ methodology): each indicator scored
 * 0 at its threshold and 100 at its goalpost (traffic on a log scale, prices reversed), capped to
 * [0, 100]; components are weighted means of their indicators (coverage = 0.4·3G + 0.6·4G); each
 * pillar is the mean of its components; the IDI is the mean of the two pillars. Everything about the
 * formula except the shape of the three transforms comes from {@link IdiMethodology} rows.
 */
public final class IdiScoring {
  private final IdiMethodology methodology;

  public IdiScoring(IdiMethodology methodology) {
    this.methodology = methodology;
  }

  /**
   * IDI inputs from the input values ITU published with an edition (source ITU_IDI_ANNEX, whose
   * vintage year is the edition): columns iso3, edition, indicator, value, data_year, provenance.
   */
  public static Dataset<Row> annexInputs(Dataset<Row> observations) {
    return observations.filter(col("source").equalTo("ITU_IDI_ANNEX")).select(
        col("iso3"), year(col("vintage")).as("edition"), col("indicator"), col("value"), col("year").as("data_year"),
        col("value_flag").as("provenance"));
  }

  /**
   * gold.idi_indicator_score: one row per economy, edition and methodology indicator (present or
   * not), with the normalized score. {@code inputs} has iso3, edition, indicator, value, data_year,
   * provenance.
   */
  public Dataset<Row> indicatorScores(Dataset<Row> inputs) {
    Dataset<Row> editions = inputs.sparkSession().createDataFrame(
        methodology.editions().stream().map(e -> org.apache.spark.sql.RowFactory.create(e.edition(), e.methodology()))
            .toList(),
        new org.apache.spark.sql.types.StructType().add("edition", "int").add("methodology", "string"));
    Dataset<Row> frame = inputs.select("iso3", "edition").distinct()
        .join(broadcast(editions), "edition")
        .join(broadcast(methodology.goalposts(inputs.sparkSession())), "methodology");
    Dataset<Row> joined = frame.join(inputs.withColumnRenamed("indicator", "indicator_id"),
        new String[] {"iso3", "edition", "indicator_id"}, "left");
    return joined.withColumn("score", score(col("value"), col("threshold"), col("goalpost"), col("transform")))
        .select(col("iso3"), col("edition"), col("methodology"), col("indicator_id").as("indicator"), col("pillar"),
            col("component"), col("component_weight"), col("value"), col("data_year"), col("provenance"),
            col("threshold"), col("goalpost"), col("transform"), col("score"));
  }

  /**
   * gold.idi_score: one row per economy and edition: pillars and IDI (unrounded), the count of
   * official inputs, missing indicators, and each indicator's value, score, data year and provenance.
   * A pillar with a missing component, and so the IDI, is null; {@code status} says why.
   */
  public Dataset<Row> scores(Dataset<Row> indicatorScores, String status) {
    Dataset<Row> components = indicatorScores.groupBy("iso3", "edition", "pillar", "component").agg(
        when(count(col("score")).equalTo(count(lit(1))),
            sum(col("score").multiply(col("component_weight"))).divide(sum(col("component_weight"))))
            .as("component_score"));
    Dataset<Row> pillars = components.groupBy("iso3", "edition").pivot("pillar", List.of("universal", "meaningful"))
        .agg(when(count(col("component_score")).equalTo(count(lit(1))), avg(col("component_score"))));
    List<String> indicators = new ArrayList<>();
    methodology.editions().stream().map(IdiMethodology.Edition::methodology).distinct()
        .forEach(m -> methodology.indicators(m).stream().filter(i -> !indicators.contains(i)).forEach(indicators::add));
    Dataset<Row> wide = indicatorScores.groupBy("iso3", "edition").pivot("indicator", new ArrayList<>(indicators)).agg(
        first(col("value")).as("value"), first(col("score")).as("score"), first(col("data_year")).as("year"),
        first(col("provenance")).as("provenance"));
    Dataset<Row> counts = indicatorScores.groupBy("iso3", "edition").agg(
        count(when(col("provenance").isin("official", "lagged"), 1)).as("official_indicators"),
        sort_array(collect_set(when(col("value").isNull(), col("indicator")))).as("missing_indicators"));
    Column idi = when(col("universal").isNotNull().and(col("meaningful").isNotNull()),
        col("universal").plus(col("meaningful")).divide(2));
    return pillars.join(counts, new String[] {"iso3", "edition"}).join(wide, new String[] {"iso3", "edition"})
        .withColumn("idi", idi)
        .withColumn("status", when(col("idi").isNotNull(), lit(status)).otherwise(lit("incomplete")))
        .selectExpr(orderedColumns(indicators));
  }

  private static String[] orderedColumns(List<String> indicators) {
    List<String> cols = new ArrayList<>(List.of("iso3", "edition", "status", "idi", "universal", "meaningful",
        "official_indicators", "missing_indicators"));
    for (String i : indicators) {
      for (String s : List.of("value", "score", "year", "provenance")) {
        cols.add("`" + i + "_" + s + "`");
      }
    }
    return cols.toArray(new String[0]);
  }

  /** Normalized score in [0, 100]; null when the value is null. Goalposts never coincide (validated). */
  static Column score(Column x, Column threshold, Column goalpost, Column transform) {
    Column linear = x.minus(threshold).divide(goalpost.minus(threshold));
    Column log = log1p(x).minus(log1p(threshold)).divide(log1p(goalpost).minus(log1p(threshold)));
    Column raw = when(transform.equalTo("log"), log).otherwise(linear).multiply(100);
    return when(x.isNotNull(), least(lit(100.0), greatest(lit(0.0), raw)));
  }
}
