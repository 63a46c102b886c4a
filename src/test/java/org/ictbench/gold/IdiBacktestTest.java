package org.ictbench.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.Table;
import org.ictbench.curate.Catalog;
import org.ictbench.curate.Curation;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * The backtest on a tiny synthetic lake whose answer is known. Fourteen economies, one peer group;
 * every input of economy k and indicator j scores s = 30 + 2k + 3j + a small wobble in ITU's IDI
 * 2024 annex (the truth, data year 2022). A series (source ITU_DATAHUB) published before the
 * edition (2023-05) holds the same scores for 2022 and d = 4 points less per year before; a later
 * download (2025-10) revises 2022 by +5 points. E13's internet users has no 2022 value, and grew by
 * d + 3 from 2021. So, by hand:
 * <ul>
 *   <li>lag 0: the nowcast reads the real-time vintage, so every input but E13's internet is exact;
 *       E13's 2021 value moved by the peers' trend (d) is 3 points short: its IDI −3/6 = −0.5. The
 *       last value as it is: E13 is −(d + 3)/6 points. Read the revision and every IDI would be +5;
 *       read the annex (the answer) and E13 would be exact;</li>
 *   <li>lag 1 and 2: every input 1 or 2 years old and the peers' trend exactly d per year (at lag 2
 *       no peer reaches 2022: their 2018-2020 change is extrapolated), so the nowcast is exact
 *       except E13; the last value is d or 2d points low on every input, so d or 2d IDI points
 *       low (the weights sum to 1).</li>
 * </ul>
 */
class IdiBacktestTest {
  private static final String[] IND = {"internet_users_pct", "households_internet_pct",
      "mobile_broadband_subs_per100", "cov_3g_pct", "cov_4g_pct", "mobile_bb_traffic_gb_per_sub",
      "fixed_bb_traffic_gb_per_sub", "mobile_data_voice_hc_basket_pct_gni", "fixed_bb_basket_pct_gni",
      "mobile_phone_owners_pct"};
  // weight in the IDI (IDI 2024 Annex 1: three universal indicators, 1/6 each; six meaningful
  // components, 1/12 each, coverage split 0.4/0.6)
  private static final double[] WEIGHT = {1 / 6.0, 1 / 6.0, 1 / 6.0, 0.4 / 12, 0.6 / 12, 1 / 12.0, 1 / 12.0,
      1 / 12.0, 1 / 12.0, 1 / 12.0};
  private static final double D = 4;
  private static final StructType OBS = new StructType().add("iso3", DataTypes.StringType)
      .add("indicator", DataTypes.StringType).add("year", DataTypes.IntegerType).add("value", DataTypes.DoubleType)
      .add("source", DataTypes.StringType).add("vintage", DataTypes.DateType).add("value_flag", DataTypes.StringType)
      .add("file_sha256", DataTypes.StringType).add("record_number", DataTypes.LongType);
  private static final StructType CLS = new StructType().add("iso3", DataTypes.StringType)
      .add("source", DataTypes.StringType).add("edition", DataTypes.IntegerType).add("region", DataTypes.StringType)
      .add("income_group", DataTypes.StringType);

  private final SparkSession spark = TestSpark.get();

  private static double score(int k, int j) {
    return 30 + 2 * k + 3 * j + ((k * 7 + j * 3) % 5 - 2) * 0.5;
  }

  /** The value whose score is s, from the IDI 2024 Annex 1 goalposts (written out here). */
  private static double value(int j, double s) {
    return switch (IND[j]) {
      case "mobile_bb_traffic_gb_per_sub" -> Math.expm1(s / 100 * Math.log(501));
      case "fixed_bb_traffic_gb_per_sub" -> Math.expm1(s / 100 * Math.log(10001));
      case "mobile_data_voice_hc_basket_pct_gni" -> 21.33 - s / 100 * (21.33 - 1);
      case "fixed_bb_basket_pct_gni" -> 33.30 - s / 100 * (33.30 - 1);
      case "mobile_broadband_subs_per100" -> s / 100 * 150;
      case "cov_3g_pct", "cov_4g_pct" -> s;
      default -> s / 100 * 95;
    };
  }

  @Test
  void theNowcastOfAKnownLakeMissesOnlyWhereItMustAndBeatsTheLastValue() {
    List<Row> obs = new ArrayList<>();
    List<Row> cls = new ArrayList<>();
    long rec = 0;
    for (int k = 0; k < 14; k++) {
      String iso = String.format("E%02d", k);
      cls.add(RowFactory.create(iso, "ITU_IDI_ANNEX", 2024, "EUR", "HI"));
      for (int j = 0; j < IND.length; j++) {
        double s = score(k, j);
        obs.add(RowFactory.create(iso, IND[j], 2022, value(j, s), "ITU_IDI_ANNEX", Date.valueOf("2024-01-01"),
            "official", "annex", rec++));
        boolean e13Internet = k == 13 && j == 0;
        Date early = Date.valueOf("2023-05-01");
        Date late = Date.valueOf("2025-10-01");
        if (!e13Internet) {
          obs.add(RowFactory.create(iso, IND[j], 2022, value(j, s), "ITU_DATAHUB", early, "official", "dh1", rec++));
        }
        double s2021 = e13Internet ? s - D - 3 : s - D;
        obs.add(RowFactory.create(iso, IND[j], 2021, value(j, s2021), "ITU_DATAHUB", early, "official", "dh1", rec++));
        for (int y = 2020; y >= 2018; y--) {
          obs.add(RowFactory.create(iso, IND[j], y, value(j, s2021 - (2021 - y) * D), "ITU_DATAHUB", early, "official",
              "dh1", rec++));
        }
        obs.add(RowFactory.create(iso, IND[j], 2022, value(j, s + 5), "ITU_DATAHUB", late, "official", "dh2", rec++));
        obs.add(RowFactory.create(iso, IND[j], 2023, value(j, s + D), "ITU_DATAHUB", late, "official", "dh2", rec++));
      }
    }
    Dataset<Row> observations = spark.createDataFrame(obs, OBS);
    Dataset<Row> latest = Curation.latest(observations, Catalog.load().sourceTable(spark));
    Map<String, Row> summary = new HashMap<>();
    Map<String, Row> economies = new HashMap<>();
    Map<Table, Dataset<Row>> t = new IdiGold(IdiMethodology.load())
        .tables(observations, latest, spark.createDataFrame(cls, CLS));
    t.get(Table.IDI_NOWCAST_BACKTEST).filter("edition = 2024 AND measure = 'idi' AND scope = 'all'").collectAsList()
        .forEach(r -> summary.put(r.<Integer>getAs("data_lag_years") + " " + r.getAs("method"), r));
    t.get(Table.IDI_NOWCAST_BACKTEST_ECONOMY).filter("measure = 'idi'").collectAsList()
        .forEach(r -> economies.put(r.<Integer>getAs("data_lag_years") + " " + r.getAs("iso3"), r));
    List<Row> scores = t.get(Table.IDI_SCORE).collectAsList();
    // the truth: Σ weight × score
    double truth0 = 0;
    for (int j = 0; j < IND.length; j++) {
      truth0 += WEIGHT[j] * score(0, j);
    }
    assertEquals(truth0, economies.get("0 E00").<Double>getAs("reproduced"), 1e-9);
    // lag 0
    assertEquals(0.0, economies.get("0 E00").<Double>getAs("nowcast_error"), 1e-9);
    assertEquals(-3.0 / 6, economies.get("0 E13").<Double>getAs("nowcast_error"), 1e-9);
    assertEquals(-(D + 3) / 6, economies.get("0 E13").<Double>getAs("last_value_error"), 1e-9);
    Row nowcast0 = summary.get("0 nowcast");
    assertEquals(14, nowcast0.<Integer>getAs("economies"));
    assertEquals(0.5 / 14, nowcast0.<Double>getAs("mae"), 1e-9);
    assertEquals(0.5, nowcast0.<Double>getAs("max_abs_error"), 1e-9);
    assertEquals(1.0, nowcast0.<Double>getAs("share_within_1"), 0);
    assertEquals(0.0, nowcast0.<Double>getAs("pseudo_real_time_share"), 0); // every input from the 2023-05 vintage
    assertNull(nowcast0.getAs("borrowed_indicators"));
    Row last0 = summary.get("0 last_value");
    assertEquals((D + 3) / 6 / 14, last0.<Double>getAs("mae"), 1e-9);
    assertEquals(true, last0.getAs("nowcast_beats"));
    // no previous edition in this lake: that baseline has no economies and "beats both" is unknown
    assertEquals(0, summary.get("0 previous_edition").<Integer>getAs("economies"));
    assertNull(nowcast0.getAs("beats_both"));
    // lags 1 and 2: the last value is d and 2d points low everywhere (E13 3 more on internet)
    for (int lag = 1; lag <= 2; lag++) {
      Row n = summary.get(lag + " nowcast");
      Row l = summary.get(lag + " last_value");
      assertEquals(0.5 / 14, n.<Double>getAs("mae"), 1e-9, "lag " + lag);
      assertEquals((13 * lag * D + lag * D + 3.0 / 6) / 14, l.<Double>getAs("mae"), 1e-9, "lag " + lag);
      assertEquals(true, l.getAs("nowcast_beats"));
      assertEquals(-lag * D, economies.get(lag + " E05").<Double>getAs("last_value_error"), 1e-9);
    }
    // intervals: ITU's inputs only → a point; a nowcast's interval contains its score
    for (Row r : scores) {
      Double idi = r.getAs("idi");
      if (idi == null) {
        continue;
      }
      double lo = r.getAs("idi_low");
      double hi = r.getAs("idi_high");
      if (r.<Integer>getAs("edition") == 2024) {
        assertEquals(idi, lo, 0);
        assertEquals(idi, hi, 0);
      } else {
        assertTrue(lo <= hi && lo <= idi + 1e-9 || hi >= idi - 1e-9, r.toString());
      }
    }
  }
}
