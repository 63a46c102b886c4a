package org.ictbench.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.ictbench.pipeline.PipelineConfig;
import org.ictbench.pipeline.PipelineJob;

/**
 * The local run every deployment test compares its lake with: the pipeline on the bundled data/raw,
 * in the shared SparkSession of the test JVM that first needs it, shared by every test that needs a
 * bundled lake as it is after a first run. Read it in place; a test that writes to its lake takes a
 * {@link #copy}.
 *
 * <p>Under Maven the lake is built once per build, not once per test JVM: the pom names a folder for it
 * ({@value #PROPERTY}, under target/ and unique to the Maven invocation), and the unit phase's JVM
 * builds it there while the integration phase's JVMs, same classes and same data/raw, read it. A lock
 * file beside it lets one JVM build while another waits; a marker file written last says it is
 * complete, so a lake left half-built by a killed JVM is built again. Without the property (a test run
 * from an IDE) each JVM builds its own in a temp folder.
 */
public final class ReferenceLake {
  /** The system property naming the build's shared reference lake folder. */
  public static final String PROPERTY = "ictbench.reference.lake";

  private static LakeComparison.Lake lake;
  private static double seconds;
  private static String output;

  private ReferenceLake() {}

  public static synchronized LakeComparison.Lake get() {
    if (lake == null) {
      String shared = System.getProperty(PROPERTY, "");
      lake = shared.isBlank() ? build(TestSpark.tempDir("reference-lake")) : shared(Path.of(shared).toAbsolutePath());
    }
    return lake;
  }

  /** The build's lake in {@code dir}: read when another JVM completed it, built under the lock otherwise. */
  private static LakeComparison.Lake shared(Path dir) {
    Path done = dir.resolveSibling(dir.getFileName() + ".done");
    Path printed = dir.resolveSibling(dir.getFileName() + ".out");
    try {
      Files.createDirectories(dir.getParent());
      try (FileChannel ch = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock held = ch.lock()) {
        if (Files.exists(done)) {
          seconds = Double.parseDouble(Files.readString(done).strip());
          output = Files.readString(printed);
          return new LakeComparison.Lake(dir.toString(), TestSpark.bundledRaw().toString());
        }
        removeOtherBuilds(dir);
        FileUtils.deleteDirectory(dir.toFile()); // left half-built by a JVM that did not finish
        LakeComparison.Lake built = build(Files.createDirectories(dir));
        Files.writeString(printed, output);
        Path tmp = Files.writeString(dir.resolveSibling(dir.getFileName() + ".done.tmp"),
            String.format(Locale.ROOT, "%.3f%n", seconds));
        Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
        return built;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot share the reference lake in " + dir, e);
    }
  }

  /** Lakes (and their lock and marker files) that earlier builds left beside {@code dir}. */
  private static void removeOtherBuilds(Path dir) throws IOException {
    String mine = dir.getFileName().toString();
    try (Stream<Path> s = Files.list(dir.getParent())) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (!n.equals(mine) && !n.startsWith(mine + ".")) {
          FileUtils.deleteQuietly(p.toFile());
        }
      }
    }
  }

  private static LakeComparison.Lake build(Path curated) {
    String raw = TestSpark.bundledRaw().toString();
    long t0 = System.nanoTime();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    new PipelineJob(TestSpark.get(), PipelineConfig.builder().raw(raw).curated(curated.toString()).build(),
        new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
    seconds = (System.nanoTime() - t0) / 1e9;
    output = buf.toString(StandardCharsets.UTF_8);
    return new LakeComparison.Lake(curated.toString(), raw);
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

  /** Wall time of the in-process local run (session already started), in whichever JVM built it. */
  public static double seconds() {
    return seconds;
  }
}
