package org.ictbench.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.io.FileUtils;
import org.ictbench.pipeline.PipelineConfig;
import org.ictbench.pipeline.PipelineJob;

/**
 * The local run every deployment test compares its lake with: the pipeline on the bundled data/raw,
 * in this JVM's shared SparkSession, built once per JVM and shared by every test that needs a bundled
 * lake as it is after a first run. Read it in place; a test that writes to its lake takes a {@link #copy}.
 */
public final class ReferenceLake {
  private static LakeComparison.Lake lake;
  private static double seconds;
  private static String output;

  private ReferenceLake() {}

  public static synchronized LakeComparison.Lake get() {
    if (lake == null) {
      String curated = TestSpark.tempDir("reference-lake").toString();
      String raw = TestSpark.bundledRaw().toString();
      long t0 = System.nanoTime();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      new PipelineJob(TestSpark.get(), PipelineConfig.builder().raw(raw).curated(curated).build(),
          new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
      seconds = (System.nanoTime() - t0) / 1e9;
      output = buf.toString(StandardCharsets.UTF_8);
      lake = new LakeComparison.Lake(curated, raw);
    }
    return lake;
  }

  /** What the run printed. */
  public static synchronized String output() {
    get();
    return output;
  }

  /** A private copy of the lake in a new temp folder, for a test that writes to it; returns its path. */
  public static String copy(String prefix) {
    File to = TestSpark.tempDir(prefix).toFile();
    try {
      FileUtils.copyDirectory(new File(get().curated()), to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to.toString();
  }

  /** Wall time of the in-process local run (session already started). */
  public static double seconds() {
    return seconds;
  }
}
