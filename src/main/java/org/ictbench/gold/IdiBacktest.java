package org.ictbench.gold;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.DriverRowsFrame;
import org.ictbench.core.ResourceTable;

/**
 * Backtests of the nowcast: every reproduced edition is also computed as a nowcast from the curated
 * series alone, as it could have been made when ITU released it ({@link IdiNowcast#asOf}), and
 * compared with the reproduced scores of the economies whose inputs ITU published in full. Beside
 * the nowcast, two naive baselines on the same economies: the previous edition's score carried
 * forward, and each input's last value carried forward as it is (an input with no value at all
 * takes its peer group's mean score: no model). The edition's own data cut-off is {@code data_lag_years} = 0; lags 1 and 2
 * repeat the backtest with the series cut 1 and 2 years earlier, as for a nowcast whose inputs are
 * that much older (the 2026 nowcast rests on such inputs), and give the intervals residuals for
 * older inputs; ITU's inclusion rule applies at lag 0 only.
 *
 * <p>An input no as-of series covers for enough economies (today: the traffic and the mobile basket,
 * published only in ITU's annexes, of which the lake holds no earlier edition) cannot be nowcast
 * from the series: the economy's value is then imputed with the reproduced edition's other
 * economies as donors (never the economy itself), and the table names it in
 * {@code borrowed_indicators}.
 */
final class IdiBacktest {
  static final List<Integer> LAGS = List.of(0, 1, 2);
  static final String NOWCAST = "nowcast";
  static final String PREVIOUS_EDITION = "previous_edition";
  static final String LAST_VALUE = "last_value";
  static final List<String> METHODS = List.of(NOWCAST, PREVIOUS_EDITION, LAST_VALUE);
  static final String CHECK = "leave-one-economy-out";

  static final StructType ECONOMY = new StructType().add("edition", DataTypes.IntegerType)
      .add("data_lag_years", DataTypes.IntegerType).add("iso3", DataTypes.StringType)
      .add("itu_region", DataTypes.StringType).add("income_group", DataTypes.StringType)
      .add("measure", DataTypes.StringType).add("reproduced", DataTypes.DoubleType)
      .add("nowcast", DataTypes.DoubleType).add("nowcast_error", DataTypes.DoubleType)
      .add("interval_low", DataTypes.DoubleType).add("interval_high", DataTypes.DoubleType)
      .add("in_interval", DataTypes.BooleanType).add("previous_edition", DataTypes.DoubleType)
      .add("previous_edition_error", DataTypes.DoubleType).add("last_value", DataTypes.DoubleType)
      .add("last_value_error", DataTypes.DoubleType).add("observed_inputs", DataTypes.IntegerType)
      .add("lagged_inputs", DataTypes.IntegerType).add("carried_inputs", DataTypes.IntegerType)
      .add("imputed_inputs", DataTypes.IntegerType).add("borrowed_inputs", DataTypes.IntegerType)
      .add("pseudo_real_time_inputs", DataTypes.IntegerType);
  static final StructType SUMMARY = new StructType().add("edition", DataTypes.IntegerType)
      .add("data_lag_years", DataTypes.IntegerType).add("measure", DataTypes.StringType)
      .add("scope", DataTypes.StringType).add("group_id", DataTypes.StringType)
      .add("method", DataTypes.StringType).add("economies", DataTypes.IntegerType)
      .add("mae", DataTypes.DoubleType).add("rmse", DataTypes.DoubleType)
      .add("max_abs_error", DataTypes.DoubleType).add("share_within_1", DataTypes.DoubleType)
      .add("share_within_2", DataTypes.DoubleType).add("nowcast_mae_same_economies", DataTypes.DoubleType)
      .add("nowcast_beats", DataTypes.BooleanType).add("beats_both", DataTypes.BooleanType)
      .add("interval_coverage", DataTypes.DoubleType).add("mean_interval_width", DataTypes.DoubleType)
      .add("interval_check", DataTypes.StringType).add("pseudo_real_time_share", DataTypes.DoubleType)
      .add("borrowed_indicators", DataTypes.StringType);
  static final StructType CALIBRATION = new StructType().add("kind", DataTypes.StringType)
      .add("measure", DataTypes.StringType).add("indicator", DataTypes.StringType)
      .add("input_class", DataTypes.StringType).add("residuals", DataTypes.IntegerType)
      .add("rms_score_points", DataTypes.DoubleType).add("basis", DataTypes.StringType)
      .add("quantile_low", DataTypes.DoubleType).add("quantile_high", DataTypes.DoubleType)
      .add("nominal_coverage", DataTypes.DoubleType).add("calibrated_on", DataTypes.StringType);

  /** The as-of view of one backtest: the curated values its nowcast could read (with {@code real_time}). */
  record AsOf(IdiMethodology.Edition edition, int lag, List<IdiNowcast.Latest> latest) {}

  /** One economy, edition, lag and measure of the backtest. */
  record EconomyRow(int edition, int lag, String iso3, String region, String income, String measure, double truth,
      Double nowcast, Double previous, Double lastValue, int[] counts) {
    Double error(String method) {
      Double v = switch (method) {
        case NOWCAST -> nowcast;
        case PREVIOUS_EDITION -> previous;
        default -> lastValue;
      };
      return v == null ? null : v - truth;
    }
  }

  /** Everything the backtests produced. */
  record Result(List<EconomyRow> rows, List<IdiIntervals.InputResidual> inputResiduals,
      List<IdiIntervals.ScoreResidual> scoreResiduals, List<double[]> outOfSample,
      Map<String, Set<String>> borrowed) {}

  private final IdiMethodology methodology;
  private final IdiImputation imputation;

  IdiBacktest(IdiMethodology methodology) {
    this.methodology = methodology;
    this.imputation = new IdiImputation(methodology);
  }

  /**
   * The Spark part: the as-of view of each reproduced edition, collected once and cut per lag. Only
   * the series the models read are kept ({@code seriesIndicators}): the view's rules work per source
   * and indicator, so dropping other indicators first changes nothing else.
   */
  List<AsOf> asOf(Dataset<Row> observations, Dataset<Row> sources, List<Integer> reproducedEditions,
      Set<String> seriesIndicators) {
    Dataset<Row> series = observations.filter(col("indicator").isin(seriesIndicators.toArray()));
    List<AsOf> out = new ArrayList<>();
    for (int e : reproducedEditions) {
      IdiMethodology.Edition edition = imputation.edition(e);
      List<IdiNowcast.Latest> latest = IdiNowcast.collect(
          IdiNowcast.asOf(series, sources, edition, edition.referenceYear()));
      for (int lag : LAGS) {
        int maxYear = edition.referenceYear() - lag;
        out.add(new AsOf(edition, lag, latest.stream().filter(l -> l.year() <= maxYear).toList()));
      }
    }
    return out;
  }

  /**
   * The driver part: each as-of run nowcast and compared with the truth.
   *
   * @param reproduced ITU's inputs per reproduced edition (before imputation)
   * @param filled the reproduced editions with their missing inputs imputed
   */
  Result run(List<AsOf> runs, Map<Integer, IdiModels.Frame> reproduced, Map<Integer, IdiModels.Frame> filled,
      IdiImputation.Evaluation ev, Map<String, String[]> classification, Set<String> seriesIndicators) {
    List<EconomyRow> rows = new ArrayList<>();
    List<IdiIntervals.InputResidual> inputResiduals = new ArrayList<>();
    List<IdiIntervals.ScoreResidual> scoreResiduals = new ArrayList<>();
    Map<String, Set<String>> borrowedBy = new LinkedHashMap<>();
    Map<Integer, Map<String, IdiModels.Scores>> previous = new HashMap<>();
    for (AsOf run : runs) {
      IdiMethodology.Edition e = run.edition();
      IdiModels models = ev.models().get(e.methodology());
      Map<String, IdiModels.Choice> chains = ev.choice(e.methodology());
      IdiModels.Frame truthKnown = reproduced.get(e.edition());
      IdiModels.Frame truth = filled.get(e.edition());
      Map<String, IdiModels.Scores> prev = previous.computeIfAbsent(e.edition(), k -> previousScores(k, filled, ev));

      IdiModels.Series series = IdiImputation.series(run.latest().stream()
          .filter(l -> seriesIndicators.contains(l.indicator())).toList());
      List<IdiNowcast.Input> inputs = new IdiNowcast(methodology).inputs(run.latest(), List.of(e.edition()));
      Map<String, Boolean> realTime = new HashMap<>();
      inputs.forEach(in -> realTime.put(in.cell().iso3() + "|" + in.cell().indicator(), in.realTime()));
      IdiModels.Frame raw = imputation.withAllIndicators(imputation.frames(
              inputs.stream().map(IdiNowcast.Input::cell).toList(), series))
          .getOrDefault(e.edition(), new IdiModels.Frame(e, series));
      Set<String> borrowed = new TreeSet<>();
      for (String i : models.indicators()) {
        long known = raw.economies().stream().filter(iso -> raw.cell(iso, i) != null && raw.cell(iso, i).known()).count();
        if (known < worldMinDonors()) {
          borrowed.add(i);
        }
      }
      borrowedBy.put(e.edition() + "/" + run.lag(), borrowed);
      IdiModels.Frame aged = models.age(raw, IdiNowcast.TREND_MIN_AGE);
      IdiModels.Frame nowcast = models.impute(aged, i -> borrowed.contains(i) ? truthKnown : aged, chains);
      IdiModels.Frame lastValue = models.impute(raw, i -> borrowed.contains(i) ? truthKnown : raw,
          models.only(IdiModels.PEER_MEAN));

      for (String iso3 : raw.economies()) {
        Map<String, IdiModels.Cell> nc = nowcast.of(iso3);
        // per-input residuals against ITU's input (every economy with both)
        Map<String, String> classes = new LinkedHashMap<>();
        int[] counts = new int[6]; // observed, lagged, carried, imputed, borrowed, pseudo real time
        for (String i : models.indicators()) {
          IdiModels.Cell c = nc.get(i);
          if (c == null || c.value() == null) {
            continue;
          }
          String cls = IdiIntervals.inputClass(c, e.referenceYear(), false);
          classes.put(i, cls);
          counts[cls.equals("observed") ? 0 : cls.equals("lagged") ? 1 : cls.equals("carried") ? 2 : 3]++;
          if (cls.startsWith("imputed") && borrowed.contains(i)) {
            counts[4]++;
          }
          if (!cls.startsWith("imputed") && Boolean.FALSE.equals(realTime.get(iso3 + "|" + i))) {
            counts[5]++;
          }
          IdiModels.Cell t = truthKnown.cell(iso3, i);
          if (t != null && t.known()) {
            IdiMethodology.Goalpost g = models.goalpost(i);
            inputResiduals.add(new IdiIntervals.InputResidual(iso3, i, cls, g.score(c.value()) - g.score(t.value())));
          }
        }
        // score residuals: economies the nowcast scores whose reproduced score rests on ITU's inputs only
        Map<String, IdiModels.Cell> tc = truth.of(iso3);
        // (ITU's inclusion rule applies at the edition's own cut-off; older cuts score every economy,
        // since they stand for inputs that are old, not for economies ITU would leave out)
        if (tc.isEmpty() || tc.values().stream().anyMatch(c -> IdiScoring.IMPUTED.equals(c.provenance()))
            || !models.included(tc, e) || run.lag() == 0 && !models.included(nc, e)) {
          continue;
        }
        IdiModels.Scores ts = models.score(tc);
        IdiModels.Scores ns = models.score(nc);
        if (ts.idi() == null || ns.idi() == null) {
          continue;
        }
        IdiModels.Scores ls = models.score(lastValue.of(iso3));
        IdiModels.Scores ps = prev.get(iso3);
        String[] cls = classification.getOrDefault(iso3, new String[2]);
        for (String m : IdiModels.MEASURES) {
          rows.add(new EconomyRow(e.edition(), run.lag(), iso3, cls[0], cls[1], m, ts.get(m), ns.get(m),
              ps == null ? null : ps.get(m), ls.get(m), counts));
          scoreResiduals.add(new IdiIntervals.ScoreResidual(iso3, m, ns.get(m), ts.get(m), classes));
        }
      }
    }
    // the imputation's leave-one-out errors are residuals of imputed inputs too
    for (Map.Entry<Integer, List<IdiModels.HeldOut>> h : ev.heldOut().entrySet()) {
      String m = ev.methodologyOf().get(h.getKey());
      IdiModels models = ev.models().get(m);
      for (IdiModels.HeldOut held : h.getValue()) {
        IdiModels.Prediction p = IdiModels.first(held, ev.choice(m).get(held.actual().indicator()).chain());
        if (p != null) {
          inputResiduals.add(new IdiIntervals.InputResidual(held.actual().iso3(), held.actual().indicator(),
              "imputed_" + p.model(), models.scoreError(p, held.actual())));
        }
      }
    }
    List<double[]> outOfSample = IdiIntervals.leaveOneEconomyOut(inputResiduals, scoreResiduals, goalposts(ev));
    return new Result(rows, inputResiduals, scoreResiduals, outOfSample, borrowedBy);
  }

  /** Goalposts by indicator over every methodology of the evaluation. */
  static Map<String, IdiMethodology.Goalpost> goalposts(IdiImputation.Evaluation ev) {
    Map<String, IdiMethodology.Goalpost> out = new LinkedHashMap<>();
    ev.models().values().forEach(m -> m.indicators().forEach(i -> out.putIfAbsent(i, m.goalpost(i))));
    return out;
  }

  private int worldMinDonors() {
    return methodology.levels().stream().filter(l -> l.level().equals("world"))
        .mapToInt(IdiMethodology.Level::minDonors).findFirst().orElse(10);
  }

  /**
   * The previous edition's scores per economy: ITU's published scores (idi/published_idi.csv) where
   * the lake has them, else the lake's reproduced scores of that edition.
   */
  private Map<String, IdiModels.Scores> previousScores(int edition, Map<Integer, IdiModels.Frame> filled,
      IdiImputation.Evaluation ev) {
    Map<String, IdiModels.Scores> out = new TreeMap<>();
    IdiModels.Frame f = filled.get(edition - 1);
    if (f != null) {
      IdiModels models = ev.models().get(f.edition.methodology());
      for (String iso3 : f.economies()) {
        if (models.included(f.of(iso3), f.edition)) {
          IdiModels.Scores s = models.score(f.of(iso3));
          if (s.idi() != null) {
            out.put(iso3, s);
          }
        }
      }
    }
    Map<String, Map<String, Double>> published = new TreeMap<>();
    for (Map<String, String> r : ResourceTable.load("idi/published_idi.csv").rows()) {
      if (Integer.parseInt(r.get("edition").trim()) == edition - 1) {
        String measure = switch (r.get("measure")) {
          case "idi_universal" -> "universal";
          case "idi_meaningful" -> "meaningful";
          default -> r.get("measure");
        };
        published.computeIfAbsent(r.get("iso3"), k -> new HashMap<>()).put(measure, Double.valueOf(r.get("value")));
      }
    }
    published.forEach((iso3, v) -> out.put(iso3, new IdiModels.Scores(v.get("idi"), v.get("universal"),
        v.get("meaningful"))));
    return out;
  }

  // ------------------------------------------------------------------------------------------ tables

  /** gold.idi_nowcast_backtest_economy. */
  static Dataset<Row> economyTable(SparkSession spark, Result r) {
    List<Row> out = new ArrayList<>();
    Map<String, double[]> intervals = intervalsByKey(r);
    for (EconomyRow e : r.rows()) {
      double[] iv = intervals.get(key(e.edition(), e.lag(), e.iso3(), e.measure()));
      Boolean in = iv == null ? null : e.truth() >= iv[0] && e.truth() <= iv[1];
      int[] c = e.counts();
      out.add(RowFactory.create(e.edition(), e.lag(), e.iso3(), e.region(), e.income(), e.measure(), e.truth(),
          e.nowcast(), e.error(NOWCAST), iv == null ? null : iv[0], iv == null ? null : iv[1], in, e.previous(),
          e.error(PREVIOUS_EDITION), e.lastValue(), e.error(LAST_VALUE), c[0], c[1], c[2], c[3], c[4], c[5]));
    }
    return DriverRowsFrame.of(spark, out, ECONOMY);
  }

  private static String key(int edition, int lag, String iso3, String measure) {
    return edition + "|" + lag + "|" + iso3 + "|" + measure;
  }

  /** The out-of-sample intervals by edition, lag, economy and measure (score residuals are in row order). */
  private static Map<String, double[]> intervalsByKey(Result r) {
    Map<String, double[]> out = new HashMap<>();
    for (int i = 0; i < r.rows().size(); i++) {
      EconomyRow e = r.rows().get(i);
      out.put(key(e.edition(), e.lag(), e.iso3(), e.measure()), r.outOfSample().get(i));
    }
    return out;
  }

  /** Error statistics of one method on a set of economies. */
  record Stats(int n, double mae, double rmse, double max, double within1, double within2) {
    static Stats of(List<Double> errors) {
      int n = errors.size();
      if (n == 0) {
        return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      double abs = 0, sq = 0, max = 0, w1 = 0, w2 = 0;
      for (double e : errors) {
        double a = Math.abs(e);
        abs += a;
        sq += e * e;
        max = Math.max(max, a);
        w1 += a <= 1 ? 1 : 0;
        w2 += a <= 2 ? 1 : 0;
      }
      return new Stats(n, abs / n, Math.sqrt(sq / n), max, w1 / n, w2 / n);
    }
  }

  /**
   * gold.idi_nowcast_backtest: per edition, lag, measure and group (all economies, each ITU region,
   * each income group), one row per method. A baseline's row also gives the nowcast's error on the
   * baseline's economies and whether the nowcast beats it there (lower mean absolute error);
   * {@code beats_both} is true when it beats both baselines, null when a baseline has no economy
   * in the group. The nowcast's rows carry the out-of-sample coverage of its 80% intervals.
   */
  static Dataset<Row> summaryTable(SparkSession spark, Result r) {
    Map<String, double[]> intervals = intervalsByKey(r);
    Map<String, List<EconomyRow>> groups = new LinkedHashMap<>();
    for (EconomyRow e : r.rows()) {
      String base = e.edition() + "|" + e.lag() + "|" + e.measure() + "|";
      groups.computeIfAbsent(base + "all|ALL", k -> new ArrayList<>()).add(e);
      if (e.region() != null) {
        groups.computeIfAbsent(base + "itu_region|" + e.region(), k -> new ArrayList<>()).add(e);
      }
      if (e.income() != null) {
        groups.computeIfAbsent(base + "income_group|" + e.income(), k -> new ArrayList<>()).add(e);
      }
    }
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, List<EconomyRow>> g : groups.entrySet()) {
      String[] k = g.getKey().split("\\|");
      int edition = Integer.parseInt(k[0]);
      int lag = Integer.parseInt(k[1]);
      List<EconomyRow> members = g.getValue();
      Map<String, Stats> stats = new LinkedHashMap<>();
      Map<String, Double> nowcastSame = new LinkedHashMap<>();
      for (String m : METHODS) {
        List<Double> errors = new ArrayList<>();
        List<Double> nowcastErrors = new ArrayList<>();
        for (EconomyRow e : members) {
          if (e.error(m) != null && e.error(NOWCAST) != null) {
            errors.add(e.error(m));
            nowcastErrors.add(e.error(NOWCAST));
          }
        }
        stats.put(m, Stats.of(errors));
        nowcastSame.put(m, Stats.of(nowcastErrors).mae());
      }
      Boolean beatsPrevious = beats(stats.get(PREVIOUS_EDITION), nowcastSame.get(PREVIOUS_EDITION));
      Boolean beatsLast = beats(stats.get(LAST_VALUE), nowcastSame.get(LAST_VALUE));
      Boolean both = beatsPrevious == null || beatsLast == null ? null : beatsPrevious && beatsLast;
      int covered = 0, checked = 0, pseudo = 0, inputs = 0;
      double width = 0;
      for (EconomyRow e : members) {
        double[] iv = intervals.get(key(e.edition(), e.lag(), e.iso3(), e.measure()));
        if (iv != null && e.nowcast() != null) {
          checked++;
          covered += e.truth() >= iv[0] && e.truth() <= iv[1] ? 1 : 0;
          width += iv[1] - iv[0];
        }
        int[] c = e.counts();
        pseudo += c[5];
        inputs += c[0] + c[1] + c[2];
      }
      Set<String> borrowed = r.borrowed().getOrDefault(edition + "/" + lag, Set.of());
      for (String m : METHODS) {
        Stats s = stats.get(m);
        boolean isNowcast = m.equals(NOWCAST);
        out.add(RowFactory.create(edition, lag, k[2], k[3], k[4], m, s.n(), nan(s.mae()), nan(s.rmse()), nan(s.max()),
            nan(s.within1()), nan(s.within2()), isNowcast ? null : nan(nowcastSame.get(m)),
            isNowcast ? null : beats(s, nowcastSame.get(m)), both,
            isNowcast && checked > 0 ? (double) covered / checked : null,
            isNowcast && checked > 0 ? width / checked : null, isNowcast ? CHECK : null,
            isNowcast && inputs > 0 ? (double) pseudo / inputs : null,
            borrowed.isEmpty() ? null : String.join(" ", borrowed)));
      }
    }
    return DriverRowsFrame.of(spark, out, SUMMARY);
  }

  /** Whether the nowcast's mean absolute error on the baseline's economies is below the baseline's; null without economies. */
  private static Boolean beats(Stats baseline, Double nowcastMae) {
    return baseline.n() == 0 || nowcastMae == null || nowcastMae.isNaN() ? null : nowcastMae < baseline.mae();
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** gold.idi_interval_calibration: every input σ and each measure's quantiles of the fitted model. */
  static Dataset<Row> calibrationTable(SparkSession spark, IdiIntervals.Model model, String calibratedOn) {
    List<Row> out = new ArrayList<>();
    model.allQuantiles().forEach((key, q) -> {
      String[] k = key.split("\\|");
      out.add(RowFactory.create("score", k[0], null, k[1], (int) q[2], null,
          "standardized backtest errors, " + (k[1].equals(IdiIntervals.ALL_STRATA) ? "every stratum"
              : "oldest estimated input " + k[1]), q[0], q[1], IdiIntervals.COVERAGE, calibratedOn));
    });
    for (IdiIntervals.Sigma s : model.sigmas()) {
      out.add(RowFactory.create("input", null, s.indicator(), s.inputClass(), s.residuals(), nan(s.rms()), s.basis(),
          null, null, IdiIntervals.COVERAGE, calibratedOn));
    }
    return DriverRowsFrame.of(spark, out, CALIBRATION);
  }

  /** Which backtests the model was calibrated on, e.g. {@code 2024 (lags 0,1,2)}. */
  static String calibratedOn(List<AsOf> runs) {
    Map<Integer, Set<Integer>> lags = new TreeMap<>();
    runs.forEach(a -> lags.computeIfAbsent(a.edition().edition(), k -> new LinkedHashSet<>()).add(a.lag()));
    List<String> parts = new ArrayList<>();
    lags.forEach((e, l) -> parts.add(e + " (data lags " + String.join(",", l.stream().map(String::valueOf).toList())
        + ")"));
    return parts.isEmpty() ? "no backtest" : String.join("; ", parts) + " and the imputation's leave-one-out";
  }
}
