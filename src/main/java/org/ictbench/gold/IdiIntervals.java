package org.ictbench.gold;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * 80% intervals for IDI scores that rest on estimated inputs, calibrated on backtest residuals:
 * <ol>
 *   <li>each input's error scale σ is the root mean square of the score errors (predicted − actual,
 *       score points) of inputs of the same indicator and class in the backtests and the
 *       imputation's leave-one-out: {@code observed} (a value for the reference year), {@code lagged}
 *       (one year older, moved by the peers' trend), {@code carried} (two or more years older),
 *       {@code imputed_<model>}; ITU's own inputs ({@code itu}) have none. A cell with fewer than
 *       {@value #MIN_POOL} residuals takes its class over every indicator, then every residual;</li>
 *   <li>a score's scale is σ = √Σ (w·σ_input)², w the input's weight in the IDI or its pillar;</li>
 *   <li>the interval is [estimate − q₉₀·σ, estimate − q₁₀·σ], where q₁₀ and q₉₀ are the 10th and
 *       90th percentiles of the backtest's standardized errors (estimate − truth) / σ for that
 *       measure and stratum (the class of the score's oldest estimated input: {@code observed},
 *       {@code lagged} or {@code carried}; {@code imputed} when only imputed inputs are estimated),
 *       or over every stratum when the stratum has fewer than {@value #MIN_STRATUM}: the
 *       calibration absorbs what the independence of step 2 gets wrong, and a bias.</li>
 * </ol>
 * Plain Java on the driver: the residuals are a few thousand numbers.
 */
final class IdiIntervals {
  /** The interval's nominal coverage. */
  static final double COVERAGE = 0.8;
  /** The share of standardized errors beyond each end of the interval. */
  static final double TAIL = (1 - COVERAGE) / 2;
  static final int MIN_POOL = 10;
  static final int MIN_STRATUM = 20;
  static final String ALL_STRATA = "all";
  /** Smallest σ a standardized residual divides by (score points), so exact inputs cannot divide by zero. */
  static final double SIGMA_FLOOR = 0.05;
  static final String ITU = "itu";

  /** One input's error in a backtest or a leave-one-out, in score points (predicted − actual). */
  record InputResidual(String iso3, String indicator, String inputClass, double error) {}

  /** One score's estimate against the truth, with each input's class (indicator → class). */
  record ScoreResidual(String iso3, String measure, double estimate, double truth, Map<String, String> classes) {}

  /** An input's error scale and what it was pooled over. */
  record Sigma(String indicator, String inputClass, int residuals, double rms, String basis) {}

  /** The class of an input for the intervals. */
  static String inputClass(IdiModels.Cell c, int referenceYear, boolean itusInputs) {
    if (IdiScoring.IMPUTED.equals(c.provenance())) {
      String m = c.method() == null ? "" : c.method();
      int colon = m.indexOf(':');
      return "imputed_" + (colon > 0 ? m.substring(0, colon) : IdiModels.PEER);
    }
    if (itusInputs) {
      return ITU;
    }
    int age = c.age(referenceYear);
    return age <= 0 ? "observed" : age == 1 ? "lagged" : "carried";
  }

  /** The class of a score's oldest estimated input (see the class comment). */
  static String stratum(Map<String, String> classes) {
    if (classes.containsValue("carried")) {
      return "carried";
    }
    if (classes.containsValue("lagged")) {
      return "lagged";
    }
    if (classes.containsValue("observed")) {
      return "observed";
    }
    return "imputed";
  }

  /** A fitted interval model. */
  static final class Model {
    private final Map<String, Sigma> sigmas = new LinkedHashMap<>();
    private final Map<String, List<Double>> byIndicatorClass = new LinkedHashMap<>();
    private final Map<String, List<Double>> byClass = new LinkedHashMap<>();
    private final List<Double> all = new ArrayList<>();
    private final Map<String, double[]> quantiles = new LinkedHashMap<>(); // measure|stratum → {q10, q90, n}
    private final Map<String, IdiMethodology.Goalpost> goalposts;

    private Model(Map<String, IdiMethodology.Goalpost> goalposts) {
      this.goalposts = goalposts;
    }

    /** σ of one input; 0 for ITU's own inputs, NaN when there are no residuals at all. */
    Sigma sigma(String indicator, String inputClass) {
      if (ITU.equals(inputClass)) {
        return new Sigma(indicator, inputClass, 0, 0, "ITU's input");
      }
      return sigmas.computeIfAbsent(indicator + "|" + inputClass, k -> {
        List<Double> own = byIndicatorClass.getOrDefault(k, List.of());
        if (own.size() >= MIN_POOL) {
          return new Sigma(indicator, inputClass, own.size(), rms(own), "indicator and class");
        }
        List<Double> cls = byClass.getOrDefault(inputClass, List.of());
        if (cls.size() >= MIN_POOL) {
          return new Sigma(indicator, inputClass, cls.size(), rms(cls), "class, every indicator");
        }
        return new Sigma(indicator, inputClass, all.size(), all.isEmpty() ? Double.NaN : rms(all),
            "every class and indicator");
      });
    }

    /** The score's σ from its inputs' classes: √Σ (w·σ)². */
    double scale(String measure, Map<String, String> classes) {
      double v = 0;
      for (Map.Entry<String, String> e : classes.entrySet()) {
        IdiMethodology.Goalpost g = goalposts.get(e.getKey());
        if (g == null) {
          continue;
        }
        double w = weight(g, measure);
        double s = sigma(e.getKey(), e.getValue()).rms();
        v += w * w * s * s;
      }
      return Math.sqrt(v);
    }

    /**
     * The interval's offsets from the estimate {lower, upper} (add them to the estimate); null
     * when the measure has no calibration.
     */
    double[] offsets(String measure, Map<String, String> classes) {
      double[] q = quantiles(measure, stratum(classes));
      double s = scale(measure, classes);
      if (q == null || Double.isNaN(s)) {
        return null;
      }
      return new double[] {-q[1] * s, -q[0] * s};
    }

    /** {low, high}, clipped to [0, 100]; null without calibration. */
    double[] interval(String measure, double estimate, Map<String, String> classes) {
      double[] o = offsets(measure, classes);
      return o == null ? null : new double[] {clip(estimate + o[0]), clip(estimate + o[1])};
    }

    /**
     * {q10, q90, residuals} of the standardized errors of a measure in a stratum, or over every
     * stratum when the stratum has too few ({@link #ALL_STRATA} asks for those directly); null
     * without any.
     */
    double[] quantiles(String measure, String stratum) {
      double[] q = quantiles.get(measure + "|" + stratum);
      return q != null ? q : quantiles.get(measure + "|" + ALL_STRATA);
    }

    /** The fitted quantiles by "measure|stratum". */
    Map<String, double[]> allQuantiles() {
      return quantiles;
    }

    /** Every σ the model has been asked for or could give, for the calibration table. */
    List<Sigma> sigmas() {
      for (String k : byIndicatorClass.keySet()) {
        String[] p = k.split("\\|", 2);
        sigma(p[0], p[1]);
      }
      return List.copyOf(sigmas.values());
    }
  }

  static double weight(IdiMethodology.Goalpost g, String measure) {
    return switch (measure) {
      case "idi" -> g.weightInIdi();
      case "universal", "meaningful" -> g.pillar().equals(measure) ? g.weightInPillar() : 0;
      default -> throw new IllegalArgumentException(measure);
    };
  }

  private static double clip(double v) {
    return Math.min(100, Math.max(0, v));
  }

  static double rms(List<Double> xs) {
    double s = 0;
    for (double x : xs) {
      s += x * x;
    }
    return Math.sqrt(s / xs.size());
  }

  /** Type-7 percentile (linear between order statistics, as numpy's default and Spark's percentile). */
  static double percentile(double[] values, double p) {
    return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(values, p * 100);
  }

  /**
   * Fits the model on the residuals whose economy passes {@code keep} (all for the published
   * intervals; all but one economy for the leave-one-economy-out check).
   */
  static Model fit(List<InputResidual> inputs, List<ScoreResidual> scores,
      Map<String, IdiMethodology.Goalpost> goalposts, Predicate<String> keep) {
    Model m = new Model(goalposts);
    for (InputResidual r : inputs) {
      if (!keep.test(r.iso3()) || ITU.equals(r.inputClass())) {
        continue;
      }
      m.byIndicatorClass.computeIfAbsent(r.indicator() + "|" + r.inputClass(), k -> new ArrayList<>()).add(r.error());
      m.byClass.computeIfAbsent(r.inputClass(), k -> new ArrayList<>()).add(r.error());
      m.all.add(r.error());
    }
    Map<String, List<Double>> standardized = new LinkedHashMap<>();
    for (ScoreResidual s : scores) {
      if (!keep.test(s.iso3())) {
        continue;
      }
      double sigma = Math.max(SIGMA_FLOOR, m.scale(s.measure(), s.classes()));
      double t = (s.estimate() - s.truth()) / sigma;
      standardized.computeIfAbsent(s.measure() + "|" + ALL_STRATA, k -> new ArrayList<>()).add(t);
      standardized.computeIfAbsent(s.measure() + "|" + stratum(s.classes()), k -> new ArrayList<>()).add(t);
    }
    standardized.forEach((key, t) -> {
      double[] v = t.stream().mapToDouble(Double::doubleValue).toArray();
      boolean pooled = key.endsWith("|" + ALL_STRATA);
      if (v.length >= (pooled ? 2 : MIN_STRATUM)) {
        m.quantiles.put(key, new double[] {percentile(v, TAIL), percentile(v, 1 - TAIL), v.length});
      }
    });
    return m;
  }

  /**
   * Each score residual's interval from a model fitted without its economy's residuals (inputs and
   * scores): the out-of-sample check of the intervals. Same order as {@code scores}; null where the
   * measure has no calibration without that economy.
   */
  static List<double[]> leaveOneEconomyOut(List<InputResidual> inputs, List<ScoreResidual> scores,
      Map<String, IdiMethodology.Goalpost> goalposts) {
    return new LeaveOneEconomyOut(inputs, scores, goalposts).intervals();
  }
}
