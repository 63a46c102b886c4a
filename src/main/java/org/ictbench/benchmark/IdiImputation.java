package org.ictbench.benchmark;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expm1;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Imputation of IDI inputs that have no value (n.a. in ITU's annex, or nothing recent enough for a
 * nowcast), ITU-like: for indicator j of economy e, a least-squares line within e's peers,
 * {@code z_j = a + b·x}, where z_j is j's normalized score before capping (so traffic is modelled
 * on its log scale and prices on their reversed scale) and x is the mean normalized score of e's own
 * known values of the related indicators listed in {@code idi/imputation.csv}. Peers are tried in
 * the order of {@code idi/imputation_levels.csv} (same ITU region and income group, then income
 * group, then region, then the world), taking the first level with enough donors; without any
 * related value the peers' mean is used. The predicted score is turned back into a value, clipped
 * to the indicator's valid range, and flagged {@code imputed} with the level, group and donor count
 * in {@code imputation_method}. Donors are the edition's known (non-imputed) values.
 */
final class IdiImputation {
  private final IdiMethodology methodology;

  IdiImputation(IdiMethodology methodology) {
    this.methodology = methodology;
  }

  /** Uncapped normalized score (the model's scale). */
  static Column z(Column x, Column t, Column g, Column transform) {
    return when(transform.equalTo("log"), log1p(x).minus(log1p(t)).divide(log1p(g).minus(log1p(t))))
        .otherwise(x.minus(t).divide(g.minus(t))).multiply(100);
  }

  /** The value whose uncapped normalized score is z. */
  static Column inverse(Column z, Column t, Column g, Column transform) {
    Column f = z.divide(100);
    return when(transform.equalTo("log"), expm1(log1p(t).plus(f.multiply(log1p(g).minus(log1p(t))))))
        .otherwise(t.plus(f.multiply(g.minus(t))));
  }

  /**
   * The frame the model works on: every economy and edition of {@code inputs} × every indicator of
   * the edition's methodology, with the known value (or null), goalposts, imputation range, ITU region
   * and income group ({@code classification}: iso3, itu_region, income_group) and the predictor x.
   */
  Dataset<Row> frame(Dataset<Row> inputs, Dataset<Row> classification) {
    SparkSession spark = inputs.sparkSession();
    Dataset<Row> editions = methodology.editionTable(spark).select("edition", "methodology", "reference_year");
    Dataset<Row> goal = methodology.goalposts(spark).select("methodology", "indicator_id", "threshold", "goalpost",
        "transform");
    Dataset<Row> config = methodology.imputation(spark).select("methodology", "indicator_id", "predictors",
        "value_min", "value_max");
    Dataset<Row> in = inputs.select(col("iso3"), col("edition"), col("indicator").as("indicator_id"), col("value"),
        col("data_year"), col("provenance"), col("value_age"));
    Dataset<Row> f = inputs.select("iso3", "edition").distinct().join(broadcast(editions), "edition")
        .join(broadcast(goal), "methodology").join(broadcast(config), new String[] {"methodology", "indicator_id"}, "left")
        .join(in, new String[] {"iso3", "edition", "indicator_id"}, "left")
        .join(broadcast(classification), new String[] {"iso3"}, "left")
        .withColumn("z", z(col("value"), col("threshold"), col("goalpost"), col("transform")))
        .withColumn("s", least(lit(100.0), greatest(lit(0.0), col("z"))));
    Dataset<Row> known = f.filter(col("value").isNotNull().and(col("provenance").notEqual(IdiScoring.IMPUTED)))
        .select(col("iso3"), col("edition"), col("indicator_id").as("predictor"), col("s").as("ps"));
    Dataset<Row> x = f.select(col("iso3"), col("edition"), col("indicator_id"),
            explode(split(coalesce(col("predictors"), lit("")), " ")).as("predictor"))
        .join(known, new String[] {"iso3", "edition", "predictor"})
        .groupBy("iso3", "edition", "indicator_id").agg(avg("ps").as("x"));
    return f.join(x, new String[] {"iso3", "edition", "indicator_id"}, "left");
  }

  /** Frame rows × imputation levels, with the row's peer-group key at each level (null = no group). */
  private Dataset<Row> withLevels(Dataset<Row> frame) {
    Dataset<Row> levels = methodology.imputationLevels(frame.sparkSession());
    Column key = when(col("level").equalTo("world"), lit("world"))
        .when(col("level").equalTo("itu_region"), col("itu_region"))
        .when(col("level").equalTo("income_group"), col("income_group"))
        .when(col("itu_region").isNotNull().and(col("income_group").isNotNull()),
            concat(col("itu_region"), lit("/"), col("income_group")));
    return frame.crossJoin(broadcast(levels)).withColumn("group_key", key).filter(col("group_key").isNotNull());
  }

  /** Sums of the donors (known values) per edition, indicator, level and group. */
  private Dataset<Row> stats(Dataset<Row> levelled) {
    Dataset<Row> donors = levelled.filter(col("z").isNotNull().and(col("provenance").notEqual(IdiScoring.IMPUTED)));
    Column hasX = col("x").isNotNull();
    return donors.groupBy("edition", "indicator_id", "level", "group_key").agg(
        count(when(hasX, 1)).cast("double").as("n"), sum(when(hasX, col("x"))).as("sx"),
        sum(when(hasX, col("z"))).as("sy"), sum(when(hasX, col("x").multiply(col("x")))).as("sxx"),
        sum(when(hasX, col("x").multiply(col("z")))).as("sxy"),
        count(lit(1)).cast("double").as("n0"), sum(col("z")).as("sy0"));
  }

  /**
   * Predicts z for each target row (value null, or every known row when {@code leaveOneOut}, with
   * the row's own contribution removed from its groups' sums): adds z_hat, imputed_value,
   * imputation_method.
   */
  private Dataset<Row> predict(Dataset<Row> frame, boolean leaveOneOut) {
    Dataset<Row> levelled = withLevels(frame);
    Dataset<Row> stats = stats(levelled);
    Dataset<Row> targets = leaveOneOut
        ? levelled.filter(col("z").isNotNull().and(col("provenance").notEqual(IdiScoring.IMPUTED)))
        : levelled.filter(col("value").isNull());
    Dataset<Row> t = targets.join(stats, new String[] {"edition", "indicator_id", "level", "group_key"}, "left");
    if (leaveOneOut) {
      Column own = col("x").isNotNull();
      t = t.withColumn("n", col("n").minus(when(own, 1.0).otherwise(0.0)))
          .withColumn("sx", col("sx").minus(when(own, col("x")).otherwise(0.0)))
          .withColumn("sy", col("sy").minus(when(own, col("z")).otherwise(0.0)))
          .withColumn("sxx", col("sxx").minus(when(own, col("x").multiply(col("x"))).otherwise(0.0)))
          .withColumn("sxy", col("sxy").minus(when(own, col("x").multiply(col("z"))).otherwise(0.0)))
          .withColumn("n0", col("n0").minus(1.0))
          .withColumn("sy0", col("sy0").minus(col("z")));
    }
    Column det = col("n").multiply(col("sxx")).minus(col("sx").multiply(col("sx")));
    Column regression = col("x").isNotNull().and(col("n").geq(col("min_donors")))
        .and(det.gt(col("n").multiply(col("n")).multiply(1e-9)));
    Column meanOnly = col("x").isNull().and(col("n0").geq(col("min_donors")));
    Column slope = col("n").multiply(col("sxy")).minus(col("sx").multiply(col("sy"))).divide(det);
    t = t.withColumn("model", when(regression, lit("ols")).when(meanOnly, lit("mean")))
        .filter(col("model").isNotNull())
        .withColumn("b", when(regression, slope))
        .withColumn("z_hat", when(regression, col("sy").minus(col("b").multiply(col("sx"))).divide(col("n"))
            .plus(col("b").multiply(col("x")))).otherwise(col("sy0").divide(col("n0"))))
        .withColumn("pick", row_number().over(Window.partitionBy("iso3", "edition", "indicator_id")
            .orderBy("level_order")))
        .filter(col("pick").equalTo(1));
    Column value = inverse(col("z_hat"), col("threshold"), col("goalpost"), col("transform"));
    Column clipped = least(coalesce(col("value_max"), lit(Double.MAX_VALUE)),
        greatest(coalesce(col("value_min"), lit(-Double.MAX_VALUE)), value));
    return t.withColumn("imputed_value", clipped)
        .withColumn("imputation_method", concat_ws(" ", concat(col("model"), lit(" within "), col("level"), lit(" "),
            col("group_key")), concat(lit("n="), when(col("model").equalTo("ols"), col("n")).otherwise(col("n0"))
            .cast("int")), when(col("model").equalTo("ols"), concat(lit("x="), col("x").cast("decimal(10,2)")
            .cast("string")))));
  }

  /**
   * The inputs with every missing value imputed where the model can: columns iso3, edition,
   * indicator, value, data_year (the reference year for an imputed value), provenance, value_age,
   * imputation_method; a value nothing can impute stays null.
   */
  Dataset<Row> impute(Dataset<Row> inputs, Dataset<Row> classification) {
    // checkpointed: the frame is used several times, and its plan would otherwise be copied into each use
    Dataset<Row> frame = frame(inputs, classification).localCheckpoint();
    Dataset<Row> predicted = predict(frame, false).select("iso3", "edition", "indicator_id", "imputed_value",
        "imputation_method");
    return frame.join(predicted, new String[] {"iso3", "edition", "indicator_id"}, "left").select(
        col("iso3"), col("edition"), col("indicator_id").as("indicator"),
        coalesce(col("value"), col("imputed_value")).as("value"),
        when(col("value").isNull().and(col("imputed_value").isNotNull()), col("reference_year"))
            .otherwise(col("data_year")).as("data_year"),
        when(col("value").isNull().and(col("imputed_value").isNotNull()), lit(IdiScoring.IMPUTED))
            .otherwise(col("provenance")).as("provenance"),
        when(col("value").isNull().and(col("imputed_value").isNotNull()), lit(0)).otherwise(col("value_age"))
            .as("value_age"),
        col("imputation_method")).localCheckpoint();
  }

  /**
   * Leave-one-out evaluation: every known official or lagged value is held out and predicted by the
   * same model from the rest (its own group sums minus itself). One row per held-out value: iso3,
   * edition, indicator, actual and predicted value, score error (capped scores) and what that error
   * does to the pillar and the IDI (score error × the indicator's weight in each).
   */
  Dataset<Row> leaveOneOut(Dataset<Row> inputs, Dataset<Row> classification) {
    Dataset<Row> frame = frame(inputs, classification).localCheckpoint();
    Dataset<Row> weights = methodology.goalposts(inputs.sparkSession())
        .select("methodology", "indicator_id", "weight_in_pillar", "weight_in_idi");
    Column predictedScore = least(lit(100.0), greatest(lit(0.0),
        z(col("imputed_value"), col("threshold"), col("goalpost"), col("transform"))));
    return predict(frame, true).filter(col("provenance").isin(IdiScoring.OFFICIAL.toArray()))
        .join(broadcast(weights), new String[] {"methodology", "indicator_id"})
        .select(col("iso3"), col("edition"), col("indicator_id").as("indicator"), col("itu_region"),
            col("income_group"), col("value").as("actual_value"), col("imputed_value").as("predicted_value"),
            col("s").as("actual_score"), predictedScore.as("predicted_score"),
            predictedScore.minus(col("s")).as("score_error"),
            predictedScore.minus(col("s")).multiply(col("weight_in_pillar")).as("pillar_error"),
            predictedScore.minus(col("s")).multiply(col("weight_in_idi")).as("idi_error"),
            col("imputation_method"));
  }

  /**
   * gold.idi_imputation_eval: the leave-one-out errors summarized per edition and indicator, and
   * over all indicators ({@code indicator = 'ALL'}).
   */
  static Dataset<Row> summarize(Dataset<Row> loo) {
    Dataset<Row> all = loo.withColumn("indicator", lit("ALL"));
    return loo.unionByName(all).groupBy("edition", "indicator").agg(
        count(lit(1)).as("held_out_values"),
        avg(abs(col("score_error"))).as("mae_score"),
        sqrt(avg(pow(col("score_error"), 2))).as("rmse_score"),
        avg(col("score_error")).as("bias_score"),
        avg(abs(col("pillar_error"))).as("mae_pillar_points"),
        avg(abs(col("idi_error"))).as("mae_idi_points"),
        max(abs(col("idi_error"))).as("max_idi_points"),
        percentile_approx(abs(col("predicted_value").minus(col("actual_value"))), lit(0.5), lit(10000))
            .as("median_abs_value_error"),
        percentile_approx(abs(col("predicted_value").minus(col("actual_value")))
            .divide(when(col("actual_value").notEqual(0), abs(col("actual_value")))), lit(0.5), lit(10000))
            .as("median_relative_value_error"),
        avg(when(abs(col("score_error")).leq(10), 1.0).otherwise(0.0)).as("share_within_10_points"))
        .orderBy("edition", "indicator");
  }
}
