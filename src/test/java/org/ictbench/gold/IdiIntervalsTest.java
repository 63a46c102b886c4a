package org.ictbench.gold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The intervals on constructed residuals, without Spark: error scales, quantiles and coverage
 * computed here by hand (type-7 percentiles written out below), never read back from the code.
 */
class IdiIntervalsTest {
  private static final Map<String, IdiMethodology.Goalpost> GOALPOSTS = new LinkedHashMap<>();

  static {
    IdiMethodology.load().goalpostList("IDI2023").forEach(g -> GOALPOSTS.put(g.indicator(), g));
  }

  /** Type-7 percentile, written independently: position p·(n−1) in the sorted values, linear between neighbours. */
  private static double r7(double[] values, double p) {
    double[] v = values.clone();
    Arrays.sort(v);
    double h = p * (v.length - 1);
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, v.length - 1);
    return v[lo] + (h - lo) * (v[hi] - v[lo]);
  }

  /** Every input ITU's except internet users, which has the given class. */
  private static Map<String, String> classes(String internetClass) {
    Map<String, String> c = new LinkedHashMap<>();
    GOALPOSTS.keySet().forEach(i -> c.put(i, IdiIntervals.ITU));
    c.put("internet_users_pct", internetClass);
    return c;
  }

  @Test
  void anInputsScaleIsTheRootMeanSquareOfItsResidualsAndFallsBackToItsClass() {
    List<IdiIntervals.InputResidual> inputs = new ArrayList<>();
    double[] errors = {1, -2, 3, -4, 2, -1, 0.5, -0.5, 1.5, -1.5}; // 10: enough for the indicator's own pool
    for (int i = 0; i < errors.length; i++) {
      inputs.add(new IdiIntervals.InputResidual("E" + i, "internet_users_pct", "observed", errors[i]));
    }
    inputs.add(new IdiIntervals.InputResidual("X", "cov_3g_pct", "observed", 10));
    IdiIntervals.Model m = IdiIntervals.fit(inputs, List.of(), GOALPOSTS, e -> true);
    double ss = 0;
    for (double e : errors) {
      ss += e * e;
    }
    assertEquals(Math.sqrt(ss / 10), m.sigma("internet_users_pct", "observed").rms(), 1e-12);
    assertEquals("indicator and class", m.sigma("internet_users_pct", "observed").basis());
    // 3G has one residual: it takes the class over every indicator (all 11 residuals)
    IdiIntervals.Sigma pooled = m.sigma("cov_3g_pct", "observed");
    assertEquals("class, every indicator", pooled.basis());
    assertEquals(Math.sqrt((ss + 100) / 11), pooled.rms(), 1e-12);
    assertEquals(0.0, m.sigma("cov_3g_pct", IdiIntervals.ITU).rms(), 0);
    // a score's scale: internet users weighs 1/6 in the IDI and 1/3 in the universal pillar
    assertEquals(Math.sqrt(ss / 10) / 6, m.scale("idi", classes("observed")), 1e-12);
    assertEquals(Math.sqrt(ss / 10) / 3, m.scale("universal", classes("observed")), 1e-12);
    assertEquals(0.0, m.scale("meaningful", classes("observed")), 1e-12);
  }

  /**
   * 101 economies whose only estimated input has σ = 6 score points (so the IDI's σ is 1) and whose
   * IDI errors are −1, −0.98 … +1: the interval is [estimate − q90, estimate − q10].
   */
  @Test
  void theIntervalTakesTheStandardizedErrorsQuantilesAndCoversEightyPercentOutOfSample() {
    List<IdiIntervals.InputResidual> inputs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inputs.add(new IdiIntervals.InputResidual("I" + i, "internet_users_pct", "carried", i % 2 == 0 ? 6 : -6));
    }
    List<IdiIntervals.ScoreResidual> scores = new ArrayList<>();
    double[] t = new double[101];
    for (int i = 0; i <= 100; i++) {
      t[i] = (i - 50) / 50.0;
      scores.add(new IdiIntervals.ScoreResidual("E" + i, "idi", 50 + t[i], 50, classes("carried")));
    }
    IdiIntervals.Model m = IdiIntervals.fit(inputs, scores, GOALPOSTS, e -> true);
    assertEquals(1.0, m.scale("idi", classes("carried")), 1e-12);
    double q10 = r7(t, 0.1);
    double q90 = r7(t, 0.9);
    assertArrayEquals(new double[] {q10, q90, 101}, m.quantiles("idi", "carried"), 1e-12);
    assertArrayEquals(new double[] {q10, q90, 101}, m.quantiles("idi", IdiIntervals.ALL_STRATA), 1e-12);
    double[] iv = m.interval("idi", 70, classes("carried"));
    assertNotNull(iv);
    assertArrayEquals(new double[] {70 - q90, 70 - q10}, iv, 1e-12);

    // leave-one-economy-out: each economy's interval from the other 100 errors, counted here
    List<double[]> oos = IdiIntervals.leaveOneEconomyOut(inputs, scores, GOALPOSTS);
    int covered = 0;
    int expected = 0;
    for (int i = 0; i <= 100; i++) {
      double[] rest = new double[100];
      for (int j = 0, k = 0; j <= 100; j++) {
        if (j != i) {
          rest[k++] = t[j];
        }
      }
      double lo = 50 + t[i] - r7(rest, 0.9);
      double hi = 50 + t[i] - r7(rest, 0.1);
      expected += 50 >= lo - 1e-12 && 50 <= hi + 1e-12 ? 1 : 0;
      double[] got = oos.get(i);
      assertEquals(lo, got[0], 1e-9);
      assertEquals(hi, got[1], 1e-9);
      covered += 50 >= got[0] - 1e-12 && 50 <= got[1] + 1e-12 ? 1 : 0;
    }
    assertEquals(expected, covered);
    // 81 of the 101 grid errors lie within ±0.8: the out-of-sample coverage is close to 80%
    assertEquals(0.8, covered / 101.0, 0.03);
  }

  @Test
  void itusOwnInputsGiveAPointAndIntervalsStayWithinZeroToHundred() {
    List<IdiIntervals.InputResidual> inputs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      inputs.add(new IdiIntervals.InputResidual("I" + i, "internet_users_pct", "imputed_peer", i % 2 == 0 ? 30 : -30));
    }
    List<IdiIntervals.ScoreResidual> scores = List.of(
        new IdiIntervals.ScoreResidual("A", "idi", 60, 55, classes("imputed_peer")),
        new IdiIntervals.ScoreResidual("B", "idi", 50, 55, classes("imputed_peer")));
    IdiIntervals.Model m = IdiIntervals.fit(inputs, scores, GOALPOSTS, e -> true);
    Map<String, String> itu = classes(IdiIntervals.ITU);
    assertArrayEquals(new double[] {88.5, 88.5}, m.interval("idi", 88.5, itu), 0);
    double[] iv = m.interval("idi", 99.5, classes("imputed_peer"));
    assertEquals(100.0, iv[1], 0);
  }

  @Test
  void quantilesAreTakenPerOldestInputClassWhenItHasEnoughScores() {
    assertEquals("carried", IdiIntervals.stratum(Map.of("a", "observed", "b", "carried", "c", "imputed_peer")));
    assertEquals("lagged", IdiIntervals.stratum(Map.of("a", "observed", "b", "lagged")));
    assertEquals("imputed", IdiIntervals.stratum(Map.of("a", IdiIntervals.ITU, "b", "imputed_related")));
    List<IdiIntervals.InputResidual> inputs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inputs.add(new IdiIntervals.InputResidual("I" + i, "internet_users_pct", "carried", i % 2 == 0 ? 6 : -6));
      inputs.add(new IdiIntervals.InputResidual("I" + i, "internet_users_pct", "observed", i % 2 == 0 ? 6 : -6));
    }
    // 20 carried scores with errors 0.1 … 2.0 and 5 observed ones with errors −1 … −5: the observed
    // stratum is too small and takes every stratum's 25
    List<IdiIntervals.ScoreResidual> scores = new ArrayList<>();
    double[] carried = new double[20];
    double[] all = new double[25];
    for (int i = 0; i < 20; i++) {
      carried[i] = (i + 1) / 10.0;
      all[i] = carried[i];
      scores.add(new IdiIntervals.ScoreResidual("C" + i, "idi", 50 + carried[i], 50, classes("carried")));
    }
    for (int i = 0; i < 5; i++) {
      all[20 + i] = -(i + 1);
      scores.add(new IdiIntervals.ScoreResidual("O" + i, "idi", 50 - (i + 1), 50, classes("observed")));
    }
    IdiIntervals.Model m = IdiIntervals.fit(inputs, scores, GOALPOSTS, e -> true);
    assertArrayEquals(new double[] {r7(carried, 0.1), r7(carried, 0.9), 20}, m.quantiles("idi", "carried"), 1e-12);
    assertArrayEquals(new double[] {r7(all, 0.1), r7(all, 0.9), 25}, m.quantiles("idi", "observed"), 1e-12);
  }

  /**
   * The out-of-sample intervals are, to the bit, those of a model fitted without each economy (the
   * definition, refitted here economy by economy), on residuals that reach every pool: indicators
   * with their own pool, with too few residuals (their class's pool), classes too small (every
   * residual), ITU's inputs, an indicator without a goalpost, strata under their minimum, economies
   * with scores but no input residuals.
   */
  @Test
  void theOutOfSampleIntervalsAreThoseOfAModelRefittedWithoutEachEconomy() {
    List<String> indicators = new ArrayList<>(GOALPOSTS.keySet());
    indicators.add("not_an_idi_indicator");
    String[] inputClasses = {"observed", "lagged", "carried", "imputed_peer", "imputed_related", IdiIntervals.ITU};
    for (long seed = 1; seed <= 4; seed++) {
      java.util.Random r = new java.util.Random(seed);
      List<IdiIntervals.InputResidual> inputs = new ArrayList<>();
      for (int i = 0; i < 150 + r.nextInt(400); i++) {
        // class and indicator skewed so some pools are large and some hold a residual or two
        String cls = inputClasses[Math.min(inputClasses.length - 1, (int) Math.abs(r.nextGaussian() * 2))];
        String indicator = indicators.get(Math.min(indicators.size() - 1, (int) Math.abs(r.nextGaussian() * 4)));
        inputs.add(new IdiIntervals.InputResidual("E" + r.nextInt(40), indicator, cls, r.nextGaussian() * 5));
      }
      List<IdiIntervals.ScoreResidual> scores = new ArrayList<>();
      for (int i = 0; i < 60 + r.nextInt(200); i++) {
        Map<String, String> classes = new LinkedHashMap<>();
        for (String indicator : indicators) {
          if (r.nextInt(4) > 0) {
            classes.put(indicator, inputClasses[r.nextInt(inputClasses.length)]);
          }
        }
        String measure = IdiModels.MEASURES.get(r.nextInt(3));
        double estimate = r.nextDouble() * 100;
        scores.add(new IdiIntervals.ScoreResidual("E" + r.nextInt(50), measure, estimate,
            estimate + r.nextGaussian() * 3, classes));
      }
      List<double[]> fast = IdiIntervals.leaveOneEconomyOut(inputs, scores, GOALPOSTS);
      int withInterval = 0;
      for (int j = 0; j < scores.size(); j++) {
        IdiIntervals.ScoreResidual s = scores.get(j);
        IdiIntervals.Model refitted = IdiIntervals.fit(inputs, scores, GOALPOSTS, e -> !e.equals(s.iso3()));
        double[] expected = refitted.interval(s.measure(), s.estimate(), s.classes());
        assertArrayEquals(expected, fast.get(j), 0, "seed " + seed + ", score " + j);
        withInterval += expected == null ? 0 : 1;
      }
      assertEquals(scores.size(), withInterval, "seed " + seed + ": every score is calibrated without its economy");
    }
  }
}
