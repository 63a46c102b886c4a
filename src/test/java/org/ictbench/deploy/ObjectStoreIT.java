package org.ictbench.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.ictbench.core.IctbenchException;
import org.ictbench.core.LakeLock;
import org.ictbench.testing.Child;
import org.ictbench.testing.CleanReference;
import org.ictbench.testing.Distribution;
import org.ictbench.testing.LakeComparison;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Raw and curated data on object storage: an S3-compatible server (S3Proxy, its own JVM, signed
 * requests required) on 127.0.0.1, the six raw files of {@link CleanReference} put into a bucket
 * through S3A, and the distribution's bin/ictbench running pipeline, sql, export and report on s3a://
 * roots. The endpoint comes from a core-site.xml (HADOOP_CONF_DIR), the credentials from the
 * environment only: they never appear on a command line or in any output. The lake equals the clean
 * local run's; the writer lock works on S3 through conditional writes.
 */
class ObjectStoreIT {
  private static final String BUCKET = "ictbench-it";
  private static final String ACCESS_KEY = "AKIT" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private static final String SECRET = "it-secret-" + UUID.randomUUID();
  private static Path base;
  private static Child s3;
  private static String endpoint;
  private static Path confDir;
  private static final List<Child> children = new ArrayList<>();

  @BeforeAll
  static void startS3() throws IOException {
    base = TestSpark.tempDir("object-store");
    Path blobs = Files.createDirectories(base.resolve("blobs").resolve(BUCKET)).getParent();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    endpoint = "http://127.0.0.1:" + port;
    Path props = base.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n", "s3proxy.endpoint=" + endpoint,
        "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + ACCESS_KEY, "s3proxy.credential=" + SECRET,
        "jclouds.provider=filesystem", "jclouds.filesystem.basedir=" + blobs, "jclouds.identity=local",
        "jclouds.credential=local", ""));
    List<String> server = Child.shortLivedJava("256m");
    server.addAll(List.of("-cp", Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath().toString(),
        "org.gaul.s3proxy.Main", "--properties", props.toString()));
    s3 = Child.start(server, base, Map.of(), false, base.resolve("logs"), "s3proxy");
    s3.awaitOutput("Started ", 120);

    // the endpoint for the launched jobs: a core-site.xml without any credential
    confDir = Files.createDirectories(base.resolve("hadoop-conf"));
    Files.writeString(confDir.resolve("core-site.xml"), "<configuration>\n"
        + prop("fs.s3a.endpoint", endpoint) + prop("fs.s3a.endpoint.region", "us-east-1")
        + prop("fs.s3a.path.style.access", "true") + prop("fs.s3a.connection.ssl.enabled", "false")
        + prop("fs.s3a.retry.limit", "2") + "</configuration>\n");

    // this JVM reads the lake too (to compare it): its own S3A settings, credentials included
    Configuration conf = TestSpark.get().sparkContext().hadoopConfiguration();
    conf.set("fs.s3a.endpoint", endpoint);
    conf.set("fs.s3a.endpoint.region", "us-east-1");
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", "false");
    conf.set("fs.s3a.access.key", ACCESS_KEY);
    conf.set("fs.s3a.secret.key", SECRET);
    FileSystem fs = new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/").getFileSystem(conf);
    Path raw = CleanReference.rawFolder();
    try (java.util.stream.Stream<Path> files = Files.walk(raw)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        try (java.io.OutputStream out = fs.create(new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/raw/"
            + raw.relativize(f).toString().replace('\\', '/')), true)) {
          Files.copy(f, out);
        }
      }
    }
  }

  private static String prop(String k, String v) {
    return "  <property><name>" + k + "</name><value>" + v + "</value></property>\n";
  }

  @AfterAll
  static void stopS3() {
    children.forEach(Child::close);
    if (s3 != null) {
      s3.close();
    }
  }

  private static Child bin(String name, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Distribution.home().resolve("bin/ictbench").toString()));
    cmd.addAll(List.of(args));
    Map<String, String> env = new HashMap<>(Distribution.javaOnlyEnv(Distribution.pathWithoutMaven()));
    env.put("HADOOP_CONF_DIR", confDir.toString());
    env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    Child c = Child.start(cmd, base, env, true, base.resolve("logs"), name);
    children.add(c);
    assertFalse(String.join(" ", cmd).contains(SECRET));
    return c;
  }

  @Test
  void pipelineSqlExportAndReportOnS3BuildAndReadTheSameLakeAsALocalRun() throws IOException {
    String raw = "s3a://" + BUCKET + "/raw";
    String curated = "s3a://" + BUCKET + "/curated";
    CleanReference clean = CleanReference.base();
    LakeComparison.Lake reference = clean.comparable();
    List<Child> runs = new ArrayList<>();

    Child pipeline = bin("pipeline", "pipeline", "--raw", raw, "--curated", curated, "--no-comparison");
    runs.add(pipeline);
    assertEquals(0, pipeline.waitFor(1800), Child.tail(pipeline.err(), 60));
    assertTrue(pipeline.out().contains("tables under " + curated), pipeline.out());

    List<LakeComparison.TableDiff> diffs = LakeComparison.compare(TestSpark.get(), reference,
        new LakeComparison.Lake(curated, raw));
    String table = LakeComparison.describe(diffs);
    assertTrue(diffs.stream().allMatch(LakeComparison.TableDiff::same), table);
    Map<String, Double> localIdi = LakeComparison.idi(TestSpark.get(), reference.curated());
    Map<String, Double> s3Idi = LakeComparison.idi(TestSpark.get(), curated);
    assertEquals(localIdi.keySet(), s3Idi.keySet());
    LakeComparison.assertSameIdi(localIdi, s3Idi);

    Child sql = bin("sql", "sql", "--curated", curated, "--format", "csv",
        "SELECT iso3, round(idi, 6) AS idi FROM gold.idi_score WHERE edition = 2024 AND iso3 IN ('BLR', 'CHN')"
            + " ORDER BY iso3");
    runs.add(sql);
    assertEquals(0, sql.waitFor(900), sql.err());
    assertEquals(String.format(java.util.Locale.ROOT, "iso3,idi\nBLR,%s\nCHN,%s\n",
        num(localIdi.get("2024 BLR")), num(localIdi.get("2024 CHN"))), sql.out());

    Path export = base.resolve("out").resolve("idi_score.csv");
    Child exp = bin("export", "export", "gold.idi_score", "--format", "csv", "--out", export.toString(),
        "--curated", curated);
    runs.add(exp);
    assertEquals(0, exp.waitFor(900), exp.err());
    long scores = LakeComparison.counts(TestSpark.get(), reference.curated()).get("gold.idi_score");
    assertEquals(scores + 1, Files.readAllLines(export).size(), "header + one line per gold.idi_score row");

    Path report = base.resolve("out").resolve("report");
    Child rep = bin("report", "report", "--curated", curated, "--out", report.toString(), "--claims", "none");
    runs.add(rep);
    assertEquals(0, rep.waitFor(900), rep.err());
    assertTrue(Files.readString(report.resolve("index.html")).contains("Belarus"), "the report names the pair");

    for (Child c : runs) {
      assertFalse(c.out().contains(SECRET) || c.err().contains(SECRET), "the secret appears in an output");
    }
    assertFalse(Files.readString(confDir.resolve("core-site.xml")).contains(SECRET));
    System.out.printf("S3 (S3Proxy): pipeline %.1f s, sql %.1f s, export %.1f s, report %.1f s; local in-process"
        + " run %.1f s%n%sIDI local / S3: %s%n", pipeline.seconds(), sql.seconds(), exp.seconds(), rep.seconds(),
        clean.seconds, table, ClusterIT.pick(localIdi, s3Idi));
  }

  @Test
  void theWriterLockOnS3IsAConditionalWrite() {
    Configuration conf = TestSpark.get().sparkContext().hadoopConfiguration();
    String root = "s3a://" + BUCKET + "/lock-test";
    try (LakeLock first = LakeLock.acquire(conf, root, "s3-run-one", 0)) {
      IctbenchException e = assertThrows(IctbenchException.class, () -> LakeLock.acquire(conf, root, "s3-run-two", 0));
      assertEquals(10, e.exitCode());
      assertTrue(e.getMessage().contains("run s3-run-one"), e.getMessage());
    }
    try (LakeLock again = LakeLock.acquire(conf, root, "s3-run-three", 0)) {
      assertEquals("s3-run-three", again.holder().runId());
    }
  }

  private static String num(double v) {
    return new java.math.BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString();
  }
}
