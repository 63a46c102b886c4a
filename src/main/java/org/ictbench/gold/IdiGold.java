package org.ictbench.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.curate.Catalog;
import org.apache.spark.sql.expressions.Window;
import org.ictbench.core.Table;

/**
 * Every gold IDI table from the curated silver tables: editions with ITU input values (the IDI
 * annex) are {@code reproduced}; every other edition of idi/editions.csv with nowcast = true is a {@code nowcast} from
 * silver.observation_latest. Missing inputs are imputed ({@link IdiImputation}), economies below the
 * inclusion rule are {@code excluded}; then the change decomposition, ranks and the imputation's
 * leave-one-out evaluation. Call {@link #close()} after writing the tables.
 */
public final class IdiGold implements AutoCloseable {
  /**
   * The logic version of the gold IDI tables: part of their input fingerprint, so a new build
   * recomputes them only when this changes (or their inputs do). Bump it with any change to this class
   * or to the IDI code it calls (scoring, imputation, models, nowcast, backtests, intervals, analysis)
   * that can change a table for the same inputs.
   */
  public static final int LOGIC_VERSION = 2;

  private final IdiMethodology methodology;
  private final List<Dataset<Row>> cached = new ArrayList<>();

  public IdiGold(IdiMethodology methodology) {
    this.methodology = methodology;
  }

  /**
   * ITU region and income group per economy from the newest IDI annex (silver.economy_classification
   * rows with source ITU_IDI_ANNEX); ITU's {@code n.a.} income group becomes null.
   */
  public static Dataset<Row> annexClassification(Dataset<Row> classifications) {
    return classifications.filter(col("source").equalTo("ITU_IDI_ANNEX").and(col("iso3").isNotNull()))
        .withColumn("pick", row_number().over(Window.partitionBy("iso3").orderBy(col("edition").desc())))
        .filter(col("pick").equalTo(1))
        .select(col("iso3"), col("region").as("itu_region"),
            when(col("income_group").isin("n.a.", "..", ""), lit(null)).otherwise(col("income_group")).as("income_group"));
  }

  /** The tables, by table ({@code IdiStage} declares the order they are written in). */
  public Map<Table, Dataset<Row>> tables(Dataset<Row> observations, Dataset<Row> observationLatest,
      Dataset<Row> classifications) {
    SparkSession spark = observations.sparkSession();
    Dataset<Row> classification = cache(annexClassification(classifications));
    Map<String, String[]> cls = IdiImputation.classificationMap(classification);
    IdiScoring scoring = new IdiScoring(methodology);
    IdiImputation imputation = new IdiImputation(methodology);
    Dataset<Row> annex = cache(IdiScoring.annexInputs(observations).withColumn("value_age", lit(null).cast("int")));
    List<Integer> annexEditions = new ArrayList<>();
    annex.select("edition").distinct().collectAsList().forEach(r -> annexEditions.add(r.getInt(0)));
    List<Integer> nowcastEditions = new ArrayList<>();
    methodology.editions().stream().filter(IdiMethodology.Edition::nowcast).map(IdiMethodology.Edition::edition)
        .filter(e -> !annexEditions.contains(e))
        .forEach(nowcastEditions::add);
    java.util.Set<String> seriesIndicators = seriesIndicators();
    List<IdiNowcast.Latest> latest = IdiNowcast.collect(seriesRows(observationLatest, seriesIndicators));
    IdiModels.Series series = IdiImputation.series(latest);

    // reproduced editions: ITU's inputs; the chains are chosen by leave-one-out on their official values
    Map<Integer, IdiModels.Frame> reproduced = imputation.withAllIndicators(imputation.frames(annex, series));
    IdiImputation.Evaluation ev = imputation.evaluate(reproduced, cls);
    Map<Integer, IdiModels.Frame> filled = new TreeMap<>();
    reproduced.forEach((e, f) -> filled.put(e, modelsOf(ev, f).impute(f, f, ev.choice(f.edition.methodology()))));
    // nowcast editions: the newest curated values, older ones moved by their peers' trend, the rest imputed
    if (!nowcastEditions.isEmpty()) {
      List<IdiModels.Cell> nowcast = new IdiNowcast(methodology).inputs(latest, nowcastEditions).stream()
          .map(IdiNowcast.Input::cell).toList();
      imputation.withAllIndicators(imputation.frames(nowcast, series)).forEach((e, f) -> {
        IdiModels models = modelsOf(ev, f);
        IdiModels.Frame aged = models.age(f, IdiNowcast.TREND_MIN_AGE);
        filled.put(e, models.impute(aged, aged, ev.choice(f.edition.methodology())));
      });
    }
    // backtests of the reproduced editions as nowcasts, and the intervals calibrated on them
    IdiBacktest backtest = new IdiBacktest(methodology);
    List<IdiBacktest.AsOf> runs = backtest.asOf(observations, Catalog.load().sourceTable(spark), annexEditions);
    IdiBacktest.Result bt = backtest.run(runs, reproduced, filled, ev, cls, seriesIndicators);
    IdiIntervals.Model intervalModel = IdiIntervals.fit(bt.inputResiduals(), bt.scoreResiduals(),
        IdiBacktest.goalposts(ev), iso3 -> true);

    Dataset<Row> inputs = IdiImputation.toDataset(spark, filled.values());
    Dataset<Row> indicatorScores = cache(scoring.indicatorScores(cache(inputs)));
    Dataset<Row> reproducedScores = scoring.scores(
        indicatorScores.filter(col("edition").isin(annexEditions.toArray())), "reproduced");
    Dataset<Row> nowcastScores = scoring.scores(
        indicatorScores.filter(col("edition").isin(nowcastEditions.toArray())), "nowcast");
    Dataset<Row> scores = withIntervals(reproducedScores.unionByName(nowcastScores),
        intervalOffsets(spark, filled, annexEditions, ev, intervalModel))
        .join(classification, new String[] {"iso3"}, "left");
    List<String> order = new ArrayList<>(List.of("iso3", "edition", "itu_region", "income_group"));
    for (String c : reproducedScores.columns()) {
      if (!order.contains(c)) {
        order.add(c);
      }
      if (c.equals("meaningful")) {
        INTERVAL_COLUMNS.forEach(order::add);
      }
    }
    scores = cache(scores.selectExpr(order.stream().map(c -> "`" + c + "`").toArray(String[]::new)));
    Dataset<Row> holdout = cache(IdiImputation.holdout(spark, ev, cls));

    Map<Table, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(Table.IDI_INDICATOR_SCORE, indicatorScores.drop("fallback_year", "min_official_indicators"));
    out.put(Table.IDI_CHANGE_DECOMPOSITION, IdiAnalysis.decomposition(indicatorScores, scores));
    out.put(Table.IDI_RANK, IdiAnalysis.ranks(scores));
    out.put(Table.IDI_IMPUTATION_HOLDOUT, holdout);
    out.put(Table.IDI_IMPUTATION_EVAL, IdiImputation.summarize(holdout));
    out.put(Table.IDI_IMPUTATION_MODEL, IdiImputation.modelTable(spark, ev));
    out.put(Table.IDI_NOWCAST_BACKTEST, IdiBacktest.summaryTable(spark, bt));
    out.put(Table.IDI_NOWCAST_BACKTEST_ECONOMY, IdiBacktest.economyTable(spark, bt));
    out.put(Table.IDI_INTERVAL_CALIBRATION, IdiBacktest.calibrationTable(spark, intervalModel,
        IdiBacktest.calibratedOn(runs)));
    out.put(Table.IDI_SCORE, scores);
    return out;
  }

  private static IdiModels modelsOf(IdiImputation.Evaluation ev, IdiModels.Frame f) {
    return ev.models().get(f.edition.methodology());
  }

  /** Every indicator of the methodologies and every non-IDI predictor of idi/imputation_models.csv. */
  private java.util.Set<String> seriesIndicators() {
    java.util.Set<String> indicators = new java.util.TreeSet<>();
    for (IdiMethodology.Edition e : methodology.editions()) {
      indicators.addAll(methodology.indicators(e.methodology()));
      methodology.modelCandidates(e.methodology()).forEach(c -> c.predictors().forEach(p ->
          indicators.add(IdiModels.seriesIndicator(p))));
    }
    return indicators;
  }

  /**
   * The curated values the models and the nowcast read, for the years the editions can reach (a
   * nowcast's window, reference year − carry_forward_max_years, is inside it).
   */
  private Dataset<Row> seriesRows(Dataset<Row> observationLatest, java.util.Set<String> indicators) {
    int minYear = methodology.editions().stream().mapToInt(e -> e.fallbackYear() - 2 * e.carryForwardMaxYears())
        .min().orElse(0);
    return observationLatest.filter(col("indicator").isin(indicators.toArray()).and(col("year").geq(minYear)))
        .select("iso3", "indicator", "year", "value", "value_flag");
  }

  static final List<String> INTERVAL_COLUMNS = List.of("idi_low", "idi_high", "universal_low", "universal_high",
      "meaningful_low", "meaningful_high");
  private static final StructType OFFSETS = new StructType().add("iso3", DataTypes.StringType)
      .add("edition", DataTypes.IntegerType).add("idi_off_low", DataTypes.DoubleType)
      .add("idi_off_high", DataTypes.DoubleType).add("universal_off_low", DataTypes.DoubleType)
      .add("universal_off_high", DataTypes.DoubleType).add("meaningful_off_low", DataTypes.DoubleType)
      .add("meaningful_off_high", DataTypes.DoubleType);

  /**
   * Each complete economy's interval offsets per measure (add them to the score): reproduced
   * editions' ITU inputs carry no error, so only imputed inputs widen their intervals.
   */
  private static Dataset<Row> intervalOffsets(SparkSession spark, Map<Integer, IdiModels.Frame> filled,
      List<Integer> reproducedEditions, IdiImputation.Evaluation ev, IdiIntervals.Model model) {
    List<Row> rows = new ArrayList<>();
    for (IdiModels.Frame f : filled.values()) {
      IdiModels models = ev.models().get(f.edition.methodology());
      boolean itu = reproducedEditions.contains(f.edition.edition());
      for (String iso3 : f.economies()) {
        Map<String, String> classes = new LinkedHashMap<>();
        for (String i : models.indicators()) {
          IdiModels.Cell c = f.cell(iso3, i);
          if (c != null && c.value() != null) {
            classes.put(i, IdiIntervals.inputClass(c, f.referenceYear(), itu));
          }
        }
        if (classes.size() < models.indicators().size()) {
          continue;
        }
        Object[] v = new Object[8];
        v[0] = iso3;
        v[1] = f.edition.edition();
        for (int m = 0; m < IdiModels.MEASURES.size(); m++) {
          double[] o = model.offsets(IdiModels.MEASURES.get(m), classes);
          v[2 + 2 * m] = o == null ? null : o[0];
          v[3 + 2 * m] = o == null ? null : o[1];
        }
        rows.add(RowFactory.create(v));
      }
    }
    return spark.createDataFrame(rows, OFFSETS);
  }

  /** Adds idi_low … meaningful_high (score + offset, within [0, 100]) where the score exists. */
  private static Dataset<Row> withIntervals(Dataset<Row> scores, Dataset<Row> offsets) {
    Dataset<Row> out = scores.join(offsets, new String[] {"iso3", "edition"}, "left");
    for (String m : IdiModels.MEASURES) {
      for (String side : List.of("low", "high")) {
        org.apache.spark.sql.Column bound = org.apache.spark.sql.functions.least(lit(100.0),
            org.apache.spark.sql.functions.greatest(lit(0.0), col(m).plus(col(m + "_off_" + side))));
        out = out.withColumn(m + "_" + side, org.apache.spark.sql.functions.when(col(m).isNotNull(), bound));
      }
    }
    return out.drop(OFFSETS.fieldNames()[2], OFFSETS.fieldNames()[3], OFFSETS.fieldNames()[4], OFFSETS.fieldNames()[5],
        OFFSETS.fieldNames()[6], OFFSETS.fieldNames()[7]);
  }

  /** Materializes a small intermediate result and cuts its plan (the IDI tables reuse each several times). */
  private Dataset<Row> cache(Dataset<Row> ds) {
    Dataset<Row> p = ds.localCheckpoint();
    cached.add(p);
    return p;
  }

  @Override
  public void close() {
    cached.forEach(Dataset::unpersist);
    cached.clear();
  }
}
