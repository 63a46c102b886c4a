package org.ictbench.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.ictbench.testing.Child;
import org.ictbench.testing.CleanReference;
import org.ictbench.testing.Distribution;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two artifacts as a user gets them: the distribution archive unpacked outside the source tree
 * runs the pipeline with only a Java (no Maven on the PATH), from a read-only folder that it leaves
 * untouched; neither artifact holds the benchmark harness or DuckDB.
 */
class DistributionIT {
  private static Path home;
  private static Path logs;

  @BeforeAll
  static void unpack() {
    home = Distribution.home();
    logs = TestSpark.tempDir("dist-it-logs");
  }

  private static Child bin(Path cwd, Map<String, String> env, String name, String... args) {
    List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/ictbench").toString()));
    cmd.addAll(List.of(args));
    return Child.start(cmd, cwd, env, true, logs, name);
  }

  private static Map<String, String> env() {
    return Distribution.javaOnlyEnv(Distribution.pathWithoutMaven());
  }

  @Test
  void neitherArtifactHoldsTheBenchHarnessOrDuckDb() throws IOException {
    List<Path> jars = new ArrayList<>();
    try (Stream<Path> s = Files.list(home.resolve("lib"))) {
      s.forEach(jars::add);
    }
    jars.add(home.resolve("spark/ictbench-spark.jar"));
    jars.add(Path.of("target/ictbench-spark.jar").toAbsolutePath());
    assertTrue(jars.size() > 100, "lib/ holds the runtime jars: " + jars.size());
    List<String> found = new ArrayList<>();
    for (Path jar : jars) {
      if (jar.getFileName().toString().toLowerCase().contains("duckdb")) {
        found.add(jar.toString());
      }
      try (ZipFile z = new ZipFile(jar.toFile())) {
        z.stream().map(e -> e.getName())
            .filter(n -> n.startsWith("org/ictbench/bench/") || n.startsWith("org/duckdb/")
                || n.startsWith("ictbench/bench/"))
            .forEach(n -> found.add(jar.getFileName() + "!" + n));
      }
    }
    assertEquals(List.of(), found);
    // the spark-submit jar leaves Spark, Scala, Hadoop, Parquet and Jackson to the cluster
    try (ZipFile app = new ZipFile(home.resolve("spark/ictbench-spark.jar").toFile())) {
      for (String provided : List.of("org/apache/spark/SparkContext.class", "scala/Option.class",
          "org/apache/hadoop/fs/FileSystem.class", "org/apache/parquet/hadoop/ParquetWriter.class",
          "com/fasterxml/jackson/databind/ObjectMapper.class", "org/apache/logging/log4j/Logger.class")) {
        assertTrue(app.getEntry(provided) == null, provided + " is the cluster's");
      }
      for (String bundled : List.of("org/ictbench/cli/Main.class", "io/delta/tables/DeltaTable.class",
          "picocli/CommandLine.class", "org/apache/poi/ss/usermodel/Workbook.class",
          "org/jfree/chart/JFreeChart.class", "org/jfree/svg/SVGGraphics2D.class",
          "com/github/mustachejava/DefaultMustacheFactory.class", "ictbench/build.properties")) {
        assertTrue(app.getEntry(bundled) != null, bundled + " is bundled");
      }
    }
  }

  @Test
  void versionOnEveryCommandIsThePoms() {
    String version = Distribution.pomVersion();
    for (String sub : List.of("", "pipeline", "sql", "countries", "revisions", "export", "claims", "report")) {
      List<String> args = new ArrayList<>();
      if (!sub.isEmpty()) {
        args.add(sub);
      }
      args.add("--version");
      try (Child c = bin(home, env(), "version-" + (sub.isEmpty() ? "main" : sub), args.toArray(new String[0]))) {
        assertEquals(0, c.waitFor(120), c.err());
        assertTrue(c.out().startsWith("ictbench " + version + "\n"), sub + ": " + c.out());
      }
    }
  }

  @Test
  void batchJobsRunTheParallelCollectorWhileTheServerAndAUsersOwnChoiceKeepTheirs() {
    Map<String, String> flags = new HashMap<>(env());
    flags.put("ICTBENCH_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
    try (Child c = bin(home, flags, "gc-sql", "sql", "--version")) {
      assertEquals(0, c.waitFor(120), c.err());
      assertTrue(c.out().contains("-XX:+UseParallelGC"), c.out());
    }
    try (Child c = bin(home, flags, "gc-serve", "serve", "--version")) {
      assertEquals(0, c.waitFor(120), c.err());
      assertFalse(c.out().contains("-XX:+UseParallelGC"), c.out());
    }
    // two collectors would stop the JVM before it starts: the user's wins
    flags.put("ICTBENCH_JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:+UseSerialGC");
    try (Child c = bin(home, flags, "gc-user", "pipeline", "--version")) {
      assertEquals(0, c.waitFor(120), c.err());
      assertTrue(c.out().contains("-XX:+UseSerialGC") && !c.out().contains("-XX:+UseParallelGC"), c.out());
    }
  }

  @Test
  void theLauncherRefusesAWrongEnvironmentWithExitNine() throws IOException {
    Map<String, String> noJava = new HashMap<>(env());
    noJava.put("JAVA_HOME", "/nonexistent/jdk");
    try (Child c = bin(home, noJava, "no-java", "--version")) {
      assertEquals(9, c.waitFor(60));
      assertTrue(c.err().contains("Java 17 to 21"), c.err());
    }
    Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    if (Files.isExecutable(jdk25.resolve("bin/java"))) {
      Map<String, String> wrongJava = new HashMap<>(env());
      wrongJava.put("JAVA_HOME", jdk25.toString());
      try (Child c = bin(home, wrongJava, "java-25", "--version")) {
        assertEquals(9, c.waitFor(60));
        assertTrue(c.err().contains("needs Java 17 to 21 (found '25'"), c.err());
      }
    }
    // a cluster master with no spark-submit around: exit 9, not a plain JVM pretending to be a driver
    try (Child c = bin(home, env(), "no-spark-submit", "pipeline", "--master", "spark://127.0.0.1:7077",
        "--raw", "/x", "--curated", "/y")) {
      assertEquals(9, c.waitFor(60));
      assertTrue(c.err().contains("needs spark-submit"), c.err());
    }
    // the same guard in Java, for a JVM started some other way
    try (Child c = Child.start(List.of(Child.java(), Child.sparkJvmArgs(), "-cp", home.resolve("lib") + "/*",
        "org.ictbench.cli.Main", "sql", "--master", "spark://127.0.0.1:7077", "--curated",
        TestSpark.tempDir("empty").toString(), "SELECT 1"), home, env(), true, logs, "java-guard")) {
      assertEquals(9, c.waitFor(180), c.err());
      assertTrue(c.err().contains("[ENVIRONMENT]") && c.err().contains("needs spark-submit"), c.err());
    }
    // outside jobs/*.sh nothing defaults into a working folder: the roots must be named
    try (Child c = bin(home, env(), "no-curated", "sql", "SELECT 1")) {
      assertEquals(2, c.waitFor(180), c.err());
      assertTrue(c.err().contains("Option --curated is required here"), c.err());
    }
  }

  @Test
  void thePipelineRunsFromAReadOnlyCopyWithOnlyJavaAndWritesNothingIntoIt() throws IOException {
    // a read-only copy (root ignores permission bits, so the test also compares the tree before and after)
    Path copy = TestSpark.tempDir("dist-ro");
    try (Child cp = Child.start(List.of("cp", "-a", home.toString(), copy.toString()), copy, Map.of(), false, logs,
        "copy")) {
      assertEquals(0, cp.waitFor(300));
    }
    Path ro = copy.resolve(home.getFileName());
    try (Child chmod = Child.start(List.of("chmod", "-R", "a-w", ro.toString()), copy, Map.of(), false, logs,
        "chmod")) {
      assertEquals(0, chmod.waitFor(60));
    }
    Map<String, String> before = tree(ro);
    Path curated = TestSpark.tempDir("dist-curated");
    Path result = TestSpark.tempDir("dist-result").resolve("pipeline.json");
    try (Child run = bin(ro, env(), "pipeline", "pipeline", "--raw", CleanReference.rawFolder().toString(),
        "--curated", curated.toString(), "--json", result.toString())) {
      assertEquals(0, run.waitFor(1800), Child.tail(run.err(), 60));
      assertTrue(run.out().contains("ictbench " + Distribution.pomVersion() + " run "), run.out());
      assertTrue(run.out().contains("tables written: bronze.ingest_file"), run.out());
      // the scheduler's view of the same run: the result says it succeeded, with the run id printed above
      JsonNode json = new ObjectMapper().readTree(result.toFile());
      assertEquals("succeeded", json.path("status").asText(), json.toString());
      assertEquals(0, json.path("exit_code").asInt(-1), json.toString());
      assertEquals(Distribution.pomVersion(), json.path("version").asText());
      assertTrue(run.out().contains(" run " + json.path("run_id").asText()), run.out());
      assertEquals(0, json.path("files_failed").asInt(-1), json.toString());
      assertTrue(json.path("files_ingested").asInt() > 0, json.toString());
      List<String> tables = new ArrayList<>();
      json.path("tables").forEach(t -> tables.add(t.path("table").asText()));
      assertTrue(tables.contains("gold.idi_score"), tables.toString());
      System.out.printf("distribution pipeline run: %.1f s wall%n", run.seconds());
    }
    assertEquals(before, tree(ro), "the run wrote nothing into the install folder (its working folder)");
    assertTrue(Files.isDirectory(curated.resolve("gold/idi_score/_delta_log")));
    assertFalse(Files.exists(curated.resolve(org.ictbench.core.LakeLock.FILE_NAME)), "lock released");
  }

  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        m.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
            : Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return m;
  }
}
