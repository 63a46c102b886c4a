package org.ictbench.benchmark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.ResourceTable;

/**
 * Group statistics (gold.peer_benchmark) and each economy's place in its groups (gold.peer_position).
 *
 * <p>Statistics for group G, indicator I, year Y use the counted members of G in year Y
 * (gold.peer_group_member) that have a value of I for Y. Quartiles and the median are
 * {@code percentile_cont}: linear interpolation between order statistics (position p·(n−1) in the
 * sorted values, as Spark's {@code percentile}, numpy's default and R's type 7). The leader is the
 * member with the best value in the indicator's direction ({@code better} in catalog/indicator.csv:
 * higher or lower; ties go to the alphabetically first iso3; no direction = no leader and no rank).
 * When coverage (members with data / members) is below the threshold every statistic is null and
 * {@code suppressed_reason} says why.
 */
public final class PeerBenchmark {
  private PeerBenchmark() {}

  /** indicator → better (higher/lower/null) from the built-in catalog/indicator.csv, validated. */
  public static Dataset<Row> directions(SparkSession spark) {
    return directions(spark, ResourceTable.load("catalog/indicator.csv"));
  }

  /** indicator → better (higher/lower/null) from {@code indicators} (catalog/indicator.csv), validated. */
  public static Dataset<Row> directions(SparkSession spark, ResourceTable indicators) {
    ResourceTable t = indicators;
    List<Row> rows = new ArrayList<>();
    for (Map<String, String> r : t.rows()) {
      String b = r.getOrDefault("better", "").trim().toLowerCase(Locale.ROOT);
      if (!b.isEmpty() && !b.equals("higher") && !b.equals("lower")) {
        throw t.error(r, "column 'better' is '" + b + "'; expected higher, lower or empty");
      }
      rows.add(RowFactory.create(t.required(r, "indicator_id"), b.isEmpty() ? null : b));
    }
    return spark.createDataFrame(rows, new StructType().add("indicator", "string").add("better", "string"));
  }

  /**
   * The values the peer tables compare: silver.observation_latest (iso3, indicator, year, value,
   * unit) plus, when {@code idiScore} is not null, the IDI and its two pillars of gold.idi_score as
   * indicators idi, idi_universal, idi_meaningful with year = edition.
   */
  public static Dataset<Row> values(Dataset<Row> latest, Dataset<Row> idiScore) {
    Dataset<Row> v = latest.filter(col("value").isNotNull())
        .select(col("iso3"), col("indicator"), col("year").cast("int").as("year"), col("value"), col("unit"));
    if (idiScore == null) {
      return v;
    }
    for (String[] c : new String[][] {{"idi", "idi"}, {"idi_universal", "universal"}, {"idi_meaningful", "meaningful"}}) {
      v = v.unionByName(idiScore.filter(col(c[1]).isNotNull()).select(col("iso3"), lit(c[0]).as("indicator"),
          col("edition").cast("int").as("year"), col(c[1]).cast("double").as("value"), lit("score (0-100)").as("unit")));
    }
    return v;
  }

  /** The counted members of each group and year that have a value: group_id, year, iso3, indicator, value. */
  private static Dataset<Row> memberValues(Dataset<Row> members, Dataset<Row> values) {
    return members.filter(col("counted")).select("group_id", "year", "iso3").distinct()
        .join(values.select("iso3", "indicator", "year", "value"), new String[] {"year", "iso3"});
  }

  /** Sign that makes "larger is better": 1 for higher, −1 for lower, null without a direction. */
  private static Column sign(Column better) {
    return when(better.equalTo("higher"), lit(1.0)).when(better.equalTo("lower"), lit(-1.0));
  }

  /**
   * gold.peer_benchmark: one row per group, indicator and year (every indicator-year that has any value,
   * for every group with members that year). Columns: group_id, group_name, indicator, year, unit,
   * better, members, members_with_data, coverage_share, coverage_threshold, mean, median, p25, p75, min,
   * max, leader_iso3, leader_value, suppressed_reason.
   */
  public static Dataset<Row> benchmark(Dataset<Row> members, Dataset<Row> values, Dataset<Row> directions,
      double threshold) {
    Dataset<Row> sizes = members.filter(col("counted")).groupBy("group_id", "year")
        .agg(first(col("group_name")).as("group_name"), countDistinct(col("iso3")).as("members"));
    Dataset<Row> indicatorYears = values.groupBy("indicator", "year").agg(first(col("unit"), true).as("unit"));
    Dataset<Row> frame = sizes.join(indicatorYears, "year").join(broadcast(directions), new String[] {"indicator"}, "left");
    Dataset<Row> mv = memberValues(members, values).join(broadcast(directions), new String[] {"indicator"}, "left");
    Dataset<Row> stats = mv.groupBy("group_id", "indicator", "year").agg(
        count(col("value")).as("members_with_data"), avg(col("value")).as("mean"),
        expr("percentile(value, array(0.25, 0.5, 0.75))").as("q"), min(col("value")).as("min"),
        max(col("value")).as("max"));
    Dataset<Row> leaders = mv.filter(col("better").isNotNull())
        .withColumn("rn", row_number().over(Window.partitionBy("group_id", "indicator", "year")
            .orderBy(col("value").multiply(sign(col("better"))).desc(), col("iso3"))))
        .filter(col("rn").equalTo(1))
        .select(col("group_id"), col("indicator"), col("year"), col("iso3").as("leader_iso3"),
            col("value").as("leader_value"));
    Dataset<Row> joined = frame.join(stats, new String[] {"group_id", "indicator", "year"}, "left")
        .join(leaders, new String[] {"group_id", "indicator", "year"}, "left")
        .na().fill(0L, new String[] {"members_with_data"})
        .withColumn("coverage_share", col("members_with_data").cast("double").divide(col("members")))
        .withColumn("coverage_threshold", lit(threshold));
    Column suppressed = when(col("members_with_data").equalTo(0), lit("no member has data"))
        .when(col("coverage_share").lt(lit(threshold)),
            expr("concat('coverage ', members_with_data, '/', members, ' = ', format_number(coverage_share, 2), "
                + "' below threshold ', format_number(coverage_threshold, 2))"));
    joined = joined.withColumn("suppressed_reason", suppressed);
    Column ok = col("suppressed_reason").isNull();
    return joined.select(col("group_id"), col("group_name"), col("indicator"), col("year"), col("unit"),
        col("better"), col("members"), col("members_with_data"), col("coverage_share"), col("coverage_threshold"),
        when(ok, col("mean")).as("mean"), when(ok, col("q").getItem(1)).as("median"),
        when(ok, col("q").getItem(0)).as("p25"), when(ok, col("q").getItem(2)).as("p75"),
        when(ok, col("min")).as("min"), when(ok, col("max")).as("max"),
        when(ok, col("leader_iso3")).as("leader_iso3"), when(ok, col("leader_value")).as("leader_value"),
        col("suppressed_reason"));
  }

  /**
   * gold.peer_position: every counted member with a value, plus each economy in {@code outsiders} (e.g.
   * the bilateral pair) against every group it is not a counted member of, per group, indicator and
   * year. rank = 1 + number of members with data whose value is strictly better (ties share a rank);
   * percentile = 100 × (members with data, other than itself, strictly worse) / (members with data
   * other than itself), null when there is no other; gap_to_median = value − median, gap_to_leader =
   * value − leader_value (plain differences in the indicator's unit: for a "lower is better"
   * indicator a negative gap is favourable). Rank, percentile and gaps are null when the group
   * statistic is suppressed or the indicator has no direction.
   */
  public static Dataset<Row> positions(Dataset<Row> members, Dataset<Row> values, Dataset<Row> benchmark,
      List<String> outsiders) {
    Dataset<Row> counted = members.filter(col("counted")).select("group_id", "year", "iso3", "status").distinct();
    Dataset<Row> mv = memberValues(members, values);
    Dataset<Row> arrays = mv.groupBy("group_id", "indicator", "year").agg(collect_list(col("value")).as("member_values"));
    Dataset<Row> memberRows = counted.join(values.select("iso3", "indicator", "year", "value"), new String[] {"year", "iso3"})
        .withColumn("is_member", lit(true));
    Dataset<Row> rows = memberRows;
    if (!outsiders.isEmpty()) {
      Dataset<Row> groupYears = counted.select("group_id", "year").distinct();
      Dataset<Row> out = groupYears.join(values.filter(col("iso3").isin(outsiders.toArray()))
              .select("iso3", "indicator", "year", "value"), "year")
          .join(counted.select("group_id", "year", "iso3"), new String[] {"group_id", "year", "iso3"}, "left_anti")
          .withColumn("status", lit(null).cast("string")).withColumn("is_member", lit(false));
      rows = rows.unionByName(out);
    }
    Dataset<Row> b = benchmark.select("group_id", "group_name", "indicator", "year", "unit", "better",
        "members_with_data", "median", "leader_iso3", "leader_value", "suppressed_reason");
    Dataset<Row> j = rows.join(b, new String[] {"group_id", "indicator", "year"})
        .join(arrays, new String[] {"group_id", "indicator", "year"}, "left");
    Column ok = col("suppressed_reason").isNull().and(col("better").isNotNull());
    Column better = expr("size(filter(member_values, v -> CASE better WHEN 'higher' THEN v > value ELSE v < value END))");
    Column worse = expr("size(filter(member_values, v -> CASE better WHEN 'higher' THEN v < value ELSE v > value END))");
    Column others = col("members_with_data").minus(when(col("is_member"), lit(1)).otherwise(lit(0)));
    return j.select(col("iso3"), col("group_id"), col("group_name"), col("indicator"), col("year"),
        col("is_member"), col("status"), col("value"), col("unit"), col("better"), col("members_with_data"),
        when(ok, better.plus(1)).as("rank"),
        when(ok.and(others.gt(0)), worse.multiply(100.0).divide(others)).as("percentile"),
        col("median"), col("leader_iso3"), col("leader_value"),
        when(col("suppressed_reason").isNull(), col("value").minus(col("median"))).as("gap_to_median"),
        when(ok, col("value").minus(col("leader_value"))).as("gap_to_leader"),
        when(col("suppressed_reason").isNotNull(), col("suppressed_reason"))
            .when(col("better").isNull(), lit("indicator has no direction (catalog column better)"))
            .as("suppressed_reason"));
  }
}
