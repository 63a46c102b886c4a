package org.ictbench.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Errors;

/**
 * Query latency through the query server: starts {@code jobs/serve.sh} on a curated root (a free
 * loopback port, a fresh token), runs {@link Client} in a child JVM on the Spark Connect client's
 * class path (warm-up, then N timed queries in one session), and times one cold {@code jobs/sql.sh
 * --connect} and one cold local {@code jobs/sql.sh} of the same query for comparison.
 */
final class ServerLatency {
  /** A typical analyst query on a gold table. */
  static final String QUERY = "SELECT iso3, edition, round(idi, 1) AS idi FROM gold.idi_score"
      + " WHERE iso3 IN ('BLR', 'CHN') ORDER BY edition, iso3";
  static final int WARMUP = 3;

  /** What was measured (milliseconds per warm query; seconds for the cold runs). */
  record Result(int queries, double medianMs, double maxMs, double[] warmMs, double sqlConnectColdS,
                double sqlLocalColdS, double serverStartS) {
    String line() {
      return String.format(Locale.ROOT, "query server, %d warm queries on gold.idi_score (one Spark Connect session):"
          + " median %.0f ms, max %.0f ms; cold jobs/sql.sh --connect %.1f s; cold jobs/sql.sh (own Spark) %.1f s;"
          + " server start %.1f s", queries, medianMs, maxMs, sqlConnectColdS, sqlLocalColdS, serverStartS);
    }

    String json() {
      return String.format(Locale.ROOT, "{\"query\": \"%s\", \"warm_queries\": %d, \"warm_median_ms\": %.1f, "
              + "\"warm_max_ms\": %.1f, \"warm_ms\": %s, \"sql_connect_cold_s\": %.2f, \"sql_local_cold_s\": %.2f, "
              + "\"server_start_s\": %.2f}", QUERY, queries, medianMs, maxMs, Arrays.toString(warmMs),
          sqlConnectColdS, sqlLocalColdS, serverStartS);
    }
  }

  private ServerLatency() {}

  static Result measure(Path home, Path curated, int queries, Path work) {
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    int port = freePort();
    Path serverLog = work.resolve("serve.log");
    Map<String, String> env = Map.of("ICTBENCH_TOKEN", token);
    Process server = null;
    try {
      Files.createDirectories(work);
      ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("jobs/serve.sh").toString(), "--curated",
          curated.toString(), "--port", String.valueOf(port)).redirectErrorStream(true)
          .redirectOutput(serverLog.toFile());
      pb.environment().putAll(env);
      long t0 = System.nanoTime();
      server = pb.start();
      while (!Files.readString(serverLog).contains("ictbench query server on")) {
        if (!server.isAlive() || System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10)) {
          throw Errors.benchRunFailed("the query server (jobs/serve.sh)", server.isAlive() ? -1 : server.exitValue(),
              serverLog.toString(), tail(serverLog));
        }
        Thread.sleep(200);
      }
      double started = (System.nanoTime() - t0) / 1e9;
      String url = "sc://127.0.0.1:" + port;
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "@" + home.resolve("jobs/conf/spark-jvm.args"),
          "-Dlog4j2.configurationFile=" + home.resolve("jobs/conf/log4j2.properties"), "-cp",
          home.resolve("target/classes") + ":" + home.resolve("target/test-classes") + ":"
              + Files.readString(home.resolve("target/connect-classpath.txt")).strip(),
          Client.class.getName(), url, String.valueOf(queries), QUERY));
      ChildRun client = ChildRun.run(cmd, env, work.resolve("client.log"));
      if (client.exitCode() != 0) {
        throw Errors.benchRunFailed("the Spark Connect client", client.exitCode(), client.log().toString(),
            client.tail(15));
      }
      double[] ms = Files.readAllLines(client.log()).stream().filter(l -> l.startsWith("latency_ms "))
          .mapToDouble(l -> Double.parseDouble(l.substring(11))).toArray();
      ChildRun connectCold = ChildRun.run(List.of("bash", home.resolve("jobs/sql.sh").toString(), "--connect", url,
          "--format", "csv", QUERY), env, work.resolve("sql-connect.log"));
      ChildRun localCold = ChildRun.run(List.of("bash", home.resolve("jobs/sql.sh").toString(), "--curated",
          curated.toString(), "--format", "csv", QUERY), Map.of(), work.resolve("sql-local.log"));
      for (ChildRun r : List.of(connectCold, localCold)) {
        if (r.exitCode() != 0) {
          throw Errors.benchRunFailed("jobs/sql.sh", r.exitCode(), r.log().toString(), r.tail(15));
        }
      }
      double max = Arrays.stream(ms).max().orElse(Double.NaN);
      return new Result(ms.length, BenchRunner.median(ms), max, ms, connectCold.seconds(), localCold.seconds(), started);
    } catch (IOException e) {
      throw Errors.benchRunFailed("the query server (jobs/serve.sh)", -1, serverLog.toString(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (server != null) {
        server.destroy();
        try {
          if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
          }
        } catch (InterruptedException e) {
          server.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /**
   * The client side (its own JVM on the Connect client's class path): {@code URL N SQL}; the token from
   * ICTBENCH_TOKEN. Prints one {@code latency_ms X} line per timed query (each collects its rows).
   */
  static final class Client {
    private Client() {}

    public static void main(String[] args) {
      String url = args[0].replace("127.0.0.1", "localhost") + "/;token=" + System.getenv("ICTBENCH_TOKEN");
      int n = Integer.parseInt(args[1]);
      SparkSession spark = SparkSession.builder().connect().remote(url).create();
      for (int i = 0; i < WARMUP; i++) {
        spark.sql(args[2]).collectAsList();
      }
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        int rows = spark.sql(args[2]).collectAsList().size();
        System.out.printf(Locale.ROOT, "latency_ms %.2f%n", (System.nanoTime() - t0) / 1e6);
        if (rows == 0) {
          throw new IllegalStateException("the query returned no rows: " + args[2]);
        }
      }
      System.out.flush();
      System.exit(0); // the client's gRPC threads are not daemons
    }
  }
}
