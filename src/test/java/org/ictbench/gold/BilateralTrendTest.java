package org.ictbench.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CAGR and years-to-close on hand-made series whose growth rates are known by construction. */
class BilateralTrendTest {
  private static final StructType LATEST = new StructType().add("iso3", "string").add("indicator", "string")
      .add("year", "int").add("value", "double").add("unit", "string").add("source", "string")
      .add("vintage", "date");
  private static Dataset<Row> cmp;

  @BeforeAll
  static void setUp() {
    SparkSession spark = TestSpark.get();
    List<Row> rows = new ArrayList<>();
    Date v = Date.valueOf("2025-01-01");
    // "x": A grows 10% a year from 50, B 2% a year from 100 (A behind, catching up).
    for (int y = 2015; y <= 2020; y++) {
      rows.add(RowFactory.create("AAA", "x", y, 50 * Math.pow(1.10, y - 2015), "u", "S", v));
      rows.add(RowFactory.create("BBB", "x", y, 100 * Math.pow(1.02, y - 2015), "u", "S", v));
    }
    // "y": A ahead and growing faster: diverging. Only 2016 and 2020 (window start inside the window).
    rows.add(RowFactory.create("AAA", "y", 2016, 80.0, "u", "S", v));
    rows.add(RowFactory.create("AAA", "y", 2020, 80.0 * Math.pow(1.05, 4), "u", "S", v));
    rows.add(RowFactory.create("BBB", "y", 2016, 40.0, "u", "S", v));
    rows.add(RowFactory.create("BBB", "y", 2020, 40.0 * Math.pow(1.01, 4), "u", "S", v));
    cmp = BilateralComparison.compare(spark.createDataFrame(rows, LATEST), "AAA", "BBB", 5).cache();
  }

  private static Row at(String indicator, int year) {
    return cmp.filter("indicator = '" + indicator + "' AND year = " + year).first();
  }

  @Test
  void cagrOverTheWindowAndYearsToClose() {
    Row r = at("x", 2020);
    assertEquals(0.10, r.<Double>getAs("cagr_a"), 1e-12);
    assertEquals(0.02, r.<Double>getAs("cagr_b"), 1e-12);
    assertEquals(2015, r.<Integer>getAs("cagr_from_year_a"));
    assertEquals(5, r.<Integer>getAs("cagr_window"));
    // 2020: A = 50·1.1^5 = 80.5255, B = 100·1.02^5 = 110.4081. Closing t solves
    // 80.5255·1.1^t = 110.4081·1.02^t → t = ln(110.4081/80.5255) / ln(1.1/1.02) = 0.315614/0.075508 = 4.180
    assertEquals("converging", r.getAs("convergence"));
    assertEquals(4.180, r.<Double>getAs("years_to_close"), 0.001);
    // the original columns are unchanged
    assertEquals(50 * Math.pow(1.1, 5) - 100 * Math.pow(1.02, 5), r.<Double>getAs("gap"), 1e-9);
    assertEquals(50 * Math.pow(1.1, 5) - 50 * Math.pow(1.1, 4), r.<Double>getAs("yoy_change_a"), 1e-9);
  }

  @Test
  void windowStartsAtTheOldestValueInsideTheWindowAndTheFirstYearHasNoTrend() {
    Row y = at("y", 2020);
    assertEquals(0.05, y.<Double>getAs("cagr_a"), 1e-12); // from 2016 (2015 is not in the data)
    assertEquals(2016, y.<Integer>getAs("cagr_from_year_a"));
    assertEquals("diverging", y.getAs("convergence"));
    assertNull(y.getAs("years_to_close"));
    Row first = at("x", 2015);
    assertNull(first.getAs("cagr_a"));
    assertNull(first.getAs("convergence"));
    // 2017 with window 5: from 2015, two years: (1.1^2)^(1/2) − 1 = 0.10
    assertEquals(0.10, at("x", 2017).<Double>getAs("cagr_a"), 1e-12);
  }
}
