package org.ictbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.IctbenchException;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** Tolerance and explanation rules on hand-made evidence. */
class ClaimsCheckTest {
  static final Set<String> KNOWN = Set.of("internet_users_pct", "fixed_bb_basket_pct_gni");

  @Test
  void toleranceIsHalfAUnitOfTheLastStatedDecimal() {
    assertEquals(0.5, ClaimsCheck.tolerance("1"), 1e-6);
    assertEquals(0.05, ClaimsCheck.tolerance("84.4"), 1e-6);
    assertEquals(0.005, ClaimsCheck.tolerance("0.50"), 1e-6);
    // 89.54 rounds to 90 (confirmed as "90") but not to 89 (half a unit is 0.5)
  }

  @Test
  void outcomesOnHandMadeEvidence() {
    SparkSession spark = TestSpark.get();
    String csv = """
        claim_id,economy,indicator,period_kind,period,stated_value
        A,BLR,internet_users_pct,year,2022,89.5
        B,BLR,internet_users_pct,year,2022,90
        C,BLR,internet_users_pct,year,2022,85.1
        D,BLR,internet_users_pct,year,2022,50
        E,BLR,internet_users_pct,year,2030,89.5
        F,BLR,fixed_bb_basket_pct_gni,year,2022,1
        G,BLR,fixed_bb_basket_pct_gni,year,2022,1.0
        """;
    Dataset<Row> claims = spark.createDataFrame(ClaimsCheck.parseClaims("t.csv", csv, KNOWN), ClaimsCheck.CLAIM);
    Dataset<Row> ev = spark.createDataFrame(List.of(
        RowFactory.create("BLR", "internet_users_pct", "value", "year", 2022, 89.54, "S", "2025-10-01", null),
        RowFactory.create("BLR", "internet_users_pct", "value", "year", 2021, 85.12, "S", "2025-10-01", null),
        RowFactory.create("BLR", "fixed_bb_basket_pct_gni", "value", "year", 2022, 0.7, "S", "2025-10-01", null)),
        ClaimsCheck.EVIDENCE);
    Map<String, String> out = ClaimsCheck.outcomes(ClaimsCheck.check(claims, ev));
    assertEquals(Map.of("A", "confirmed", "B", "confirmed", "C", "explained", "D", "differs", "E", "explained",
        "F", "confirmed", "G", "differs"), out);
  }

  @Test
  void aBadClaimNamesItsLine() {
    IctbenchException e = assertThrows(IctbenchException.class, () -> ClaimsCheck.parseClaims("t.csv",
        "claim_id,economy,indicator,period_kind,period,stated_value\nA,BLR,internet_users_pct,year,2022,89.5\n"
            + "B,BLR,nonsense,year,2022,1\n", KNOWN));
    assertTrue(e.getMessage().contains("t.csv line 3") && e.getMessage().contains("nonsense"), e.getMessage());
  }
}
