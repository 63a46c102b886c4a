package org.ictbench.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ictbench.pipeline.PipelineConfig;
import org.ictbench.pipeline.PipelineJob;

/**
 * The local run every deployment test compares its lake with: the pipeline on the bundled data/raw,
 * in this JVM's shared SparkSession, built once per JVM (the cluster and object-store tests share it).
 */
public final class ReferenceLake {
  private static LakeComparison.Lake lake;
  private static double seconds;

  private ReferenceLake() {}

  public static synchronized LakeComparison.Lake get() {
    if (lake == null) {
      String curated = TestSpark.tempDir("reference-lake").toString();
      String raw = TestSpark.bundledRaw().toString();
      long t0 = System.nanoTime();
      new PipelineJob(TestSpark.get(), PipelineConfig.builder().raw(raw).curated(curated).build(),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
      seconds = (System.nanoTime() - t0) / 1e9;
      lake = new LakeComparison.Lake(curated, raw);
    }
    return lake;
  }

  /** Wall time of the in-process local run (session already started). */
  public static double seconds() {
    return seconds;
  }
}
