package org.ictbench.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.Child;
import org.ictbench.testing.CleanReference;
import org.ictbench.testing.LakeComparison;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Spark standalone cluster on this machine: a master and two workers, each its own JVM bound
 * to 127.0.0.1 on free ports, started from the Maven Spark jars (the project's resolved class path,
 * less what the application jar bundles, as SPARK_HOME/jars). The pipeline is submitted through
 * spark-submit with target/ictbench-spark.jar on the six files of {@link CleanReference}; its lake
 * must equal the clean local run's, and the raw files must have been parsed in the executors (their
 * own logs say which file, in which executor), not in the driver.
 */
class ClusterIT {
  /** Jars the application jar bundles (the shade plugin's includes): not part of a cluster's Spark. */
  private static final List<String> BUNDLED = List.of("delta-", "unitycatalog-", "jackson-datatype-jdk8-",
      "picocli-", "commons-csv-", "poi-", "xmlbeans-", "SparseBitSet-", "curvesapi-", "jfreechart-", "org.jfree.svg-",
      "compiler-", "hadoop-aws-",
      "analyticsaccelerator-", "wildfly-openssl-");

  private static Path base;
  private static Path sparkHome;
  private static Map<String, String> env;
  private static final List<Child> cluster = new ArrayList<>();
  private static String masterUrl;
  private static double clusterStartSeconds;

  @BeforeAll
  static void startCluster() throws IOException {
    base = TestSpark.tempDir("spark-cluster");
    sparkHome = base.resolve("spark-home");
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    for (String entry : Files.readString(Path.of("target/classpath.txt")).trim().split(":")) {
      Path jar = Path.of(entry);
      String name = jar.getFileName().toString();
      if (name.endsWith(".jar") && BUNDLED.stream().noneMatch(name::startsWith)
          && !name.startsWith("s3-") && !jar.toString().contains("/software/amazon/")) {
        Files.createSymbolicLink(jars.resolve(name), jar);
      }
    }
    Files.writeString(sparkHome.resolve("RELEASE"), "Spark jars from the Maven repository, for ClusterIT\n");
    env = new HashMap<>(System.getenv());
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.remove("SPARK_CONF_DIR");

    long t0 = System.nanoTime();
    int port = freePort();
    masterUrl = "spark://127.0.0.1:" + port;
    Child master = daemon("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        String.valueOf(port), "--webui-port", String.valueOf(freePort()));
    cluster.add(master);
    master.awaitOutput("I have been elected leader", 300);
    for (int i = 1; i <= 2; i++) {
      Child worker = daemon("worker" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()), "--cores", "1",
          "--memory", "1g", "--work-dir", base.resolve("work" + i).toString(), masterUrl);
      cluster.add(worker);
    }
    for (int i = 1; i <= 2; i++) {
      cluster.get(i).awaitOutput("Successfully registered with master", 300);
    }
    clusterStartSeconds = (System.nanoTime() - t0) / 1e9;
  }

  private static Child daemon(String name, String mainClass, String... args) {
    // no REST submission server: it would bind the fixed port 6066
    List<String> cmd = Child.shortLivedJava("512m");
    cmd.addAll(List.of(Child.sparkJvmArgs(), "-Dspark.master.rest.enabled=false", "-Dspark.ui.enabled=false", "-cp",
        sparkHome.resolve("jars") + "/*", mainClass));
    cmd.addAll(List.of(args));
    return Child.start(cmd, base, env, true, base.resolve("logs"), name);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  static void stopCluster() {
    for (int i = cluster.size() - 1; i >= 0; i--) {
      cluster.get(i).close();
    }
  }

  @Test
  void thePipelineSubmittedToTheClusterBuildsTheSameLakeAsALocalRun() throws IOException {
    Path curated = base.resolve("curated");
    Path driverDir = Files.createDirectories(base.resolve("driver-cwd"));
    // logging under spark-submit: one log4j2 file for the driver (-D) and the executors
    // (spark.executor.extraJavaOptions); DEBUG for ingest makes each executor name the files it parses
    Path log4j = base.resolve("log4j2-cluster.properties");
    Files.writeString(log4j, String.join("\n", "rootLogger.level = warn", "rootLogger.appenderRef.e.ref = e",
        "appender.e.type = Console", "appender.e.name = e", "appender.e.target = SYSTEM_ERR",
        "appender.e.layout.type = PatternLayout", "appender.e.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
        "logger.ictbench.name = org.ictbench", "logger.ictbench.level = info",
        "logger.ingest.name = org.ictbench.ingest.Ingest", "logger.ingest.level = debug", ""));
    List<String> submit = Child.shortLivedJava("1g");
    submit.addAll(List.of(Child.sparkJvmArgs(),
        "-Dlog4j2.configurationFile=" + log4j.toUri(), "-cp", sparkHome.resolve("jars") + "/*",
        "org.apache.spark.deploy.SparkSubmit", "--master", masterUrl, "--deploy-mode", "client",
        "--class", "org.ictbench.cli.Main",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=768m",
        "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
        "--conf", "spark.executor.extraJavaOptions=-Dlog4j2.configurationFile=" + log4j.toUri() + " "
            + Child.shortLivedJvmOptions(),
        Path.of("target/ictbench-spark.jar").toAbsolutePath().toString(),
        "pipeline", "--raw", CleanReference.rawFolder().toString(), "--curated", curated.toString(), "--no-comparison"));
    CleanReference reference;
    double clusterSeconds;
    String driverLog;
    try (Child run = Child.start(submit, driverDir, env, true, base.resolve("logs"), "spark-submit")) {
      reference = CleanReference.base(); // the local run, in this JVM while the cluster works
      assertEquals(0, run.waitFor(1800), Child.tail(run.err(), 80));
      clusterSeconds = run.seconds();
      driverLog = run.err() + run.out();
    }
    try (Stream<Path> s = Files.list(driverDir)) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString()).toList(),
          "nothing (spark-warehouse, metastore_db, spark-events) lands in the driver's working folder");
    }

    // the same lake as the local run, table by table on the stable columns, and the same IDI
    List<LakeComparison.TableDiff> diffs = LakeComparison.compare(TestSpark.get(), reference.comparable(),
        new LakeComparison.Lake(curated.toString(), reference.raw.toString()));
    String table = LakeComparison.describe(diffs);
    assertTrue(diffs.stream().allMatch(LakeComparison.TableDiff::same), table);
    assertTrue(diffs.size() >= 20, table);
    Map<String, Double> localIdi = LakeComparison.idi(TestSpark.get(), reference.lake.toString());
    Map<String, Double> clusterIdi = LakeComparison.idi(TestSpark.get(), curated.toString());
    assertEquals(localIdi.keySet(), clusterIdi.keySet());
    LakeComparison.assertSameIdi(localIdi, clusterIdi);

    // the executors parsed the raw files: each ingested file is named in an executor's own log
    Lakehouse lake = new Lakehouse(TestSpark.get(), curated.toString());
    TreeSet<String> ingested = new TreeSet<>();
    for (Row r : lake.read(Table.INGEST_FILE).filter("status = 'ingested'").select("file_uri").collectAsList()) {
      ingested.add(r.getString(0));
    }
    Pattern line = Pattern.compile("parsing raw file (\\S+) in executor (\\S+) \\(pid (\\d+)\\)");
    Map<String, String> parsedBy = new TreeMap<>();
    for (Path stderr : executorLogs()) {
      Matcher m = line.matcher(Files.readString(stderr));
      while (m.find()) {
        parsedBy.put(m.group(1), "executor " + m.group(2) + " (" + base.relativize(stderr.getParent()) + ")");
      }
    }
    assertEquals(ingested, parsedBy.keySet(), "every ingested file was parsed in an executor");
    assertTrue(parsedBy.values().stream().noneMatch(v -> v.startsWith("executor driver")), parsedBy.toString());
    assertFalse(driverLog.contains("parsing raw file"), "the driver parsed no raw file");

    System.out.printf("cluster: started in %.1f s; spark-submit run %.1f s; local in-process run %.1f s%n%s"
        + "IDI local vs cluster: %s%nparsed by: %s%n", clusterStartSeconds, clusterSeconds, reference.seconds,
        table, pick(localIdi, clusterIdi), new TreeSet<>(parsedBy.values()));
  }

  static String pick(Map<String, Double> a, Map<String, Double> b) {
    StringBuilder sb = new StringBuilder();
    for (String k : List.of("2024 BLR", "2024 CHN")) {
      sb.append(k).append(' ').append(a.get(k)).append(" / ").append(b.get(k)).append("; ");
    }
    return sb.toString();
  }

  private static List<Path> executorLogs() throws IOException {
    List<Path> out = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      Path work = base.resolve("work" + i);
      if (Files.isDirectory(work)) {
        try (Stream<Path> s = Files.walk(work)) {
          s.filter(p -> p.getFileName().toString().equals("stderr")).forEach(out::add);
        }
      }
    }
    return out;
  }
}
