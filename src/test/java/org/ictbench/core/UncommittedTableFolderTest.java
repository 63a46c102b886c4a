package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * A run killed while Delta created a table, or wrote its first files, leaves the table's folder without
 * a commit. Delta refuses to create a table where that folder exists, so without clearing it every later
 * run failed. What Spark and Delta leave there is removed; anything else stops the run with its name.
 */
class UncommittedTableFolderTest {

  @Test
  void leftoversOfAKilledCreateAreRemovedAndTheTableIsCreated() throws Exception {
    Path root = TestSpark.tempDir("uncommitted");
    Path dir = root.resolve(Table.QUARANTINE.relativePath());
    Files.createDirectories(dir.resolve("_delta_log"));
    // what a kill between Delta's temporary commit file and its rename leaves, plus an orphan data file
    Files.writeString(dir.resolve("_delta_log/.00000000000000000000.json.5f1c0a.tmp"), "{\"commitInfo\":");
    Files.write(dir.resolve("part-00000-5f1c0a.c000.snappy.parquet"), new byte[] {'P', 'A', 'R', '1'});
    Lakehouse lake = new Lakehouse(TestSpark.get(), root.toString());
    assertFalse(lake.exists(Table.QUARANTINE));

    new DeltaWrites(lake).ensureContract(Table.QUARANTINE, CommitMetadata.ofRun("after-the-kill"), true);

    assertTrue(lake.exists(Table.QUARANTINE));
    assertEquals(0, lake.read(Table.QUARANTINE).count());
    assertFalse(Files.exists(dir.resolve("part-00000-5f1c0a.c000.snappy.parquet")));
  }

  @Test
  void aFileSparkWouldNotWriteStopsTheRunAndIsKept() throws Exception {
    Path root = TestSpark.tempDir("uncommitted-foreign");
    Path dir = root.resolve(Table.QUARANTINE.relativePath());
    Files.createDirectories(dir.resolve("_delta_log"));
    Path notes = Files.writeString(dir.resolve("notes.txt"), "someone's file");
    Lakehouse lake = new Lakehouse(TestSpark.get(), root.toString());

    IctbenchException e = assertThrows(IctbenchException.class,
        () -> new DeltaWrites(lake).ensureContract(Table.QUARANTINE, CommitMetadata.ofRun("run"), true));

    assertEquals(8, e.exitCode());
    assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains(lake.path(Table.QUARANTINE)),
        e.getMessage());
    assertTrue(Files.exists(notes));
  }

  @Test
  void onlyWhatSparkAndDeltaWriteCountsAsTheirs() {
    assertTrue(DeltaWrites.isSparkOrDeltaFile("_delta_log/00000000000000000000.crc"));
    assertTrue(DeltaWrites.isSparkOrDeltaFile("year=2024/part-00001-ab.c000.snappy.parquet"));
    assertTrue(DeltaWrites.isSparkOrDeltaFile(".part-00001-ab.c000.snappy.parquet.crc"));
    assertTrue(DeltaWrites.isSparkOrDeltaFile("_temporary/0/task/part-0"));
    assertFalse(DeltaWrites.isSparkOrDeltaFile("notes.txt"));
    assertFalse(DeltaWrites.isSparkOrDeltaFile("export/observation.csv"));
  }
}
