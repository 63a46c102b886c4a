package org.ictbench.gold;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.DriverRowsFrame;

/**
 * Change decomposition and ranks over scored IDI editions (plain functions, no I/O), computed on
 * the driver; the Dataset methods are the same computation over collected rows.
 */
public final class IdiAnalysis {
  static final StructType DECOMPOSITION = new StructType().add("iso3", DataTypes.StringType)
      .add("edition_from", DataTypes.IntegerType).add("edition_to", DataTypes.IntegerType)
      .add("status_from", DataTypes.StringType).add("status_to", DataTypes.StringType)
      .add("from_last_reproduced", DataTypes.BooleanType).add("methodology", DataTypes.StringType)
      .add("indicator", DataTypes.StringType).add("pillar", DataTypes.StringType)
      .add("weight_in_idi", DataTypes.DoubleType).add("value_from", DataTypes.DoubleType)
      .add("value_to", DataTypes.DoubleType).add("year_from", DataTypes.IntegerType)
      .add("year_to", DataTypes.IntegerType).add("provenance_from", DataTypes.StringType)
      .add("provenance_to", DataTypes.StringType).add("value_age_to", DataTypes.IntegerType)
      .add("method_to", DataTypes.StringType).add("score_from", DataTypes.DoubleType)
      .add("score_to", DataTypes.DoubleType).add("score_change", DataTypes.DoubleType)
      .add("contribution", DataTypes.DoubleType).add("idi_from", DataTypes.DoubleType)
      .add("idi_to", DataTypes.DoubleType).add("idi_change", DataTypes.DoubleType);
  static final StructType RANK = new StructType().add("edition", DataTypes.IntegerType)
      .add("scope", DataTypes.StringType).add("group_id", DataTypes.StringType).add("iso3", DataTypes.StringType)
      .add("status", DataTypes.StringType).add("idi", DataTypes.DoubleType).add("rank", DataTypes.IntegerType)
      .add("group_size", DataTypes.LongType).add("percentile", DataTypes.DoubleType)
      .add("ranked_by", DataTypes.StringType);
  static final String RANKED_BY = "ictbench (ITU publishes no IDI ranks)";

  private IdiAnalysis() {}

  /**
   * gold.idi_change_decomposition: for each economy and each pair of consecutive scored editions of
   * the same methodology, and from its last reproduced edition to each later nowcast ({@code
   * from_last_reproduced}: true for those, including a consecutive one), one row per indicator with
   * {@code contribution = (score_to − score_from) × weight_in_idi}. The IDI is linear in the
   * indicator scores, so the contributions sum exactly (to floating-point rounding) to
   * {@code idi_change = idi_to − idi_from}.
   */
  public static Dataset<Row> decomposition(Dataset<Row> indicatorScores, Dataset<Row> scores) {
    return DriverRowsFrame.of(scores.sparkSession(), decompositionRows(
        DriverRows.collect(indicatorScores, IdiScoring.INDICATOR_SCORE.fieldNames()),
        DriverRows.collect(scores, "iso3", "edition", "status", "idi")), DECOMPOSITION);
  }

  /** One scored edition of an economy. */
  private record Scored(String iso3, int edition, String status, double idi, String methodology) {}

  /**
   * {@link #decomposition} of rows on the driver: indicator score rows, and score rows with iso3,
   * edition, status and idi.
   */
  static List<Row> decompositionRows(List<Row> indicatorScores, List<Row> scores) {
    Map<String, List<Row>> indicators = new HashMap<>(); // iso3|edition → indicator score rows
    for (Row r : indicatorScores) {
      indicators.computeIfAbsent(r.<String>getAs("iso3") + "|" + r.<Integer>getAs("edition"), k -> new ArrayList<>())
          .add(r);
    }
    Map<String, List<Scored>> byEconomy = new TreeMap<>();
    for (Row r : scores) {
      Double idi = r.getAs("idi");
      List<Row> rows = indicators.get(r.<String>getAs("iso3") + "|" + r.<Integer>getAs("edition"));
      if (idi != null && rows != null) {
        byEconomy.computeIfAbsent(r.getAs("iso3"), k -> new ArrayList<>()).add(new Scored(r.getAs("iso3"),
            r.getAs("edition"), r.getAs("status"), idi, rows.get(0).getAs("methodology")));
      }
    }
    List<Row> out = new ArrayList<>();
    for (List<Scored> editions : byEconomy.values()) {
      editions.sort((a, b) -> Integer.compare(a.edition(), b.edition()));
      Map<String, Scored[]> pairs = new LinkedHashMap<>();
      Map<String, Boolean> fromLastReproduced = new HashMap<>();
      for (int i = 0; i + 1 < editions.size(); i++) {
        Scored from = editions.get(i);
        Scored to = editions.get(i + 1);
        if (from.methodology().equals(to.methodology())) {
          pairs.put(from.edition() + "|" + to.edition(), new Scored[] {from, to});
        }
      }
      Scored last = editions.stream().filter(s -> "reproduced".equals(s.status()))
          .max((a, b) -> Integer.compare(a.edition(), b.edition())).orElse(null);
      for (Scored to : editions) {
        if (last != null && "nowcast".equals(to.status()) && to.edition() > last.edition()
            && to.methodology().equals(last.methodology())) {
          pairs.put(last.edition() + "|" + to.edition(), new Scored[] {last, to});
          fromLastReproduced.put(last.edition() + "|" + to.edition(), true);
        }
      }
      pairs.forEach((key, p) -> out.addAll(decompose(p[0], p[1], fromLastReproduced.getOrDefault(key, false),
          indicators.get(p[0].iso3() + "|" + p[0].edition()), indicators.get(p[1].iso3() + "|" + p[1].edition()))));
    }
    return out;
  }

  private static List<Row> decompose(Scored from, Scored to, boolean fromLastReproduced, List<Row> fromRows,
      List<Row> toRows) {
    Map<String, Row> toByIndicator = new HashMap<>();
    toRows.forEach(r -> toByIndicator.put(r.getAs("indicator"), r));
    List<Row> out = new ArrayList<>();
    for (Row f : fromRows) {
      Row t = toByIndicator.get(f.<String>getAs("indicator"));
      if (t == null) {
        continue;
      }
      Double scoreFrom = f.getAs("score");
      Double scoreTo = t.getAs("score");
      Double change = scoreFrom == null || scoreTo == null ? null : scoreTo - scoreFrom;
      Double weight = f.getAs("weight_in_idi");
      out.add(new GenericRowWithSchema(new Object[] {from.iso3(), from.edition(), to.edition(), from.status(),
          to.status(), fromLastReproduced, from.methodology(), f.getAs("indicator"), f.getAs("pillar"), weight,
          f.getAs("value"), t.getAs("value"), f.getAs("data_year"), t.getAs("data_year"), f.getAs("provenance"),
          t.getAs("provenance"), t.getAs("value_age"), t.getAs("imputation_method"), scoreFrom, scoreTo, change,
          change == null || weight == null ? null : change * weight, from.idi(), to.idi(), to.idi() - from.idi()},
          DECOMPOSITION));
    }
    return out;
  }

  /**
   * gold.idi_rank: ictbench's own ranks (ITU publishes none) of every scored economy per edition,
   * within the world, its ITU region and its income group ({@code scores} needs itu_region and
   * income_group). rank 1 = highest IDI (ties share a rank); {@code percentile} = 100 × share of the
   * group's other economies with a lower IDI.
   */
  public static Dataset<Row> ranks(Dataset<Row> scores) {
    return DriverRowsFrame.of(scores.sparkSession(),
        rankRows(DriverRows.collect(scores, "iso3", "edition", "status", "idi", "itu_region", "income_group")), RANK);
  }

  /** {@link #ranks} of score rows on the driver (iso3, edition, status, idi, itu_region, income_group). */
  static List<Row> rankRows(List<Row> scores) {
    Map<String, List<Row>> groups = new LinkedHashMap<>(); // edition|scope|group → members
    for (Row r : scores) {
      if (r.getAs("idi") == null) {
        continue;
      }
      Map<String, String> scopes = new LinkedHashMap<>();
      scopes.put("world", "WORLD");
      scopes.put("itu_region", r.getAs("itu_region"));
      scopes.put("income_group", r.getAs("income_group"));
      scopes.forEach((scope, group) -> {
        if (group != null) {
          groups.computeIfAbsent(r.<Integer>getAs("edition") + "\u0000" + scope + "\u0000" + group,
              k -> new ArrayList<>()).add(r);
        }
      });
    }
    List<Row> out = new ArrayList<>();
    groups.forEach((key, members) -> {
      String[] k = key.split("\u0000", -1);
      long n = members.size();
      for (Row r : members) {
        double idi = r.getAs("idi");
        int above = 0;
        int below = 0;
        for (Row o : members) {
          int c = DriverRows.compare(o.<Double>getAs("idi"), idi);
          above += c > 0 ? 1 : 0;
          below += c < 0 ? 1 : 0;
        }
        // Spark's rank and percent_rank: ties share the lowest rank; a lone member's percent rank is 0
        double percentile = (n > 1 ? (double) below / (n - 1) : 0.0) * 100;
        out.add(new GenericRowWithSchema(new Object[] {Integer.valueOf(k[0]), k[1], k[2], r.getAs("iso3"),
            r.getAs("status"), idi, above + 1, n, percentile, RANKED_BY}, RANK));
      }
    });
    return out;
  }
}
