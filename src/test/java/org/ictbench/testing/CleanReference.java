package org.ictbench.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;

/**
 * A small raw folder (six bundled files: three DataHub series including the dirty examples, the IDI
 * annex, a WDI vintage and its metadata) and the lake a clean run makes of it, computed once per JVM
 * and shared by the integration tests that need a whole run but not the whole bundled data: the crash
 * and storage tests compare a repaired lake with it, the deployment tests (cluster, object store,
 * distribution, writer lock) run the pipeline on its raw folder and compare with its lake. Failsafe
 * runs them all in one JVM.
 */
public final class CleanReference {
  public static final List<String> FILES = List.of(
      "itu_datahub/2025-10/individuals_using_internet.csv",
      "itu_datahub/2025-10/dirty_examples.csv",
      "itu_datahub/2025-10/fixed_broadband_subscriptions.csv",
      "itu_idi/2024/idi2024_indicator_values.csv",
      "wdi/2023-05/API_IT.NET.USER.ZS_DS2_en_csv_v2_5455054.csv",
      "wdi/2023-05/Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_5455054.csv");

  private static Path rawFolder;
  private static CleanReference base;

  /** The six files' folder (a copy, its own sub-folders as in data/raw). */
  public final Path raw;
  /** The lake a clean first run made of {@link #raw}. */
  public final Path lake;
  /** {@link #lake}'s {@link LakeFingerprint}. */
  public final Map<Table, String> fingerprint;
  /** Wall time of the clean run, in this JVM's shared SparkSession. */
  public final double seconds;

  private CleanReference(Path raw, Path lake, Map<Table, String> fingerprint, double seconds) {
    this.raw = raw;
    this.lake = lake;
    this.fingerprint = fingerprint;
    this.seconds = seconds;
  }

  /** The six files copied once into a temp folder, for a test that runs the pipeline on them itself. */
  public static synchronized Path rawFolder() throws IOException {
    if (rawFolder == null) {
      Path raw = TestSpark.tempDir("clean-reference").resolve("base").resolve("raw");
      copy(TestSpark.bundledRaw(), raw, FILES);
      rawFolder = raw;
    }
    return rawFolder;
  }

  /** The clean run on {@link #rawFolder()}, made once per JVM. */
  public static synchronized CleanReference base() throws IOException {
    if (base == null) {
      Path raw = rawFolder();
      Path lake = raw.getParent().getParent().resolve("clean");
      long t0 = System.nanoTime();
      CliCapture.Result r = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", lake.toString(), "--no-comparison");
      assertEquals(0, r.exitCode(), r.output());
      double seconds = (System.nanoTime() - t0) / 1e9;
      base = new CleanReference(raw, lake, LakeFingerprint.of(new Lakehouse(TestSpark.get(), lake.toString())), seconds);
    }
    return base;
  }

  /** The clean lake and its raw folder, for {@link LakeComparison}. */
  public LakeComparison.Lake comparable() {
    return new LakeComparison.Lake(lake.toString(), raw.toString());
  }

  /** Copies {@code files} (paths relative to {@code from}) to the same paths under {@code to}, times kept. */
  public static void copy(Path from, Path to, List<String> files) throws IOException {
    for (String f : files) {
      Files.createDirectories(to.resolve(f).getParent());
      Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
    }
  }
}
