package org.ictbench.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

/**
 * gold.idi_imputation_eval from hand-made held-out values (no Spark): the statistics per indicator and
 * over all indicators, worked out by hand.
 */
class IdiImputationEvalTest {
  /** A held-out value: actual and predicted value, score error, peer score error (or null). */
  private static Row held(String indicator, double actual, double predicted, double scoreError, Double peerError) {
    return new GenericRowWithSchema(new Object[] {"E" + actual, 2024, indicator, "Europe", "High", actual, predicted,
        50.0, 50.0 + scoreError, scoreError, scoreError / 2, scoreError / 4, "peer", "peer: region", null, peerError},
        IdiImputation.HOLDOUT);
  }

  @Test
  void statisticsPerIndicatorAndOverAll() {
    List<Row> holdout = List.of(
        held("internet_users_pct", 80, 84, 4.0, 6.0),
        held("internet_users_pct", 50, 49, -1.0, null),
        held("internet_users_pct", 0, 2, 12.0, -3.0),
        held("internet_users_pct", 40, 30, -10.0, 1.0),
        held("cov_4g_pct", 90, 91, 2.0, 2.0));
    Map<String, Row> eval = new HashMap<>();
    IdiImputation.summarize(holdout)
        .forEach(r -> eval.put(r.<Integer>getAs("edition") + " " + r.getAs("indicator"), r));
    assertEquals(3, eval.size());

    Row internet = eval.get("2024 internet_users_pct");
    assertEquals(4L, internet.<Long>getAs("held_out_values"));
    assertEquals((4 + 1 + 12 + 10) / 4.0, internet.<Double>getAs("mae_score"), 1e-12);
    assertEquals(Math.sqrt((16 + 1 + 144 + 100) / 4.0), internet.<Double>getAs("rmse_score"), 1e-12);
    assertEquals((4 - 1 + 12 - 10) / 4.0, internet.<Double>getAs("bias_score"), 1e-12);
    assertEquals((2 + 0.5 + 6 + 5) / 4.0, internet.<Double>getAs("mae_pillar_points"), 1e-12);
    assertEquals((1 + 0.25 + 3 + 2.5) / 4.0, internet.<Double>getAs("mae_idi_points"), 1e-12);
    assertEquals(3.0, internet.<Double>getAs("max_idi_points"), 0);
    // value errors 4, 1, 2, 10: an even count takes the lower middle value (Spark's percentile_approx)
    assertEquals(2.0, internet.<Double>getAs("median_abs_value_error"), 0);
    // relative errors 0.05, 0.02, 0.25 (the zero actual value has none): the middle one
    assertEquals(0.05, internet.<Double>getAs("median_relative_value_error"), 1e-12);
    assertEquals(3 / 4.0, internet.<Double>getAs("share_within_10_points"), 1e-12); // -10 counts, 12 does not
    assertEquals((6 + 3 + 1) / 3.0, internet.<Double>getAs("peer_model_mae_score"), 1e-12); // the null is skipped

    Row all = eval.get("2024 ALL");
    assertEquals(5L, all.<Long>getAs("held_out_values"));
    assertEquals((4 + 1 + 12 + 10 + 2) / 5.0, all.<Double>getAs("mae_score"), 1e-12);
    assertEquals(2.0, all.<Double>getAs("median_abs_value_error"), 0); // 1, 1, 2, 4, 10
    assertEquals(4 / 5.0, all.<Double>getAs("share_within_10_points"), 1e-12);

    Row coverage = eval.get("2024 cov_4g_pct");
    assertEquals(1L, coverage.<Long>getAs("held_out_values"));
    assertEquals(1.0, coverage.<Double>getAs("median_abs_value_error"), 0);
    assertEquals(List.of("ALL", "cov_4g_pct", "internet_users_pct"),
        IdiImputation.summarize(holdout).stream().map(r -> r.<String>getAs("indicator")).toList());
    assertNull(IdiImputation.summarize(List.of(held("x", 1, 1, 0, null))).get(0).getAs("peer_model_mae_score"));
  }
}
