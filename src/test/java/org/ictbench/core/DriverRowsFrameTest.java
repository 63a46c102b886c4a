package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * Rows made on the driver: the same rows (nulls included, in every column type the tables use), order
 * and partitions as Spark's local relation, however many.
 */
class DriverRowsFrameTest {
  private static final StructType SCHEMA = new StructType().add("iso3", DataTypes.StringType)
      .add("year", DataTypes.IntegerType).add("value", DataTypes.DoubleType).add("members", DataTypes.LongType)
      .add("is_member", DataTypes.BooleanType).add("vintage", DataTypes.DateType);

  @Test
  void fewAndManyRowsGiveWhatALocalRelationGives() {
    SparkSession spark = TestSpark.get();
    for (int n : new int[] {0, 1, 3, DriverRowsFrame.PLAN_ROWS_MAX, DriverRowsFrame.PLAN_ROWS_MAX + 1, 25_000}) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // every column null somewhere, and primitive values that a wrong null flag or offset would show
        rows.add(RowFactory.create(i % 7 == 0 ? null : "E" + i, i % 11 == 0 ? null : 2000 + i % 25,
            i % 5 == 0 ? null : i / 3.0, i % 13 == 0 ? null : (long) i * 1_000_003L, i % 3 == 0 ? null : i % 2 == 0,
            i % 17 == 0 ? null : java.sql.Date.valueOf(java.time.LocalDate.of(2000, 1, 1).plusDays(i % 9000))));
      }
      Dataset<Row> local = spark.createDataFrame(rows, SCHEMA);
      Dataset<Row> frame = DriverRowsFrame.of(spark, rows, SCHEMA);
      assertEquals(rows, frame.collectAsList(), n + " rows");
      assertEquals(local.collectAsList(), frame.collectAsList(), n + " rows");
      assertEquals(local.rdd().getNumPartitions(), frame.rdd().getNumPartitions(), n + " rows: partitions (written files)");
      assertEquals(SCHEMA, frame.schema());
    }
  }
}
