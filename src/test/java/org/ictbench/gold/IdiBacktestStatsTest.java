package org.ictbench.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The backtest's error statistics on a hand-made residual set (expected values worked out by hand). */
class IdiBacktestStatsTest {
  @Test
  void maeRmseMaximumAndSharesWithinOneAndTwoPoints() {
    IdiBacktest.Stats s = IdiBacktest.Stats.of(List.of(0.5, -1.5, 2.5, -0.2, 1.0));
    assertEquals(5, s.n());
    assertEquals((0.5 + 1.5 + 2.5 + 0.2 + 1.0) / 5, s.mae(), 1e-12); // 1.14
    assertEquals(Math.sqrt((0.25 + 2.25 + 6.25 + 0.04 + 1.0) / 5), s.rmse(), 1e-12);
    assertEquals(2.5, s.max(), 0);
    assertEquals(3 / 5.0, s.within1(), 1e-12); // 0.5, -0.2 and 1.0 (the bound counts)
    assertEquals(4 / 5.0, s.within2(), 1e-12);
    assertEquals(0, IdiBacktest.Stats.of(List.of()).n());
    assertEquals(Double.NaN, IdiBacktest.Stats.of(List.of()).mae());
  }
}
