package org.ictbench.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ictbench.core.IctbenchException;
import org.ictbench.core.ResourceTable;
import org.junit.jupiter.api.Test;

/**
 * The input models without Spark, on hand-made frames: the own-trend model against a median worked
 * out here, the related model against the line most donors lie on, the leave-one-out's
 * blindness to the value it predicts, the chain choice, and the IDI from the inputs against ITU's
 * published IDI 2024 for Belarus.
 */
class IdiModelsTest {
  private static final String INTERNET = "internet_users_pct";
  private static final String HOUSEHOLDS = "households_internet_pct";

  private static IdiMethodology methodology(String models) {
    return IdiMethodology.of(ResourceTable.load("idi/goalposts.csv"), ResourceTable.load("idi/editions.csv"),
        ResourceTable.load("idi/imputation.csv"), ResourceTable.load("idi/imputation_levels.csv"),
        ResourceTable.parse("test-models", "methodology,indicator_id,model,predictors\n" + models, "m"));
  }

  private static IdiModels.Cell cell(String iso3, String indicator, Double value, int year, String provenance) {
    return new IdiModels.Cell(iso3, 2024, indicator, value, year, provenance, null, null);
  }

  private static Map<String, String[]> sameGroup(List<String> iso3s) {
    Map<String, String[]> c = new HashMap<>();
    iso3s.forEach(i -> c.put(i, new String[] {"EUR", "HI"}));
    return c;
  }

  /** Six peers with 2021 values in the series and 2022 values in the frame; T has only a 2021 value. */
  private static IdiModels.Frame trendFrame(IdiMethodology m) {
    IdiModels.Series series = IdiModels.Series.empty();
    IdiModels.Frame f = new IdiModels.Frame(m.edition(2024).orElseThrow(), series);
    double[] growth = {2, 3, 4, 5, 6, 7};
    for (int k = 0; k < 6; k++) {
      series.put("P" + k, INTERNET, 2021, 50.0 + k);
      f.put(cell("P" + k, INTERNET, 50.0 + k + growth[k], 2022, "official"));
    }
    series.put("T", INTERNET, 2021, 60.0);
    f.put(cell("T", INTERNET, null, 2022, null));
    return f;
  }

  @Test
  void ownTrendAddsThePeersMedianChangeToTheEconomysOlderValue() {
    IdiMethodology m = methodology("");
    IdiModels.Frame f = trendFrame(m);
    IdiModels models = new IdiModels(m, "IDI2023", sameGroup(List.of("P0", "P1", "P2", "P3", "P4", "P5", "T")));
    IdiModels.Prediction p = models.ownTrend(f, f, "T", INTERNET, 2022, null);
    assertNotNull(p);
    // linear score x/95·100: the peers' changes are (2..7)/95·100, median (4+5)/2 → value 60 + 4.5
    assertEquals(64.5, p.value(), 1e-9);
    assertTrue(p.method().contains("own 2021 value + peers' 1-year trend within region_income EUR/HI n=6"), p.method());
    // five peers are too few for region_income (6) and income_group/itu_region (8) and world (10)
    IdiModels.Frame fewer = trendFrame(m);
    fewer.put(cell("P5", INTERNET, null, 2022, null));
    assertNull(models.ownTrend(fewer, fewer, "T", INTERNET, 2022, null));
    // no older own value, no model
    assertNull(models.ownTrend(f, f, "P0", INTERNET, 2021, null));
  }

  @Test
  void agingMovesALaggedValueByItsPeersTrendAndKeepsItsProvenance() {
    IdiMethodology m = methodology("");
    IdiModels.Frame f = trendFrame(m);
    f.put(cell("T", INTERNET, 60.0, 2021, "lagged"));
    IdiModels models = new IdiModels(m, "IDI2023", sameGroup(List.of("P0", "P1", "P2", "P3", "P4", "P5", "T")));
    IdiModels.Cell aged = models.age(f, 1).cell("T", INTERNET);
    assertEquals(64.5, aged.value(), 1e-9);
    assertEquals("lagged", aged.provenance());
    assertEquals(2021, aged.dataYear());
    assertTrue(aged.method().startsWith("aged: 2021 value + peers' 1-year trend"), aged.method());
    // the peers' own current values stay as they are
    assertEquals(52.0, models.age(f, 1).cell("P0", INTERNET).value(), 0);
  }

  /** Least squares of y on x, then the prediction at x0 (written out here, independently of the code). */
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
    return my + sxy / sxx * (x0 - mx);
  }

  @Test
  void relatedModelIsALeastAbsoluteDeviationsLineOnTheEconomysOwnRelatedIndicatorAndNeverSeesTheHeldOutValue() {
    IdiMethodology m = methodology("IDI2023,households_internet_pct,related,internet_users_pct\n");
    IdiModels.Frame f = new IdiModels.Frame(m.edition(2024).orElseThrow(), IdiModels.Series.empty());
    List<String> iso = new ArrayList<>();
    double[] internet = new double[13];
    double[] households = new double[13];
    for (int k = 0; k < 13; k++) {
      iso.add("E" + k);
      internet[k] = 30 + 4 * k;
      // on the line households = 20 + 3.5·k, except two far-off donors
      households[k] = 20 + 3.5 * k + (k == 1 ? 15 : k == 9 ? -12 : 0);
      f.put(cell("E" + k, INTERNET, internet[k], 2022, "official"));
      f.put(cell("E" + k, HOUSEHOLDS, households[k], 2022, "official"));
    }
    IdiModels models = new IdiModels(m, "IDI2023", sameGroup(iso));
    // held out: E4's households from the other twelve. Ten lie on the line, so the fit with the least
    // absolute error is that line, 20 + 3.5·4 = 34; a least-squares line (x, y on the score scale,
    // value/95·100) is pulled off it by the two others.
    double[] x = new double[12];
    double[] y = new double[12];
    for (int k = 0, j = 0; k < 13; k++) {
      if (k != 4) {
        x[j] = internet[k] / 95 * 100;
        y[j++] = households[k] / 95 * 100;
      }
    }
    double expected = 34.0;
    assertTrue(Math.abs(ols(x, y, internet[4] / 95 * 100) * 95 / 100 - expected) > 0.5);
    List<IdiModels.HeldOut> held = models.leaveOneOut(f);
    IdiModels.HeldOut e4 = held.stream().filter(h -> h.actual().iso3().equals("E4")
        && h.actual().indicator().equals(HOUSEHOLDS)).findFirst().orElseThrow();
    IdiModels.Prediction p = e4.predictions().get("related(internet_users_pct)");
    assertEquals(expected, p.value(), 1e-3);
    assertEquals("lad on internet_users_pct n=12", p.method());
    // changing the held-out value changes no prediction of it
    f.put(cell("E4", HOUSEHOLDS, 99.0, 2022, "official"));
    IdiModels.HeldOut again = models.leaveOneOut(f).stream().filter(h -> h.actual().iso3().equals("E4")
        && h.actual().indicator().equals(HOUSEHOLDS)).findFirst().orElseThrow();
    for (Map.Entry<String, IdiModels.Prediction> e : e4.predictions().entrySet()) {
      assertEquals(e.getValue().value(), again.predictions().get(e.getKey()).value(), 1e-12, e.getKey());
    }
    // 12 donors is the least the related model takes with one predictor (world minimum 10 + 2)
    f.put(cell("E12", HOUSEHOLDS, null, 2022, null));
    assertNull(models.related(f, f, "E4", HOUSEHOLDS, 2022, List.of(INTERNET)));
  }

  @Test
  void aRelatedModelReadsACatalogIndicatorAsItsReciprocal() {
    String basket = "mobile_data_voice_hc_basket_pct_gni";
    IdiMethodology m = methodology("IDI2023," + basket + ",related,inv:gni_per_capita_usd\n");
    IdiModels.Series series = IdiModels.Series.empty();
    IdiMethodology.Edition edition = m.edition(2024).orElseThrow();
    IdiModels.Frame f = new IdiModels.Frame(edition, series);
    List<String> iso = new ArrayList<>();
    for (int k = 0; k < 13; k++) {
      iso.add("E" + k);
      double gni = 2000 + 1000 * k;
      series.put("E" + k, "gni_per_capita_usd", edition.referenceYear(), gni);
      // the same USD 50 a month everywhere: 600 a year as a share of GNI per capita, in %
      f.put(cell("E" + k, basket, 60000 / gni, 2022, "official"));
    }
    IdiModels models = new IdiModels(m, "IDI2023", sameGroup(iso));
    // the score is linear in the share (reversed between 21.33 % and 1 %), so linear in 1 / GNI: the fit
    // on the twelve others predicts E4's share exactly, 60000 / 6000 = 10 %
    IdiModels.Prediction p = models.related(f, f, "E4", basket, 2022, List.of("inv:gni_per_capita_usd"));
    assertEquals(10.0, p.value(), 1e-6);
    assertEquals("gni_per_capita_usd", IdiModels.seriesIndicator("inv:gni_per_capita_usd"));
    assertEquals("gni_per_capita_usd", IdiModels.seriesIndicator("log:gni_per_capita_usd"));
  }

  @Test
  void aLagPredictorReadsTheIndicatorsOwnScoreTheYearBeforeTheValuePredicted() {
    IdiMethodology m = methodology("IDI2023,internet_users_pct,related,lag:1\n");
    IdiModels.Series series = IdiModels.Series.empty();
    IdiModels.Frame f = new IdiModels.Frame(m.edition(2024).orElseThrow(), series);
    List<String> iso = new ArrayList<>();
    for (int k = 0; k < 13; k++) {
      iso.add("E" + k);
      double before = 20 + 5 * k;
      series.put("E" + k, INTERNET, 2021, before);
      // every economy closes a fifth of its distance to 75 in a year: 0.8 · last year's + 15
      f.put(cell("E" + k, INTERNET, 0.8 * before + 15, 2022, "official"));
    }
    // E4's own 2022 value in the series is the value predicted: a lag of one year never reads it
    series.put("E4", INTERNET, 2022, 99.0);
    IdiModels models = new IdiModels(m, "IDI2023", sameGroup(iso));
    IdiModels.HeldOut e4 = models.leaveOneOut(f).stream().filter(h -> h.actual().iso3().equals("E4")).findFirst()
        .orElseThrow();
    // the score is linear in the value (x / 95 · 100), so the twelve donors lie on one line: 0.8 · 40 + 15
    assertEquals(47.0, e4.predictions().get("related(lag:1)").value(), 1e-6);
    // an economy without a value the year before is not predicted by it
    assertNull(models.related(f, f, "E4", INTERNET, 2024, List.of("lag:1")));
    assertNull(IdiModels.seriesIndicator("lag:1"));
    IctbenchException bad = assertThrows(IctbenchException.class,
        () -> methodology("IDI2023,internet_users_pct,related,lag:0\n"));
    assertTrue(bad.getMessage().contains("'lag:0' is not lag:N"), bad.getMessage());
  }

  @Test
  void aCatalogPredictorIsReadAtOrBeforeTheReferenceYearElseTheYearAfter() {
    String voice = "mobile_data_voice_hc_basket_pct_gni";
    String data = "mobile_data_basket_5gb_pct_gni";
    IdiMethodology m = methodology("IDI2023," + voice + ",related," + data + "\n");
    IdiModels.Series series = IdiModels.Series.empty();
    IdiMethodology.Edition edition = m.edition(2024).orElseThrow();
    int r = edition.referenceYear();
    IdiModels.Frame f = new IdiModels.Frame(edition, series);
    List<String> iso = new ArrayList<>();
    for (int k = 0; k < 13; k++) {
      iso.add("E" + k);
      // the data-only basket first published for the year after the reference year; the data-and-voice
      // basket twice its share of income, so its (reversed linear) score is linear in the data basket
      series.put("E" + k, data, r + 1, 1.0 + 0.5 * k);
      f.put(cell("E" + k, voice, 2 * (1.0 + 0.5 * k), 2022, "official"));
    }
    IdiModels models = new IdiModels(m, "IDI2023", sameGroup(iso));
    assertEquals(6.0, models.related(f, f, "E4", voice, r, List.of(data)).value(), 1e-6);
    // a value of the reference year or before, within carry_forward_max_years, comes first
    series.put("E4", data, r - edition.carryForwardMaxYears(), 2.0);
    assertEquals(4.0, models.related(f, f, "E4", voice, r, List.of(data)).value(), 1e-6);
    // two years after the reference year is too late
    IdiModels.Series late = IdiModels.Series.empty();
    IdiModels.Frame g = new IdiModels.Frame(edition, late);
    for (int k = 0; k < 13; k++) {
      late.put("E" + k, data, k == 4 ? r + 2 : r + 1, 1.0 + 0.5 * k);
      g.put(cell("E" + k, voice, 2 * (1.0 + 0.5 * k), 2022, "official"));
    }
    assertNull(models.related(g, g, "E4", voice, r, List.of(data)));
  }

  private static IdiModels.HeldOut held(IdiModels models, String iso3, double actual, Map<String, Double> predicted) {
    Map<String, IdiModels.Prediction> p = new LinkedHashMap<>();
    predicted.forEach((k, v) -> p.put(k, new IdiModels.Prediction(k, models.goalpost(INTERNET).z(v), v, k)));
    return new IdiModels.HeldOut(cell(iso3, INTERNET, actual, 2022, "official"), p);
  }

  @Test
  void theChainKeepsWhatBeatsThePeerModelAndNeverEndsWorseThanIt() {
    IdiMethodology m = methodology("IDI2023,internet_users_pct,own_trend,\n"
        + "IDI2023,internet_users_pct,related,households_internet_pct\n");
    IdiModels models = new IdiModels(m, "IDI2023", Map.of());
    // actual 47.5 (score 50) everywhere; peer off by 9.5 (10 points); own trend off by 0.95 (1 point)
    // where it applies (2 of 4); related off by 14.25 (15 points)
    List<IdiModels.HeldOut> h = List.of(
        held(models, "A", 47.5, Map.of("own_trend", 48.45, "related(households_internet_pct)", 61.75, "peer", 57.0)),
        held(models, "B", 47.5, Map.of("own_trend", 46.55, "related(households_internet_pct)", 33.25, "peer", 38.0)),
        held(models, "C", 47.5, Map.of("related(households_internet_pct)", 61.75, "peer", 57.0)),
        held(models, "D", 47.5, Map.of("peer", 38.0)));
    IdiModels.Choice c = models.choose(h).get(INTERNET);
    assertEquals(List.of("own_trend", "peer"), c.chain());
    assertEquals((1 + 1 + 10 + 10) / 4.0, c.chainMae(), 1e-9);
    assertEquals(10.0, c.peerMae(), 1e-9);
    // a candidate worse than the peer model everywhere: the peer model alone
    List<IdiModels.HeldOut> worse = List.of(
        held(models, "A", 47.5, Map.of("related(households_internet_pct)", 61.75, "peer", 57.0)),
        held(models, "B", 47.5, Map.of("related(households_internet_pct)", 33.25, "peer", 38.0)));
    assertEquals(List.of("peer"), models.choose(worse).get(INTERNET).chain());
  }

  @Test
  void theChainIsBuiltByInsertionSoTwelveCandidatesAreChosenAmongAtOnce() {
    // twelve candidates, each exact on the one held-out value only it applies to; the peer model is 10
    // points off everywhere. Every order of twelve is 479,001,600 chains: insertion finds the chain
    // with all twelve before the peer model, and a thirteenth value only the peer model predicts.
    StringBuilder rows = new StringBuilder();
    for (int k = 1; k <= 12; k++) {
      rows.append("IDI2023,internet_users_pct,related,p").append(k).append('\n');
    }
    List<IdiModels.HeldOut> h = new ArrayList<>();
    IdiModels models = new IdiModels(methodology(rows.toString()), "IDI2023", Map.of());
    for (int k = 1; k <= 12; k++) {
      h.add(held(models, "E" + k, 47.5, Map.of("related(p" + k + ")", 47.5, "peer", 57.0)));
    }
    h.add(held(models, "E13", 47.5, Map.of("peer", 38.0)));
    IdiModels.Choice c = models.choose(h).get(INTERNET);
    assertEquals(13, c.chain().size(), c.chain().toString());
    assertEquals("peer", c.chain().get(12));
    assertEquals(10.0 / 13, c.chainMae(), 1e-9);
    assertEquals(10.0, c.peerMae(), 1e-9);
  }

  @Test
  void ownTrendWithAMaximumGapIgnoresOlderOwnValues() {
    IdiMethodology m = methodology("");
    IdiModels.Series series = IdiModels.Series.empty();
    IdiModels.Frame f = new IdiModels.Frame(m.edition(2024).orElseThrow(), series);
    for (int k = 0; k < 6; k++) {
      series.put("P" + k, INTERNET, 2019, 50.0 + k);
      f.put(cell("P" + k, INTERNET, 60.0 + k, 2022, "official"));
    }
    series.put("T", INTERNET, 2019, 40.0);
    f.put(cell("T", INTERNET, null, 2022, null));
    IdiModels models = new IdiModels(m, "IDI2023", sameGroup(List.of("P0", "P1", "P2", "P3", "P4", "P5", "T")));
    // the own 2019 value is three years before 2022: within the edition's five, outside a two-year limit
    assertEquals(50.0, models.ownTrend(f, f, "T", INTERNET, 2022, null).value(), 1e-9);
    assertEquals(50.0, models.ownTrend(f, f, "T", INTERNET, 2022, 3).value(), 1e-9);
    assertNull(models.ownTrend(f, f, "T", INTERNET, 2022, 2));
  }

  @Test
  void aMaximumGapIsAPositiveNumberOfYearsOnAnOwnTrendRow() {
    String header = "methodology,indicator_id,model,predictors,max_gap_years\n";
    java.util.function.Function<String, IdiMethodology> of = rows -> IdiMethodology.of(
        ResourceTable.load("idi/goalposts.csv"), ResourceTable.load("idi/editions.csv"),
        ResourceTable.load("idi/imputation.csv"), ResourceTable.load("idi/imputation_levels.csv"),
        ResourceTable.parse("test-models", header + rows, "m"));
    assertEquals("own_trend(max_gap_years=2)",
        of.apply("IDI2023,internet_users_pct,own_trend,,2\n").modelCandidates("IDI2023").get(0).name());
    String related = assertThrows(IctbenchException.class,
        () -> of.apply("IDI2023,internet_users_pct,related,households_internet_pct,2\n")).getMessage();
    assertTrue(related.contains("max_gap_years applies to own_trend only"), related);
    String notANumber = assertThrows(IctbenchException.class,
        () -> of.apply("IDI2023,internet_users_pct,own_trend,,two\n")).getMessage();
    assertTrue(notANumber.contains("max_gap_years 'two' is not a positive whole number"), notANumber);
    String zero = assertThrows(IctbenchException.class,
        () -> of.apply("IDI2023,internet_users_pct,own_trend,,0\n")).getMessage();
    assertTrue(zero.contains("max_gap_years '0' is not a positive whole number"), zero);
  }

  @Test
  void theIdiFromTheInputsIsItsWeightedScoresAndMatchesItusPublishedBelarus2024() {
    IdiMethodology m = IdiMethodology.load();
    IdiModels models = new IdiModels(m, "IDI2023", Map.of());
    String[] ind = {"internet_users_pct", "households_internet_pct", "mobile_broadband_subs_per100", "cov_3g_pct",
        "cov_4g_pct", "mobile_bb_traffic_gb_per_sub", "fixed_bb_traffic_gb_per_sub",
        "mobile_data_voice_hc_basket_pct_gni", "fixed_bb_basket_pct_gni", "mobile_phone_owners_pct"};
    double[] blr = {89.5, 89.5, 97.8, 99.9, 98.0, 143.5, 1502.1, 1.6, 0.7, 97.0}; // IDI 2024 Annex 2
    Map<String, IdiModels.Cell> cells = new HashMap<>();
    for (int i = 0; i < ind.length; i++) {
      cells.put(ind[i], cell("BLR", ind[i], blr[i], 2022, "official"));
    }
    IdiModels.Scores s = models.score(cells);
    assertEquals(88.5, s.idi(), 0.07);
    assertEquals(84.5, s.universal(), 0.07);
    assertEquals(92.6, s.meaningful(), 0.07);
    cells.remove("cov_3g_pct");
    assertNull(models.score(cells).idi());
  }
}
