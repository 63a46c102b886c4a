package org.ictbench.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Two economies side by side (default Belarus and China): for every indicator and year both have a
 * value in silver.observation_latest, both values, the absolute gap (a − b), the ratio (a / b, null
 * when b is 0) and each economy's change on the previous year (null when that year is missing).
 */
public final class BilateralComparison {
  private BilateralComparison() {}

  public static Dataset<Row> compare(Dataset<Row> latest, String iso3A, String iso3B) {
    Dataset<Row> a = side(latest, iso3A, "a");
    Dataset<Row> b = side(latest, iso3B, "b");
    return a.join(b, new String[] {"indicator", "year"})
        .withColumn("gap", col("value_a").minus(col("value_b")))
        .withColumn("ratio", when(col("value_b").notEqual(0), col("value_a").divide(col("value_b"))))
        .select(col("iso3_a"), col("iso3_b"), col("indicator"), col("year"), col("unit_a").as("unit"),
            col("value_a"), col("value_b"), col("gap"), col("ratio"), col("yoy_change_a"), col("yoy_change_b"),
            col("source_a"), col("source_b"), col("vintage_a"), col("vintage_b"));
  }

  private static Dataset<Row> side(Dataset<Row> latest, String iso3, String s) {
    WindowSpec w = Window.partitionBy("indicator").orderBy("year");
    Column prevYear = lag(col("year"), 1).over(w);
    Column prevValue = lag(col("value"), 1).over(w);
    return latest.filter(col("iso3").equalTo(iso3))
        .withColumn("yoy", when(prevYear.equalTo(col("year").minus(1)), col("value").minus(prevValue)))
        .select(col("indicator"), col("year"), lit(iso3).as("iso3_" + s), col("value").as("value_" + s),
            col("unit").as("unit_" + s), col("yoy").as("yoy_change_" + s), col("source").as("source_" + s),
            col("vintage").as("vintage_" + s));
  }
}
