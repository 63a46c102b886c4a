package org.ictbench.gold;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.ResourceTable;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * The IDI against ITU's published IDI 2024 (Measuring digital development – IDI 2024): recomputed
 * from the one-decimal published inputs, scores must match to within the inputs' rounding (±0.07).
 */
class IdiScoringTest {
  private static final String[] INDICATORS = {"internet_users_pct", "households_internet_pct",
      "mobile_broadband_subs_per100", "cov_3g_pct", "cov_4g_pct", "mobile_bb_traffic_gb_per_sub",
      "fixed_bb_traffic_gb_per_sub", "mobile_data_voice_hc_basket_pct_gni", "fixed_bb_basket_pct_gni",
      "mobile_phone_owners_pct"};
  // IDI 2024 Annex 2 (2022 data), as quoted in shared/notes/idi-methodology.md
  private static final double[] BLR = {89.5, 89.5, 97.8, 99.9, 98.0, 143.5, 1502.1, 1.6, 0.7, 97.0};
  private static final double[] CHN = {75.6, 81.2, 107.8, 99.9, 99.9, 174.8, 2575.1, 1.0, 0.5, 83.0};
  private static final StructType INPUT = new StructType().add("iso3", "string").add("edition", "int")
      .add("indicator", "string").add("value", "double").add("data_year", "int").add("provenance", "string");

  private final SparkSession spark = TestSpark.get();

  private Dataset<Row> inputs(String iso3, double[] values) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < INDICATORS.length; i++) {
      rows.add(RowFactory.create(iso3, 2024, INDICATORS[i], Double.isNaN(values[i]) ? null : values[i], 2022, "official"));
    }
    return spark.createDataFrame(rows, INPUT);
  }

  private Row score(IdiMethodology m, Dataset<Row> in) {
    IdiScoring s = new IdiScoring(m);
    return s.scores(s.indicatorScores(in), "reproduced").first();
  }

  @Test
  void belarusAndChinaMatchPublishedIdi2024() {
    Row blr = score(IdiMethodology.load(), inputs("BLR", BLR));
    assertEquals(88.5, blr.<Double>getAs("idi"), 0.07);
    assertEquals(84.5, blr.<Double>getAs("universal"), 0.07);
    assertEquals(92.6, blr.<Double>getAs("meaningful"), 0.07);
    assertEquals("reproduced", blr.getAs("status"));
    assertNull(blr.getAs("status_reason_code")); // every input official: nothing to explain
    Row chn = score(IdiMethodology.load(), inputs("CHN", CHN));
    assertEquals(85.8, chn.<Double>getAs("idi"), 0.07);
    assertEquals(79.0, chn.<Double>getAs("universal"), 0.07);
    assertEquals(92.6, chn.<Double>getAs("meaningful"), 0.07);
  }

  @Test
  void normalizationAtBelowAndAboveGoalposts() {
    // internet 0 (threshold) → 0; 95 (goalpost) → 100; households 120 → capped 100;
    // mobile-broadband 75 of 150 → 50; traffic 0 → 0 and at the goalpost 500 → 100;
    // fixed traffic 99 GB → 100·ln(100)/ln(10001); baskets: reversed, at the 21.33 threshold → 0,
    // below the 1% goalpost → 100; 50% of GNI (above the fixed threshold 33.30) → 0.
    double[] v = {0, 120, 75, 100, 0, 500, 99, 21.33, 50, 95};
    IdiScoring s = new IdiScoring(IdiMethodology.load());
    List<Row> rows = s.indicatorScores(inputs("TST", v)).collectAsList();
    java.util.Map<String, Double> score = new java.util.HashMap<>();
    rows.forEach(r -> score.put(r.getAs("indicator"), r.getAs("score")));
    assertEquals(0.0, score.get("internet_users_pct"), 1e-9);
    assertEquals(100.0, score.get("households_internet_pct"), 1e-9);
    assertEquals(50.0, score.get("mobile_broadband_subs_per100"), 1e-9);
    assertEquals(0.0, score.get("cov_4g_pct"), 1e-9);
    assertEquals(100.0, score.get("mobile_bb_traffic_gb_per_sub"), 1e-9);
    assertEquals(100 * Math.log(100) / Math.log(10001), score.get("fixed_bb_traffic_gb_per_sub"), 1e-9);
    assertEquals(0.0, score.get("mobile_data_voice_hc_basket_pct_gni"), 1e-9);
    assertEquals(0.0, score.get("fixed_bb_basket_pct_gni"), 1e-9);
    assertEquals(100.0, score.get("mobile_phone_owners_pct"), 1e-9);
    double[] cheap = {50, 50, 50, 50, 50, 50, 50, 0.5, 0.2, 50};
    List<Row> c = s.indicatorScores(inputs("TST", cheap)).filter(col("indicator").contains("basket")).collectAsList();
    c.forEach(r -> assertEquals(100.0, r.<Double>getAs("score"), 1e-9));
  }

  @Test
  void coverageIsWeightedAndAMissingInputLeavesThePillarEmpty() {
    double[] v = BLR.clone();
    v[6] = Double.NaN; // fixed traffic not available
    Row r = score(IdiMethodology.load(), inputs("BLR", v));
    assertNull(r.getAs("meaningful"));
    assertNull(r.getAs("idi"));
    assertEquals("incomplete", r.getAs("status"));
    assertEquals("NO_IMPUTATION_DONORS", r.getAs("status_reason_code"));
    assertEquals(84.5, r.<Double>getAs("universal"), 0.07);
    assertEquals(List.of("fixed_bb_traffic_gb_per_sub"), r.getList(r.fieldIndex("missing_indicators")));
    assertEquals(0.4 * 99.9 + 0.6 * 98.0, componentScore("BLR", BLR, "coverage"), 1e-9);
    // an input with no row at all (no value, no provenance) is missing in the same way
    Row absent = score(IdiMethodology.load(), inputs("BLR", v).filter(col("value").isNotNull()));
    assertEquals("incomplete", absent.getAs("status"));
    assertEquals(List.of("fixed_bb_traffic_gb_per_sub"), absent.getList(absent.fieldIndex("missing_indicators")));
    assertEquals(9L, absent.<Long>getAs("official_indicators"));
  }

  private double componentScore(String iso3, double[] values, String component) {
    IdiScoring s = new IdiScoring(IdiMethodology.load());
    double sum = 0;
    for (Row r : s.indicatorScores(inputs(iso3, values)).filter(col("component").equalTo(component)).collectAsList()) {
      sum += r.<Double>getAs("score") * r.<Double>getAs("component_weight");
    }
    return sum;
  }

  @Test
  void aGoalpostsTableChangeChangesScoresWithoutCodeChange() {
    ResourceTable original = ResourceTable.load("idi/goalposts.csv");
    StringBuilder csv = new StringBuilder(String.join(",", original.rows().get(0).keySet())).append('\n');
    for (var r : original.rows()) {
      String goalpost = r.get("indicator_id").equals("internet_users_pct") ? "100" : r.get("goalpost");
      csv.append(String.join(",", r.get("methodology"), r.get("indicator_id"), r.get("pillar"), r.get("component"),
          r.get("component_weight"), r.get("threshold"), goalpost, r.get("transform"), "\"test\"")).append('\n');
    }
    IdiMethodology revised = IdiMethodology.of(ResourceTable.parse("test-goalposts", csv.toString(), "x"),
        ResourceTable.load("idi/editions.csv"));
    Row blr = score(revised, inputs("BLR", BLR));
    // universal = mean(89.5/100·100, 89.5/95·100, 97.8/150·100)
    assertEquals((89.5 + 89.5 / 95 * 100 + 97.8 / 150 * 100) / 3, blr.<Double>getAs("universal"), 1e-9);
  }
}
