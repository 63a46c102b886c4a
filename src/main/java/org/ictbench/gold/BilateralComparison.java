package org.ictbench.gold;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.DriverRowsFrame;

/**
 * Two economies side by side (default Belarus and China): for every indicator and year both have a
 * value in silver.observation_latest, both values, the absolute gap (a − b), the ratio (a / b, null
 * when b is 0), each economy's change on the previous year (null when that year is missing), each
 * economy's compound annual growth over a window, and the years until the gap closes if both keep
 * growing at those rates.
 *
 * <p>CAGR of an economy at year Y with window w: its oldest value in [Y−w, Y−1] at year Y0, then
 * (v_Y / v_Y0)^(1 / (Y − Y0)) − 1; null when there is no value in the window or a value is ≤ 0.
 * Years to close: the t &gt; 0 solving a·(1+g_a)^t = b·(1+g_b)^t, i.e. ln(b/a) / ln((1+g_a)/(1+g_b));
 * {@code convergence} is closed (gap 0), converging (t &gt; 0), diverging (the faster grower is
 * already ahead), parallel (equal rates) or null (no CAGR for one of them).
 *
 * <p>The tables are computed on the driver from the pair's rows (see {@link DriverRows}); the
 * Dataset methods collect their inputs and return the rows as a Dataset.
 */
public final class BilateralComparison {
  /** gold.bilateral_comparison. */
  public static final StructType COMPARISON = new StructType()
      .add("iso3_a", DataTypes.StringType).add("iso3_b", DataTypes.StringType)
      .add("indicator", DataTypes.StringType).add("year", DataTypes.IntegerType).add("unit", DataTypes.StringType)
      .add("value_a", DataTypes.DoubleType).add("value_b", DataTypes.DoubleType).add("gap", DataTypes.DoubleType)
      .add("ratio", DataTypes.DoubleType).add("yoy_change_a", DataTypes.DoubleType)
      .add("yoy_change_b", DataTypes.DoubleType).add("source_a", DataTypes.StringType)
      .add("source_b", DataTypes.StringType).add("vintage_a", DataTypes.DateType).add("vintage_b", DataTypes.DateType)
      .add("cagr_window", DataTypes.IntegerType).add("cagr_a", DataTypes.DoubleType)
      .add("cagr_from_year_a", DataTypes.IntegerType).add("cagr_b", DataTypes.DoubleType)
      .add("cagr_from_year_b", DataTypes.IntegerType).add("convergence", DataTypes.StringType)
      .add("years_to_close", DataTypes.DoubleType);
  /** gold.bilateral_group_rank. */
  public static final StructType GROUP_RANK = new StructType()
      .add("iso3_a", DataTypes.StringType).add("iso3_b", DataTypes.StringType)
      .add("group_id", DataTypes.StringType).add("group_name", DataTypes.StringType)
      .add("indicator", DataTypes.StringType).add("year", DataTypes.IntegerType).add("unit", DataTypes.StringType)
      .add("better", DataTypes.StringType).add("member_a", DataTypes.BooleanType)
      .add("member_b", DataTypes.BooleanType).add("shared", DataTypes.BooleanType)
      .add("value_a", DataTypes.DoubleType).add("value_b", DataTypes.DoubleType)
      .add("rank_a", DataTypes.IntegerType).add("rank_b", DataTypes.IntegerType)
      .add("percentile_a", DataTypes.DoubleType).add("percentile_b", DataTypes.DoubleType)
      .add("members_with_data", DataTypes.LongType).add("median", DataTypes.DoubleType)
      .add("suppressed_reason", DataTypes.StringType).add("suppressed_code", DataTypes.StringType);
  /** gold.bilateral_idi_gap. */
  public static final StructType IDI_GAP = new StructType()
      .add("iso3_a", DataTypes.StringType).add("iso3_b", DataTypes.StringType)
      .add("edition", DataTypes.IntegerType).add("level", DataTypes.StringType).add("item", DataTypes.StringType)
      .add("pillar", DataTypes.StringType).add("component", DataTypes.StringType)
      .add("value_a", DataTypes.DoubleType).add("value_b", DataTypes.DoubleType)
      .add("score_a", DataTypes.DoubleType).add("score_b", DataTypes.DoubleType)
      .add("score_gap", DataTypes.DoubleType).add("value_gap", DataTypes.DoubleType);

  /** The columns of silver.observation_latest {@link #compareRows} reads, in this order. */
  public static final String[] LATEST_COLUMNS = {"iso3", "indicator", "year", "value", "unit", "source", "vintage"};

  private BilateralComparison() {}

  public static Dataset<Row> compare(Dataset<Row> latest, String iso3A, String iso3B) {
    return compare(latest, iso3A, iso3B, PeerOptions.DEFAULT_CAGR_WINDOW);
  }

  /** The rows of silver.observation_latest (or any Dataset with its columns) {@link #compareRows} reads. */
  public static List<Row> latestRows(Dataset<Row> latest) {
    return DriverRows.collect(latest, LATEST_COLUMNS);
  }

  /** The pair's rows of gold.idi_indicator_score {@link #idiGapRows} reads. */
  public static List<Row> indicatorScoreRows(Dataset<Row> indicatorScores, String iso3A, String iso3B) {
    return DriverRows.collect(indicatorScores.filter(indicatorScores.col("iso3").isin(iso3A, iso3B)),
        INDICATOR_SCORE_COLUMNS);
  }

  public static Dataset<Row> compare(Dataset<Row> latest, String iso3A, String iso3B, int cagrWindow) {
    List<Row> pair = DriverRows.collect(latest.filter(latest.col("iso3").isin(iso3A, iso3B)), LATEST_COLUMNS);
    return DriverRowsFrame.of(latest.sparkSession(), compareRows(pair, iso3A, iso3B, cagrWindow), COMPARISON);
  }

  /** One economy's value of one indicator in one year, with its trend (see the class comment). */
  private record Side(String indicator, int year, Double value, String unit, String source, Date vintage,
                      Double yoy, Double cagr, Integer cagrFromYear) {}

  /**
   * gold.bilateral_comparison from rows of silver.observation_latest with the columns
   * {@link #LATEST_COLUMNS} (rows of other economies are ignored).
   */
  public static List<Row> compareRows(List<Row> latest, String iso3A, String iso3B, int cagrWindow) {
    Map<List<Object>, Side> b = new HashMap<>();
    for (Side s : side(latest, iso3B, cagrWindow)) {
      b.put(DriverRows.key(s.indicator(), s.year()), s);
    }
    List<Row> out = new ArrayList<>();
    for (Side a : side(latest, iso3A, cagrWindow)) {
      Side o = b.get(DriverRows.key(a.indicator(), a.year()));
      if (o == null) {
        continue;
      }
      Double gap = DriverRows.minus(a.value(), o.value());
      Double ratio = a.value() == null || o.value() == null || o.value() == 0 ? null : a.value() / o.value();
      boolean trend = a.cagr() != null && o.cagr() != null;
      String convergence = null;
      Double yearsToClose = null;
      if (gap != null && gap == 0) {
        convergence = "closed";
        yearsToClose = 0.0;
      } else if (trend && a.cagr().doubleValue() == o.cagr().doubleValue()) {
        convergence = "parallel";
      } else if (trend) {
        // the t > 0 with a·(1+g_a)^t = b·(1+g_b)^t; trend implies both values > 0
        Double num = DriverRows.log(o.value() / a.value());
        Double den = DriverRows.log((1.0 + a.cagr()) / (1.0 + o.cagr()));
        Double t = num == null || den == null ? null : num / den;
        if (t != null && t > 0) {
          convergence = "converging";
          yearsToClose = t;
        } else {
          convergence = "diverging";
        }
      }
      out.add(RowFactory.create(iso3A, iso3B, a.indicator(), a.year(), a.unit(), a.value(), o.value(), gap, ratio,
          a.yoy(), o.yoy(), a.source(), o.source(), a.vintage(), o.vintage(), cagrWindow, a.cagr(), a.cagrFromYear(),
          o.cagr(), o.cagrFromYear(), convergence, yearsToClose));
    }
    return out;
  }

  /**
   * One economy's rows per indicator in year order, each with its change on the row before (when that
   * is the previous year) and its CAGR from the oldest row in [year − window, year − 1]. Rows without
   * a year have no place in any comparison and are left out.
   */
  private static List<Side> side(List<Row> latest, String iso3, int window) {
    Map<String, List<Row>> byIndicator = new LinkedHashMap<>();
    for (Row r : latest) {
      if (iso3.equals(r.getString(0)) && !r.isNullAt(2)) {
        byIndicator.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r);
      }
    }
    List<Side> out = new ArrayList<>();
    byIndicator.forEach((indicator, rows) -> {
      rows.sort((x, y) -> Integer.compare(x.getInt(2), y.getInt(2)));
      int from = 0; // the first row inside the window of row i
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        int year = r.getInt(2);
        Double value = r.isNullAt(3) ? null : r.getDouble(3);
        Double yoy = null;
        if (i > 0) {
          Row p = rows.get(i - 1);
          if (p.getInt(2) == year - 1 && value != null && !p.isNullAt(3)) {
            yoy = value - p.getDouble(3);
          }
        }
        while (from < i && rows.get(from).getInt(2) < (long) year - window) {
          from++;
        }
        Double cagr = null;
        Integer cagrFrom = null;
        if (from < i && rows.get(from).getInt(2) <= year - 1) {
          Row f = rows.get(from);
          Double fromValue = f.isNullAt(3) ? null : f.getDouble(3);
          if (fromValue != null && fromValue > 0 && value != null && value > 0) {
            cagr = StrictMath.pow(value / fromValue, 1.0 / (year - f.getInt(2))) - 1;
            cagrFrom = f.getInt(2);
          }
        }
        out.add(new Side(indicator, year, value, r.getString(4), r.getString(5), (Date) r.get(6), yoy, cagr, cagrFrom));
      }
    });
    return out;
  }

  /**
   * gold.bilateral_group_rank: from gold.peer_position, the pair's rank and percentile in every group
   * either of them belongs to (the other placed among that group's members as an outsider).
   * {@code shared} = both are counted members.
   */
  public static Dataset<Row> groupRanks(Dataset<Row> positions, String iso3A, String iso3B) {
    List<Row> pair = DriverRows.collect(positions.filter(positions.col("iso3").isin(iso3A, iso3B)),
        PeerBenchmark.POSITION.fieldNames());
    return DriverRowsFrame.of(positions.sparkSession(), groupRankRows(pair, iso3A, iso3B), GROUP_RANK);
  }

  /** {@link #groupRanks} on rows of gold.peer_position ({@link PeerBenchmark#POSITION}'s columns, in that order). */
  public static List<Row> groupRankRows(List<Row> positions, String iso3A, String iso3B) {
    StructType p = PeerBenchmark.POSITION;
    int iso3 = p.fieldIndex("iso3");
    Map<List<Object>, List<Row>> b = new HashMap<>();
    for (Row r : positions) {
      if (iso3B.equals(r.getString(iso3))) {
        b.computeIfAbsent(positionKey(r), k -> new ArrayList<>()).add(r);
      }
    }
    List<Row> out = new ArrayList<>();
    for (Row a : positions) {
      if (!iso3A.equals(a.getString(iso3))) {
        continue;
      }
      for (Row o : b.getOrDefault(positionKey(a), List.of())) {
        Boolean memberA = (Boolean) a.get(p.fieldIndex("is_member"));
        Boolean memberB = (Boolean) o.get(p.fieldIndex("is_member"));
        if (!(Boolean.TRUE.equals(memberA) || Boolean.TRUE.equals(memberB))) {
          continue;
        }
        out.add(RowFactory.create(iso3A, iso3B, field(a, "group_id"), field(a, "group_name"), field(a, "indicator"),
            field(a, "year"), field(a, "unit"), field(a, "better"), memberA, memberB, and(memberA, memberB),
            field(a, "value"), field(o, "value"), field(a, "rank"), field(o, "rank"), field(a, "percentile"),
            field(o, "percentile"), field(a, "members_with_data"), field(a, "median"), field(a, "suppressed_reason"),
            field(a, "suppressed_code")));
      }
    }
    return out;
  }

  /** A column of a gold.peer_position row, by name (rows made on the driver carry no schema). */
  private static Object field(Row position, String name) {
    return position.get(PeerBenchmark.POSITION.fieldIndex(name));
  }

  private static List<Object> positionKey(Row r) {
    return DriverRows.key(field(r, "group_id"), field(r, "indicator"), field(r, "year"));
  }

  /**
   * gold.bilateral_idi_gap: the pair's IDI, pillars, components and indicators side by side per
   * edition (from gold.idi_indicator_score and gold.idi_score): level (index, pillar, component,
   * indicator), item, pillar, component, value_a/b (the input value; for index/pillar/component
   * the score), score_a/b (0–100), score_gap = score_a − score_b, value_gap = value_a − value_b.
   * A component score is the weighted mean of its indicators' scores, null if one is missing.
   */
  public static Dataset<Row> idiGaps(Dataset<Row> indicatorScores, Dataset<Row> idiScore, String iso3A,
      String iso3B) {
    List<Row> ind = indicatorScoreRows(indicatorScores, iso3A, iso3B);
    List<Row> idi = DriverRows.collect(idiScore.filter(idiScore.col("iso3").isin(iso3A, iso3B)), IDI_SCORE_COLUMNS);
    return DriverRowsFrame.of(idiScore.sparkSession(), idiGapRows(ind, idi, iso3A, iso3B), IDI_GAP);
  }

  /** The columns of gold.idi_indicator_score {@link #idiGapRows} reads, in this order. */
  public static final String[] INDICATOR_SCORE_COLUMNS = {"iso3", "edition", "indicator", "pillar", "component",
      "value", "score", "component_weight"};
  /** The columns of gold.idi_score {@link #idiGapRows} reads, in this order. */
  public static final String[] IDI_SCORE_COLUMNS = {"iso3", "edition", "idi", "universal", "meaningful"};

  /** One line of the side-by-side: iso3, edition, level, item, pillar, component, value, score. */
  private record Item(String iso3, Integer edition, String level, String item, String pillar, String component,
                      Double value, Double score) {}

  /**
   * {@link #idiGaps} on rows of gold.idi_indicator_score ({@link #INDICATOR_SCORE_COLUMNS}) and
   * gold.idi_score ({@link #IDI_SCORE_COLUMNS}); rows of other economies are ignored.
   */
  public static List<Row> idiGapRows(List<Row> indicatorScores, List<Row> idiScore, String iso3A, String iso3B) {
    List<Item> all = new ArrayList<>();
    Map<List<Object>, double[]> components = new LinkedHashMap<>(); // scored, rows, weighted sum, weights
    Map<List<Object>, boolean[]> sums = new HashMap<>(); // whether the sums saw a value
    for (Row r : indicatorScores) {
      String iso3 = r.getString(0);
      if (!iso3A.equals(iso3) && !iso3B.equals(iso3)) {
        continue;
      }
      Integer edition = (Integer) r.get(1);
      Double value = r.isNullAt(5) ? null : r.getDouble(5);
      Double score = r.isNullAt(6) ? null : r.getDouble(6);
      Double weight = r.isNullAt(7) ? null : r.getDouble(7);
      all.add(new Item(iso3, edition, "indicator", r.getString(2), r.getString(3), r.getString(4), value, score));
      List<Object> k = DriverRows.key(iso3, edition, r.getString(3), r.getString(4));
      double[] c = components.computeIfAbsent(k, x -> new double[4]);
      boolean[] seen = sums.computeIfAbsent(k, x -> new boolean[2]);
      c[1]++;
      if (score != null) {
        c[0]++;
      }
      if (score != null && weight != null) {
        c[2] += score * weight;
        seen[0] = true;
      }
      if (weight != null) {
        c[3] += weight;
        seen[1] = true;
      }
    }
    components.forEach((k, c) -> {
      boolean[] seen = sums.get(k);
      Double score = c[0] == c[1] && seen[0] && seen[1] ? c[2] / c[3] : null;
      all.add(new Item((String) k.get(0), (Integer) k.get(1), "component", (String) k.get(3), (String) k.get(2),
          (String) k.get(3), score, score));
    });
    for (Row r : idiScore) {
      String iso3 = r.getString(0);
      if (!iso3A.equals(iso3) && !iso3B.equals(iso3)) {
        continue;
      }
      Integer edition = (Integer) r.get(1);
      String[][] levels = {{"index", "idi", null}, {"pillar", "universal", "universal"},
          {"pillar", "meaningful", "meaningful"}};
      for (int i = 0; i < levels.length; i++) {
        Double v = r.isNullAt(2 + i) ? null : ((Number) r.get(2 + i)).doubleValue();
        all.add(new Item(iso3, edition, levels[i][0], levels[i][1], levels[i][2], null, v, v));
      }
    }
    Map<List<Object>, List<Item>> b = new HashMap<>();
    for (Item i : all) {
      if (iso3B.equals(i.iso3()) && i.edition() != null) {
        b.computeIfAbsent(DriverRows.key(i.edition(), i.level(), i.item()), k -> new ArrayList<>()).add(i);
      }
    }
    List<Row> out = new ArrayList<>();
    for (Item a : all) {
      if (!iso3A.equals(a.iso3()) || a.edition() == null || a.item() == null) {
        continue;
      }
      for (Item o : b.getOrDefault(DriverRows.key(a.edition(), a.level(), a.item()), List.of())) {
        out.add(RowFactory.create(iso3A, iso3B, a.edition(), a.level(), a.item(), a.pillar(), a.component(),
            a.value(), o.value(), a.score(), o.score(), DriverRows.minus(a.score(), o.score()),
            DriverRows.minus(a.value(), o.value())));
      }
    }
    return out;
  }

  /** Spark's three-valued AND. */
  private static Boolean and(Boolean a, Boolean b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return false;
    }
    return a == null || b == null ? null : true;
  }
}
