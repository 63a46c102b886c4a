package org.ictbench.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.Child;
import org.ictbench.testing.ReferenceLake;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * jobs/serve.sh's server (the same main class, in a child JVM) on the bundled lake, on a free loopback
 * port, queried by the Spark Connect JVM client and by {@code sql --connect} (each in a child JVM on
 * the client's class path, target/connect-classpath.txt): the token is required, every gold table
 * resolves, a new Delta version written while the server runs is seen, and writes are refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryServerIT {
  static final String TOKEN = "it-" + Long.toHexString(System.nanoTime()) + "-token";
  static SparkSession spark;
  static Lakehouse lake;
  static Path curated;
  static int port;
  static Process server;
  static Path serverLog;

  @BeforeAll
  static void startServer() throws Exception {
    spark = TestSpark.get();
    // the JVM's bundled first run, copied: a test writes a new version while the server runs
    curated = Path.of(ReferenceLake.copy("serve-lake"));
    lake = new Lakehouse(spark, curated.toString());
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    serverLog = curated.getParent().resolve("serve-" + port + ".log");
    List<String> cmd = java(System.getProperty("java.class.path"));
    cmd.addAll(List.of("org.ictbench.cli.Main", "serve", "--curated", curated.toString(), "--port",
        String.valueOf(port), "--shuffle-partitions", "2", "--master", "local[2]"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(serverLog.toFile());
    pb.environment().put(ServerToken.ENV, TOKEN);
    server = pb.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (!Files.readString(serverLog).contains("ictbench query server on")) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        fail("server did not start:\n" + Files.readString(serverLog));
      }
      Thread.sleep(500);
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  static List<String> java(String classpath) {
    List<String> cmd = Child.shortLivedJava("1g");
    cmd.addAll(List.of(Child.sparkJvmArgs(),
        "-Dlog4j2.configurationFile=" + Path.of("jobs/conf/log4j2.properties").toAbsolutePath(), "-cp", classpath));
    return cmd;
  }

  /** The Connect client's class path: our classes plus target/connect-classpath.txt (written by package). */
  static String clientClasspath() throws IOException {
    Path cp = Path.of("target/connect-classpath.txt");
    assertTrue(Files.exists(cp), "target/connect-classpath.txt is written by mvn package (run mvn verify)");
    return Path.of("target/classes").toAbsolutePath() + File.pathSeparator + Path.of("target/test-classes").toAbsolutePath()
        + File.pathSeparator + Files.readString(cp).strip();
  }

  record Run(int exit, String out) {}

  static Run client(String token, String mainClass, List<String> args) throws Exception {
    List<String> cmd = java(clientClasspath());
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove(ServerToken.ENV);
    pb.environment().remove(ServerToken.FILE_ENV);
    if (token != null) {
      pb.environment().put(ServerToken.ENV, token);
    }
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES));
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Statement → "ok"/"error" line of {@link ConnectProbe}. */
  static Map<String, String[]> probe(String token, List<String> sql) throws Exception {
    List<String> args = new ArrayList<>();
    args.add("sc://127.0.0.1:" + port);
    args.addAll(sql);
    Run r = client(token, ConnectProbe.class.getName(), args);
    Map<String, String[]> m = new LinkedHashMap<>();
    for (String line : r.out().lines().toList()) {
      String[] f = line.split("\t", -1);
      if (f.length == 3 && (f[0].equals("ok") || f[0].equals("error"))) {
        m.put(f[1], f);
      }
    }
    assertTrue(!m.isEmpty(), r.out());
    return m;
  }

  static Run sqlConnect(String token, String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of("sql", "--connect", "sc://127.0.0.1:" + port));
    a.addAll(List.of(args));
    return client(token, "org.ictbench.cli.Main", a);
  }

  @Test
  @Order(1)
  void theServerRefusesAWrongTokenAndNoToken() throws Exception {
    String[] wrong = probe("not-" + TOKEN, List.of("SELECT 1")).values().iterator().next();
    assertEquals("error", wrong[0]);
    assertTrue(wrong[2].contains("UNAUTHENTICATED"), wrong[2]);
    String[] none = probe(null, List.of("SELECT 1")).values().iterator().next();
    assertEquals("error", none[0]);
    assertTrue(none[2].contains("UNAUTHENTICATED"), none[2]);

    Run refused = sqlConnect("not-" + TOKEN, "SELECT 1");
    assertEquals(7, refused.exit(), refused.out());
    assertTrue(refused.out().contains("refused the token"), refused.out());
    Run missing = sqlConnect(null, "SELECT 1");
    assertEquals(9, missing.exit(), missing.out());
    assertTrue(missing.out().contains("ICTBENCH_TOKEN"), missing.out());
    assertTrue(!Files.readString(serverLog).contains(TOKEN), "the token never appears in the server's output");
  }

  @Test
  @Order(2)
  void everyGoldTableResolvesByNameWithTheLakesRows() throws Exception {
    List<String> sql = new ArrayList<>();
    Map<String, Long> expected = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      if (t.layer().equals("gold") && lake.exists(t)) {
        String q = "SELECT count(*) FROM " + t.qualifiedName();
        sql.add(q);
        expected.put(q, spark.read().format("delta").load(lake.path(t)).count());
      }
    }
    assertTrue(expected.size() >= 10, "the bundled lake has its gold tables: " + expected.keySet());
    sql.add("SHOW TABLES IN gold");
    Map<String, String[]> got = probe(TOKEN, sql);
    for (var e : expected.entrySet()) {
      String[] line = got.get(e.getKey());
      assertEquals("ok", line[0], String.join(" ", line));
      assertEquals(String.valueOf(e.getValue()), line[2], e.getKey());
    }
    assertEquals("ok", got.get("SHOW TABLES IN gold")[0]);
  }

  @Test
  @Order(3)
  void sqlConnectPrintsTheSameFormatsAsLocalSql() throws Exception {
    Run csv = sqlConnect(TOKEN, "--format", "csv", "SELECT iso3, round(idi, 1) AS idi FROM gold.idi_score"
        + " WHERE edition = 2024 AND iso3 IN ('BLR', 'CHN') ORDER BY iso3");
    assertEquals(0, csv.exit(), csv.out());
    // ITU's published 2024 scores (BLR 88.5, CHN 85.8), CSV with LF line ends
    assertTrue(csv.out().contains("iso3,idi\nBLR,88.5\nCHN,85.8\n"), csv.out());
    Run names = sqlConnect(TOKEN, "--format", "json", "SELECT name_ru, name_zh FROM silver.country WHERE iso3 = 'CHN'");
    assertEquals(0, names.exit(), names.out());
    assertTrue(names.out().contains("{\"name_ru\":\"Китай\",\"name_zh\":\"中国\"}"), names.out());
  }

  @Test
  @Order(4)
  void aNewVersionWrittenWhileTheServerRunsIsSeen() throws Exception {
    String count = "SELECT count(*) FROM gold.idi_score";
    long before = Long.parseLong(probe(TOKEN, List.of(count)).get(count)[2]);
    long version = spark.sql("DESCRIBE HISTORY delta.`" + lake.path(Table.IDI_SCORE) + "`").first().getLong(0);
    spark.read().format("delta").load(lake.path(Table.IDI_SCORE)).limit(3).write().format("delta")
        .mode(SaveMode.Append).save(lake.path(Table.IDI_SCORE));
    Map<String, String[]> after = probe(TOKEN, List.of(count,
        "SELECT max(version) FROM (DESCRIBE HISTORY gold.idi_score)"));
    assertEquals(before + 3, Long.parseLong(after.get(count)[2]));
    Run viaSql = sqlConnect(TOKEN, "--format", "csv", count);
    assertTrue(viaSql.out().contains("count(1)\n" + (before + 3) + "\n"), viaSql.out());
    Run history = sqlConnect(TOKEN, "--format", "csv", "SELECT count(*) FROM gold.idi_score VERSION AS OF " + version);
    assertTrue(history.out().contains("count(1)\n" + before + "\n"), history.out());
  }

  @Test
  @Order(5)
  void writesAreRefusedAndChangeNothing() throws Exception {
    String count = "SELECT count(*) FROM gold.idi_rank";
    Map<String, String[]> got = probe(TOKEN, List.of(count, "INSERT INTO gold.idi_rank SELECT * FROM gold.idi_rank",
        "DROP TABLE gold.idi_rank", "OPTIMIZE gold.idi_rank", count));
    assertEquals("error", got.get("INSERT INTO gold.idi_rank SELECT * FROM gold.idi_rank")[0]);
    assertEquals("error", got.get("DROP TABLE gold.idi_rank")[0]);
    assertEquals("error", got.get("OPTIMIZE gold.idi_rank")[0]);
    assertEquals(spark.read().format("delta").load(lake.path(Table.IDI_RANK)).count(),
        Long.parseLong(got.get(count)[2]));
    Run refused = sqlConnect(TOKEN, "DELETE FROM gold.idi_rank");
    assertEquals(7, refused.exit(), refused.out());
    assertTrue(refused.out().contains("Refused"), refused.out());
  }
}
