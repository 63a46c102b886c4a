package org.ictbench.gold;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
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
    Dataset<Row> in = withOptional(withOptional(inputs, "value_age", "int"), "imputation_method", "string");
    Dataset<Row> editions = methodology.editionTable(inputs.sparkSession())
        .select("edition", "methodology", "reference_year", "fallback_year", "min_official_indicators");
    Dataset<Row> frame = in.select("iso3", "edition").distinct()
        .join(broadcast(editions), "edition")
        .join(broadcast(methodology.goalposts(inputs.sparkSession())), "methodology");
    Dataset<Row> joined = frame.join(in.select("iso3", "edition", "indicator", "value", "data_year", "provenance",
            "value_age", "imputation_method"), new String[] {"iso3", "edition", "indicator"}, "left");
    return joined.withColumn("score", score(col("value"), col("threshold"), col("goalpost"), col("transform")))
        .select(col("iso3"), col("edition"), col("methodology"), col("indicator"), col("pillar"),
            col("component"), col("component_weight"), col("weight_in_pillar"), col("weight_in_idi"), col("value"),
            col("data_year"), col("reference_year"),
            coalesce(col("value_age"), col("reference_year").minus(col("data_year"))).as("value_age"),
            col("provenance"), col("imputation_method"), col("threshold"), col("goalpost"), col("transform"),
            col("score"), col("fallback_year"), col("min_official_indicators"));
  }

  private static Dataset<Row> withOptional(Dataset<Row> ds, String column, String type) {
    return java.util.Arrays.asList(ds.columns()).contains(column) ? ds : ds.withColumn(column, lit(null).cast(type));
  }

  /**
   * gold.idi_score: one row per economy and edition: pillars and IDI (unrounded), the count of
   * official inputs, missing and imputed indicators, and each indicator's value, score, data year and
   * provenance. ITU's inclusion rule: an economy with fewer official (or lagged) values in the
   * reference window than the edition's {@code min_official_indicators} gets {@code status =
   * 'excluded'}, no scores and a {@code status_reason}. A pillar with a missing component, and so the
   * IDI, is null ({@code incomplete}).
   */
  public Dataset<Row> scores(Dataset<Row> indicatorScores, String status) {
    Dataset<Row> components = indicatorScores.groupBy("iso3", "edition", "pillar", "component").agg(
        when(count(col("score")).equalTo(count(lit(1))),
            sum(col("score").multiply(col("component_weight"))).divide(sum(col("component_weight"))))
            .as("component_score"));
    Dataset<Row> pillars = components.groupBy("iso3", "edition").pivot("pillar", List.of("universal", "meaningful"))
        .agg(when(count(col("component_score")).equalTo(count(lit(1))), avg(col("component_score"))));
    List<String> indicators = allIndicators();
    Dataset<Row> wide = indicatorScores.groupBy("iso3", "edition").pivot("indicator", new ArrayList<>(indicators)).agg(
        first(col("value")).as("value"), first(col("score")).as("score"), first(col("data_year")).as("year"),
        first(col("provenance")).as("provenance"));
    Dataset<Row> counts = indicatorScores.groupBy("iso3", "edition").agg(
        first(col("reference_year")).as("reference_year"), first(col("fallback_year")).as("fallback_year"),
        first(col("min_official_indicators")).as("min_official"), count(lit(1)).as("indicator_count"),
        count(when(col("provenance").isin(OFFICIAL.toArray()).and(col("data_year").geq(col("fallback_year")))
            .and(col("data_year").leq(col("reference_year"))), 1)).as("official_indicators"),
        sort_array(collect_set(when(col("value").isNull(), col("indicator")))).as("missing_indicators"),
        sort_array(collect_set(when(col("provenance").equalTo(IMPUTED), col("indicator")))).as("imputed_indicators"));
    Column included = col("official_indicators").geq(col("min_official"));
    Column idi = when(included.and(col("universal").isNotNull()).and(col("meaningful").isNotNull()),
        col("universal").plus(col("meaningful")).divide(2));
    Column reason = when(not(included), concat(lit("only "), col("official_indicators"), lit(" of "),
            col("indicator_count"), lit(" indicators have official or lagged data for "), col("fallback_year"),
            lit("-"), col("reference_year"), lit("; ITU's inclusion rule needs "), col("min_official")))
        .when(col("idi").isNull(), concat(lit("no value and no imputation donors for: "),
            concat_ws(", ", col("missing_indicators"))))
        .when(size(col("imputed_indicators")).gt(0), concat(lit("imputed by ictbench: "),
            concat_ws(", ", col("imputed_indicators"))));
    return pillars.join(counts, new String[] {"iso3", "edition"}).join(wide, new String[] {"iso3", "edition"})
        .withColumn("idi", idi)
        .withColumn("universal", when(included, col("universal")))
        .withColumn("meaningful", when(included, col("meaningful")))
        .withColumn("status", when(not(included), lit("excluded")).when(col("idi").isNotNull(), lit(status))
            .otherwise(lit("incomplete")))
        .withColumn("status_reason", reason)
        .withColumn("status_reason_code", when(not(included), lit(BELOW_INCLUSION_RULE))
            .when(col("idi").isNull(), lit(NO_IMPUTATION_DONORS))
            .when(size(col("imputed_indicators")).gt(0), lit(IMPUTED_INPUTS)))
        .selectExpr(orderedColumns(indicators));
  }

  /** Provenance values that count as official data for ITU's inclusion rule. */
  static final List<String> OFFICIAL = List.of("official", "lagged");
  static final String IMPUTED = "imputed";
  /** status_reason_code values (the table contract's vocabulary), one per kind of status_reason. */
  static final String BELOW_INCLUSION_RULE = "BELOW_INCLUSION_RULE";
  static final String NO_IMPUTATION_DONORS = "NO_IMPUTATION_DONORS";
  static final String IMPUTED_INPUTS = "IMPUTED_INPUTS";

  List<String> allIndicators() {
    List<String> indicators = new ArrayList<>();
    methodology.editions().stream().map(IdiMethodology.Edition::methodology).distinct()
        .forEach(m -> methodology.indicators(m).stream().filter(i -> !indicators.contains(i)).forEach(indicators::add));
    return indicators;
  }

  private static String[] orderedColumns(List<String> indicators) {
    List<String> cols = new ArrayList<>(List.of("iso3", "edition", "reference_year", "status", "status_reason",
        "status_reason_code", "idi",
        "universal", "meaningful", "official_indicators", "missing_indicators", "imputed_indicators"));
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
