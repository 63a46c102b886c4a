package org.ictbench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.CliCapture;
import org.ictbench.testing.LakeFingerprint;
import org.ictbench.testing.TestSpark;

/**
 * A small raw folder (six bundled files: three DataHub series including the dirty examples, the IDI
 * annex, a WDI vintage and its metadata) and the lake a clean run makes of it, computed once per JVM
 * and shared by the integration tests that compare a repaired lake with it (failsafe runs them in one
 * JVM).
 */
final class CleanReference {
  static final List<String> FILES = List.of(
      "itu_datahub/2025-10/individuals_using_internet.csv",
      "itu_datahub/2025-10/dirty_examples.csv",
      "itu_datahub/2025-10/fixed_broadband_subscriptions.csv",
      "itu_idi/2024/idi2024_indicator_values.csv",
      "wdi/2023-05/API_IT.NET.USER.ZS_DS2_en_csv_v2_5455054.csv",
      "wdi/2023-05/Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_5455054.csv");

  private static CleanReference base;

  final Path raw;
  final Path lake;
  final Map<Table, String> fingerprint;

  private CleanReference(Path raw, Path lake, Map<Table, String> fingerprint) {
    this.raw = raw;
    this.lake = lake;
    this.fingerprint = fingerprint;
  }

  static synchronized CleanReference base() throws IOException {
    if (base == null) {
      Path work = TestSpark.tempDir("clean-reference");
      Path raw = work.resolve("base").resolve("raw");
      copy(TestSpark.bundledRaw(), raw, FILES);
      Path lake = work.resolve("clean");
      CliCapture.Result r = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", lake.toString(), "--no-comparison");
      assertEquals(0, r.exitCode(), r.output());
      base = new CleanReference(raw, lake, LakeFingerprint.of(new Lakehouse(TestSpark.get(), lake.toString())));
    }
    return base;
  }

  static void copy(Path from, Path to, List<String> files) throws IOException {
    for (String f : files) {
      Files.createDirectories(to.resolve(f).getParent());
      Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
    }
  }
}
