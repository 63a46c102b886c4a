package org.ictbench.gold;


import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.DriverRowsFrame;

/**
 * Imputation of IDI inputs that have no value (n.a. in ITU's annex, or nothing recent enough for a
 * nowcast), with the models of {@link IdiModels}: the economy's own older value with its peers'
 * trend, a fit on its own related indicators, then the peer-group line, in the order each
 * indicator's leave-one-out error chose. Everything is modelled on the indicator's normalized
 * scale before capping (traffic on its log scale, prices reversed), turned back into a value,
 * clipped to the valid range of {@code idi/imputation.csv} and flagged {@code imputed} with the
 * model in {@code imputation_method}. Donors are the edition's known (not imputed) values.
 *
 * <p>This class is the Spark edge: it collects the inputs (an economy × indicator frame per
 * edition, a few thousand rows) to the driver, runs the models there and returns Datasets.
 */
final class IdiImputation {
  static final StructType INPUT = new StructType().add("iso3", DataTypes.StringType)
      .add("edition", DataTypes.IntegerType).add("indicator", DataTypes.StringType)
      .add("value", DataTypes.DoubleType).add("data_year", DataTypes.IntegerType)
      .add("provenance", DataTypes.StringType).add("value_age", DataTypes.IntegerType)
      .add("imputation_method", DataTypes.StringType);
  static final StructType HOLDOUT = new StructType().add("iso3", DataTypes.StringType)
      .add("edition", DataTypes.IntegerType).add("indicator", DataTypes.StringType)
      .add("itu_region", DataTypes.StringType).add("income_group", DataTypes.StringType)
      .add("actual_value", DataTypes.DoubleType).add("predicted_value", DataTypes.DoubleType)
      .add("actual_score", DataTypes.DoubleType).add("predicted_score", DataTypes.DoubleType)
      .add("score_error", DataTypes.DoubleType).add("pillar_error", DataTypes.DoubleType)
      .add("idi_error", DataTypes.DoubleType).add("model", DataTypes.StringType)
      .add("imputation_method", DataTypes.StringType).add("peer_predicted_value", DataTypes.DoubleType)
      .add("peer_score_error", DataTypes.DoubleType);
  static final StructType MODEL = new StructType().add("methodology", DataTypes.StringType)
      .add("indicator", DataTypes.StringType).add("model", DataTypes.StringType)
      .add("chain_position", DataTypes.IntegerType).add("held_out_values", DataTypes.IntegerType)
      .add("mae_score", DataTypes.DoubleType).add("peer_mae_score_same_values", DataTypes.DoubleType)
      .add("chain", DataTypes.StringType).add("chain_mae_score", DataTypes.DoubleType)
      .add("peer_mae_score", DataTypes.DoubleType).add("chosen_on_editions", DataTypes.StringType);

  private final IdiMethodology methodology;

  IdiImputation(IdiMethodology methodology) {
    this.methodology = methodology;
  }

  // ------------------------------------------------------------------------------------------ edges

  /** ITU region and income group per economy ({@code classification}: iso3, itu_region, income_group). */
  static Map<String, String[]> classificationMap(Dataset<Row> classification) {
    return classificationMap(classification.select("iso3", "itu_region", "income_group").collectAsList());
  }

  /** {@link #classificationMap(Dataset)} of collected rows (iso3, itu_region, income_group). */
  static Map<String, String[]> classificationMap(List<Row> classification) {
    Map<String, String[]> out = new HashMap<>();
    for (Row r : classification) {
      out.put(r.getString(0), new String[] {r.getString(1), r.getString(2)});
    }
    return out;
  }

  /** The curated series the own-trend model and non-IDI predictors read. */
  static IdiModels.Series series(Collection<IdiNowcast.Latest> latest) {
    IdiModels.Series s = IdiModels.Series.empty();
    for (IdiNowcast.Latest l : latest) {
      if (l.value() != null) {
        s.put(l.iso3(), l.indicator(), l.year(), l.value());
      }
    }
    return s;
  }

  /**
   * One frame per edition of {@code inputs} (iso3, edition, indicator, value, data_year, provenance,
   * and value_age / imputation_method when present), every frame reading {@code series}.
   */
  Map<Integer, IdiModels.Frame> frames(Dataset<Row> inputs, IdiModels.Series series) {
    return frames(cells(inputs), series);
  }

  /**
   * The rows of {@code inputs} (iso3, edition, indicator, value, data_year, provenance, and
   * value_age / imputation_method when present) as cells, collected to the driver.
   */
  static List<IdiModels.Cell> cells(Dataset<Row> inputs) {
    List<String> cols = List.of(inputs.columns());
    List<IdiModels.Cell> cells = new ArrayList<>();
    for (Row r : inputs.collectAsList()) {
      cells.add(new IdiModels.Cell(r.getAs("iso3"), r.<Integer>getAs("edition"), r.getAs("indicator"), r.getAs("value"),
          r.getAs("data_year"), r.getAs("provenance"), cols.contains("value_age") ? r.getAs("value_age") : null,
          cols.contains("imputation_method") ? r.getAs("imputation_method") : null));
    }
    return cells;
  }

  /** One frame per edition of {@code cells}, every frame reading {@code series}. */
  Map<Integer, IdiModels.Frame> frames(Collection<IdiModels.Cell> cells, IdiModels.Series series) {
    Map<Integer, IdiModels.Frame> out = new TreeMap<>();
    for (IdiModels.Cell c : cells) {
      out.computeIfAbsent(c.edition(), e -> new IdiModels.Frame(edition(e), series)).put(c);
    }
    return out;
  }

  IdiMethodology.Edition edition(int edition) {
    return methodology.edition(edition).orElseThrow(() -> new IllegalArgumentException(
        "edition " + edition + " is not in idi/editions.csv"));
  }

  /** The frames' cells as inputs (the {@link #INPUT} columns). */
  static Dataset<Row> toDataset(SparkSession spark, Collection<IdiModels.Frame> frames) {
    List<Row> rows = new ArrayList<>();
    for (IdiModels.Frame f : frames) {
      for (IdiModels.Cell c : f.all()) {
        rows.add(RowFactory.create(c.iso3(), c.edition(), c.indicator(), c.value(), c.dataYear(), c.provenance(),
            c.valueAge(), c.method()));
      }
    }
    return spark.createDataFrame(rows, INPUT);
  }

  /** Models per methodology, over the given classification. */
  Map<String, IdiModels> models(Map<String, String[]> classification) {
    Map<String, IdiModels> out = new LinkedHashMap<>();
    methodology.editions().stream().map(IdiMethodology.Edition::methodology).distinct()
        .forEach(m -> out.put(m, new IdiModels(methodology, m, classification)));
    return out;
  }

  // ------------------------------------------------------------------------------------------ results

  /** Leave-one-out predictions of every frame, with the chains chosen on them, per methodology. */
  record Evaluation(Map<String, IdiModels> models, Map<Integer, List<IdiModels.HeldOut>> heldOut,
      Map<String, Map<String, IdiModels.Choice>> choices, Map<String, List<Integer>> chosenOn,
      Map<Integer, String> methodologyOf) {
    Map<String, IdiModels.Choice> choice(String methodology) {
      return choices.get(methodology);
    }
  }

  /**
   * Holds out every official or lagged value of {@code frames} (the reproduced editions) and
   * chooses each indicator's chain per methodology on them; a methodology with no held-out value
   * gets the default chain (candidates in file order, then the peer model).
   */
  Evaluation evaluate(Map<Integer, IdiModels.Frame> frames, Map<String, String[]> classification) {
    Map<String, IdiModels> models = models(classification);
    Map<Integer, List<IdiModels.HeldOut>> heldOut = new TreeMap<>();
    Map<String, List<IdiModels.HeldOut>> byMethodology = new LinkedHashMap<>();
    Map<String, List<Integer>> chosenOn = new LinkedHashMap<>();
    Map<Integer, String> methodologyOf = new TreeMap<>();
    for (IdiModels.Frame f : frames.values()) {
      String m = f.edition.methodology();
      methodologyOf.put(f.edition.edition(), m);
      List<IdiModels.HeldOut> h = models.get(m).leaveOneOut(f);
      heldOut.put(f.edition.edition(), h);
      byMethodology.computeIfAbsent(m, k -> new ArrayList<>()).addAll(h);
      chosenOn.computeIfAbsent(m, k -> new ArrayList<>()).add(f.edition.edition());
    }
    Map<String, Map<String, IdiModels.Choice>> choices = new LinkedHashMap<>();
    models.forEach((m, model) -> choices.put(m, byMethodology.containsKey(m) && !byMethodology.get(m).isEmpty()
        ? model.choose(byMethodology.get(m)) : model.defaultChoice()));
    return new Evaluation(models, heldOut, choices, chosenOn, methodologyOf);
  }

  /** gold.idi_imputation_holdout: each held-out value with the chain's prediction and the peer model's. */
  static Dataset<Row> holdout(SparkSession spark, Evaluation ev, Map<String, String[]> classification) {
    return spark.createDataFrame(holdoutRows(ev, classification), HOLDOUT);
  }

  /** {@link #holdout} on the driver ({@link #HOLDOUT} rows). */
  static List<Row> holdoutRows(Evaluation ev, Map<String, String[]> classification) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Integer, List<IdiModels.HeldOut>> e : ev.heldOut().entrySet()) {
      for (IdiModels.HeldOut h : e.getValue()) {
        IdiModels.Cell a = h.actual();
        String m = ev.methodologyOf().get(e.getKey());
        IdiModels model = ev.models().get(m);
        IdiModels.Choice choice = ev.choice(m).get(a.indicator());
        IdiModels.Prediction p = IdiModels.first(h, choice.chain());
        if (p == null) {
          continue;
        }
        IdiMethodology.Goalpost g = model.goalpost(a.indicator());
        double actual = g.score(a.value());
        double predicted = g.score(p.value());
        IdiModels.Prediction q = h.predictions().get(IdiModels.PEER);
        String[] cls = classification.getOrDefault(a.iso3(), new String[2]);
        rows.add(new GenericRowWithSchema(new Object[] {a.iso3(), a.edition(), a.indicator(), cls[0], cls[1], a.value(),
            p.value(), actual, predicted, predicted - actual, (predicted - actual) * g.weightInPillar(),
            (predicted - actual) * g.weightInIdi(), p.model(),
            p.model().equals(IdiModels.PEER) ? p.method() : p.model() + ": " + p.method(),
            q == null ? null : q.value(), q == null ? null : g.score(q.value()) - actual}, HOLDOUT));
      }
    }
    return rows;
  }

  /** gold.idi_imputation_model: per indicator, each candidate's leave-one-out error and the chain chosen. */
  static Dataset<Row> modelTable(SparkSession spark, Evaluation ev) {
    List<Row> rows = new ArrayList<>();
    ev.choices().forEach((m, choices) -> choices.values().forEach(c -> {
      String on = ev.chosenOn().getOrDefault(m, List.of()).stream().map(String::valueOf)
          .reduce((a, b) -> a + "," + b).orElse(null);
      List<IdiModels.CandidateStats> stats = c.candidates().isEmpty()
          ? c.chain().stream().map(n -> new IdiModels.CandidateStats(c.indicator(), n, 0, Double.NaN, Double.NaN,
              c.chain().indexOf(n) + 1)).toList()
          : c.candidates();
      for (IdiModels.CandidateStats s : stats) {
        rows.add(RowFactory.create(m, c.indicator(), s.model(), s.chainPosition(), s.values(), nan(s.mae()),
            nan(s.peerMae()), String.join(" > ", c.chain()), nan(c.chainMae()), nan(c.peerMae()), on));
      }
    }));
    return DriverRowsFrame.of(spark, rows, MODEL);
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }

  // ------------------------------------------------------------------------------------------ Spark API

  /**
   * The inputs with every missing value imputed where a model can: columns iso3, edition,
   * indicator, value, data_year (the reference year for an imputed value), provenance, value_age,
   * imputation_method; a value nothing can impute stays null. The chains are chosen by leave-one-out
   * on the inputs' own official values (no curated series: the own-trend model does not apply).
   */
  Dataset<Row> impute(Dataset<Row> inputs, Dataset<Row> classification) {
    Map<String, String[]> cls = classificationMap(classification);
    Map<Integer, IdiModels.Frame> frames = withAllIndicators(frames(inputs, IdiModels.Series.empty()));
    Evaluation ev = evaluate(frames, cls);
    List<IdiModels.Frame> out = new ArrayList<>();
    for (IdiModels.Frame f : frames.values()) {
      IdiModels m = ev.models().get(f.edition.methodology());
      out.add(m.impute(f, f, ev.choice(f.edition.methodology())));
    }
    return toDataset(inputs.sparkSession(), out);
  }

  /** The frames with a cell for every economy and indicator of their methodology (missing = null value). */
  Map<Integer, IdiModels.Frame> withAllIndicators(Map<Integer, IdiModels.Frame> frames) {
    for (IdiModels.Frame f : frames.values()) {
      for (String i : methodology.indicators(f.edition.methodology())) {
        for (String iso3 : List.copyOf(f.economies())) {
          if (f.cell(iso3, i) == null) {
            f.put(new IdiModels.Cell(iso3, f.edition.edition(), i, null, null, null, null, null));
          }
        }
      }
    }
    return frames;
  }

  /**
   * Leave-one-out evaluation: every known official or lagged value is held out and predicted by its
   * indicator's chain from the rest. One row per held-out value ({@link #HOLDOUT}).
   */
  Dataset<Row> leaveOneOut(Dataset<Row> inputs, Dataset<Row> classification) {
    Map<String, String[]> cls = classificationMap(classification);
    Evaluation ev = evaluate(frames(inputs, IdiModels.Series.empty()), cls);
    return holdout(inputs.sparkSession(), ev, cls);
  }

  /**
   * gold.idi_imputation_eval: the leave-one-out errors ({@link #HOLDOUT} rows) summarized per edition
   * and indicator, and over all indicators ({@code indicator = 'ALL'}), with the peer model's error on
   * the same values. The medians are Spark's {@code percentile_approx(x, 0.5, 10000)}, which is exact
   * below 5,000 values: the value of rank ⌈n/2⌉.
   */
  static List<Row> summarize(List<Row> holdout) {
    Map<Integer, Map<String, List<Row>>> groups = new TreeMap<>();
    for (Row r : holdout) {
      Map<String, List<Row>> byIndicator =
          groups.computeIfAbsent(r.getAs("edition"), k -> new TreeMap<>(DriverRows.UTF8));
      for (String indicator : List.of(r.<String>getAs("indicator"), "ALL")) {
        byIndicator.computeIfAbsent(indicator, k -> new ArrayList<>()).add(r);
      }
    }
    List<Row> out = new ArrayList<>();
    groups.forEach((edition, byIndicator) -> byIndicator.forEach((indicator, rows) -> {
      List<Double> score = new ArrayList<>();
      List<Double> pillar = new ArrayList<>();
      List<Double> idi = new ArrayList<>();
      List<Double> peer = new ArrayList<>();
      List<Double> absolute = new ArrayList<>();
      List<Double> relative = new ArrayList<>();
      for (Row r : rows) {
        score.add(r.<Double>getAs("score_error"));
        pillar.add(r.<Double>getAs("pillar_error"));
        idi.add(r.<Double>getAs("idi_error"));
        Double peerError = r.getAs("peer_score_error");
        if (peerError != null) {
          peer.add(peerError);
        }
        double actual = r.getAs("actual_value");
        double gap = Math.abs(r.<Double>getAs("predicted_value") - actual);
        absolute.add(gap);
        if (actual != 0) {
          relative.add(gap / Math.abs(actual));
        }
      }
      IdiBacktest.Stats scores = IdiBacktest.Stats.of(score);
      IdiBacktest.Stats idis = IdiBacktest.Stats.of(idi);
      IdiBacktest.Stats peers = IdiBacktest.Stats.of(peer);
      long within10 = score.stream().filter(e -> Math.abs(e) <= 10).count();
      double bias = score.stream().mapToDouble(Double::doubleValue).sum() / rows.size();
      out.add(new GenericRowWithSchema(new Object[] {edition, indicator, (long) rows.size(), scores.mae(),
          scores.rmse(), bias, IdiBacktest.Stats.of(pillar).mae(), idis.mae(), idis.max(),
          median(absolute), median(relative), (double) within10 / rows.size(), peers.n() == 0 ? null : peers.mae()},
          EVAL));
    }));
    return out;
  }

  static final StructType EVAL = new StructType().add("edition", DataTypes.IntegerType)
      .add("indicator", DataTypes.StringType).add("held_out_values", DataTypes.LongType)
      .add("mae_score", DataTypes.DoubleType).add("rmse_score", DataTypes.DoubleType)
      .add("bias_score", DataTypes.DoubleType).add("mae_pillar_points", DataTypes.DoubleType)
      .add("mae_idi_points", DataTypes.DoubleType).add("max_idi_points", DataTypes.DoubleType)
      .add("median_abs_value_error", DataTypes.DoubleType).add("median_relative_value_error", DataTypes.DoubleType)
      .add("share_within_10_points", DataTypes.DoubleType).add("peer_model_mae_score", DataTypes.DoubleType);

  /** The value of rank ⌈n/2⌉ (1-based) of {@code values}; null when there are none. */
  private static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(DriverRows::compare);
    return sorted.get((int) Math.ceil(0.5 * sorted.size()) - 1);
  }
}
