package org.ictbench.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * What the vintage gate measures between two vintages of a series, on hand-made values, the same
 * whether it measures on the driver (few values) or in Spark: economies before and after, the ones
 * dropped, the values both vintages have, how many moved beyond the 5 % tolerance of
 * rules/vintage_gate.csv, and the median new/old ratio (rank ⌈n/2⌉, so the lower of two).
 */
class VintageGateMeasureTest {
  private static final StructType VALUES = new StructType().add("source", DataTypes.StringType)
      .add("indicator", DataTypes.StringType).add("vintage", DataTypes.DateType).add("iso3", DataTypes.StringType)
      .add("year", DataTypes.IntegerType).add("value", DataTypes.DoubleType).add("file_sha256", DataTypes.StringType);
  private static final String S = "WB_WDI";
  private static final String I = "internet_users_pct";
  private static final Date V2024 = Date.valueOf("2024-01-01");
  private static final Date V2025 = Date.valueOf("2025-01-01");
  private static final Date V2026 = Date.valueOf("2026-01-01");

  private static Row value(Date vintage, String iso3, int year, double value, String sha) {
    return RowFactory.create(S, I, vintage, iso3, year, value, sha);
  }

  private static Map<Date, VintageGate.Verdict> assess(VintageGate gate) {
    SparkSession spark = TestSpark.get();
    // the lake holds the 2024 vintage; the run brings 2025 and 2026
    Dataset<Row> existing = spark.createDataFrame(List.of(
        value(V2024, "AAA", 2020, 10, "old"), value(V2024, "AAA", 2021, 20, "old"),
        value(V2024, "BBB", 2020, 5, "old"), value(V2024, "CCC", 2021, 4, "old"),
        value(V2024, "DDD", 2020, 0, "old")), VALUES);
    Dataset<Row> fresh = spark.createDataFrame(List.of(
        value(V2025, "AAA", 2020, 10, "new"), value(V2025, "AAA", 2021, 30, "new"),
        value(V2025, "BBB", 2020, 5.2, "new"), value(V2025, "DDD", 2020, 1, "new"),
        value(V2025, "EEE", 2020, 7, "new"),
        // two files of one vintage give one value per economy and year: their mean
        value(V2026, "AAA", 2020, 9, "newer-a"), value(V2026, "AAA", 2020, 11, "newer-b"),
        value(V2026, "BBB", 2020, 15.6, "newer-a")), VALUES);
    Set<VintageGate.Key> keys = Set.of(new VintageGate.Key(S, I, V2025), new VintageGate.Key(S, I, V2026));
    Map<Date, VintageGate.Verdict> out = new TreeMap<>();
    gate.assess(spark, new ArrayList<>(keys), () -> fresh, existing, Set.of())
        .forEach(v -> out.put(v.key().vintage(), v));
    return out;
  }

  private static void check(Map<Date, VintageGate.Verdict> verdicts, String how) {
    assertEquals(2, verdicts.size(), how);
    VintageGate.Verdict v25 = verdicts.get(V2025);
    // 2025 against the lake's 2024: AAA BBB CCC DDD before, AAA BBB DDD EEE after
    assertEquals(V2024, v25.previous(), how);
    assertEquals(4, v25.economiesBefore(), how);
    assertEquals(4, v25.economiesAfter(), how);
    assertEquals(List.of("CCC"), v25.dropped(), how);
    // both have AAA 2020 (10→10), AAA 2021 (20→30), BBB 2020 (5→5.2), DDD 2020 (0→1)
    assertEquals(4, v25.valuesCompared(), how);
    // beyond 5 %: AAA 2021 (10/30) and DDD 2020 (1/1); BBB moved 0.2/5.2 = 3.8 %
    assertEquals(2, v25.valuesRevised(), how);
    // ratios with a non-zero old value: 1, 1.5, 1.04 → sorted, rank 2 of 3
    assertEquals(1.04, v25.scaleRatio(), 1e-12, how);
    assertTrue(v25.reasons().isEmpty(), how + ": four economies are below min_economies and min_values");

    VintageGate.Verdict v26 = verdicts.get(V2026);
    // 2026 against 2025 (the newest earlier vintage not held)
    assertEquals(V2025, v26.previous(), how);
    assertEquals(4, v26.economiesBefore(), how);
    assertEquals(2, v26.economiesAfter(), how);
    assertEquals(List.of("DDD", "EEE"), v26.dropped(), how);
    // AAA 2020 (10 → mean of 9 and 11 = 10) and BBB 2020 (5.2 → 15.6): ratios 1 and 3, rank 1 of 2
    assertEquals(2, v26.valuesCompared(), how);
    assertEquals(1, v26.valuesRevised(), how);
    assertEquals(1.0, v26.scaleRatio(), 1e-12, how);
  }

  @Test
  void fewValuesAreMeasuredOnTheDriver() {
    check(assess(VintageGate.load()), "driver");
  }

  @Test
  void manyValuesAreMeasuredInSparkWithTheSameResult() {
    check(assess(VintageGate.load().withDriverMaxValues(0)), "Spark");
  }
}
