package org.ictbench.gold;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * The models that fill and age IDI inputs, on one edition's economy × indicator frame (a few
 * thousand cells at most, held on the driver):
 * <ul>
 *   <li>{@code own_trend}: the economy's own newest older value of the indicator (from the curated
 *       series, strictly older than the year predicted) plus its peers' median change over the same
 *       gap, on the normalized scale; peers are tried by level as in the peer model;</li>
 *   <li>{@code related}: a least-absolute-deviations fit, over every economy of the edition, of the
 *       indicator's score on the economy's own related indicators ({@code idi/imputation_models.csv}: IDI
 *       indicators by their score, other catalog indicators by value, {@code log:} value or {@code inv:}
 *       reciprocal, {@code lag:N} the indicator's own score N years earlier, and {@code income_group} /
 *       {@code itu_region} as group effects);</li>
 *   <li>{@code peer}: the original peer-group line on the mean score of the related indicators of
 *       {@code idi/imputation.csv}, level by level ({@code idi/imputation_levels.csv}).</li>
 * </ul>
 * Per indicator the run orders the candidates by leave-one-out error ({@link #choose}) and a missing
 * input takes the first model of the chain that applies. The target economy is never its own donor,
 * so a leave-one-out prediction never sees the value it predicts.
 */
final class IdiModels {
  static final String PEER = "peer";
  static final String OWN_TREND = "own_trend";
  static final String RELATED = "related";
  /** The peer group's mean score, without a related indicator: the naive baselines' fill. */
  static final String PEER_MEAN = "peer_mean";
  private static final Set<String> GROUP_PREDICTORS = Set.of("income_group", "itu_region");
  /** A related model's predictor read as the natural log of a catalog indicator's value, or as its reciprocal. */
  private static final String LOG = "log:";
  private static final String INVERSE = "inv:";
  /** A related model's predictor read as the indicator's own score N years before the value predicted. */
  private static final String LAG = "lag:";

  /** True when {@code predictor} is a {@code lag:N} predictor, with N a positive whole number of years. */
  static boolean isValidLag(String predictor) {
    return isLag(predictor) && predictor.substring(LAG.length()).matches("[1-9][0-9]*");
  }

  /** True when {@code predictor} names the lag transform, well formed or not. */
  static boolean isLag(String predictor) {
    return predictor.startsWith(LAG);
  }

  /** One input of one economy in one edition; {@code method} says how an imputed or aged value was made. */
  record Cell(String iso3, int edition, String indicator, Double value, Integer dataYear, String provenance,
      Integer valueAge, String method) {
    boolean known() {
      return value != null && !IdiScoring.IMPUTED.equals(provenance);
    }

    int age(int referenceYear) {
      return valueAge != null ? valueAge : dataYear == null ? 0 : referenceYear - dataYear;
    }
  }

  /** A model's prediction: the model, the uncapped score, the value (clipped to the valid range) and how. */
  record Prediction(String model, double z, double value, String method) {}

  /** Curated observations by economy and indicator: year → value (the own-trend model and non-IDI predictors). */
  static final class Series {
    /** indicator → economy → year → value: nested, so that a lookup (the models' commonest step) makes no key. */
    private final Map<String, Map<String, TreeMap<Integer, Double>>> byIndicator = new HashMap<>();

    static Series empty() {
      return new Series();
    }

    void put(String iso3, String indicator, int year, double value) {
      byIndicator.computeIfAbsent(indicator, k -> new HashMap<>()).computeIfAbsent(iso3, k -> new TreeMap<>())
          .put(year, value);
    }

    NavigableMap<Integer, Double> get(String iso3, String indicator) {
      Map<String, TreeMap<Integer, Double>> byEconomy = byIndicator.get(indicator);
      NavigableMap<Integer, Double> s = byEconomy == null ? null : byEconomy.get(iso3);
      return s == null ? Collections.emptyNavigableMap() : s;
    }
  }

  /** One edition's inputs: economy → indicator → cell, with the series the edition may read. */
  static final class Frame {
    final IdiMethodology.Edition edition;
    final Series series;
    private final Map<String, Map<String, Cell>> cells = new TreeMap<>();
    /** The same cells hashed: the models look cells up far more often than they walk them in order. */
    private final Map<String, Map<String, Cell>> lookup = new HashMap<>();
    /** What the models derived from the cells once for every target economy; dropped when a cell is added. */
    private final Map<Object, Object> derived = new HashMap<>();

    Frame(IdiMethodology.Edition edition, Series series) {
      this.edition = edition;
      this.series = series;
    }

    void put(Cell c) {
      cells.computeIfAbsent(c.iso3(), k -> new TreeMap<>()).put(c.indicator(), c);
      lookup.computeIfAbsent(c.iso3(), k -> new HashMap<>()).put(c.indicator(), c);
      derived.clear();
    }

    Cell cell(String iso3, String indicator) {
      Map<String, Cell> m = lookup.get(iso3);
      return m == null ? null : m.get(indicator);
    }

    /** The value {@code make} derives from this frame's cells, made on first use of {@code key}. */
    @SuppressWarnings("unchecked")
    <T> T derived(Object key, Supplier<T> make) {
      Object v = derived.get(key);
      if (v == null) {
        v = make.get();
        derived.put(key, v);
      }
      return (T) v;
    }

    /** The economy's cells (indicator → cell); empty when the frame does not hold it. */
    Map<String, Cell> of(String iso3) {
      return cells.getOrDefault(iso3, Map.of());
    }

    Set<String> economies() {
      return cells.keySet();
    }

    List<Cell> all() {
      List<Cell> out = new ArrayList<>();
      cells.values().forEach(m -> out.addAll(m.values()));
      return out;
    }

    int referenceYear() {
      return edition.referenceYear();
    }
  }

  private final IdiMethodology methodology;
  private final String methodologyName;
  private final Map<String, IdiMethodology.Goalpost> goalposts = new LinkedHashMap<>();
  private final Map<String, IdiMethodology.ImputationRule> rules;
  private final List<IdiMethodology.Level> levels;
  private final Map<String, List<IdiMethodology.ModelCandidate>> candidates = new LinkedHashMap<>();
  private final Map<String, String[]> classification;

  /**
   * @param classification iso3 → {ITU region, income group} (either may be null)
   */
  IdiModels(IdiMethodology methodology, String methodologyName, Map<String, String[]> classification) {
    this.methodology = methodology;
    this.methodologyName = methodologyName;
    methodology.goalpostList(methodologyName).forEach(g -> goalposts.put(g.indicator(), g));
    this.rules = methodology.imputationRules(methodologyName);
    this.levels = methodology.levels();
    for (IdiMethodology.ModelCandidate c : methodology.modelCandidates(methodologyName)) {
      candidates.computeIfAbsent(c.indicator(), k -> new ArrayList<>()).add(c);
    }
    this.classification = classification;
  }

  List<String> indicators() {
    return List.copyOf(goalposts.keySet());
  }

  IdiMethodology.Goalpost goalpost(String indicator) {
    return goalposts.get(indicator);
  }

  List<IdiMethodology.ModelCandidate> candidates(String indicator) {
    return candidates.getOrDefault(indicator, List.of());
  }

  IdiMethodology methodology() {
    return methodology;
  }

  String methodologyName() {
    return methodologyName;
  }

  /** The key of what a frame derived for every target: the models, and the kind, indicator and detail. */
  private record Derived(IdiModels models, String kind, String indicator, Object detail) {}

  /** A donor of the peer models within one group: its value on the score scale and its mean related score (or null). */
  private record PeerDonor(String iso3, double z, Double x) {}

  /** A donor of the own-trend model: its score change over the gap. */
  private record PeerChange(String iso3, double change) {}

  /** A donor of a related model: its numeric features, its value on the score scale and its groups. */
  private record RelatedDonor(String iso3, double[] x, double z, List<String> groups) {}

  /** level → economy → group key (null: none at that level), filled as the models ask. */
  private final Map<String, Map<String, String>> groups = new HashMap<>();

  private String group(String iso3, String level) {
    Map<String, String> byEconomy = groups.computeIfAbsent(level, k -> new HashMap<>());
    String g = byEconomy.get(iso3);
    if (g == null && !byEconomy.containsKey(iso3)) {
      g = groupOf(iso3, level);
      byEconomy.put(iso3, g);
    }
    return g;
  }

  private String groupOf(String iso3, String level) {
    String[] c = classification.get(iso3);
    String region = c == null ? null : c[0];
    String income = c == null ? null : c[1];
    return switch (level) {
      case "world" -> "world";
      case "itu_region" -> region;
      case "income_group" -> income;
      default -> region != null && income != null ? region + "/" + income : null;
    };
  }

  private double clip(String indicator, double value) {
    IdiMethodology.ImputationRule r = rules.get(indicator);
    return r == null ? value : r.clip(value);
  }

  private Prediction prediction(String model, String indicator, double z, String method) {
    return new Prediction(model, z, clip(indicator, goalposts.get(indicator).value(z)), method);
  }

  /** The capped score of a known (not imputed) value of an IDI indicator, else null. */
  private Double knownScore(Frame f, String iso3, String indicator) {
    Cell c = f.cell(iso3, indicator);
    return c != null && c.known() ? goalposts.get(indicator).score(c.value()) : null;
  }

  // ------------------------------------------------------------------------------------------ peer

  /** Mean capped score of the economy's known values of the peer model's related indicators. */
  private Double peerX(Frame f, String iso3, String indicator) {
    IdiMethodology.ImputationRule rule = rules.get(indicator);
    if (rule == null) {
      return null;
    }
    double sum = 0;
    int n = 0;
    for (String p : rule.predictors()) {
      Double s = goalposts.containsKey(p) ? knownScore(f, iso3, p) : null;
      if (s != null) {
        sum += s;
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  /**
   * The peer model: in the first level whose group has enough donors (economies other than the
   * target with a known value), a least-squares line of the score on the mean related score, or the
   * group's mean score when the target has no related value.
   */
  Prediction peer(Frame target, Frame donors, String iso3, String indicator) {
    Double x = peerX(target, iso3, indicator);
    for (IdiMethodology.Level level : levels) {
      String key = group(iso3, level.level());
      if (key == null) {
        continue;
      }
      double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, n0 = 0, sy0 = 0;
      for (PeerDonor d : peerDonors(donors, indicator, level.level(), key)) {
        if (d.iso3().equals(iso3)) {
          continue;
        }
        double z = d.z();
        n0++;
        sy0 += z;
        Double xe = d.x();
        if (xe != null) {
          n++;
          sx += xe;
          sy += z;
          sxx += xe * xe;
          sxy += xe * z;
        }
      }
      if (x != null) {
        double det = n * sxx - sx * sx;
        if (n >= level.minDonors() && det > n * n * 1e-9) {
          double b = (n * sxy - sx * sy) / det;
          double z = (sy - b * sx) / n + b * x;
          return prediction(PEER, indicator, z, "ols within " + level.level() + " " + key + " n=" + (int) n
              + " x=" + BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_UP).toPlainString());
        }
      } else if (n0 >= level.minDonors()) {
        return prediction(PEER, indicator, sy0 / n0, "mean within " + level.level() + " " + key + " n=" + (int) n0);
      }
    }
    return null;
  }

  /**
   * The donor frame's economies with a known value of the indicator in group {@code key} of {@code level},
   * in frame order: the same for every target, which only leaves itself out.
   */
  private List<PeerDonor> peerDonors(Frame donors, String indicator, String level, String key) {
    return donors.derived(new Derived(this, PEER, indicator, List.of(level, key)), () -> {
      List<PeerDonor> out = new ArrayList<>();
      for (String e : donors.economies()) {
        Cell c = donors.cell(e, indicator);
        if (c != null && c.known() && key.equals(group(e, level))) {
          out.add(new PeerDonor(e, goalposts.get(indicator).z(c.value()), peerX(donors, e, indicator)));
        }
      }
      return out;
    });
  }

  // ------------------------------------------------------------------------------------------ related

  /** The numeric features of {@code predictors} for one economy (null when one is missing); groups excluded. */
  private double[] features(Frame f, String iso3, String indicator, int year, List<String> predictors) {
    List<String> numeric = predictors.stream().filter(p -> !GROUP_PREDICTORS.contains(p)).toList();
    double[] out = new double[numeric.size()];
    for (int i = 0; i < numeric.size(); i++) {
      Double v = feature(f, iso3, indicator, year, numeric.get(i));
      if (v == null) {
        return null;
      }
      out[i] = v;
    }
    return out;
  }

  /**
   * The catalog indicator a related model's predictor reads: the predictor itself, or what follows its
   * transform ({@code log:} natural log of the value, {@code inv:} its reciprocal, e.g. a price as a
   * share of income against 1 / income); null for {@code lag:N}, which reads the predicted indicator.
   */
  static String seriesIndicator(String predictor) {
    if (isLag(predictor)) {
      return null;
    }
    if (predictor.startsWith(LOG)) {
      return predictor.substring(LOG.length());
    }
    return predictor.startsWith(INVERSE) ? predictor.substring(INVERSE.length()) : predictor;
  }

  /**
   * One predictor of a related model for one economy, null when missing: {@code lag:N} the economy's
   * own score of {@code indicator} N years before {@code year} (the year of the value predicted); an
   * IDI indicator its known score in the frame; any other catalog indicator its newest value at or
   * before the reference year, at most carry_forward_max_years old, else the next year's (a series
   * the publisher started a year after the reference year still describes the economy; a backtest
   * sees only what its as-of view held).
   */
  private Double feature(Frame f, String iso3, String indicator, int year, String predictor) {
    if (isLag(predictor)) {
      Double v = f.series.get(iso3, indicator).get(year - Integer.parseInt(predictor.substring(LAG.length())));
      return v == null ? null : goalposts.get(indicator).z(v);
    }
    if (goalposts.containsKey(predictor)) {
      return knownScore(f, iso3, predictor);
    }
    int r = f.referenceYear();
    NavigableMap<Integer, Double> series = f.series.get(iso3, seriesIndicator(predictor));
    Map.Entry<Integer, Double> e = series.floorEntry(r);
    if (e == null || e.getKey() < r - f.edition.carryForwardMaxYears()) {
      e = series.ceilingEntry(r);
      if (e == null || e.getKey() > r + 1) {
        return null;
      }
    }
    double v = e.getValue();
    if (predictor.startsWith(LOG)) {
      return v > 0 ? Math.log(v) : null;
    }
    if (predictor.startsWith(INVERSE)) {
      return v > 0 ? 1 / v : null;
    }
    return v;
  }

  /**
   * The related model: a least-absolute-deviations fit of the indicator's score on the economy's own
   * related indicators (plus group effects when listed), fitted on every other economy of the donor
   * frame with a known value and all predictors. Needs the world level's donors plus one per term.
   */
  Prediction related(Frame target, Frame donors, String iso3, String indicator, int targetYear,
      List<String> predictors) {
    double[] x = features(target, iso3, indicator, targetYear, predictors);
    if (x == null) {
      return null;
    }
    List<String> groupPredictors = predictors.stream().filter(GROUP_PREDICTORS::contains).toList();
    List<String> targetGroups = new ArrayList<>();
    for (String g : groupPredictors) {
      String key = group(iso3, g);
      if (key == null) {
        return null;
      }
      targetGroups.add(key);
    }
    List<double[]> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    List<List<String>> gs = new ArrayList<>();
    for (RelatedDonor d : relatedDonors(donors, indicator, predictors, groupPredictors)) {
      if (!d.iso3().equals(iso3)) {
        xs.add(d.x());
        ys.add(d.z());
        gs.add(d.groups());
      }
    }
    // group effects: one indicator column per group other than each predictor's first (sorted) group
    List<List<String>> dummies = new ArrayList<>();
    for (int g = 0; g < groupPredictors.size(); g++) {
      Set<String> seen = new TreeSet<>();
      for (List<String> ge : gs) {
        seen.add(ge.get(g));
      }
      if (!seen.contains(targetGroups.get(g))) {
        return null; // no donor shares the target's group: its effect cannot be estimated
      }
      List<String> levelsOf = new ArrayList<>(seen);
      dummies.add(levelsOf.subList(1, levelsOf.size()));
    }
    int terms = x.length + dummies.stream().mapToInt(List::size).sum();
    int n = ys.size();
    if (n < worldMinDonors() + terms + 1) {
      return null;
    }
    double[][] design = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      design[i] = row(xs.get(i), gs.get(i), dummies, terms);
      y[i] = ys.get(i);
    }
    double[] beta;
    try {
      beta = leastAbsoluteDeviations(design, y);
    } catch (MathIllegalArgumentException e) {
      return null; // collinear or too few distinct rows: the model does not apply
    }
    double[] t = row(x, targetGroups, dummies, terms);
    return prediction(RELATED, indicator, fitted(beta, t), "lad on " + String.join(" ", predictors) + " n=" + n);
  }

  /**
   * The donor frame's economies with a known value of the indicator and every predictor, in frame order:
   * the same for every target, which only leaves itself out.
   */
  private List<RelatedDonor> relatedDonors(Frame donors, String indicator, List<String> predictors,
      List<String> groupPredictors) {
    return donors.derived(new Derived(this, RELATED, indicator, predictors), () -> {
      List<RelatedDonor> out = new ArrayList<>();
      for (String e : donors.economies()) {
        Cell c = donors.cell(e, indicator);
        if (c == null || !c.known()) {
          continue;
        }
        double[] xe = features(donors, e, indicator, c.dataYear() == null ? donors.referenceYear() : c.dataYear(),
            predictors);
        List<String> ge = new ArrayList<>();
        for (String g : groupPredictors) {
          ge.add(group(e, g));
        }
        if (xe != null && !ge.contains(null)) {
          out.add(new RelatedDonor(e, xe, goalposts.get(indicator).z(c.value()), ge));
        }
      }
      return out;
    });
  }

  /** Reweighting rounds: ten bring the leave-one-out error within 0.01 score points of a hundred. */
  private static final int LAD_MAX_ITERATIONS = 10;
  /** Residuals below this (score points) weigh as much as it: keeps the weights finite on exact fits. */
  private static final double LAD_RESIDUAL_FLOOR = 1e-6;

  /**
   * The least-absolute-deviations line (intercept first): the fit that minimizes the sum of absolute
   * errors, the measure the chain is chosen and evaluated on, and one a few far-off donors cannot
   * pull the way they pull a least-squares line. Approximated by iteratively reweighted least squares
   * from the least-squares line: each round is commons-math's least squares on the rows weighted by
   * 1 / |residual|.
   */
  static double[] leastAbsoluteDeviations(double[][] design, double[] y) {
    double[] beta = weightedLeastSquares(design, y, null);
    double[] weights = new double[y.length];
    for (int it = 0; it < LAD_MAX_ITERATIONS; it++) {
      for (int i = 0; i < y.length; i++) {
        weights[i] = 1 / Math.max(Math.abs(y[i] - fitted(beta, design[i])), LAD_RESIDUAL_FLOOR);
      }
      double[] next;
      try {
        next = weightedLeastSquares(design, y, weights);
      } catch (MathIllegalArgumentException e) {
        break; // the weights made the system numerically singular: keep the last round's line
      }
      double change = 0;
      for (int j = 0; j < beta.length; j++) {
        change = Math.max(change, Math.abs(next[j] - beta[j]) / (1 + Math.abs(beta[j])));
      }
      beta = next;
      if (change < 1e-6) {
        break;
      }
    }
    return beta;
  }

  /**
   * Least squares with an intercept (first), each row weighted by {@code weights} (null: all 1): the rows
   * scaled by the weights' square roots, the intercept as a column of its own so that it is weighted too.
   */
  private static double[] weightedLeastSquares(double[][] design, double[] y, double[] weights) {
    double[][] xs = new double[y.length][design[0].length + 1];
    double[] ys = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double s = weights == null ? 1 : Math.sqrt(weights[i]);
      xs[i][0] = s;
      for (int j = 0; j < design[i].length; j++) {
        xs[i][j + 1] = s * design[i][j];
      }
      ys[i] = s * y[i];
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.setNoIntercept(true);
    ols.newSampleData(ys, xs);
    return ols.estimateRegressionParameters();
  }

  private static double fitted(double[] beta, double[] x) {
    double z = beta[0];
    for (int i = 0; i < x.length; i++) {
      z += beta[i + 1] * x[i];
    }
    return z;
  }

  private static double[] row(double[] x, List<String> groups, List<List<String>> dummies, int terms) {
    double[] r = new double[terms];
    System.arraycopy(x, 0, r, 0, x.length);
    int k = x.length;
    for (int g = 0; g < dummies.size(); g++) {
      for (String level : dummies.get(g)) {
        r[k++] = level.equals(groups.get(g)) ? 1 : 0;
      }
    }
    return r;
  }

  private int worldMinDonors() {
    return levels.stream().filter(l -> l.level().equals("world")).mapToInt(IdiMethodology.Level::minDonors)
        .findFirst().orElse(10);
  }

  // ------------------------------------------------------------------------------------------ own trend

  /**
   * The own-trend model for a value of year {@code targetYear}: the economy's newest value of the
   * indicator strictly before it (at most carry_forward_max_years older, or {@code maxGapYears} when
   * given and smaller) plus its peers' median score change over the same gap. Null when there is no
   * such value or no level has enough peers.
   */
  Prediction ownTrend(Frame target, Frame donors, String iso3, String indicator, int targetYear, Integer maxGapYears) {
    int maxGap = maxGapYears == null ? target.edition.carryForwardMaxYears()
        : Math.min(maxGapYears, target.edition.carryForwardMaxYears());
    Map.Entry<Integer, Double> own = target.series.get(iso3, indicator).lowerEntry(targetYear);
    if (own == null || own.getKey() < targetYear - maxGap) {
      return null;
    }
    return trend(donors, iso3, indicator, own.getValue(), own.getKey(), targetYear, "own " + own.getKey() + " value");
  }

  /**
   * A value of year {@code fromYear} moved to {@code targetYear} by the peers' median score change
   * over that gap: peers are the donor frame's other economies with a known value (not itself
   * aged or imputed) and a curated value {@code gap} years before it. A peer with a value for the
   * target year gives the change up to it; one whose newest value is older gives its latest
   * change over the same gap (the trend is extrapolated).
   */
  Prediction trend(Frame donors, String iso3, String indicator, double fromValue, int fromYear, int targetYear,
      String what) {
    int gap = targetYear - fromYear;
    IdiMethodology.Goalpost g = goalposts.get(indicator);
    for (IdiMethodology.Level level : levels) {
      String key = group(iso3, level.level());
      if (key == null) {
        continue;
      }
      List<Double> changes = new ArrayList<>();
      for (PeerChange d : peerChanges(donors, indicator, level.level(), key, gap)) {
        if (!d.iso3().equals(iso3)) {
          changes.add(d.change());
        }
      }
      if (changes.size() >= level.minDonors()) {
        double change = new Median().evaluate(changes.stream().mapToDouble(Double::doubleValue).toArray());
        return prediction(OWN_TREND, indicator, g.z(fromValue) + change, String.format(Locale.ROOT,
            "%s + peers' %d-year trend within %s %s n=%d (%+.2f score points)", what, gap, level.level(), key,
            changes.size(), change));
      }
    }
    return null;
  }

  /**
   * The donor frame's economies in group {@code key} of {@code level} with a known, unaged value of the
   * indicator and a curated value {@code gap} years before it, with their score change, in frame order.
   */
  private List<PeerChange> peerChanges(Frame donors, String indicator, String level, String key, int gap) {
    return donors.derived(new Derived(this, OWN_TREND, indicator, List.of(level, key, gap)), () -> {
      IdiMethodology.Goalpost g = goalposts.get(indicator);
      List<PeerChange> out = new ArrayList<>();
      for (String e : donors.economies()) {
        Cell c = donors.cell(e, indicator);
        if (c == null || !c.known() || c.method() != null || c.dataYear() == null || !key.equals(group(e, level))) {
          continue;
        }
        Double before = donors.series.get(e, indicator).get(c.dataYear() - gap);
        if (before != null) {
          out.add(new PeerChange(e, g.z(c.value()) - g.z(before)));
        }
      }
      return out;
    });
  }

  // ------------------------------------------------------------------------------------------ chains

  /** Every model's prediction for one target, by candidate name (absent when the model does not apply). */
  Map<String, Prediction> predictAll(Frame target, Frame donors, String iso3, String indicator, int targetYear) {
    Map<String, Prediction> out = new LinkedHashMap<>();
    for (IdiMethodology.ModelCandidate c : candidates(indicator)) {
      Prediction p = candidate(c, target, donors, iso3, indicator, targetYear);
      if (p != null) {
        out.put(c.name(), p);
      }
    }
    Prediction p = peer(target, donors, iso3, indicator);
    if (p != null) {
      out.put(PEER, p);
    }
    return out;
  }

  private Prediction candidate(IdiMethodology.ModelCandidate c, Frame target, Frame donors, String iso3,
      String indicator, int targetYear) {
    return c.model().equals(OWN_TREND) ? ownTrend(target, donors, iso3, indicator, targetYear, c.maxGapYears())
        : related(target, donors, iso3, indicator, targetYear, c.predictors());
  }

  /** The mean score of the first peer level with enough donors (no related indicator). */
  Prediction peerMean(Frame donors, String iso3, String indicator) {
    for (IdiMethodology.Level level : levels) {
      String key = group(iso3, level.level());
      if (key == null) {
        continue;
      }
      double n = 0, sum = 0;
      for (PeerDonor d : peerDonors(donors, indicator, level.level(), key)) {
        if (!d.iso3().equals(iso3)) {
          n++;
          sum += d.z();
        }
      }
      if (n >= level.minDonors()) {
        return prediction(PEER_MEAN, indicator, sum / n, "mean within " + level.level() + " " + key + " n=" + (int) n);
      }
    }
    return null;
  }

  /** The first model of the chain that applies (null when none does). */
  Prediction predict(Frame target, Frame donors, String iso3, String indicator, int targetYear, List<String> chain) {
    for (String name : chain) {
      Prediction p;
      if (name.equals(PEER)) {
        p = peer(target, donors, iso3, indicator);
      } else if (name.equals(PEER_MEAN)) {
        p = peerMean(donors, iso3, indicator);
      } else {
        IdiMethodology.ModelCandidate c = candidates(indicator).stream().filter(k -> k.name().equals(name))
            .findFirst().orElseThrow(() -> new IllegalArgumentException("no candidate " + name + " for " + indicator));
        p = candidate(c, target, donors, iso3, indicator, targetYear);
      }
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  /** One held-out value: the truth and every model's leave-one-out prediction. */
  record HeldOut(Cell actual, Map<String, Prediction> predictions) {}

  /**
   * Every official or lagged known value of the frame held out in turn and predicted by every model
   * from the rest (the economy itself is never a donor).
   */
  List<HeldOut> leaveOneOut(Frame frame) {
    List<HeldOut> out = new ArrayList<>();
    for (Cell c : frame.all()) {
      if (!c.known() || !IdiScoring.OFFICIAL.contains(c.provenance()) || !goalposts.containsKey(c.indicator())) {
        continue;
      }
      int year = c.dataYear() == null ? frame.referenceYear() : c.dataYear();
      out.add(new HeldOut(c, predictAll(frame, frame, c.iso3(), c.indicator(), year)));
    }
    return out;
  }

  /** The capped-score error of a prediction against the held-out value. */
  double scoreError(Prediction p, Cell actual) {
    IdiMethodology.Goalpost g = goalposts.get(actual.indicator());
    return g.score(p.value()) - g.score(actual.value());
  }

  /** How a candidate did on the values it applies to, against the peer model on the same values. */
  record CandidateStats(String indicator, String model, int values, double mae, double peerMae,
      Integer chainPosition) {}

  /** An indicator's chain (model names, peer last) and the evidence it was chosen on. */
  record Choice(String indicator, List<String> chain, double chainMae, double peerMae, int values,
      List<CandidateStats> candidates) {}

  /**
   * The chain per indicator, by leave-one-out error over {@code heldOut}. The chain starts as the
   * peer model alone; then, while it helps, the candidate whose insertion (at the best place in the
   * chain) lowers the mean absolute error over every held-out value most (each value taking the first
   * model that applies) is inserted. Every candidate that beats the peer model on the values both
   * apply to and is not in the chain yet then goes in just before the peer model, even where that
   * costs the leave-one-out error a little: a nowcast fills inputs the held-out values never lack,
   * and there the model that beats the peer model is the better fallback (the backtest's IDI error
   * rose by a tenth of a point without it). When that chain does worse than the peer model alone,
   * the chain is the peer model. The work grows with the square of the candidates, not their
   * factorial.
   */
  Map<String, Choice> choose(List<HeldOut> heldOut) {
    Map<String, List<HeldOut>> byIndicator = new LinkedHashMap<>();
    indicators().forEach(i -> byIndicator.put(i, new ArrayList<>()));
    heldOut.forEach(h -> byIndicator.computeIfAbsent(h.actual().indicator(), k -> new ArrayList<>()).add(h));
    Map<String, Choice> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<HeldOut>> e : byIndicator.entrySet()) {
      String indicator = e.getKey();
      List<HeldOut> values = e.getValue();
      List<String> kept = new ArrayList<>();
      Map<String, double[]> stats = new LinkedHashMap<>(); // name → {n, mae, peer mae}
      for (IdiMethodology.ModelCandidate c : candidates(indicator)) {
        double sum = 0, peerSum = 0;
        int n = 0;
        for (HeldOut h : values) {
          Prediction p = h.predictions().get(c.name());
          Prediction q = h.predictions().get(PEER);
          if (p != null && q != null) {
            sum += Math.abs(scoreError(p, h.actual()));
            peerSum += Math.abs(scoreError(q, h.actual()));
            n++;
          }
        }
        stats.put(c.name(), new double[] {n, n == 0 ? Double.NaN : sum / n, n == 0 ? Double.NaN : peerSum / n});
        if (n > 0 && sum < peerSum) {
          kept.add(c.name());
        }
      }
      double peerMae = chainMae(values, List.of(PEER));
      List<String> best = new ArrayList<>(greedyChain(values, List.copyOf(stats.keySet()), peerMae));
      for (String k : kept) {
        if (!best.contains(k)) {
          best.add(best.size() - 1, k);
        }
      }
      double bestMae = chainMae(values, best);
      if (bestMae > peerMae) {
        best = List.of(PEER); // no indicator imputed worse than by the peer model
        bestMae = peerMae;
      }
      best = List.copyOf(best);
      List<CandidateStats> cs = new ArrayList<>();
      for (Map.Entry<String, double[]> s : stats.entrySet()) {
        int pos = best.indexOf(s.getKey());
        cs.add(new CandidateStats(indicator, s.getKey(), (int) s.getValue()[0], s.getValue()[1], s.getValue()[2],
            pos < 0 ? null : pos + 1));
      }
      cs.add(new CandidateStats(indicator, PEER, countApplicable(values, PEER), peerMae, peerMae,
          best.indexOf(PEER) + 1));
      out.put(indicator, new Choice(indicator, best, bestMae, peerMae, values.size(), cs));
    }
    return out;
  }

  /** Greedy insertion from the peer model alone (see {@link #choose}); ties keep the earlier candidate and place. */
  private List<String> greedyChain(List<HeldOut> values, List<String> names, double peerMae) {
    List<String> chain = new ArrayList<>(List.of(PEER));
    double mae = peerMae;
    List<String> unused = new ArrayList<>(names);
    while (!unused.isEmpty() && !Double.isNaN(mae)) {
      List<String> bestChain = null;
      double bestMae = mae;
      for (String c : unused) {
        for (int at = 0; at < chain.size(); at++) {
          List<String> trial = new ArrayList<>(chain);
          trial.add(at, c);
          double m = chainMae(values, trial);
          if (m < bestMae - 1e-12) {
            bestMae = m;
            bestChain = trial;
          }
        }
      }
      if (bestChain == null) {
        break;
      }
      unused.removeAll(bestChain);
      chain = bestChain;
      mae = bestMae;
    }
    return List.copyOf(chain);
  }

  /** One model for every indicator (the naive baselines' fill). */
  Map<String, Choice> only(String model) {
    Map<String, Choice> out = new LinkedHashMap<>();
    indicators().forEach(i -> out.put(i, new Choice(i, List.of(model), Double.NaN, Double.NaN, 0, List.of())));
    return out;
  }

  /** The default chain when no held-out values exist: every candidate in file order, then the peer model. */
  Map<String, Choice> defaultChoice() {
    Map<String, Choice> out = new LinkedHashMap<>();
    for (String i : indicators()) {
      List<String> chain = new ArrayList<>();
      candidates(i).forEach(c -> chain.add(c.name()));
      chain.add(PEER);
      out.put(i, new Choice(i, chain, Double.NaN, Double.NaN, 0, List.of()));
    }
    return out;
  }

  private int countApplicable(List<HeldOut> values, String model) {
    return (int) values.stream().filter(h -> h.predictions().containsKey(model)).count();
  }

  /** Mean absolute score error of a chain over the held-out values it predicts (NaN when none). */
  double chainMae(List<HeldOut> values, List<String> chain) {
    double sum = 0;
    int n = 0;
    for (HeldOut h : values) {
      Prediction p = first(h, chain);
      if (p != null) {
        sum += Math.abs(scoreError(p, h.actual()));
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  static Prediction first(HeldOut h, List<String> chain) {
    for (String m : chain) {
      Prediction p = h.predictions().get(m);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------ filling

  /**
   * The frame with every missing input (no cell, or a null value) imputed by its indicator's chain,
   * fitted on {@code donors} (normally the frame itself): provenance {@code imputed}, data year = the
   * reference year, age 0, the model's description in {@code method}. Inputs no model can fill stay
   * missing. Only known values are predictors and donors, so the order of imputation does not matter.
   */
  Frame impute(Frame frame, Frame donors, Map<String, Choice> chains) {
    return impute(frame, i -> donors, chains);
  }

  /** {@link #impute(Frame, Frame, Map)} with the donor frame chosen per indicator. */
  Frame impute(Frame frame, java.util.function.Function<String, Frame> donorsFor, Map<String, Choice> chains) {
    Frame out = new Frame(frame.edition, frame.series);
    int r = frame.referenceYear();
    for (String iso3 : frame.economies()) {
      for (String indicator : indicators()) {
        Cell c = frame.cell(iso3, indicator);
        if (c != null && c.value() != null) {
          out.put(c);
          continue;
        }
        Choice choice = chains.get(indicator);
        Prediction p = choice == null ? null
            : predict(frame, donorsFor.apply(indicator), iso3, indicator, r, choice.chain());
        if (p != null) {
          out.put(new Cell(iso3, frame.edition.edition(), indicator, p.value(), r, IdiScoring.IMPUTED, 0,
              p.model().equals(PEER) ? p.method() : p.model() + ": " + p.method()));
        } else if (c != null) {
          out.put(c);
        }
      }
    }
    return out;
  }

  /**
   * The frame with every known value of age ≥ {@code minAge} moved to the reference year by its
   * peers' trend ({@link #trend}); provenance, data year and age stay, {@code method} says what was
   * added. A value whose peers give no trend stays as it is. Trends are read from the frame before
   * any value is moved.
   */
  Frame age(Frame frame, int minAge) {
    Frame out = new Frame(frame.edition, frame.series);
    int r = frame.referenceYear();
    for (Cell c : frame.all()) {
      Prediction p = null;
      if (c.known() && c.dataYear() != null && c.age(r) >= minAge && goalposts.containsKey(c.indicator())) {
        p = trend(frame, c.iso3(), c.indicator(), c.value(), c.dataYear(), r, c.dataYear() + " value");
      }
      out.put(p == null ? c : new Cell(c.iso3(), c.edition(), c.indicator(), p.value(), c.dataYear(), c.provenance(),
          c.valueAge(), "aged: " + p.method()));
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ scoring

  /** An economy's pillars and IDI from its cells (Σ weight × score), null where an input is missing. */
  record Scores(Double idi, Double universal, Double meaningful) {
    Double get(String measure) {
      return switch (measure) {
        case "idi" -> idi;
        case "universal" -> universal;
        case "meaningful" -> meaningful;
        default -> throw new IllegalArgumentException(measure);
      };
    }
  }

  static final List<String> MEASURES = List.of("idi", "universal", "meaningful");

  Scores score(Map<String, Cell> cells) {
    double idi = 0, universal = 0, meaningful = 0;
    for (IdiMethodology.Goalpost g : goalposts.values()) {
      Cell c = cells.get(g.indicator());
      if (c == null || c.value() == null) {
        return new Scores(null, null, null);
      }
      double s = g.score(c.value());
      idi += g.weightInIdi() * s;
      if (g.pillar().equals("universal")) {
        universal += g.weightInPillar() * s;
      } else {
        meaningful += g.weightInPillar() * s;
      }
    }
    return new Scores(idi, universal, meaningful);
  }

  /** ITU's inclusion rule: official or lagged values inside [fallback year, reference year]. */
  boolean included(Map<String, Cell> cells, IdiMethodology.Edition e) {
    long official = cells.values().stream().filter(c -> c.value() != null && IdiScoring.OFFICIAL.contains(c.provenance())
        && c.dataYear() != null && c.dataYear() >= e.fallbackYear() && c.dataYear() <= e.referenceYear()).count();
    return official >= e.minOfficial();
  }
}
