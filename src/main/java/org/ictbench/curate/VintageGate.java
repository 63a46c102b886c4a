package org.ictbench.curate;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.Errors;
import org.ictbench.core.ResourceTable;

/**
 * The suspicious-vintage gate: a new vintage of a series (source, indicator) is compared with the
 * series' previous vintage and <b>held</b> when it drops more than a set share of the economies the
 * previous one had, changes the series' scale (the median of new/old over the values both have is at
 * least a set ratio or at most its inverse: absolute numbers where a rate was, % where a share was),
 * or revises more than a set share of those values beyond a tolerance. Thresholds are data
 * ({@code rules/vintage_gate.csv}, per indicator or {@code *}). A held vintage's observations stay in
 * silver.observation with {@code held = true} and the reasons; they reach silver.observation_latest
 * and gold only once accepted ({@code --accept-vintage}).
 *
 * <p>What a vintage is compared with: the newest earlier vintage of the series that is not held
 * (accepted before, or new in the same run and passing). A series' first vintage has nothing to be
 * compared with and passes. The values of a vintage include the ones quarantined as
 * {@code OUT_OF_RANGE}, so a unit change in a series with a range (a percentage restated as counts,
 * nearly all out of range) shows as the scale change it is rather than as economies dropped.
 */
public final class VintageGate {
  public static final String RESOURCE = "rules/vintage_gate.csv";
  public static final String ECONOMIES_DROPPED = "ECONOMIES_DROPPED";
  public static final String SCALE_CHANGED = "SCALE_CHANGED";
  public static final String VALUES_REVISED = "VALUES_REVISED";

  /** A vintage of a series. */
  public record Key(String source, String indicator, Date vintage) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = source.compareTo(o.source);
      c = c != 0 ? c : indicator.compareTo(o.indicator);
      return c != 0 ? c : vintage.compareTo(o.vintage);
    }

    public String series() {
      return source + " " + indicator;
    }
  }

  /** One indicator's thresholds (the {@code *} row applies to indicators without their own). */
  public record Thresholds(long minEconomies, double maxDroppedShare, long minValues, double maxScaleRatio,
      double revisionTolerance, double maxRevisedShare) implements Serializable {}

  /**
   * What the gate found for a new vintage compared with {@code previous}: economies before (in the
   * previous vintage) and after, the ones dropped, the values both have and how many moved beyond
   * the tolerance, the median new/old ratio, and the reasons it is held (empty: it passes).
   */
  public record Verdict(Key key, Date previous, long economiesBefore, long economiesAfter, List<String> dropped,
      long valuesCompared, long valuesRevised, Double scaleRatio, double revisionTolerance, List<String> reasons) {
    public boolean held() {
      return !reasons.isEmpty();
    }

    public double droppedShare() {
      return economiesBefore == 0 ? 0 : (double) dropped.size() / economiesBefore;
    }

    public double revisedShare() {
      return valuesCompared == 0 ? 0 : (double) valuesRevised / valuesCompared;
    }

    /** One line: the series, its vintage, what moved and why it is held. */
    public String describe() {
      return String.format(Locale.ROOT, "%s vintage %s vs %s: economies dropped %d of %d (%.0f%%%s), values revised"
              + " %d of %d beyond %.0f%% (%.0f%%), scale ratio %s%s", key.series(), key.vintage(), previous,
          dropped.size(), economiesBefore, 100 * droppedShare(), dropped.isEmpty() ? "" : ": " + abbreviate(dropped, 12),
          valuesRevised, valuesCompared, 100 * revisionTolerance, 100 * revisedShare(),
          scaleRatio == null ? "n/a" : String.format(Locale.ROOT, "%.4g", scaleRatio),
          reasons.isEmpty() ? "" : " [" + String.join(", ", reasons) + "]");
    }

    private static String abbreviate(List<String> l, int n) {
      return l.size() <= n ? String.join(" ", l) : String.join(" ", l.subList(0, n)) + " +" + (l.size() - n);
    }
  }

  /**
   * The most values (one per economy, year and compared vintage) measured on the driver: a few MB,
   * where one collect costs less than the handful of Spark jobs the measures take; more are measured
   * in Spark.
   */
  static final long DRIVER_MAX_VALUES = 200_000;

  private final Map<String, Thresholds> thresholds;
  private final long driverMaxValues;

  VintageGate(Map<String, Thresholds> thresholds) {
    this(thresholds, DRIVER_MAX_VALUES);
  }

  private VintageGate(Map<String, Thresholds> thresholds, long driverMaxValues) {
    if (!thresholds.containsKey("*")) {
      throw Errors.invalidReference("ictbench/" + RESOURCE, 0, "a row for indicator * (the default) is required");
    }
    this.thresholds = thresholds;
    this.driverMaxValues = driverMaxValues;
  }

  /** The same gate measuring on the driver only up to {@code maxValues} values (0: always in Spark). */
  VintageGate withDriverMaxValues(long maxValues) {
    return new VintageGate(thresholds, maxValues);
  }

  /** The gate with the shipped thresholds. */
  public static VintageGate load() {
    ResourceTable t = ResourceTable.load(RESOURCE);
    Map<String, Thresholds> out = new HashMap<>();
    long line = 1;
    for (Map<String, String> r : t.rows()) {
      line++;
      try {
        Thresholds th = new Thresholds(Long.parseLong(t.required(r, "min_economies")),
            share(t, r, "max_dropped_share"), Long.parseLong(t.required(r, "min_values")),
            Double.parseDouble(t.required(r, "max_scale_ratio")), share(t, r, "revision_tolerance"),
            share(t, r, "max_revised_share"));
        if (th.maxScaleRatio() <= 1) {
          throw new NumberFormatException("max_scale_ratio must be above 1");
        }
        out.put(t.required(r, "indicator"), th);
      } catch (NumberFormatException e) {
        throw Errors.invalidReference("ictbench/" + RESOURCE, line, e.getMessage());
      }
    }
    return new VintageGate(out);
  }

  private static double share(ResourceTable t, Map<String, String> r, String column) {
    double d = Double.parseDouble(t.required(r, column));
    if (d < 0 || d > 1) {
      throw new NumberFormatException(column + " must be a share between 0 and 1, not " + d);
    }
    return d;
  }

  public Thresholds thresholds(String indicator) {
    return thresholds.getOrDefault(indicator, thresholds.get("*"));
  }

  /** The shipped thresholds file's checksum (part of the derived tables' fingerprint). */
  public static String fingerprint() {
    return ResourceTable.load(RESOURCE).sha256();
  }

  /** True for an observation that is not held (a lake written before the gate has no {@code held} column). */
  public static Column notHeld(Dataset<Row> observations) {
    return java.util.Arrays.asList(observations.columns()).contains("held") ? coalesce(col("held"), lit(false)).equalTo(false)
        : lit(true);
  }

  /** The observations that are not held: what silver.observation_latest and gold are computed from. */
  public static Dataset<Row> accepted(Dataset<Row> observations) {
    return observations.filter(notHeld(observations));
  }

  /**
   * The values a run's routed slots give each vintage: the observations plus the slots quarantined as
   * OUT_OF_RANGE (a value, outside the indicator's range), as (source, indicator, vintage, iso3, year,
   * value, file_sha256).
   */
  public static Dataset<Row> values(Dataset<Row> routed) {
    return routed.filter(col("destination").equalTo(Curation.OBSERVATION)
            .or(col("destination").equalTo(Curation.QUARANTINE).and(col("reason_code").equalTo("OUT_OF_RANGE"))))
        .filter(col("iso3").isNotNull().and(col("indicator_id").isNotNull()).and(col("year").isNotNull())
            .and(col("value").isNotNull()))
        .select(col("source_id").as("source"), col("indicator_id").as("indicator"), col("vintage"), col("iso3"),
            col("year"), col("value"), col("file_sha256"));
  }

  /**
   * Compares every vintage in {@code freshKeys} (the vintages a run's files give) that has an earlier
   * vintage with it. {@code fresh}: the run's {@link #values}, computed only when some vintage has an
   * earlier one (a run of first vintages costs one look at the existing keys). {@code existing}:
   * silver.observation's rows from other files that are not held, same columns. {@code acceptedBefore}:
   * vintages a user accepted earlier (they pass whatever the gate finds).
   */
  public List<Verdict> assess(SparkSession spark, Collection<Key> freshKeys,
      java.util.function.Supplier<Dataset<Row>> fresh, Dataset<Row> existing, Set<Key> acceptedBefore) {
    if (freshKeys.isEmpty()) {
      return List.of();
    }
    Dataset<Row> seriesDf = spark.createDataFrame(freshKeys.stream().map(k -> RowFactory.create(k.source(),
        k.indicator())).distinct().toList(), new StructType().add("s_source", DataTypes.StringType)
        .add("s_indicator", DataTypes.StringType));
    Dataset<Row> old = existing.join(broadcast(seriesDf), col("source").equalTo(col("s_source"))
        .and(col("indicator").equalTo(col("s_indicator"))), "left_semi");
    List<Key> oldKeys = keys(old);

    // Each vintage is compared with its base: the newest earlier vintage that is not held (fresh or
    // existing). The bases are known only as the vintages before are decided, so the pairs are measured
    // in rounds: first each vintage with the one before it (its base when nothing is held), then, where a
    // held vintage moved a base, the pairs the decisions still lack. Pairs of every fresh vintage with
    // every older one grow with the square of a series' vintages: a backfill of monthly vintages made a
    // table of pairs larger than the driver's heap.
    Map<String, TreeSet<Date>> freshBySeries = bySeries(freshKeys);
    Map<String, TreeSet<Date>> oldBySeries = bySeries(oldKeys);
    Map<List<Object>, Verdict> measured = new HashMap<>();
    List<Row> pairs = new ArrayList<>();
    freshBySeries.forEach((s, vintages) -> {
      for (Date v : vintages) {
        Date base = base(vintages.lower(v), oldBySeries.get(s), v);
        if (base != null) {
          pairs.add(pair(s, v, base));
        }
      }
    });
    if (pairs.isEmpty()) {
      return List.of(); // every vintage is its series' first
    }
    Dataset<Row> values = fresh.get().unionByName(old);
    List<Verdict> out = new ArrayList<>();
    for (List<Row> round = pairs; !round.isEmpty(); ) {
      measured.putAll(measure(spark, values, round));
      round = decide(freshBySeries, oldBySeries, measured, acceptedBefore, out);
    }
    return out;
  }

  /** The newer of a vintage's newest earlier fresh candidate and its newest earlier existing vintage. */
  private static Date base(Date freshCandidate, TreeSet<Date> existing, Date v) {
    Date olderExisting = existing == null ? null : existing.lower(v);
    return olderExisting != null && (freshCandidate == null || olderExisting.after(freshCandidate))
        ? olderExisting : freshCandidate;
  }

  private Row pair(String series, Date v, Date base) {
    String[] si = series.split("\u0000");
    return RowFactory.create(si[0], si[1], v, base, thresholds(si[1]).revisionTolerance());
  }

  /**
   * Decides every series in vintage order, into {@code out}, as far as {@code measured} allows: the
   * base is the newest earlier vintage that is not held. Returns the pairs still needed (for a series
   * whose next base was not measured, that pair and the ones its later vintages need should it be
   * held; the series is left undecided from there on), or none when {@code out} holds every verdict.
   */
  private List<Row> decide(Map<String, TreeSet<Date>> freshBySeries, Map<String, TreeSet<Date>> oldBySeries,
      Map<List<Object>, Verdict> measured, Set<Key> acceptedBefore, List<Verdict> out) {
    out.clear();
    List<Row> missing = new ArrayList<>();
    freshBySeries.forEach((s, vintages) -> {
      String[] si = s.split("\u0000");
      Set<Date> heldHere = new TreeSet<>();
      for (Date v : vintages) {
        Date candidate = null;
        for (Date o : vintages.headSet(v, false).descendingSet()) {
          if (!heldHere.contains(o)) {
            candidate = o;
            break;
          }
        }
        Date base = base(candidate, oldBySeries.get(s), v);
        if (base == null) {
          continue; // the series' first vintage
        }
        Verdict m = measured.get(List.of(si[0], si[1], v, base));
        if (m == null) {
          // also each later vintage with the same candidate: its base should every vintage between be
          // held, so a run of held vintages needs one more round, not one per vintage
          missing.add(pair(s, v, base));
          for (Date later : vintages.tailSet(v, false)) {
            Date b = base(candidate, oldBySeries.get(s), later);
            if (b != null && !measured.containsKey(List.of(si[0], si[1], later, b))) {
              missing.add(pair(s, later, b));
            }
          }
          return;
        }
        Key key = new Key(si[0], si[1], v);
        Verdict verdict = decide(m, acceptedBefore.contains(key));
        if (verdict.held()) {
          heldHere.add(v);
        }
        out.add(verdict);
      }
    });
    return missing;
  }

  private Verdict decide(Verdict m, boolean accepted) {
    Thresholds t = thresholds(m.key().indicator());
    List<String> reasons = new ArrayList<>();
    if (!accepted) {
      if (m.economiesBefore() >= t.minEconomies() && m.droppedShare() > t.maxDroppedShare()) {
        reasons.add(ECONOMIES_DROPPED);
      }
      if (m.scaleRatio() != null && m.valuesCompared() >= t.minValues()
          && (m.scaleRatio() >= t.maxScaleRatio() || m.scaleRatio() <= 1 / t.maxScaleRatio())) {
        reasons.add(SCALE_CHANGED);
      }
      if (m.valuesCompared() >= t.minValues() && m.revisedShare() > t.maxRevisedShare()) {
        reasons.add(VALUES_REVISED);
      }
    }
    return new Verdict(m.key(), m.previous(), m.economiesBefore(), m.economiesAfter(), m.dropped(), m.valuesCompared(),
        m.valuesRevised(), m.scaleRatio(), t.revisionTolerance(), reasons);
  }

  /**
   * Per (source, indicator, new vintage, previous vintage): what moved. The values of the compared
   * vintages only, one per economy and year (a vintage may come from several files), measured on the
   * driver when they are few ({@link #DRIVER_MAX_VALUES}), else in Spark; both give the same verdicts.
   */
  private Map<List<Object>, Verdict> measure(SparkSession spark, Dataset<Row> values, List<Row> pairList) {
    StructType pairSchema = new StructType().add("p_source", DataTypes.StringType)
        .add("p_indicator", DataTypes.StringType).add("v_new", DataTypes.DateType).add("v_old", DataTypes.DateType)
        .add("tol", DataTypes.DoubleType);
    Dataset<Row> pairs = broadcast(spark.createDataFrame(pairList, pairSchema));
    Dataset<Row> vintages = pairs.select(col("p_source"), col("p_indicator"), col("v_new").as("p_vintage"))
        .union(pairs.select(col("p_source"), col("p_indicator"), col("v_old"))).distinct();
    Dataset<Row> v = values.join(broadcast(vintages), col("source").equalTo(col("p_source"))
            .and(col("indicator").equalTo(col("p_indicator"))).and(col("vintage").equalTo(col("p_vintage"))),
            "left_semi")
        .groupBy("source", "indicator", "vintage", "iso3", "year").agg(avg("value").as("value"))
        .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    try {
      if (driverMaxValues > 0 && v.count() <= driverMaxValues) {
        return measureOnDriver(v.collectAsList(), pairList);
      }
      Dataset<Row> econ = v.select("source", "indicator", "vintage", "iso3").distinct();
      Column pairSeries = col("source").equalTo(col("p_source")).and(col("indicator").equalTo(col("p_indicator")));
      Dataset<Row> before = pairs.join(econ, pairSeries.and(col("vintage").equalTo(col("v_old"))))
          .select("p_source", "p_indicator", "v_new", "v_old", "iso3");
      Dataset<Row> after = pairs.join(econ, pairSeries.and(col("vintage").equalTo(col("v_new"))))
          .select("p_source", "p_indicator", "v_new", "v_old", "iso3");
      String[] pairCols = {"p_source", "p_indicator", "v_new", "v_old"};
      Map<List<Object>, long[]> counts = new HashMap<>();
      Map<List<Object>, List<String>> dropped = new HashMap<>();
      before.groupBy(pairCols[0], pairCols[1], pairCols[2], pairCols[3]).agg(count(lit(1))).collectAsList()
          .forEach(r -> counts.computeIfAbsent(pairKey(r), k -> new long[2])[0] = r.getLong(4));
      after.groupBy(pairCols[0], pairCols[1], pairCols[2], pairCols[3]).agg(count(lit(1))).collectAsList()
          .forEach(r -> counts.computeIfAbsent(pairKey(r), k -> new long[2])[1] = r.getLong(4));
      before.join(after, toSeq(pairCols, "iso3"), "left_anti")
          .groupBy(pairCols[0], pairCols[1], pairCols[2], pairCols[3]).agg(sort_array(collect_list("iso3")))
          .collectAsList().forEach(r -> dropped.put(pairKey(r), r.getList(4)));

      Dataset<Row> o = v.select(col("source").as("o_source"), col("indicator").as("o_indicator"),
          col("vintage").as("o_vintage"), col("iso3").as("o_iso3"), col("year").as("o_year"), col("value").as("old"));
      Dataset<Row> n = v.select(col("source").as("n_source"), col("indicator").as("n_indicator"),
          col("vintage").as("n_vintage"), col("iso3").as("n_iso3"), col("year").as("n_year"), col("value").as("new"));
      Dataset<Row> both = pairs
          .join(o, col("o_source").equalTo(col("p_source")).and(col("o_indicator").equalTo(col("p_indicator")))
              .and(col("o_vintage").equalTo(col("v_old"))))
          .join(n, col("n_source").equalTo(col("p_source")).and(col("n_indicator").equalTo(col("p_indicator")))
              .and(col("n_vintage").equalTo(col("v_new"))).and(col("n_iso3").equalTo(col("o_iso3")))
              .and(col("n_year").equalTo(col("o_year"))));
      Column relative = abs(col("new").minus(col("old")))
          .divide(greatest(abs(col("old")), abs(col("new")), lit(Double.MIN_VALUE)));
      Map<List<Object>, Object[]> compared = new HashMap<>();
      both.groupBy(pairCols[0], pairCols[1], pairCols[2], pairCols[3])
          .agg(count(lit(1)),
              percentile_approx(when(col("old").notEqual(0), col("new").divide(col("old"))), lit(0.5), lit(10000)),
              sum(when(relative.gt(col("tol")), 1L).otherwise(0L)))
          .collectAsList().forEach(r -> compared.put(pairKey(r), new Object[] {r.getLong(4), r.isNullAt(5) ? null
              : r.getDouble(5), r.getLong(6)}));

      Map<List<Object>, Verdict> out = new HashMap<>();
      for (Row p : pairList) {
        List<Object> k = List.of(p.getString(0), p.getString(1), p.getDate(2), p.getDate(3));
        long[] c = counts.getOrDefault(k, new long[2]);
        Object[] cmp = compared.getOrDefault(k, new Object[] {0L, null, 0L});
        out.put(k, new Verdict(new Key(p.getString(0), p.getString(1), p.getDate(2)), p.getDate(3), c[0], c[1],
            dropped.getOrDefault(k, List.of()), (Long) cmp[0], (Long) cmp[2], (Double) cmp[1], p.getDouble(4),
            List.of()));
      }
      return out;
    } finally {
      v.unpersist();
    }
  }

  /**
   * {@link #measure} on collected values (source, indicator, vintage, iso3, year, value): the same
   * counts, the sorted dropped economies, and as the scale ratio the new/old ratio of rank ⌈n/2⌉
   * among the n ratios with a non-zero old value, which is what {@code percentile_approx(…, 0.5, 10000)}
   * returns below 5,000 ratios (above, it may pick a neighbouring rank within 1/10,000 of n).
   */
  private static Map<List<Object>, Verdict> measureOnDriver(List<Row> values, List<Row> pairList) {
    // (source, indicator, vintage) → iso3 → year → value
    Map<List<Object>, Map<String, Map<Object, Double>>> byVintage = new HashMap<>();
    for (Row r : values) {
      byVintage.computeIfAbsent(List.of(r.getString(0), r.getString(1), r.getDate(2)), k -> new HashMap<>())
          .computeIfAbsent(r.getString(3), k -> new HashMap<>()).put(r.get(4), r.getDouble(5));
    }
    Map<List<Object>, Verdict> out = new HashMap<>();
    for (Row p : pairList) {
      String source = p.getString(0);
      String indicator = p.getString(1);
      double tol = p.getDouble(4);
      Map<String, Map<Object, Double>> after = byVintage.getOrDefault(List.of(source, indicator, p.getDate(2)), Map.of());
      Map<String, Map<Object, Double>> before = byVintage.getOrDefault(List.of(source, indicator, p.getDate(3)),
          Map.of());
      List<String> dropped = new ArrayList<>(new TreeSet<>(before.keySet()));
      dropped.removeAll(after.keySet());
      long compared = 0;
      long revised = 0;
      List<Double> ratios = new ArrayList<>();
      for (Map.Entry<String, Map<Object, Double>> e : before.entrySet()) {
        Map<Object, Double> now = after.getOrDefault(e.getKey(), Map.of());
        for (Map.Entry<Object, Double> y : e.getValue().entrySet()) {
          Double n = now.get(y.getKey());
          if (n == null) {
            continue;
          }
          double o = y.getValue();
          compared++;
          if (o != 0) {
            ratios.add(n / o);
          }
          if (Math.abs(n - o) / Math.max(Math.max(Math.abs(o), Math.abs(n)), Double.MIN_VALUE) > tol) {
            revised++;
          }
        }
      }
      Double ratio = null;
      if (!ratios.isEmpty()) {
        Collections.sort(ratios);
        ratio = ratios.get((ratios.size() + 1) / 2 - 1);
      }
      out.put(List.of(source, indicator, p.getDate(2), p.getDate(3)), new Verdict(new Key(source, indicator,
          p.getDate(2)), p.getDate(3), before.size(), after.size(), List.copyOf(dropped), compared, revised, ratio,
          tol, List.of()));
    }
    return out;
  }

  private static scala.collection.immutable.Seq<String> toSeq(String[] cols, String extra) {
    List<String> all = new ArrayList<>(List.of(cols));
    all.add(extra);
    return scala.jdk.javaapi.CollectionConverters.asScala(all).toSeq();
  }

  private static List<Object> pairKey(Row r) {
    return List.of(r.getString(0), r.getString(1), r.getDate(2), r.getDate(3));
  }

  private static List<Key> keys(Dataset<Row> values) {
    List<Key> out = new ArrayList<>();
    values.select("source", "indicator", "vintage").distinct().collectAsList()
        .forEach(r -> out.add(new Key(r.getString(0), r.getString(1), r.getDate(2))));
    return out;
  }

  private static Map<String, TreeSet<Date>> bySeries(Collection<Key> keys) {
    Map<String, TreeSet<Date>> out = new TreeMap<>();
    keys.forEach(k -> out.computeIfAbsent(k.source() + "\u0000" + k.indicator(), s -> new TreeSet<>()).add(k.vintage()));
    return out;
  }

  /**
   * {@code observations} with {@code held} (true for the rows of a held vintage) and
   * {@code hold_reason} (its reasons, e.g. {@code SCALE_CHANGED}), the columns silver.observation
   * carries.
   */
  public static Dataset<Row> markHeld(SparkSession spark, Dataset<Row> observations, Collection<Verdict> verdicts) {
    List<Row> held = new ArrayList<>();
    for (Verdict v : verdicts) {
      if (v.held()) {
        held.add(RowFactory.create(v.key().source(), v.key().indicator(), v.key().vintage(), String.join(";", v.reasons())));
      }
    }
    if (held.isEmpty()) {
      return observations.withColumn("held", lit(false)).withColumn("hold_reason", lit(null).cast("string"));
    }
    Dataset<Row> h = broadcast(spark.createDataFrame(held, new StructType().add("h_source", DataTypes.StringType)
        .add("h_indicator", DataTypes.StringType).add("h_vintage", DataTypes.DateType)
        .add("hold_reason", DataTypes.StringType)));
    return observations.join(h, col("source").equalTo(col("h_source")).and(col("indicator").equalTo(col("h_indicator")))
            .and(col("vintage").equalTo(col("h_vintage"))), "left")
        .withColumn("held", col("hold_reason").isNotNull())
        .drop("h_source", "h_indicator", "h_vintage")
        .select(withHeldLast(observations.columns()));
  }

  private static Column[] withHeldLast(String[] columns) {
    List<Column> cols = new ArrayList<>();
    for (String c : columns) {
      cols.add(col(c));
    }
    cols.add(col("held"));
    cols.add(col("hold_reason"));
    return cols.toArray(new Column[0]);
  }

}
