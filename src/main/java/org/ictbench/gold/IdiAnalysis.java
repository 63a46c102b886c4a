package org.ictbench.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.rank;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/** Change decomposition and ranks over scored IDI editions (plain functions, no I/O). */
public final class IdiAnalysis {
  private IdiAnalysis() {}

  /**
   * gold.idi_change_decomposition: for each economy and each pair of consecutive scored editions of
   * the same methodology, and from its last reproduced edition to each later nowcast ({@code
   * from_last_reproduced}: true for those, including a consecutive one), one row per indicator with
   * {@code contribution = (score_to − score_from) × weight_in_idi}. The IDI is linear in the
   * indicator scores, so the contributions sum exactly (to floating-point rounding) to
   * {@code idi_change = idi_to − idi_from}.
   */
  public static Dataset<Row> decomposition(Dataset<Row> indicatorScores, Dataset<Row> scores) {
    Dataset<Row> scored = scores.filter(col("idi").isNotNull()).select("iso3", "edition", "status", "idi");
    Dataset<Row> methodologyOf = indicatorScores.select("iso3", "edition", "methodology").distinct();
    Dataset<Row> editions = scored.join(methodologyOf, new String[] {"iso3", "edition"});
    WindowSpec next = Window.partitionBy("iso3").orderBy("edition");
    Dataset<Row> consecutive = editions
        .withColumn("edition_to", lead("edition", 1).over(next))
        .withColumn("status_to", lead("status", 1).over(next))
        .withColumn("idi_to", lead("idi", 1).over(next))
        .withColumn("methodology_to", lead("methodology", 1).over(next))
        .filter(col("edition_to").isNotNull().and(col("methodology_to").equalTo(col("methodology"))))
        .select(col("iso3"), col("edition").as("edition_from"), col("edition_to"), col("status").as("status_from"),
            col("status_to"), col("methodology"), col("idi").as("idi_from"), col("idi_to"));
    Dataset<Row> lastReproduced = editions.filter(col("status").equalTo("reproduced"))
        .withColumn("newest", max("edition").over(Window.partitionBy("iso3")))
        .filter(col("edition").equalTo(col("newest")))
        .select(col("iso3"), col("edition").as("edition_from"), col("status").as("status_from"), col("methodology"),
            col("idi").as("idi_from"));
    Dataset<Row> sinceReproduced = lastReproduced.join(editions.filter(col("status").equalTo("nowcast"))
            .select(col("iso3"), col("edition").as("edition_to"), col("status").as("status_to"),
                col("methodology").as("methodology_to"), col("idi").as("idi_to")), "iso3")
        .filter(col("edition_to").gt(col("edition_from")).and(col("methodology_to").equalTo(col("methodology"))))
        .select("iso3", "edition_from", "edition_to", "status_from", "status_to", "methodology", "idi_from", "idi_to");
    Dataset<Row> flags = sinceReproduced.select(col("iso3"), col("edition_from"), col("edition_to"),
        lit(true).as("from_last_reproduced"));
    Dataset<Row> pairs = consecutive.unionByName(sinceReproduced).distinct()
        .join(flags, new String[] {"iso3", "edition_from", "edition_to"}, "left")
        .withColumn("from_last_reproduced", coalesce(col("from_last_reproduced"), lit(false)));
    Dataset<Row> from = indicatorScores.select(col("iso3"), col("edition").as("edition_from"), col("indicator"),
        col("pillar"), col("weight_in_idi"), col("value").as("value_from"), col("score").as("score_from"),
        col("data_year").as("year_from"), col("provenance").as("provenance_from"));
    Dataset<Row> to = indicatorScores.select(col("iso3"), col("edition").as("edition_to"), col("indicator"),
        col("value").as("value_to"), col("score").as("score_to"), col("data_year").as("year_to"),
        col("provenance").as("provenance_to"), col("value_age").as("value_age_to"),
        col("imputation_method").as("method_to"));
    return pairs.join(from, new String[] {"iso3", "edition_from"})
        .join(to, new String[] {"iso3", "edition_to", "indicator"})
        .withColumn("score_change", col("score_to").minus(col("score_from")))
        .withColumn("contribution", col("score_change").multiply(col("weight_in_idi")))
        .withColumn("idi_change", col("idi_to").minus(col("idi_from")))
        .select("iso3", "edition_from", "edition_to", "status_from", "status_to", "from_last_reproduced", "methodology",
            "indicator", "pillar", "weight_in_idi", "value_from", "value_to", "year_from", "year_to", "provenance_from",
            "provenance_to", "value_age_to", "method_to", "score_from", "score_to", "score_change", "contribution",
            "idi_from", "idi_to", "idi_change");
  }

  /**
   * gold.idi_rank: ictbench's own ranks (ITU publishes none) of every scored economy per edition,
   * within the world, its ITU region and its income group ({@code scores} needs itu_region and
   * income_group). rank 1 = highest IDI (ties share a rank); {@code percentile} = 100 × share of the
   * group's other economies with a lower IDI.
   */
  public static Dataset<Row> ranks(Dataset<Row> scores) {
    Dataset<Row> scored = scores.filter(col("idi").isNotNull())
        .select("iso3", "edition", "status", "idi", "itu_region", "income_group");
    Dataset<Row> scoped = scored.withColumn("scope", lit("world")).withColumn("group_id", lit("WORLD"))
        .unionByName(scored.withColumn("scope", lit("itu_region")).withColumn("group_id", col("itu_region")))
        .unionByName(scored.withColumn("scope", lit("income_group")).withColumn("group_id", col("income_group")))
        .filter(col("group_id").isNotNull());
    WindowSpec group = Window.partitionBy("edition", "scope", "group_id");
    return scoped
        .withColumn("rank", rank().over(group.orderBy(col("idi").desc())))
        .withColumn("group_size", count(lit(1)).over(group))
        .withColumn("percentile", coalesce(percent_rank().over(group.orderBy(col("idi").asc())), lit(1.0))
            .multiply(100))
        .withColumn("ranked_by", lit("ictbench (ITU publishes no IDI ranks)"))
        .select("edition", "scope", "group_id", "iso3", "status", "idi", "rank", "group_size", "percentile",
            "ranked_by");
  }
}
