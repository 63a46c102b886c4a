package org.ictbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain-words change text on a hand-made decomposition (no Spark). */
class ChangeTextTest {
  private static final Map<String, String[]> CATALOG = Map.of(
      "internet_users_pct", new String[] {"Individuals using the Internet", "% of population"},
      "mobile_broadband_subs_per100", new String[] {"Active mobile-broadband subscriptions per 100 inhabitants",
          "per 100 inhabitants"},
      "households_internet_pct", new String[] {"Households with Internet access at home", "% of households"},
      "mobile_bb_traffic_gb_per_sub", new String[] {"Mobile-broadband traffic per mobile-broadband subscription",
          "GB per subscription per year"},
      "fixed_bb_basket_pct_gni", new String[] {"Fixed-broadband basket", "% of GNI per capita"});

  @Test
  void namesTheThreeLargestMovesWithValuesAndYearsAndTheEstimatedInputs() {
    List<ReportData.InputChange> inputs = List.of(
        new ReportData.InputChange("internet_users_pct", 89.5, 2022, 94.26, 2024, "official", 0, null, 0.8377),
        new ReportData.InputChange("mobile_broadband_subs_per100", 97.8, 2022, 107.56, 2024, "official", 0, null, 0.5417),
        new ReportData.InputChange("households_internet_pct", 89.5, 2022, 92.53, 2023, "lagged", 1,
            "aged: 2023 value + peers' 1-year trend within world world n=30 (+1.10 score points)", 0.4),
        new ReportData.InputChange("mobile_bb_traffic_gb_per_sub", 143.5, 2022, 143.5, 2022, "carried_forward", 2, null,
            0.0),
        new ReportData.InputChange("fixed_bb_basket_pct_gni", 0.7, 2022, 0.55, 2024, "imputed", 0,
            "related: ols on households_internet_pct n=150", -0.01));
    ReportData.ChangeExplanation c = new ReportData.ChangeExplanation("BLR", 2024, 2026, "reproduced", "nowcast",
        88.54, 91.31, 90.18, 93.07, inputs);
    String text = ChangeText.explain(c, "Belarus", CATALOG);
    assertTrue(text.startsWith("Belarus: IDI 88.5 in 2024 (reproduced) to 91.3 in 2026 (nowcast, 80% interval"
        + " 90.2-93.1), +2.8 points."), text);
    assertTrue(text.contains("What moved it most: Individuals using the Internet, 89.5% of population in 2022 to"
        + " 94.3% of population in 2024 (+0.84 points); Active mobile-broadband subscriptions per 100 inhabitants,"
        + " 97.8 per 100 inhabitants in 2022 to 107.6 per 100 inhabitants in 2024 (+0.54 points); Households with"
        + " Internet access at home, 89.5% of households in 2022 to 92.5% of households in 2023 (+0.40 points)."), text);
    assertTrue(text.contains("The 2026 nowcast rests on 3 estimated inputs: Households with Internet access at home"
        + " (the 2023 value, 1 year old, moved by its peers' trend); Mobile-broadband traffic per mobile-broadband"
        + " subscription (the 2022 value, 2 years old, used as it is); Fixed-broadband basket (imputed from the"
        + " economy's related indicators)."), text);
    assertEquals(3, c.topMovers(3).size());
  }

  @Test
  void aNowcastOfCurrentValuesOnlySaysSo() {
    ReportData.ChangeExplanation c = new ReportData.ChangeExplanation("CHN", 2024, 2025, "reproduced", "nowcast",
        85.74, 91.24, null, null, List.of(
            new ReportData.InputChange("internet_users_pct", 75.6, 2022, 90.6, 2023, "official", 0, null, 2.63)));
    String text = ChangeText.explain(c, "China", CATALOG);
    assertTrue(text.contains("to 91.2 in 2025 (nowcast), +5.5 points."), text);
    assertTrue(text.endsWith("Every input of the 2025 nowcast is a value for its reference year."), text);
  }
}
