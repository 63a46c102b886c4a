package org.ictbench.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Two economies side by side (default Belarus and China): for every indicator and year both have a
 * value in silver.observation_latest, both values, the absolute gap (a − b), the ratio (a / b, null
 * when b is 0), each economy's change on the previous year (null when that year is missing), each
 * economy's compound annual growth over a window, and the years until the gap closes if both keep
 * growing at those rates.
 *
 * <p>CAGR of an economy at year Y with window w: its oldest value in [Y−w, Y−1] at year Y0, then
 * (v_Y / v_Y0)^(1 / (Y − Y0)) − 1; null when there is no value in the window or a value is ≤ 0.
 * Years to close: the t &gt; 0 solving a·(1+g_a)^t = b·(1+g_b)^t, i.e. ln(b/a) / ln((1+g_a)/(1+g_b));
 * {@code convergence} is closed (gap 0), converging (t &gt; 0), diverging (the faster grower is
 * already ahead), parallel (equal rates) or null (no CAGR for one of them).
 */
public final class BilateralComparison {
  private BilateralComparison() {}

  public static Dataset<Row> compare(Dataset<Row> latest, String iso3A, String iso3B) {
    return compare(latest, iso3A, iso3B, PeerOptions.DEFAULT_CAGR_WINDOW);
  }

  public static Dataset<Row> compare(Dataset<Row> latest, String iso3A, String iso3B, int cagrWindow) {
    Dataset<Row> a = side(latest, iso3A, "a", cagrWindow);
    Dataset<Row> b = side(latest, iso3B, "b", cagrWindow);
    Column ga = col("cagr_a");
    Column gb = col("cagr_b");
    Column t = log(col("value_b").divide(col("value_a"))).divide(log(lit(1.0).plus(ga).divide(lit(1.0).plus(gb))));
    Column trend = ga.isNotNull().and(gb.isNotNull());
    Column convergence = when(col("gap").equalTo(0), lit("closed"))
        .when(trend.and(ga.equalTo(gb)), lit("parallel"))
        .when(trend.and(t.gt(0)), lit("converging"))
        .when(trend, lit("diverging"));
    return a.join(b, new String[] {"indicator", "year"})
        .withColumn("gap", col("value_a").minus(col("value_b")))
        .withColumn("ratio", when(col("value_b").notEqual(0), col("value_a").divide(col("value_b"))))
        .withColumn("convergence", convergence)
        .withColumn("years_to_close", when(col("convergence").equalTo("closed"), lit(0.0))
            .when(col("convergence").equalTo("converging"), t))
        .select(col("iso3_a"), col("iso3_b"), col("indicator"), col("year"), col("unit_a").as("unit"),
            col("value_a"), col("value_b"), col("gap"), col("ratio"), col("yoy_change_a"), col("yoy_change_b"),
            col("source_a"), col("source_b"), col("vintage_a"), col("vintage_b"), lit(cagrWindow).as("cagr_window"),
            col("cagr_a"), col("cagr_from_year_a"), col("cagr_b"), col("cagr_from_year_b"), col("convergence"),
            col("years_to_close"));
  }

  private static Dataset<Row> side(Dataset<Row> latest, String iso3, String s, int window) {
    WindowSpec w = Window.partitionBy("indicator").orderBy("year");
    Column prevYear = lag(col("year"), 1).over(w);
    Column prevValue = lag(col("value"), 1).over(w);
    WindowSpec span = Window.partitionBy("indicator").orderBy(col("year").cast("long")).rangeBetween(-window, -1);
    Column fromYear = first(col("year")).over(span);
    Column fromValue = first(col("value")).over(span);
    return latest.filter(col("iso3").equalTo(iso3))
        .withColumn("yoy", when(prevYear.equalTo(col("year").minus(1)), col("value").minus(prevValue)))
        .withColumn("from_year", fromYear).withColumn("from_value", fromValue)
        .withColumn("cagr", when(col("from_value").gt(0).and(col("value").gt(0)),
            pow(col("value").divide(col("from_value")), lit(1.0).divide(col("year").minus(col("from_year")))).minus(1)))
        .select(col("indicator"), col("year"), lit(iso3).as("iso3_" + s), col("value").as("value_" + s),
            col("unit").as("unit_" + s), col("yoy").as("yoy_change_" + s), col("source").as("source_" + s),
            col("vintage").as("vintage_" + s), col("cagr").as("cagr_" + s),
            when(col("cagr").isNotNull(), col("from_year")).as("cagr_from_year_" + s));
  }

  /**
   * gold.bilateral_group_rank: from gold.peer_position, the pair's rank and percentile in every group
   * either of them belongs to (the other placed among that group's members as an outsider).
   * {@code shared} = both are counted members.
   */
  public static Dataset<Row> groupRanks(Dataset<Row> positions, String iso3A, String iso3B) {
    String[] keys = {"group_id", "indicator", "year"};
    Dataset<Row> a = positions.filter(col("iso3").equalTo(iso3A)).select(col("group_id"), col("group_name"),
        col("indicator"), col("year"), col("unit"), col("better"), col("members_with_data"), col("median"),
        col("suppressed_reason"), col("is_member").as("member_a"), col("value").as("value_a"), col("rank").as("rank_a"),
        col("percentile").as("percentile_a"));
    Dataset<Row> b = positions.filter(col("iso3").equalTo(iso3B)).select(col("group_id"), col("indicator"),
        col("year"), col("is_member").as("member_b"), col("value").as("value_b"), col("rank").as("rank_b"),
        col("percentile").as("percentile_b"));
    return a.join(b, keys).filter(col("member_a").or(col("member_b")))
        .select(lit(iso3A).as("iso3_a"), lit(iso3B).as("iso3_b"), col("group_id"), col("group_name"),
            col("indicator"), col("year"), col("unit"), col("better"), col("member_a"), col("member_b"),
            col("member_a").and(col("member_b")).as("shared"), col("value_a"), col("value_b"), col("rank_a"),
            col("rank_b"), col("percentile_a"), col("percentile_b"), col("members_with_data"), col("median"),
            col("suppressed_reason"));
  }

  /**
   * gold.bilateral_idi_gap: the pair's IDI, pillars, components and indicators side by side per
   * edition (from gold.idi_indicator_score and gold.idi_score): level (index, pillar, component,
   * indicator), item, pillar, component, value_a/b (the input value; for index/pillar/component
   * the score), score_a/b (0–100), score_gap = score_a − score_b, value_gap = value_a − value_b.
   * A component score is the weighted mean of its indicators' scores, null if one is missing.
   */
  public static Dataset<Row> idiGaps(Dataset<Row> indicatorScores, Dataset<Row> idiScore, String iso3A,
      String iso3B) {
    Dataset<Row> ind = indicatorScores.select(col("iso3"), col("edition"), lit("indicator").as("level"),
        col("indicator").as("item"), col("pillar"), col("component"), col("value"), col("score"));
    Dataset<Row> comp = indicatorScores.groupBy("iso3", "edition", "pillar", "component").agg(
            when(count(col("score")).equalTo(count(lit(1))),
                sum(col("score").multiply(col("component_weight"))).divide(sum(col("component_weight")))).as("score"))
        .select(col("iso3"), col("edition"), lit("component").as("level"), col("component").as("item"),
            col("pillar"), col("component"), col("score").as("value"), col("score"));
    Dataset<Row> all = ind.unionByName(comp);
    for (String[] c : new String[][] {{"index", "idi", null}, {"pillar", "universal", "universal"},
        {"pillar", "meaningful", "meaningful"}}) {
      all = all.unionByName(idiScore.select(col("iso3"), col("edition"), lit(c[0]).as("level"), lit(c[1]).as("item"),
          lit(c[2]).cast("string").as("pillar"), lit(null).cast("string").as("component"),
          col(c[1]).cast("double").as("value"), col(c[1]).cast("double").as("score")));
    }
    String[] keys = {"edition", "level", "item"};
    Dataset<Row> a = all.filter(col("iso3").equalTo(iso3A)).select(col("edition"), col("level"), col("item"),
        col("pillar"), col("component"), col("value").as("value_a"), col("score").as("score_a"));
    Dataset<Row> b = all.filter(col("iso3").equalTo(iso3B)).select(col("edition"), col("level"), col("item"),
        col("value").as("value_b"), col("score").as("score_b"));
    return a.join(b, keys).select(lit(iso3A).as("iso3_a"), lit(iso3B).as("iso3_b"), col("edition"), col("level"),
        col("item"), col("pillar"), col("component"), col("value_a"), col("value_b"), col("score_a"), col("score_b"),
        col("score_a").minus(col("score_b")).as("score_gap"), col("value_a").minus(col("value_b")).as("value_gap"));
  }
}
