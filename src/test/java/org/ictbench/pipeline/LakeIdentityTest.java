package org.ictbench.pipeline;

import static org.ictbench.testing.DataHubCsv.HEADER;
import static org.ictbench.testing.DataHubCsv.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.IctbenchException;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * Silver rows lost after an earlier run: the next ingesting run's lake-wide check (totals from Delta's
 * statistics, which runs alongside the derived tables) sees them, the per-file recount names the file
 * and the run fails with IDENTITY_BROKEN; a forced rerun repairs it. With nothing new, only --verify
 * recounts (and so finds the loss).
 */
class LakeIdentityTest {
  private static void run(SparkSession spark, PipelineConfig config) {
    new PipelineJob(spark, config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
  }

  @Test
  void lostSilverRowsFailTheNextRunAndAForcedRerunRepairsThem() {
    SparkSession spark = TestSpark.get();
    Path raw = TestSpark.fixture(TestSpark.tempDir("identity-raw"), "datahub/2025-01/a.csv",
        HEADER + row("i99H", "BLR", "Belarus", "89.5", "2022") + row("i99H", "CHN", "China", "77.5", "2022") + row("i99H", "BLR", "Belarus", "..", "2021"));
    String curated = TestSpark.tempDir("identity-curated").toString();
    PipelineConfig config = PipelineConfig.builder().raw(raw.toString()).curated(curated).printComparison(false).build();
    run(spark, config);
    Lakehouse lake = new Lakehouse(spark, curated);
    assertEquals(2, lake.read(Table.OBSERVATION).count());

    // a silver row disappears behind the pipeline's back, then a new file arrives
    spark.sql("DELETE FROM delta.`" + lake.path(Table.OBSERVATION) + "` WHERE iso3 = 'CHN'");
    TestSpark.fixture(raw, "datahub/2025-02/b.csv", HEADER + row("i99H", "BLR", "Belarus", "90.1", "2023"));
    IctbenchException e = assertThrows(IctbenchException.class, () -> run(spark, config));
    assertEquals(IctbenchException.Code.IDENTITY_BROKEN, e.code());
    assertTrue(e.getMessage().contains("datahub/2025-01/a.csv") && e.getMessage().contains("3 slots in bronze, 2 rows in silver"),
        e.getMessage());

    run(spark, PipelineConfig.builder().raw(raw.toString()).curated(curated).printComparison(false).force(true).build());
    assertEquals(3, lake.read(Table.OBSERVATION).count()); // 2 from a.csv again, 1 from b.csv

    // nothing new: a plain run does not look; --verify recounts and names the file
    spark.sql("DELETE FROM delta.`" + lake.path(Table.OBSERVATION) + "` WHERE iso3 = 'CHN'");
    run(spark, config);
    PipelineConfig verify = PipelineConfig.builder().raw(raw.toString()).curated(curated).printComparison(false)
        .verify(true).build();
    assertFalse(PipelineJob.checkUpToDate(verify, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8)).current(), "--verify always runs");
    IctbenchException v = assertThrows(IctbenchException.class, () -> run(spark, verify));
    assertEquals(IctbenchException.Code.IDENTITY_BROKEN, v.code());
    assertTrue(v.getMessage().contains("datahub/2025-01/a.csv") && v.getMessage().contains("3 slots in bronze, 2 rows in silver"),
        v.getMessage());
  }
}
