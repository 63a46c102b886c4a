package org.ictbench.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.DriverRowsFrame;

/**
 * The ICT Development Index, computed as ITU computes it (2023+ methodology): each indicator scored
 * 0 at its threshold and 100 at its goalpost (traffic on a log scale, prices reversed), capped to
 * [0, 100]; components are weighted means of their indicators (coverage = 0.4·3G + 0.6·4G); each
 * pillar is the mean of its components; the IDI is the mean of the two pillars. Everything about the
 * formula except the shape of the three transforms comes from {@link IdiMethodology} rows.
 *
 * <p>The tables are computed on the driver (a few thousand rows per edition; see {@link DriverRows});
 * the Dataset methods are the same computation over collected rows.
 */
public final class IdiScoring {
  /** gold.idi_indicator_score's columns, then two the score table reads (not written to the table). */
  static final StructType INDICATOR_SCORE = new StructType().add("iso3", DataTypes.StringType)
      .add("edition", DataTypes.IntegerType).add("methodology", DataTypes.StringType)
      .add("indicator", DataTypes.StringType).add("pillar", DataTypes.StringType)
      .add("component", DataTypes.StringType).add("component_weight", DataTypes.DoubleType)
      .add("weight_in_pillar", DataTypes.DoubleType).add("weight_in_idi", DataTypes.DoubleType)
      .add("value", DataTypes.DoubleType).add("data_year", DataTypes.IntegerType)
      .add("reference_year", DataTypes.IntegerType).add("value_age", DataTypes.IntegerType)
      .add("provenance", DataTypes.StringType).add("imputation_method", DataTypes.StringType)
      .add("threshold", DataTypes.DoubleType).add("goalpost", DataTypes.DoubleType)
      .add("transform", DataTypes.StringType).add("score", DataTypes.DoubleType)
      .add("fallback_year", DataTypes.IntegerType).add("min_official_indicators", DataTypes.IntegerType);
  /** The columns of {@link #INDICATOR_SCORE} only the score table reads. */
  static final List<String> SCORE_INPUT_ONLY = List.of("fallback_year", "min_official_indicators");

  private final IdiMethodology methodology;
  private final Map<String, List<IdiMethodology.Goalpost>> goalposts = new HashMap<>();

  public IdiScoring(IdiMethodology methodology) {
    this.methodology = methodology;
  }

  /**
   * IDI inputs from the input values ITU published with an edition (source ITU_IDI_ANNEX, whose
   * vintage year is the edition): columns iso3, edition, indicator, value, data_year, provenance.
   */
  public static Dataset<Row> annexInputs(Dataset<Row> observations) {
    return observations.filter(col("source").equalTo("ITU_IDI_ANNEX")).select(
        col("iso3"), year(col("vintage")).as("edition"), col("indicator"), col("value"), col("year").as("data_year"),
        col("value_flag").as("provenance"));
  }

  /**
   * gold.idi_indicator_score: one row per economy, edition and methodology indicator (present or
   * not), with the normalized score. {@code inputs} has iso3, edition, indicator, value, data_year,
   * provenance (value_age and imputation_method when present).
   */
  public Dataset<Row> indicatorScores(Dataset<Row> inputs) {
    return DriverRowsFrame.of(inputs.sparkSession(), indicatorScoreRows(IdiImputation.cells(inputs)), INDICATOR_SCORE);
  }

  /** {@link #indicatorScores(Dataset)} of inputs on the driver ({@link #INDICATOR_SCORE} rows). */
  List<Row> indicatorScoreRows(Collection<IdiModels.Cell> inputs) {
    Map<String, Map<String, IdiModels.Cell>> byEconomy = new TreeMap<>();
    for (IdiModels.Cell c : inputs) {
      byEconomy.computeIfAbsent(c.iso3() + "|" + c.edition(), k -> new HashMap<>()).put(c.indicator(), c);
    }
    List<Row> out = new ArrayList<>();
    for (Map<String, IdiModels.Cell> cells : byEconomy.values()) {
      IdiModels.Cell any = cells.values().iterator().next();
      IdiMethodology.Edition e = methodology.edition(any.edition()).orElse(null);
      if (e == null) {
        continue;
      }
      for (IdiMethodology.Goalpost g : goalposts(e.methodology())) {
        IdiModels.Cell c = cells.get(g.indicator());
        Double value = c == null ? null : c.value();
        Integer dataYear = c == null ? null : c.dataYear();
        Integer age = c != null && c.valueAge() != null ? c.valueAge()
            : dataYear == null ? null : e.referenceYear() - dataYear;
        out.add(new GenericRowWithSchema(new Object[] {any.iso3(), e.edition(), e.methodology(), g.indicator(),
            g.pillar(), g.component(), g.componentWeight(), g.weightInPillar(), g.weightInIdi(), value, dataYear,
            e.referenceYear(), age, c == null ? null : c.provenance(), c == null ? null : c.method(), g.threshold(),
            g.goalpost(), g.transform(), value == null ? null : g.score(value), e.fallbackYear(), e.minOfficial()},
            INDICATOR_SCORE));
      }
    }
    return out;
  }

  private List<IdiMethodology.Goalpost> goalposts(String m) {
    return goalposts.computeIfAbsent(m, methodology::goalpostList);
  }

  /**
   * gold.idi_score: one row per economy and edition: pillars and IDI (unrounded), the count of
   * official inputs, missing and imputed indicators, and each indicator's value, score, data year and
   * provenance. ITU's inclusion rule: an economy with fewer official (or lagged) values in the
   * reference window than the edition's {@code min_official_indicators} gets {@code status =
   * 'excluded'}, no scores and a {@code status_reason}. A pillar with a missing component, and so the
   * IDI, is null ({@code incomplete}).
   */
  public Dataset<Row> scores(Dataset<Row> indicatorScores, String status) {
    return DriverRowsFrame.of(indicatorScores.sparkSession(),
        scoreRows(DriverRows.collect(indicatorScores, INDICATOR_SCORE.fieldNames()), status), scoreSchema());
  }

  /** The columns of {@link #scores}. */
  StructType scoreSchema() {
    StructType t = new StructType().add("iso3", DataTypes.StringType).add("edition", DataTypes.IntegerType)
        .add("reference_year", DataTypes.IntegerType).add("status", DataTypes.StringType)
        .add("status_reason", DataTypes.StringType).add("status_reason_code", DataTypes.StringType)
        .add("idi", DataTypes.DoubleType).add("universal", DataTypes.DoubleType)
        .add("meaningful", DataTypes.DoubleType).add("official_indicators", DataTypes.LongType)
        .add("missing_indicators", DataTypes.createArrayType(DataTypes.StringType))
        .add("imputed_indicators", DataTypes.createArrayType(DataTypes.StringType));
    for (String i : allIndicators()) {
      t = t.add(i + "_value", DataTypes.DoubleType).add(i + "_score", DataTypes.DoubleType)
          .add(i + "_year", DataTypes.IntegerType).add(i + "_provenance", DataTypes.StringType);
    }
    return t;
  }

  /** {@link #scores} of {@link #INDICATOR_SCORE} rows on the driver. */
  List<Row> scoreRows(List<Row> indicatorScores, String status) {
    Map<String, List<Row>> byEconomy = new TreeMap<>();
    for (Row r : indicatorScores) {
      byEconomy.computeIfAbsent(r.<String>getAs("iso3") + "|" + r.<Integer>getAs("edition"), k -> new ArrayList<>())
          .add(r);
    }
    StructType schema = scoreSchema();
    List<String> indicators = allIndicators();
    List<Row> out = new ArrayList<>();
    for (List<Row> rows : byEconomy.values()) {
      Row first = rows.get(0);
      int reference = first.getAs("reference_year");
      int fallback = first.getAs("fallback_year");
      int minOfficial = first.getAs("min_official_indicators");
      // components: weighted means of complete components; pillars: means of complete pillars
      Map<String, double[]> components = new LinkedHashMap<>(); // pillar|component → Σ score·w, Σ w, missing
      long official = 0;
      TreeSet<String> missing = new TreeSet<>();
      TreeSet<String> imputed = new TreeSet<>();
      Map<String, Row> byIndicator = new HashMap<>();
      for (Row r : rows) {
        String indicator = r.getAs("indicator");
        byIndicator.putIfAbsent(indicator, r);
        Double score = r.getAs("score");
        double w = r.<Double>getAs("component_weight");
        double[] c = components.computeIfAbsent(r.getAs("pillar") + "|" + r.getAs("component"), k -> new double[3]);
        if (score == null) {
          c[2]++;
        } else {
          c[0] += score * w;
        }
        c[1] += w;
        String provenance = r.getAs("provenance");
        Integer year = r.getAs("data_year");
        boolean officialValue = provenance != null && OFFICIAL.contains(provenance);
        if (officialValue && year != null && year >= fallback && year <= reference) {
          official++;
        }
        if (r.isNullAt(r.fieldIndex("value"))) {
          missing.add(indicator);
        }
        if (IMPUTED.equals(provenance)) {
          imputed.add(indicator);
        }
      }
      Double universal = pillar(components, "universal");
      Double meaningful = pillar(components, "meaningful");
      boolean included = official >= minOfficial;
      Double idi = included && universal != null && meaningful != null ? (universal + meaningful) / 2 : null;
      String state;
      String reason;
      String code;
      if (!included) {
        state = "excluded";
        reason = "only " + official + " of " + rows.size() + " indicators have official or lagged data for " + fallback
            + "-" + reference + "; ITU's inclusion rule needs " + minOfficial;
        code = BELOW_INCLUSION_RULE;
      } else if (idi == null) {
        state = "incomplete";
        reason = "no value and no imputation donors for: " + String.join(", ", missing);
        code = NO_IMPUTATION_DONORS;
      } else {
        state = status;
        reason = imputed.isEmpty() ? null : "imputed by ictbench: " + String.join(", ", imputed);
        code = imputed.isEmpty() ? null : IMPUTED_INPUTS;
      }
      List<Object> v = new ArrayList<>(List.of(first.getAs("iso3"), first.getAs("edition"), reference, state));
      v.addAll(Arrays.asList(reason, code, idi, included ? universal : null, included ? meaningful : null, official,
          List.copyOf(missing), List.copyOf(imputed)));
      for (String i : indicators) {
        Row r = byIndicator.get(i);
        v.addAll(r == null ? Arrays.asList(null, null, null, null)
            : Arrays.asList(r.getAs("value"), r.getAs("score"), r.getAs("data_year"), r.getAs("provenance")));
      }
      out.add(new GenericRowWithSchema(v.toArray(), schema));
    }
    return out;
  }

  /** The mean of a pillar's component scores; null when it has none or one is incomplete. */
  private static Double pillar(Map<String, double[]> components, String pillar) {
    double sum = 0;
    int n = 0;
    for (Map.Entry<String, double[]> c : components.entrySet()) {
      if (c.getKey().startsWith(pillar + "|")) {
        if (c.getValue()[2] > 0) {
          return null;
        }
        sum += c.getValue()[0] / c.getValue()[1];
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  /** Provenance values that count as official data for ITU's inclusion rule. */
  static final List<String> OFFICIAL = List.of("official", "lagged");
  static final String IMPUTED = "imputed";
  /** status_reason_code values (the table contract's vocabulary), one per kind of status_reason. */
  static final String BELOW_INCLUSION_RULE = "BELOW_INCLUSION_RULE";
  static final String NO_IMPUTATION_DONORS = "NO_IMPUTATION_DONORS";
  static final String IMPUTED_INPUTS = "IMPUTED_INPUTS";

  List<String> allIndicators() {
    List<String> indicators = new ArrayList<>();
    methodology.editions().stream().map(IdiMethodology.Edition::methodology).distinct()
        .forEach(m -> methodology.indicators(m).stream().filter(i -> !indicators.contains(i)).forEach(indicators::add));
    return indicators;
  }
}
