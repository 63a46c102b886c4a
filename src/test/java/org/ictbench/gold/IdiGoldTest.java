package org.ictbench.gold;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.ResourceTable;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * Inclusion rule, change decomposition, imputation (against a least-squares fit computed by hand
 * here) and the nowcast's reference-year logic, on small hand-made fixtures.
 */
class IdiGoldTest {
  private static final String[] INDICATORS = {"internet_users_pct", "households_internet_pct",
      "mobile_broadband_subs_per100", "cov_3g_pct", "cov_4g_pct", "mobile_bb_traffic_gb_per_sub",
      "fixed_bb_traffic_gb_per_sub", "mobile_data_voice_hc_basket_pct_gni", "fixed_bb_basket_pct_gni",
      "mobile_phone_owners_pct"};
  private static final double[] BLR = {89.5, 89.5, 97.8, 99.9, 98.0, 143.5, 1502.1, 1.6, 0.7, 97.0};
  private static final StructType INPUT = new StructType().add("iso3", "string").add("edition", "int")
      .add("indicator", "string").add("value", "double").add("data_year", "int").add("provenance", "string")
      .add("value_age", "int");
  private static final StructType CLASS = new StructType().add("iso3", "string").add("itu_region", "string")
      .add("income_group", "string");
  private static final StructType LATEST = new StructType().add("iso3", "string").add("indicator", "string")
      .add("year", "int").add("value", "double").add("value_flag", "string");

  private final SparkSession spark = TestSpark.get();

  private static Row in(String iso3, int edition, String indicator, Double value, int year, String provenance) {
    return RowFactory.create(iso3, edition, indicator, value, year, provenance, null);
  }

  private static List<Row> economy(String iso3, int edition, int year, double[] values, String[] provenance) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < INDICATORS.length; i++) {
      rows.add(in(iso3, edition, INDICATORS[i], values[i], year, provenance[i]));
    }
    return rows;
  }

  private static String[] provenance(int official) {
    String[] p = new String[INDICATORS.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = i < official ? "official" : "estimate";
    }
    return p;
  }

  @Test
  void inclusionRuleNeedsFiveOfficialValuesInTheReferenceWindow() {
    List<Row> rows = new ArrayList<>();
    rows.addAll(economy("AAA", 2024, 2022, BLR, provenance(4)));
    rows.addAll(economy("BBB", 2024, 2022, BLR, provenance(5)));
    List<Row> ccc = economy("CCC", 2024, 2022, BLR, provenance(5));
    ccc.set(0, in("CCC", 2024, INDICATORS[0], BLR[0], 2020, "official")); // 2020 is outside 2021-2022
    rows.addAll(ccc);
    IdiScoring s = new IdiScoring(IdiMethodology.load());
    Map<String, Row> byIso = new HashMap<>();
    s.scores(s.indicatorScores(spark.createDataFrame(rows, INPUT)), "reproduced").collectAsList()
        .forEach(r -> byIso.put(r.getAs("iso3"), r));
    Row aaa = byIso.get("AAA");
    assertEquals("excluded", aaa.getAs("status"));
    assertNull(aaa.getAs("idi"));
    assertNull(aaa.getAs("universal"));
    assertEquals(4L, aaa.<Long>getAs("official_indicators"));
    assertTrue(aaa.<String>getAs("status_reason").startsWith("only 4 of 10"), aaa.<String>getAs("status_reason"));
    assertEquals("BELOW_INCLUSION_RULE", aaa.getAs("status_reason_code"));
    assertEquals("reproduced", byIso.get("BBB").getAs("status"));
    assertEquals(88.5, byIso.get("BBB").<Double>getAs("idi"), 0.07);
    assertEquals("excluded", byIso.get("CCC").getAs("status"));
    assertEquals(4L, byIso.get("CCC").<Long>getAs("official_indicators"));
  }

  @Test
  void decompositionSumsExactlyToTheChange() {
    double[] later = BLR.clone();
    later[0] = 95.0; // internet users reach the goalpost
    later[6] = 2000.0; // fixed traffic grows
    String[] official = provenance(10);
    List<Row> rows = new ArrayList<>(economy("BLR", 2024, 2022, BLR, official));
    rows.addAll(economy("BLR", 2025, 2023, later, official));
    IdiScoring s = new IdiScoring(IdiMethodology.load());
    Dataset<Row> ind = s.indicatorScores(spark.createDataFrame(rows, INPUT));
    List<Row> d = IdiAnalysis.decomposition(ind, s.scores(ind, "nowcast")).collectAsList();
    assertEquals(10, d.size());
    double sum = 0;
    Map<String, Double> c = new HashMap<>();
    for (Row r : d) {
      sum += r.<Double>getAs("contribution");
      c.put(r.getAs("indicator"), r.getAs("contribution"));
    }
    double change = d.get(0).<Double>getAs("idi_change");
    assertEquals(change, sum, 1e-9);
    // independently: internet is 1 of 3 universal components (weight 1/6 in the IDI), fixed traffic
    // 1 of 6 meaningful components (1/12), scores linear /95 and ln(x+1)/ln(10001)
    double internet = (100 - 89.5 / 95 * 100) / 6;
    double traffic = 100 * (Math.log(2001) - Math.log(1503.1)) / Math.log(10001) / 12;
    assertEquals(internet, c.get("internet_users_pct"), 1e-9);
    assertEquals(traffic, c.get("fixed_bb_traffic_gb_per_sub"), 1e-9);
    assertEquals(internet + traffic, change, 1e-9);
    assertEquals(0.0, c.get("cov_4g_pct"), 1e-12);
  }

  @Test
  void decompositionAlsoRunsFromTheLastReproducedEditionToEveryNowcast() {
    double[] y2025 = BLR.clone();
    y2025[0] = 92.0;
    double[] y2026 = y2025.clone();
    y2026[2] = 110.0;
    String[] official = provenance(10);
    List<Row> rows = new ArrayList<>(economy("BLR", 2024, 2022, BLR, official));
    rows.addAll(economy("BLR", 2025, 2023, y2025, official));
    rows.addAll(economy("BLR", 2026, 2024, y2026, official));
    IdiScoring s = new IdiScoring(IdiMethodology.load());
    Dataset<Row> ind = s.indicatorScores(spark.createDataFrame(rows, INPUT));
    Dataset<Row> scores = s.scores(ind.filter("edition = 2024"), "reproduced")
        .unionByName(s.scores(ind.filter("edition > 2024"), "nowcast"));
    Map<String, List<Row>> pairs = new HashMap<>();
    IdiAnalysis.decomposition(ind, scores).collectAsList().forEach(r -> pairs.computeIfAbsent(
        r.<Integer>getAs("edition_from") + "-" + r.<Integer>getAs("edition_to"), k -> new ArrayList<>()).add(r));
    assertEquals(java.util.Set.of("2024-2025", "2025-2026", "2024-2026"), pairs.keySet());
    assertTrue(pairs.get("2024-2025").get(0).<Boolean>getAs("from_last_reproduced"));
    assertTrue(pairs.get("2024-2026").get(0).<Boolean>getAs("from_last_reproduced"));
    assertFalse(pairs.get("2025-2026").get(0).<Boolean>getAs("from_last_reproduced"));
    // 2024 → 2026: internet users (1/6 of the IDI) and mobile broadband (1/6), scores x/95 and x/150
    double expected = (92.0 - 89.5) / 95 * 100 / 6 + (110.0 - 97.8) / 150 * 100 / 6;
    double sum = 0;
    for (Row r : pairs.get("2024-2026")) {
      sum += r.<Double>getAs("contribution");
    }
    assertEquals(expected, sum, 1e-9);
    assertEquals(expected, pairs.get("2024-2026").get(0).<Double>getAs("idi_change"), 1e-9);
  }

  private IdiMethodology ownersFromInternet() {
    StringBuilder imp = new StringBuilder("methodology,indicator_id,predictors,value_min,value_max\n");
    for (String i : INDICATORS) {
      imp.append("IDI2023,").append(i).append(',').append(i.equals("mobile_phone_owners_pct") ? "internet_users_pct" : "")
          .append(",0,100\n");
    }
    return IdiMethodology.of(ResourceTable.load("idi/goalposts.csv"), ResourceTable.load("idi/editions.csv"),
        ResourceTable.parse("test-imputation", imp.toString(), "x"),
        ResourceTable.parse("test-levels", "level_order,level,min_donors\n1,region_income,3\n2,world,3\n", "y"));
  }

  /** Least squares of y on x, then the prediction at x0 (computed here, independently of Spark). */
  private static double ols(double[] x, double[] y, double x0) {
    double mx = 0, my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / x.length;
    }
    double sxy = 0, sxx = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    double b = sxy / sxx;
    return my + b * (x0 - mx);
  }

  @Test
  void imputationIsFlaggedAndMatchesAHandComputedPeerRegression() {
    double[] internet = {50, 60, 70, 80, 90, 40};
    Double[] owners = {55.0, 62.0, 75.0, 79.0, null, null};
    String[] iso = {"E01", "E02", "E03", "E04", "E05", "A06"};
    List<Row> rows = new ArrayList<>();
    List<Row> cls = new ArrayList<>();
    for (int i = 0; i < iso.length; i++) {
      rows.add(in(iso[i], 2024, "internet_users_pct", internet[i], 2022, "official"));
      rows.add(in(iso[i], 2024, "mobile_phone_owners_pct", owners[i], 2022, owners[i] == null ? null : "official"));
      cls.add(i < 5 ? RowFactory.create(iso[i], "EUR", "HI") : RowFactory.create(iso[i], "AFR", "LI"));
    }
    Dataset<Row> inputs = spark.createDataFrame(rows, INPUT);
    Dataset<Row> classification = spark.createDataFrame(cls, CLASS);
    IdiImputation imputation = new IdiImputation(ownersFromInternet());
    Map<String, Row> imputed = new HashMap<>();
    imputation.impute(inputs, classification).filter(col("indicator").equalTo("mobile_phone_owners_pct"))
        .collectAsList().forEach(r -> imputed.put(r.getAs("iso3"), r));
    // the model's scale: owners score z = owners/95·100 on x = internet score internet/95·100
    double[] x = new double[4];
    double[] z = new double[4];
    for (int i = 0; i < 4; i++) {
      x[i] = internet[i] / 95 * 100;
      z[i] = owners[i] / 95 * 100;
    }
    Row e05 = imputed.get("E05");
    assertEquals(ols(x, z, 90.0 / 95 * 100) * 95 / 100, e05.<Double>getAs("value"), 1e-9);
    assertEquals("imputed", e05.getAs("provenance"));
    assertEquals(2022, e05.<Integer>getAs("data_year"));
    assertTrue(e05.<String>getAs("imputation_method").startsWith("ols within region_income EUR/HI n=4"),
        e05.<String>getAs("imputation_method"));
    // A06 has no peers in AFR/LI: the world level (the same four donors)
    Row a06 = imputed.get("A06");
    assertEquals(ols(x, z, 40.0 / 95 * 100) * 95 / 100, a06.<Double>getAs("value"), 1e-9);
    assertTrue(a06.<String>getAs("imputation_method").startsWith("ols within world world n=4"));
    // known values are untouched
    assertEquals(55.0, imputed.get("E01").<Double>getAs("value"), 0);
    assertEquals("official", imputed.get("E01").getAs("provenance"));
    assertNull(imputed.get("E01").getAs("imputation_method"));

    // leave-one-out: E01's owners value predicted from E02-E04 only
    Row held = imputation.leaveOneOut(inputs, classification)
        .filter("iso3 = 'E01' AND indicator = 'mobile_phone_owners_pct'").first();
    double[] x3 = {x[1], x[2], x[3]};
    double[] z3 = {z[1], z[2], z[3]};
    double predicted = ols(x3, z3, x[0]) * 95 / 100;
    assertEquals(predicted, held.<Double>getAs("predicted_value"), 1e-9);
    assertEquals(55.0, held.<Double>getAs("actual_value"), 0);
    assertEquals((predicted - 55.0) / 95 * 100 / 12, held.<Double>getAs("idi_error"), 1e-9);
  }

  @Test
  void nowcastTakesTheReferenceYearThenTheFallbackThenCarriesForwardWithItsAge() {
    List<Row> obs = List.of(
        RowFactory.create("BLR", "internet_users_pct", 2023, 80.0, "official"),
        RowFactory.create("BLR", "internet_users_pct", 2024, 85.0, "official"),
        RowFactory.create("BLR", "internet_users_pct", 2025, 90.0, "official"),
        RowFactory.create("BLR", "households_internet_pct", 2023, 70.0, "official"),
        RowFactory.create("BLR", "mobile_bb_traffic_gb_per_sub", 2022, 143.5, "official"),
        RowFactory.create("BLR", "mobile_phone_owners_pct", 2024, 95.0, "estimate"),
        RowFactory.create("BLR", "fixed_bb_basket_pct_gni", 2017, 0.7, "official"),
        RowFactory.create("BLR", "cov_5g_pct", 2024, 10.0, "official"));
    List<IdiNowcast.Latest> latest = IdiNowcast.collect(spark.createDataFrame(obs, LATEST));
    Map<String, IdiModels.Cell> got = new HashMap<>();
    new IdiNowcast(IdiMethodology.load()).inputs(latest, List.of(2025, 2026))
        .forEach(in -> got.put(in.cell().edition() + " " + in.cell().indicator(), in.cell()));
    assertEquals(7, got.size());
    check(got.get("2026 internet_users_pct"), 85.0, 2024, "official", 0);
    check(got.get("2025 internet_users_pct"), 80.0, 2023, "official", 0);
    check(got.get("2026 households_internet_pct"), 70.0, 2023, "lagged", 1);
    check(got.get("2025 households_internet_pct"), 70.0, 2023, "official", 0);
    check(got.get("2026 mobile_bb_traffic_gb_per_sub"), 143.5, 2022, "carried_forward", 2);
    check(got.get("2025 mobile_bb_traffic_gb_per_sub"), 143.5, 2022, "lagged", 1);
    check(got.get("2026 mobile_phone_owners_pct"), 95.0, 2024, "estimate", 0);
    assertFalse(got.containsKey("2025 mobile_phone_owners_pct")); // 2024 is after 2025's reference year
    assertFalse(got.containsKey("2026 fixed_bb_basket_pct_gni")); // 2017 is older than 2024 - 5

    // a methodology change is rows: edition 2026 re-based on data year 2025
    ResourceTable editions = ResourceTable.parse("test-editions",
        "edition,methodology,reference_year,fallback_year,min_official_indicators,carry_forward_max_years\n"
            + "2026,IDI2023,2025,2024,5,1\n", "z");
    Map<String, IdiModels.Cell> rebased = new HashMap<>();
    new IdiNowcast(IdiMethodology.of(ResourceTable.load("idi/goalposts.csv"), editions))
        .inputs(latest, List.of(2026)).forEach(in -> rebased.put(in.cell().indicator(), in.cell()));
    check(rebased.get("internet_users_pct"), 90.0, 2025, "official", 0);
    assertFalse(rebased.containsKey("households_internet_pct")); // 2023 is older than 2025 - 1
  }

  private static void check(IdiModels.Cell c, double value, int year, String provenance, int age) {
    assertEquals(value, c.value(), 0);
    assertEquals(year, c.dataYear());
    assertEquals(provenance, c.provenance());
    assertEquals(age, c.valueAge());
  }
}
