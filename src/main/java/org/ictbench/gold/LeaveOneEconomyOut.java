package org.ictbench.gold;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The intervals of {@link IdiIntervals#leaveOneEconomyOut}, each from the model {@link IdiIntervals#fit}
 * gives without that economy's residuals, computed without fitting a model per economy: the residuals
 * are indexed once, and for each economy only the error scales whose pool holds one of its residuals
 * are summed again, over the same residuals in the same order. Every σ, standardized error and
 * quantile is therefore the one the refitted model gives, to the bit. Why: the refit costs the number
 * of economies times every residual's boxing, string keys and map lookups, the largest part of the IDI
 * tables' computation.
 */
final class LeaveOneEconomyOut {
  private static final int[] NONE = new int[0];

  private final Map<String, Integer> economies = new LinkedHashMap<>();

  // the input residuals a model pools (ITU's excluded), in order
  private final int[] inputEconomy;
  private final double[] inputError;
  private final List<int[]> keyMembers = new ArrayList<>(); // by indicator|class
  private final List<int[]> classMembers = new ArrayList<>(); // by class
  private final int[] allMembers;
  private final int[][] keyCount; // [economy][key]: that economy's residuals in the pool
  private final int[][] classCount;
  private final int[] allCount;

  // the (indicator, class) pairs the scores' scales ask for
  private final int[] pairKey; // -1: no residual of that indicator and class
  private final int[] pairClass; // -1: no residual of that class
  private final boolean[] pairItu;
  private final double[] fullSigma;

  // the score residuals
  private final List<IdiIntervals.ScoreResidual> scores;
  private final int[] scoreEconomy;
  private final int[][] scorePairs; // the entries of its classes with a goalpost, in the map's order
  private final double[][] scoreWeights; // w·w of each entry for the score's measure
  private final int[] scoreStratumKey; // measure|stratum
  private final int[] scoreAllKey; // measure|all
  private final List<int[]> standardizedMembers = new ArrayList<>();
  private final List<Boolean> standardizedPooled = new ArrayList<>();

  LeaveOneEconomyOut(List<IdiIntervals.InputResidual> inputs, List<IdiIntervals.ScoreResidual> scores,
      Map<String, IdiMethodology.Goalpost> goalposts) {
    this.scores = scores;
    Map<String, Integer> keys = new HashMap<>();
    Map<String, Integer> classes = new HashMap<>();
    List<IdiIntervals.InputResidual> pooled = inputs.stream()
        .filter(r -> !IdiIntervals.ITU.equals(r.inputClass())).toList();
    int n = pooled.size();
    inputEconomy = new int[n];
    inputError = new double[n];
    int[] inputKey = new int[n];
    int[] inputClass = new int[n];
    for (int i = 0; i < n; i++) {
      IdiIntervals.InputResidual r = pooled.get(i);
      inputEconomy[i] = economy(r.iso3());
      inputError[i] = r.error();
      inputKey[i] = keys.computeIfAbsent(r.indicator() + "|" + r.inputClass(), k -> keys.size());
      inputClass[i] = classes.computeIfAbsent(r.inputClass(), k -> classes.size());
    }
    members(inputKey, keys.size(), keyMembers);
    members(inputClass, classes.size(), classMembers);
    allMembers = new int[n];
    Arrays.setAll(allMembers, i -> i);

    Map<String, Integer> pairs = new HashMap<>();
    List<String[]> pairList = new ArrayList<>();
    Map<String, Integer> standardized = new LinkedHashMap<>();
    int s = scores.size();
    scoreEconomy = new int[s];
    scorePairs = new int[s][];
    scoreWeights = new double[s][];
    scoreStratumKey = new int[s];
    scoreAllKey = new int[s];
    for (int j = 0; j < s; j++) {
      IdiIntervals.ScoreResidual r = scores.get(j);
      scoreEconomy[j] = economy(r.iso3());
      List<Integer> ps = new ArrayList<>();
      List<Double> ws = new ArrayList<>();
      for (Map.Entry<String, String> e : r.classes().entrySet()) {
        IdiMethodology.Goalpost g = goalposts.get(e.getKey());
        if (g == null) {
          continue;
        }
        double w = IdiIntervals.weight(g, r.measure());
        ps.add(pairs.computeIfAbsent(e.getKey() + "|" + e.getValue(), k -> {
          pairList.add(new String[] {e.getKey(), e.getValue()});
          return pairList.size() - 1;
        }));
        ws.add(w * w);
      }
      scorePairs[j] = ps.stream().mapToInt(Integer::intValue).toArray();
      scoreWeights[j] = ws.stream().mapToDouble(Double::doubleValue).toArray();
      scoreAllKey[j] = standardized.computeIfAbsent(r.measure() + "|" + IdiIntervals.ALL_STRATA, k -> {
        standardizedPooled.add(true);
        return standardized.size();
      });
      scoreStratumKey[j] = standardized.computeIfAbsent(r.measure() + "|" + IdiIntervals.stratum(r.classes()), k -> {
        standardizedPooled.add(false);
        return standardized.size();
      });
    }
    int[] scoreKeys = new int[2 * s];
    int[] scoreOf = new int[2 * s];
    for (int j = 0; j < s; j++) {
      scoreKeys[2 * j] = scoreAllKey[j];
      scoreKeys[2 * j + 1] = scoreStratumKey[j];
    }
    List<int[]> byKey = new ArrayList<>();
    members(scoreKeys, standardized.size(), byKey);
    for (int[] m : byKey) {
      for (int k = 0; k < m.length; k++) {
        m[k] = m[k] / 2; // the score, not its slot
      }
      standardizedMembers.add(m);
    }

    int p = pairList.size();
    pairKey = new int[p];
    pairClass = new int[p];
    pairItu = new boolean[p];
    for (int i = 0; i < p; i++) {
      String[] pair = pairList.get(i);
      pairKey[i] = keys.getOrDefault(pair[0] + "|" + pair[1], -1);
      pairClass[i] = classes.getOrDefault(pair[1], -1);
      pairItu[i] = IdiIntervals.ITU.equals(pair[1]);
    }
    int e = economies.size();
    keyCount = new int[e][keys.size()];
    classCount = new int[e][classes.size()];
    allCount = new int[e];
    for (int i = 0; i < n; i++) {
      keyCount[inputEconomy[i]][inputKey[i]]++;
      classCount[inputEconomy[i]][inputClass[i]]++;
      allCount[inputEconomy[i]]++;
    }
    fullSigma = new double[p];
    Pools full = new Pools(-1);
    for (int i = 0; i < p; i++) {
      fullSigma[i] = sigma(i, full);
    }
  }

  /** Each score residual's out-of-sample interval, as {@link IdiIntervals#leaveOneEconomyOut} defines it. */
  List<double[]> intervals() {
    List<double[]> out = new ArrayList<>(java.util.Collections.nCopies(scores.size(), (double[]) null));
    Map<Integer, List<Integer>> own = new LinkedHashMap<>();
    for (int j = 0; j < scores.size(); j++) {
      own.computeIfAbsent(scoreEconomy[j], k -> new ArrayList<>()).add(j);
    }
    double[] t = new double[scores.size()];
    own.forEach((x, mine) -> {
      Pools pools = new Pools(x);
      double[] sigma = new double[fullSigma.length];
      for (int p = 0; p < sigma.length; p++) {
        sigma[p] = touches(p, x) ? sigma(p, pools) : fullSigma[p];
      }
      for (int j = 0; j < t.length; j++) {
        t[j] = scoreEconomy[j] == x ? Double.NaN
            : (scores.get(j).estimate() - scores.get(j).truth()) / Math.max(IdiIntervals.SIGMA_FLOOR, scale(j, sigma));
      }
      Map<Integer, double[]> quantiles = new HashMap<>();
      for (int j : mine) {
        double[] q = quantiles.computeIfAbsent(scoreStratumKey[j], k -> quantiles(k, x, t));
        if (q == null) {
          q = quantiles.computeIfAbsent(scoreAllKey[j], k -> quantiles(k, x, t));
        }
        double s = scale(j, sigma);
        if (q == null || Double.isNaN(s)) {
          continue;
        }
        double estimate = scores.get(j).estimate();
        out.set(j, new double[] {clip(estimate + -q[1] * s), clip(estimate + -q[0] * s)});
      }
    });
    return out;
  }

  private int economy(String iso3) {
    return economies.computeIfAbsent(iso3, k -> economies.size());
  }

  /** Each id's positions in {@code ids}, in order. */
  private static void members(int[] ids, int count, List<int[]> out) {
    int[] sizes = new int[count];
    for (int id : ids) {
      sizes[id]++;
    }
    for (int k = 0; k < count; k++) {
      out.add(new int[sizes[k]]);
    }
    int[] filled = new int[count];
    for (int i = 0; i < ids.length; i++) {
      out.get(ids[i])[filled[ids[i]]++] = i;
    }
  }

  /** True when leaving {@code x} out can change the pool pair {@code p}'s σ is taken from. */
  private boolean touches(int p, int x) {
    if (pairItu[p]) {
      return false;
    }
    if (pairKey[p] >= 0 && keyCount[x][pairKey[p]] > 0) {
      return true;
    }
    if (size(keyMembers, pairKey[p]) >= IdiIntervals.MIN_POOL) {
      return false;
    }
    if (pairClass[p] >= 0 && classCount[x][pairClass[p]] > 0) {
      return true;
    }
    return size(classMembers, pairClass[p]) < IdiIntervals.MIN_POOL && allCount[x] > 0;
  }

  private static int size(List<int[]> members, int id) {
    return id < 0 ? 0 : members.get(id).length;
  }

  /** {@link IdiIntervals.Model#sigma}'s choice of pool, without economy {@code pools.left}. */
  private double sigma(int p, Pools pools) {
    if (pairItu[p]) {
      return 0;
    }
    int[] own = pairKey[p] < 0 ? NONE : keyMembers.get(pairKey[p]);
    int ownSize = own.length - pools.count(keyCount, pairKey[p]);
    if (ownSize >= IdiIntervals.MIN_POOL) {
      return rms(own, pools.left, ownSize);
    }
    int c = pairClass[p];
    int classSize = c < 0 ? 0 : classMembers.get(c).length - pools.count(classCount, c);
    if (classSize >= IdiIntervals.MIN_POOL) {
      if (!pools.classSummed[c]) {
        pools.classRms[c] = rms(classMembers.get(c), pools.left, classSize);
        pools.classSummed[c] = true;
      }
      return pools.classRms[c];
    }
    int allSize = allMembers.length - (pools.left < 0 ? 0 : allCount[pools.left]);
    if (allSize == 0) {
      return Double.NaN;
    }
    if (!pools.allSummed) {
      pools.allRms = rms(allMembers, pools.left, allSize);
      pools.allSummed = true;
    }
    return pools.allRms;
  }

  /** {@link IdiIntervals#rms} of the members' errors other than economy {@code left}'s, summed in order. */
  private double rms(int[] members, int left, int size) {
    double s = 0;
    for (int i : members) {
      if (inputEconomy[i] != left) {
        double e = inputError[i];
        s += e * e;
      }
    }
    return Math.sqrt(s / size);
  }

  /** {@link IdiIntervals.Model#scale}: √Σ (w·σ)² over the score's inputs, in the same order. */
  private double scale(int j, double[] sigma) {
    double v = 0;
    int[] ps = scorePairs[j];
    double[] ws = scoreWeights[j];
    for (int k = 0; k < ps.length; k++) {
      double s = sigma[ps[k]];
      v += ws[k] * s * s;
    }
    return Math.sqrt(v);
  }

  /** {q10, q90, n} of a standardized key without economy {@code x}, or null with too few errors. */
  private double[] quantiles(int key, int x, double[] t) {
    int[] m = standardizedMembers.get(key);
    double[] v = new double[m.length];
    int n = 0;
    for (int j : m) {
      if (scoreEconomy[j] != x) {
        v[n++] = t[j];
      }
    }
    if (n < (standardizedPooled.get(key) ? 2 : IdiIntervals.MIN_STRATUM)) {
      return null;
    }
    v = Arrays.copyOf(v, n);
    return new double[] {IdiIntervals.percentile(v, IdiIntervals.TAIL), IdiIntervals.percentile(v, 1 - IdiIntervals.TAIL),
        n};
  }

  private static double clip(double v) {
    return Math.min(100, Math.max(0, v));
  }

  /** The pools without economy {@code left} (-1: all of them), with the σ of the shared pools once summed. */
  private final class Pools {
    final int left;
    final double[] classRms = new double[classMembers.size()];
    final boolean[] classSummed = new boolean[classMembers.size()];
    double allRms;
    boolean allSummed;

    Pools(int left) {
      this.left = left;
    }

    /** Economy {@code left}'s residuals in the pool {@code id} of {@code counts}. */
    int count(int[][] counts, int id) {
      return left < 0 || id < 0 ? 0 : counts[left][id];
    }
  }
}
