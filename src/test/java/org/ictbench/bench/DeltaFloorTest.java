package org.ictbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * The floor jobs/bench.sh measures next to the bundled run is what it claims to be: N Delta tables,
 * each made by exactly one commit holding one row, so its time is N commits and nothing else.
 */
class DeltaFloorTest {
  @Test
  void commitsOneOneRowVersionPerTable() {
    SparkSession spark = TestSpark.get();
    Path dir = TestSpark.tempDir("floor");
    DeltaFloor.commit(spark, dir, 3, 2);
    for (int i = 0; i < 3; i++) {
      String path = dir.resolve("t" + i).toUri().toString();
      assertEquals(1, DeltaTable.forPath(spark, path).history().count(), "versions of t" + i);
      assertEquals(1, spark.read().format("delta").load(path).count(), "rows of t" + i);
    }
    assertEquals(3, BenchRunner.deltaVersions(dir), "commits under the floor directory");
  }
}
