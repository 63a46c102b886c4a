package org.ictbench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.CleanReference;
import org.ictbench.testing.CliCapture;
import org.ictbench.testing.LakeFingerprint;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A curated root that fills up or is read-only, on real file systems: a small tmpfs mounted for the
 * test (so it needs root; on a machine where mounting is not allowed the test is skipped with that
 * reason). The run fails with exit 8 and a message naming the path and the cause; once the storage
 * is fixed, the next run completes the lake, equal to a clean run's.
 */
class LakeStorageIT {
  private static Path work;
  private static Path raw;
  private static Map<Table, String> clean;
  private static Path cleanLake;
  private static final List<Path> MOUNTS = new java.util.ArrayList<>();

  @BeforeAll
  static void cleanRun() throws Exception {
    TestSpark.get();
    work = TestSpark.tempDir("lake-storage");
    CleanReference reference = CleanReference.base();
    raw = reference.raw;
    cleanLake = reference.lake;
    clean = reference.fingerprint;
  }

  @AfterAll
  static void unmount() throws Exception {
    for (Path m : MOUNTS) {
      sh("umount", m.toString());
    }
  }

  private static int sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  /** Mounts a tmpfs of {@code options} at a new folder, or skips the test when this machine does not allow it. */
  private static Path mount(String name, String options) throws Exception {
    Path dir = Files.createDirectories(work.resolve(name));
    int code = sh("mount", "-t", "tmpfs", "-o", options, "ictbench-test", dir.toString());
    Assumptions.assumeTrue(code == 0, "mounting a tmpfs needs root (mount -t tmpfs exited " + code + ")");
    MOUNTS.add(dir);
    return dir;
  }

  private static void assertEqualToTheCleanRun(Path lake) {
    Map<Table, String> actual = LakeFingerprint.of(new Lakehouse(TestSpark.get(), lake.toString()));
    if (!clean.equals(actual)) {
      StringBuilder msg = new StringBuilder("the repaired lake differs from a clean run's:");
      for (Table t : Table.values()) {
        if (!java.util.Objects.equals(clean.get(t), actual.get(t))) {
          msg.append("\n  ").append(LakeFingerprint.diff(new Lakehouse(TestSpark.get(), cleanLake.toString()),
              new Lakehouse(TestSpark.get(), lake.toString()), t, 5));
        }
      }
      throw new AssertionError(msg);
    }
    assertEquals(List.of(), LakeFingerprint.identityBreaks(new Lakehouse(TestSpark.get(), lake.toString())));
  }

  @Test
  void aFullCuratedRootFailsWithExit8AndTheNextRunRepairsTheLake() throws Exception {
    Path mount = mount("full", "size=600k");
    Path lake = mount.resolve("curated");
    CliCapture.Result full = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", lake.toString(), "--no-comparison");
    assertEquals(8, full.exitCode(), full.output());
    assertTrue(full.output().contains(lake.toString()) && full.output().contains("No space left on device"),
        full.output());
    assertTrue(!full.hasStackTrace(), full.output());
    System.out.println("full curated root: " + full.output().lines().filter(l -> l.startsWith("ictbench:"))
        .findFirst().orElse(""));
    // space again (tmpfs grows in place), and a normal run completes what the failed one left
    assertEquals(0, sh("mount", "-o", "remount,size=256m", mount.toString()));
    CliCapture.Result after = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", lake.toString(), "--no-comparison");
    assertEquals(0, after.exitCode(), after.output());
    assertEqualToTheCleanRun(lake);
  }

  @Test
  void aReadOnlyCuratedRootFailsWithExit8BeforeAnyWork() throws Exception {
    Path mount = mount("read-only", "size=64m");
    Path lake = mount.resolve("curated");
    Files.createDirectories(lake);
    assertEquals(0, sh("mount", "-o", "remount,ro", mount.toString()));
    CliCapture.Result ro = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", lake.toString(), "--no-comparison");
    assertEquals(8, ro.exitCode(), ro.output());
    assertTrue(ro.output().contains(lake.toString()) && ro.output().contains("not writable"), ro.output());
    assertTrue(!ro.hasStackTrace(), ro.output());
    assertEquals(0, sh("mount", "-o", "remount,rw", mount.toString()));
    CliCapture.Result after = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", lake.toString(), "--no-comparison");
    assertEquals(0, after.exitCode(), after.output());
    assertEqualToTheCleanRun(lake);
  }

  @Test
  void aCuratedRootThatIsAFileFailsWithExit8() throws Exception {
    Path file = Files.writeString(work.resolve("curated-is-a-file"), "x");
    CliCapture.Result r = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", file.toString(), "--no-comparison");
    assertEquals(8, r.exitCode(), r.output());
    assertTrue(r.output().contains(file.toString()) && r.output().contains("it is a file, not a folder"), r.output());
  }
}
