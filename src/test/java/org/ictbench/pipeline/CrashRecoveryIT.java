package org.ictbench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.ictbench.cli.Main;
import org.ictbench.core.CrashPoint;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.ChildJvm;
import org.ictbench.testing.CleanReference;
import org.ictbench.testing.CliCapture;
import org.ictbench.testing.LakeFingerprint;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Crash recovery: the pipeline runs in a child JVM and dies abruptly ({@link Runtime#halt} at a named
 * {@link CrashPoint}, or SIGKILL after a random delay) at points covering every stage; then a normal
 * run (in this JVM, through the command line's code path) must leave a lake with no duplicate bronze
 * record, the record identity holding per file, and every table equal to a clean run's on its stable
 * columns ({@link LakeFingerprint}). The input is the six bundled files of {@link CleanReference} (plus a
 * newer WDI vintage for the incremental case), so each child run is short.
 *
 * <p>Children whose point lies in the derived stage (silver.observation_latest, gold) start from a
 * lake whose bronze, silver and ingest log are complete and whose derived tables were removed: the
 * state a from-scratch run has when it reaches that stage, without paying for the ingest first.
 */
class CrashRecoveryIT {
  /** The incremental run's one new file: a newer vintage of the WDI series in the base files. */
  private static final String NEW_VINTAGE = "wdi/2024-11/API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv";

  private enum Start { EMPTY, DERIVED_REMOVED, CLEAN }

  private record Scenario(String name, String point, Start start, boolean incremental, boolean force,
      boolean sigkill) {}

  /**
   * The points only {@code -Dictbench.crash.scenarios=all} adds: each repeats a kind of boundary that
   * another scenario of the same stage covers (a silver write task, observation_latest's commit,
   * between gold commits). Every build runs the other twelve.
   */
  private static final java.util.Set<String> ALL_ONLY = java.util.Set.of("silver.quarantine.task#50",
      "silver.observation_latest.committed", "gold.peer_benchmark.committed");

  private static final List<Scenario> ALL_SCENARIOS = List.of(
      new Scenario("scan: between two files' checksums (driver)", "scan.fingerprinted#2", Start.EMPTY, false, false, false),
      new Scenario("parse: inside an executor task, mid-file", "bronze.raw_record.task#300", Start.EMPTY, false, false, false),
      new Scenario("bronze: after bronze.raw_record's commit", "bronze.raw_record.committed", Start.EMPTY, false, false, false),
      new Scenario("silver: between commits (silver.observation done)", "silver.observation.committed", Start.EMPTY, false, false, false),
      new Scenario("silver: inside a silver.quarantine write task", "silver.quarantine.task#50", Start.EMPTY, false, false, false),
      new Scenario("ingest log: before its commit", "bronze.ingest_file.before", Start.EMPTY, false, false, false),
      new Scenario("ingest log: after its commit", "bronze.ingest_file.committed", Start.EMPTY, false, false, false),
      new Scenario("observation_latest: inside its write task", "silver.observation_latest.task#100", Start.DERIVED_REMOVED, false, false, false),
      new Scenario("observation_latest: after its commit", "silver.observation_latest.committed", Start.DERIVED_REMOVED, false, false, false),
      new Scenario("gold: inside the gold.idi_indicator_score write", "gold.idi_indicator_score.task#100", Start.DERIVED_REMOVED, false, false, false),
      new Scenario("gold: between IDI commits (gold.idi_rank done)", "gold.idi_rank.committed", Start.DERIVED_REMOVED, false, false, false),
      new Scenario("gold: between peer commits (gold.peer_benchmark done)", "gold.peer_benchmark.committed", Start.DERIVED_REMOVED, false, false, false),
      new Scenario("--force rerun: between silver commits", "silver.observation.committed", Start.CLEAN, false, true, false),
      new Scenario("incremental run adding a vintage: between silver commits", "silver.quarantine.committed", Start.CLEAN, true, false, false),
      new Scenario("SIGKILL after a random delay", null, Start.EMPTY, false, false, true));

  private static final List<Scenario> SCENARIOS = "all".equals(System.getProperty("ictbench.crash.scenarios"))
      ? ALL_SCENARIOS
      : ALL_SCENARIOS.stream().filter(s -> s.sigkill() || !ALL_ONLY.contains(s.point())).toList();

  private static Path work;
  private static Path rawBase;
  private static Path rawIncremental;
  private static Path clean;
  private static Path derivedRemoved;
  private static final java.util.EnumMap<Start, Path> STARTS = new java.util.EnumMap<>(Start.class);
  private static Map<Table, String> expectedBase;
  private static Map<Table, String> expectedIncremental;
  private static Map<Table, String> expectedForce;
  private static Path incrementalLake;
  private static Path forceLake;
  private static final List<String> REPORT = java.util.Collections.synchronizedList(new ArrayList<>());
  private static volatile double longestIngestChild;
  /** Each scenario's crashed child, run one after another in the background while the test JVM recovers. */
  private static final Map<Scenario, java.util.concurrent.Future<ChildJvm.Result>> CHILDREN = new java.util.HashMap<>();
  private static java.util.concurrent.ExecutorService children;

  @BeforeAll
  static void cleanRuns() throws IOException {
    SparkSession spark = TestSpark.get();
    work = TestSpark.tempDir("crash-it");
    rawBase = CleanReference.rawFolder();
    rawIncremental = work.resolve("incremental").resolve("raw");
    CleanReference.copy(TestSpark.bundledRaw(), rawIncremental, CleanReference.FILES);
    CleanReference.copy(TestSpark.bundledRaw(), rawIncremental, List.of(NEW_VINTAGE));
    // The children (cold JVMs, the slow part) run one after another in the background: those that start
    // from an empty lake at once, while this JVM makes the reference lakes; the rest once their starting
    // lake exists. The recovery of one runs in this JVM while the next child runs.
    children = java.util.concurrent.Executors.newSingleThreadExecutor();
    for (Scenario s : SCENARIOS) {
      if (s.start() == Start.EMPTY) {
        CHILDREN.put(s, children.submit(() -> crash(s)));
      }
    }

    long t0 = System.nanoTime();
    CleanReference reference = CleanReference.base();
    clean = reference.lake;
    expectedBase = reference.fingerprint;

    incrementalLake = work.resolve("clean-incremental");
    copyTree(clean, incrementalLake);
    assertEquals(0, pipeline(rawIncremental, incrementalLake, false), "the clean incremental run");
    expectedIncremental = LakeFingerprint.of(new Lakehouse(spark, incrementalLake.toString()));
    forceLake = work.resolve("clean-force");
    copyTree(clean, forceLake);
    assertEquals(0, pipeline(rawBase, forceLake, true), "the clean --force rerun");
    expectedForce = LakeFingerprint.of(new Lakehouse(spark, forceLake.toString()));
    derivedRemoved = work.resolve("derived-removed");
    copyTree(clean, derivedRemoved);
    for (Table t : Table.values()) {
      if (t == Table.OBSERVATION_LATEST || (t.layer().equals("gold") && t != Table.IDI_GOALPOST)) {
        deleteTree(derivedRemoved.resolve(t.relativePath()));
      }
    }
    STARTS.put(Start.CLEAN, clean);
    STARTS.put(Start.DERIVED_REMOVED, derivedRemoved);
    REPORT.add(String.format(Locale.ROOT, "clean, incremental and --force reference runs: %.1f s",
        (System.nanoTime() - t0) / 1e9));
    for (Scenario s : SCENARIOS) {
      if (s.start() != Start.EMPTY) {
        CHILDREN.put(s, children.submit(() -> crash(s)));
      }
    }
    children.shutdown();
  }

  @AfterAll
  static void report() throws IOException {
    if (children != null) {
      children.shutdownNow();
    }
    Path out = Path.of("target", "crash-recovery-report.txt");
    Files.write(out, REPORT, StandardCharsets.UTF_8);
    REPORT.forEach(System.out::println);
  }

  @TestFactory
  Stream<DynamicTest> everyCrashIsRepairedByTheNextRun() {
    return SCENARIOS.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> crashAndRecover(s)));
  }

  /** Runs the scenario's child on a copy of its starting lake until it halts (or is killed). */
  private static ChildJvm.Result crash(Scenario s) throws Exception {
    int n = SCENARIOS.indexOf(s);
    Path lake = work.resolve("lake-" + n);
    if (s.start() != Start.EMPTY) {
      copyTree(STARTS.get(s.start()), lake);
    }
    Path raw = s.incremental() ? rawIncremental : rawBase;
    List<String> args = new ArrayList<>(List.of("pipeline", "--raw", raw.toString(), "--curated", lake.toString(),
        "--no-comparison"));
    if (s.force()) {
      args.add("--force");
    }
    List<String> jvm = s.point() == null ? List.of() : List.of("-D" + CrashPoint.PROPERTY + "=" + s.point());
    long delay = 0;
    if (s.sigkill()) {
      long seed = Long.getLong("ictbench.crash.seed", System.nanoTime());
      double span = longestIngestChild > 0 ? longestIngestChild : 30;
      delay = (long) (1000 * span * (0.15 + new Random(seed).nextDouble() * 1.2));
      REPORT.add("SIGKILL seed " + seed + " (-Dictbench.crash.seed to repeat): kill after " + delay + " ms");
    }
    ChildJvm.Result child = ChildJvm.run("crash-" + n, jvm, args, delay, 900);
    if (!s.sigkill() && s.start() == Start.EMPTY) {
      longestIngestChild = Math.max(longestIngestChild, child.seconds());
    }
    return child;
  }

  private void crashAndRecover(Scenario s) throws Exception {
    SparkSession spark = TestSpark.get();
    int n = SCENARIOS.indexOf(s);
    Path lake = work.resolve("lake-" + n);
    Path raw = s.incremental() ? rawIncremental : rawBase;
    ChildJvm.Result child = CHILDREN.get(s).get();
    String outcome;
    if (s.sigkill()) {
      assertTrue(child.killed() ? child.exitStatus() == 137 : child.exitStatus() == 0,
          "exit " + child.exitStatus() + "\n" + child.tail(30));
      outcome = child.killed() ? "killed" : "finished before the kill";
    } else {
      assertEquals(CrashPoint.HALT_STATUS, child.exitStatus(),
          "the child should have halted at " + s.point() + "\n" + child.tail(30));
      assertTrue(Files.readString(child.log()).contains("crash point " + s.point().split("#")[0] + " reached"));
      outcome = "halted";
    }

    long t0 = System.nanoTime();
    CliCapture.Result after = CliCapture.run(args(raw, lake, false));
    assertEquals(0, after.exitCode(), () -> "the run after the crash at " + s.name() + ":\n"
        + after.output().lines().skip(Math.max(0, after.output().lines().count() - 40))
            .collect(java.util.stream.Collectors.joining("\n")));
    double recovery = (System.nanoTime() - t0) / 1e9;

    long t1 = System.nanoTime();
    Lakehouse recovered = new Lakehouse(spark, lake.toString());
    // no duplicate bronze record, and the record identity per file
    assertEquals(List.of(), LakeFingerprint.identityBreaks(recovered));
    Map<Table, String> expected = s.force() ? expectedForce : s.incremental() ? expectedIncremental : expectedBase;
    Path reference = s.force() ? forceLake : s.incremental() ? incrementalLake : clean;
    Map<Table, String> actual = LakeFingerprint.of(recovered);
    if (!expected.equals(actual)) {
      Lakehouse ref = new Lakehouse(spark, reference.toString());
      StringBuilder msg = new StringBuilder("the lake after " + s.name() + " differs from a clean run's:");
      for (Table t : Table.values()) {
        if (!java.util.Objects.equals(expected.get(t), actual.get(t))) {
          msg.append("\n  ").append(LakeFingerprint.diff(ref, recovered, t, 5));
        }
      }
      fail(msg.toString());
    }
    REPORT.add(String.format(Locale.ROOT, "%-60s %-26s child %5.1f s (%s), recovery run %5.1f s, check %4.1f s",
        s.name(), s.point() == null ? "-" : s.point(), child.seconds(), outcome, recovery,
        (System.nanoTime() - t1) / 1e9));
    deleteTree(lake);
  }

  private static int pipeline(Path raw, Path lake, boolean force) {
    return Main.execute(args(raw, lake, force));
  }

  private static String[] args(Path raw, Path lake, boolean force) {
    List<String> args = new ArrayList<>(List.of("pipeline", "--raw", raw.toString(), "--curated", lake.toString(),
        "--no-comparison"));
    if (force) {
      args.add("--force");
    }
    return args.toArray(new String[0]);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
