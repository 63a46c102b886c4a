package org.ictbench.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.ResourceTable;
import org.ictbench.core.DriverRowsFrame;

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
 *
 * <p>The tables are computed on the driver (see {@link DriverRows}); the Dataset methods collect their
 * inputs and return the rows as a Dataset.
 */
public final class PeerBenchmark {
  /** The values the peer tables compare ({@link #values}). */
  public static final StructType VALUE = new StructType()
      .add("iso3", DataTypes.StringType).add("indicator", DataTypes.StringType).add("year", DataTypes.IntegerType)
      .add("value", DataTypes.DoubleType).add("unit", DataTypes.StringType);
  /** gold.peer_benchmark. */
  public static final StructType BENCHMARK = new StructType()
      .add("group_id", DataTypes.StringType).add("group_name", DataTypes.StringType)
      .add("indicator", DataTypes.StringType).add("year", DataTypes.IntegerType).add("unit", DataTypes.StringType)
      .add("better", DataTypes.StringType).add("members", DataTypes.LongType)
      .add("members_with_data", DataTypes.LongType).add("coverage_share", DataTypes.DoubleType)
      .add("coverage_threshold", DataTypes.DoubleType).add("mean", DataTypes.DoubleType)
      .add("median", DataTypes.DoubleType).add("p25", DataTypes.DoubleType).add("p75", DataTypes.DoubleType)
      .add("min", DataTypes.DoubleType).add("max", DataTypes.DoubleType).add("leader_iso3", DataTypes.StringType)
      .add("leader_value", DataTypes.DoubleType).add("suppressed_reason", DataTypes.StringType)
      .add("suppressed_code", DataTypes.StringType);
  /** gold.peer_position. */
  public static final StructType POSITION = new StructType()
      .add("iso3", DataTypes.StringType).add("group_id", DataTypes.StringType)
      .add("group_name", DataTypes.StringType).add("indicator", DataTypes.StringType)
      .add("year", DataTypes.IntegerType).add("is_member", DataTypes.BooleanType)
      .add("membership_status", DataTypes.StringType)
      .add("value", DataTypes.DoubleType).add("unit", DataTypes.StringType).add("better", DataTypes.StringType)
      .add("members_with_data", DataTypes.LongType).add("rank", DataTypes.IntegerType)
      .add("percentile", DataTypes.DoubleType).add("median", DataTypes.DoubleType)
      .add("leader_iso3", DataTypes.StringType).add("leader_value", DataTypes.DoubleType)
      .add("gap_to_median", DataTypes.DoubleType).add("gap_to_leader", DataTypes.DoubleType)
      .add("suppressed_reason", DataTypes.StringType).add("suppressed_code", DataTypes.StringType);
  // positions in BENCHMARK's rows (rows made on the driver carry no schema to look names up in)
  private static final int B_GROUP_ID = BENCHMARK.fieldIndex("group_id");
  private static final int B_GROUP_NAME = BENCHMARK.fieldIndex("group_name");
  private static final int B_INDICATOR = BENCHMARK.fieldIndex("indicator");
  private static final int B_YEAR = BENCHMARK.fieldIndex("year");
  private static final int B_UNIT = BENCHMARK.fieldIndex("unit");
  private static final int B_BETTER = BENCHMARK.fieldIndex("better");
  private static final int B_WITH_DATA = BENCHMARK.fieldIndex("members_with_data");
  private static final int B_MEDIAN = BENCHMARK.fieldIndex("median");
  private static final int B_LEADER_ISO3 = BENCHMARK.fieldIndex("leader_iso3");
  private static final int B_LEADER_VALUE = BENCHMARK.fieldIndex("leader_value");
  private static final int B_SUPPRESSED = BENCHMARK.fieldIndex("suppressed_reason");
  private static final int B_SUPPRESSED_CODE = BENCHMARK.fieldIndex("suppressed_code");
  /** The columns of silver.observation_latest {@link #valueRows} reads, in this order. */
  public static final String[] LATEST_COLUMNS = {"iso3", "indicator", "year", "value", "unit"};
  /** The columns of gold.idi_score {@link #valueRows} reads, in this order. */
  public static final String[] IDI_SCORE_COLUMNS = {"iso3", "edition", "idi", "universal", "meaningful"};
  private static final String NO_DIRECTION = "indicator has no direction (catalog column better)";
  /** suppressed_code values (the table contract's vocabulary). */
  static final String NO_MEMBER_DATA_CODE = "NO_MEMBER_DATA";
  static final String LOW_COVERAGE_CODE = "LOW_COVERAGE";
  static final String NO_DIRECTION_CODE = "NO_DIRECTION";

  private PeerBenchmark() {}

  /** indicator → better (higher/lower/null) from the built-in catalog/indicator.csv, validated. */
  public static Dataset<Row> directions(SparkSession spark) {
    return directions(spark, ResourceTable.load("catalog/indicator.csv"));
  }

  /** indicator → better (higher/lower/null) from {@code indicators} (catalog/indicator.csv), validated. */
  public static Dataset<Row> directions(SparkSession spark, ResourceTable indicators) {
    List<Row> rows = new ArrayList<>();
    directionMap(indicators).forEach((i, b) -> rows.add(RowFactory.create(i, b)));
    return spark.createDataFrame(rows, new StructType().add("indicator", "string").add("better", "string"));
  }

  /** indicator → better (higher, lower or null) from {@code indicators} (catalog/indicator.csv), validated. */
  public static Map<String, String> directionMap(ResourceTable indicators) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, String> r : indicators.rows()) {
      String b = r.getOrDefault("better", "").trim().toLowerCase(Locale.ROOT);
      if (!b.isEmpty() && !b.equals("higher") && !b.equals("lower")) {
        throw indicators.error(r, "column 'better' is '" + b + "'; expected higher, lower or empty");
      }
      out.put(indicators.required(r, "indicator_id"), b.isEmpty() ? null : b);
    }
    return out;
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

  /** The rows of gold.idi_score {@link #valueRows} reads. */
  public static List<Row> idiScoreRows(Dataset<Row> idiScore) {
    return DriverRows.collect(idiScore, IDI_SCORE_COLUMNS);
  }

  /**
   * {@link #values} on rows of silver.observation_latest ({@link #LATEST_COLUMNS}, or more columns
   * after those) and of gold.idi_score ({@link #IDI_SCORE_COLUMNS}; null when there is none).
   */
  public static List<Row> valueRows(List<Row> latest, List<Row> idiScore) {
    List<Row> out = new ArrayList<>();
    for (Row r : latest) {
      if (!r.isNullAt(3)) {
        out.add(RowFactory.create(r.getString(0), r.getString(1), r.isNullAt(2) ? null : ((Number) r.get(2)).intValue(),
            ((Number) r.get(3)).doubleValue(), r.getString(4)));
      }
    }
    if (idiScore != null) {
      String[] names = {"idi", "idi_universal", "idi_meaningful"};
      for (int i = 0; i < names.length; i++) {
        for (Row r : idiScore) {
          if (!r.isNullAt(2 + i)) {
            out.add(RowFactory.create(r.getString(0), names[i], r.isNullAt(1) ? null : ((Number) r.get(1)).intValue(),
                ((Number) r.get(2 + i)).doubleValue(), "score (0-100)"));
          }
        }
      }
    }
    return out;
  }

  /**
   * gold.peer_benchmark: one row per group, indicator and year (every indicator-year that has any value,
   * for every group with members that year). Columns: group_id, group_name, indicator, year, unit,
   * better, members, members_with_data, coverage_share, coverage_threshold, mean, median, p25, p75, min,
   * max, leader_iso3, leader_value, suppressed_reason.
   */
  public static Dataset<Row> benchmark(Dataset<Row> members, Dataset<Row> values, Dataset<Row> directions,
      double threshold) {
    Map<String, String> d = new HashMap<>();
    directions.select("indicator", "better").collectAsList().forEach(r -> d.put(r.getString(0), r.getString(1)));
    return DriverRowsFrame.of(values.sparkSession(), benchmarkRows(DriverRows.collect(members,
        PeerGroups.MEMBER.fieldNames()), DriverRows.collect(values, VALUE.fieldNames()), d, threshold), BENCHMARK);
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
    return DriverRowsFrame.of(values.sparkSession(), positionRows(DriverRows.collect(members,
        PeerGroups.MEMBER.fieldNames()), DriverRows.collect(values, VALUE.fieldNames()),
        DriverRows.collect(benchmark, BENCHMARK.fieldNames()), outsiders), POSITION);
  }

  /** One value of one economy: indicator, year, value. */
  private record Value(String iso3, String indicator, int year, double value, String unit) {}

  // Map keys as records rather than lists: a list key boxes and copies its parts at every lookup.
  private record GroupYear(String groupId, int year) {}

  private record YearEconomy(int year, String iso3) {}

  private record IndicatorYear(String indicator, int year) {}

  private record GroupIndicatorYear(String groupId, String indicator, int year) {}

  /** The counted members of each group and year, with the values they have. */
  private static final class MemberValues {
    /** (group_id, year) → group_name, from the first counted row. */
    final Map<GroupYear, String> names = new LinkedHashMap<>();
    /** (group_id, year) → counted iso3 → status. */
    final Map<GroupYear, Map<String, String>> counted = new LinkedHashMap<>();
    /** (year, iso3) → the economy's values that year. */
    final Map<YearEconomy, List<Value>> byYearIso3 = new HashMap<>();
    /** (group_id, indicator, year) → the counted members' values. */
    final Map<GroupIndicatorYear, List<Value>> memberValues = new LinkedHashMap<>();
    /** (indicator, year) → unit (the first that is not null), for every indicator-year with a value. */
    final Map<IndicatorYear, String> indicatorYears = new LinkedHashMap<>();
    final List<Value> values = new ArrayList<>();

    MemberValues(List<Row> members, List<Row> valueRows) {
      for (Row r : valueRows) {
        if (r.isNullAt(2) || r.isNullAt(3)) {
          continue; // a value without a year joins no group and no indicator-year
        }
        Value v = new Value(r.getString(0), r.getString(1), r.getInt(2), r.getDouble(3), r.getString(4));
        values.add(v);
        byYearIso3.computeIfAbsent(new YearEconomy(v.year(), v.iso3()), k -> new ArrayList<>()).add(v);
        IndicatorYear iy = new IndicatorYear(v.indicator(), v.year());
        if (indicatorYears.get(iy) == null) {
          indicatorYears.put(iy, v.unit());
        }
      }
      StructType m = PeerGroups.MEMBER;
      int group = m.fieldIndex("group_id");
      int name = m.fieldIndex("group_name");
      int year = m.fieldIndex("year");
      int iso3 = m.fieldIndex("iso3");
      int status = m.fieldIndex("membership_status");
      int isCounted = m.fieldIndex("counted");
      for (Row r : members) {
        if (r.isNullAt(isCounted) || !r.getBoolean(isCounted) || r.isNullAt(year)) {
          continue;
        }
        GroupYear gy = new GroupYear(r.getString(group), r.getInt(year));
        names.putIfAbsent(gy, r.getString(name));
        counted.computeIfAbsent(gy, k -> new LinkedHashMap<>()).putIfAbsent(r.getString(iso3), r.getString(status));
      }
      counted.forEach((gy, economies) -> economies.keySet().forEach(e -> {
        for (Value v : byYearIso3.getOrDefault(new YearEconomy(gy.year(), e), List.of())) {
          memberValues.computeIfAbsent(new GroupIndicatorYear(gy.groupId(), v.indicator(), v.year()),
              k -> new ArrayList<>()).add(v);
        }
      }));
    }
  }

  /**
   * {@link #benchmark} on rows of gold.peer_group_member ({@link PeerGroups#MEMBER}) and of the values
   * ({@link #VALUE}), with each indicator's direction (indicator → higher, lower or null).
   */
  private static List<Row> benchmarkRows(List<Row> members, List<Row> values, Map<String, String> directions,
      double threshold) {
    return benchmarkRows(new MemberValues(members, values), directions, threshold);
  }

  /** gold.peer_benchmark's and gold.peer_position's rows. */
  public record BenchmarkAndPositions(List<Row> benchmark, List<Row> positions) {}

  /**
   * {@link #benchmarkRows} and {@link #positionRows} together, from one index of the members' values
   * rather than one each.
   */
  public static BenchmarkAndPositions benchmarkAndPositionRows(List<Row> members, List<Row> values,
      Map<String, String> directions, double threshold, List<String> outsiders) {
    MemberValues mv = new MemberValues(members, values);
    List<Row> benchmark = benchmarkRows(mv, directions, threshold);
    return new BenchmarkAndPositions(benchmark, positionRows(mv, benchmark, outsiders));
  }

  private static List<Row> benchmarkRows(MemberValues mv, Map<String, String> directions, double threshold) {
    Map<Integer, List<Map.Entry<IndicatorYear, String>>> indicatorsByYear = new HashMap<>();
    for (Map.Entry<IndicatorYear, String> e : mv.indicatorYears.entrySet()) {
      indicatorsByYear.computeIfAbsent(e.getKey().year(), k -> new ArrayList<>()).add(e);
    }
    DecimalFormat share = shareFormat();
    List<Row> out = new ArrayList<>();
    mv.counted.forEach((gy, economies) -> {
      String groupId = gy.groupId();
      int year = gy.year();
      long size = economies.size();
      for (Map.Entry<IndicatorYear, String> iy : indicatorsByYear.getOrDefault(year, List.of())) {
        String indicator = iy.getKey().indicator();
        String better = directions.get(indicator);
        List<Value> data = mv.memberValues.getOrDefault(new GroupIndicatorYear(groupId, indicator, year), List.of());
        long withData = data.size();
        double coverage = (double) withData / size;
        String suppressed = withData == 0 ? "no member has data" : coverage < threshold
            ? "coverage " + withData + "/" + size + " = " + share.format(coverage) + " below threshold "
                + share.format(threshold) : null;
        String suppressedCode = withData == 0 ? NO_MEMBER_DATA_CODE : suppressed != null ? LOW_COVERAGE_CODE : null;
        Double mean = null;
        Double[] q = {null, null, null};
        Double min = null;
        Double max = null;
        String leader = null;
        Double leaderValue = null;
        if (suppressed == null) {
          double[] sorted = sorted(data);
          double sum = 0;
          for (Value v : data) {
            sum += v.value();
          }
          mean = sum / withData;
          q = new Double[] {percentile(sorted, 0.25), percentile(sorted, 0.5), percentile(sorted, 0.75)};
          min = sorted[0];
          max = sorted[sorted.length - 1];
          if (better != null) {
            double sign = "higher".equals(better) ? 1.0 : -1.0;
            Value best = null;
            for (Value v : data) {
              if (best == null) {
                best = v;
                continue;
              }
              int c = DriverRows.compare(v.value() * sign, best.value() * sign);
              if (c > 0 || (c == 0 && DriverRows.UTF8.compare(v.iso3(), best.iso3()) < 0)) {
                best = v;
              }
            }
            leader = best.iso3();
            leaderValue = best.value();
          }
        }
        out.add(RowFactory.create(groupId, mv.names.get(gy), indicator, year, iy.getValue(), better, size, withData,
            coverage, threshold, mean, q[1], q[0], q[2], min, max, leader, leaderValue, suppressed,
            suppressedCode));
      }
    });
    return out;
  }

  /** Spark's {@code format_number(x, 2)}. */
  private static DecimalFormat shareFormat() {
    return new DecimalFormat("#,###,###,###,###,###,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
  }

  /** The values in ascending order (-0.0 as 0.0, as Spark orders them). */
  private static double[] sorted(List<Value> data) {
    double[] s = new double[data.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = data.get(i).value() + 0.0;
    }
    Arrays.sort(s);
    return s;
  }

  /**
   * Spark's exact {@code percentile}: position p·(n−1) in the sorted values, interpolated linearly
   * between the two values around it.
   */
  static double percentile(double[] sorted, double p) {
    double position = (sorted.length - 1) * p;
    long lower = (long) Math.floor(position);
    long higher = (long) Math.ceil(position);
    double lowerValue = sorted[(int) lower];
    if (higher == lower) {
      return lowerValue;
    }
    double higherValue = sorted[(int) higher];
    if (higherValue == lowerValue) {
      return lowerValue;
    }
    return (higher - position) * lowerValue + (position - lower) * higherValue;
  }

  /**
   * {@link #positions} on rows of gold.peer_group_member ({@link PeerGroups#MEMBER}), the values
   * ({@link #VALUE}) and gold.peer_benchmark ({@link #BENCHMARK}).
   */
  private static List<Row> positionRows(List<Row> members, List<Row> values, List<Row> benchmark,
      List<String> outsiders) {
    return positionRows(new MemberValues(members, values), benchmark, outsiders);
  }

  private static List<Row> positionRows(MemberValues mv, List<Row> benchmark, List<String> outsiders) {
    Map<GroupIndicatorYear, Row> bench = new HashMap<>();
    for (Row b : benchmark) {
      GroupIndicatorYear k = new GroupIndicatorYear((String) b.get(B_GROUP_ID), (String) b.get(B_INDICATOR),
          (Integer) b.get(B_YEAR));
      bench.put(k, b);
    }
    Map<GroupIndicatorYear, double[]> sortedValues = new HashMap<>();
    mv.memberValues.forEach((k, data) -> sortedValues.put(k, sorted(data)));
    Set<String> outside = new LinkedHashSet<>(outsiders);
    Map<Integer, List<Value>> outsiderValues = new HashMap<>();
    for (Value v : mv.values) {
      if (outside.contains(v.iso3())) {
        outsiderValues.computeIfAbsent(v.year(), k -> new ArrayList<>()).add(v);
      }
    }
    List<Row> out = new ArrayList<>();
    mv.counted.forEach((gy, economies) -> {
      String groupId = gy.groupId();
      int year = gy.year();
      economies.forEach((iso3, status) -> {
        for (Value v : mv.byYearIso3.getOrDefault(new YearEconomy(year, iso3), List.of())) {
          position(out, groupId, v, true, status, bench, sortedValues);
        }
      });
      for (Value v : outsiderValues.getOrDefault(year, List.of())) {
        if (!economies.containsKey(v.iso3())) {
          position(out, groupId, v, false, null, bench, sortedValues);
        }
      }
    });
    return out;
  }

  private static void position(List<Row> out, String groupId, Value v, boolean isMember, String status,
      Map<GroupIndicatorYear, Row> bench, Map<GroupIndicatorYear, double[]> sortedValues) {
    GroupIndicatorYear k = new GroupIndicatorYear(groupId, v.indicator(), v.year());
    Row b = bench.get(k);
    if (b == null) {
      return;
    }
    String better = (String) b.get(B_BETTER);
    String suppressed = (String) b.get(B_SUPPRESSED);
    long withData = (Long) b.get(B_WITH_DATA);
    Double median = (Double) b.get(B_MEDIAN);
    Double leaderValue = (Double) b.get(B_LEADER_VALUE);
    boolean ok = suppressed == null && better != null;
    double[] sorted = sortedValues.get(k);
    Integer rank = null;
    Double percentile = null;
    if (ok && sorted != null) {
      double x = v.value() + 0.0;
      int below = lowerBound(sorted, x); // members strictly below x
      int above = sorted.length - upperBound(sorted, x); // strictly above
      int strictlyBetter = "higher".equals(better) ? above : below;
      int strictlyWorse = "higher".equals(better) ? below : above;
      rank = strictlyBetter + 1;
      long others = withData - (isMember ? 1 : 0);
      percentile = others > 0 ? strictlyWorse * 100.0 / others : null;
    }
    out.add(RowFactory.create(v.iso3(), groupId, b.get(B_GROUP_NAME), v.indicator(), v.year(), isMember, status,
        v.value(), b.get(B_UNIT), better, withData, rank, percentile, median, b.get(B_LEADER_ISO3), leaderValue,
        suppressed == null && median != null ? v.value() - median : null,
        ok && leaderValue != null ? v.value() - leaderValue : null,
        suppressed != null ? suppressed : better == null ? NO_DIRECTION : null,
        suppressed != null ? (String) b.get(B_SUPPRESSED_CODE) : better == null ? NO_DIRECTION_CODE : null));
  }

  /** The first index whose value is not below {@code x}. */
  private static int lowerBound(double[] a, double x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first index whose value is above {@code x}. */
  private static int upperBound(double[] a, double x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
