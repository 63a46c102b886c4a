package org.ictbench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.IctbenchException;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.CliCapture;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * Raw files that change or disappear after the run fingerprinted them (a publisher download still
 * being written, a sync tool replacing a file): the run fails naming the file (exit 3) before
 * anything reaches bronze, and the next run ingests what the folder then holds.
 */
class RawChangesDuringRunTest {
  private static final String CHANGING = "itu_datahub/2025-10/individuals_using_internet.csv";
  private static final String VANISHING = "itu_datahub/2025-10/dirty_examples.csv";

  private static String uri(Path p) {
    return new org.apache.hadoop.fs.Path("file", null, p.toAbsolutePath().normalize().toString()).toString();
  }

  @Test
  void aFileChangedOrGoneBetweenScanAndReadFailsTheRunAndTheNextRunIngestsTheFolderAsItIs() throws Exception {
    SparkSession spark = TestSpark.get();
    Path raw = TestSpark.tempDir("changing-raw");
    for (String f : List.of(CHANGING, VANISHING)) {
      Files.createDirectories(raw.resolve(f).getParent());
      Files.copy(TestSpark.bundledRaw().resolve(f), raw.resolve(f));
    }
    String curated = TestSpark.tempDir("changing-curated").toString();
    PipelineConfig config = PipelineConfig.builder().raw(raw.toString()).curated(curated).printComparison(false).build();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Lakehouse lake = new Lakehouse(spark, curated);

    // the scan fingerprints both files; then one of them gets a record more
    PipelineJob.UpToDate scanned = PipelineJob.checkUpToDate(config, quiet);
    Path changing = raw.resolve(CHANGING);
    String extra = "11624,\"i99H\",\"Individuals using the Internet\",,\"%\",37,\"BLR\",\"Belarus\",\"91.0\",2024,\"\","
        + "\"ITU estimate.\",\"x\"\n";
    Files.writeString(changing, Files.readString(changing) + extra);
    IctbenchException changed = assertThrows(IctbenchException.class,
        () -> new PipelineJob(spark, config, quiet).run(scanned.scanned()));
    assertEquals(3, changed.exitCode());
    assertTrue(changed.getMessage().contains(uri(changing)) && changed.getMessage().contains("changed between the scan"
        + " and the read"), changed.getMessage());
    assertTrue(!lake.exists(Table.RAW_RECORD) || lake.read(Table.RAW_RECORD).count() == 0);

    // scanned again, then the other file is deleted
    PipelineJob.UpToDate rescanned = PipelineJob.checkUpToDate(config, quiet);
    Path vanishing = raw.resolve(VANISHING);
    Files.delete(vanishing);
    IctbenchException gone = assertThrows(IctbenchException.class,
        () -> new PipelineJob(spark, config, quiet).run(rescanned.scanned()));
    assertEquals(3, gone.exitCode());
    assertTrue(gone.getMessage().contains(uri(vanishing)) && gone.getMessage().contains("disappeared"),
        gone.getMessage());
    assertTrue(!lake.exists(Table.RAW_RECORD) || lake.read(Table.RAW_RECORD).count() == 0);

    // the next run reads the folder as it now is: the changed file, with its extra record
    CliCapture.Result next = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", curated, "--quiet");
    assertEquals(0, next.exitCode(), next.output());
    long records = Files.readAllLines(changing).size() - 1;
    assertEquals(records, lake.read(Table.RAW_RECORD).count());
    assertEquals(1, lake.read(Table.OBSERVATION).filter("iso3 = 'BLR' AND year = 2024 AND value = 91.0").count());
  }
}
