package org.ictbench.core;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A Dataset of rows computed on the driver. A few rows become a local relation, whose rows sit in
 * the query plan; many rows become a parallelized collection instead, because Spark's analyzer and
 * optimizer walk every value of a plan's local relation in each of their passes (a write plans its
 * query several times), which on a table of a hundred thousand rows costs more than writing it.
 */
public final class DriverRowsFrame {
  /** Above this many rows the rows are parallelized rather than kept in the plan. */
  public static final int PLAN_ROWS_MAX = 10_000;

  private DriverRowsFrame() {}

  public static Dataset<Row> of(SparkSession spark, List<Row> rows, StructType schema) {
    if (rows.size() <= PLAN_ROWS_MAX) {
      return spark.createDataFrame(rows, schema);
    }
    // as many slices as Spark gives a local relation's scan, so the written files are the same
    int slices = Math.min(rows.size(), spark.sparkContext().defaultParallelism());
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices),
        schema);
  }
}
