package org.ictbench.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import org.ictbench.core.Errors;
import org.ictbench.core.SparkSessions;

/**
 * {@code jobs/serve.sh}: a long-lived Spark Connect server (Spark's own spark-connect module) over one
 * curated root. Every client session's default catalog is the read-only {@link IctbenchCatalog}, so
 * {@code SELECT * FROM gold.idi_score} works from any Spark Connect client (the JVM client,
 * {@code jobs/sql.sh --connect}, pyspark with an {@code sc://} URL); tables are looked up per query,
 * so later pipeline runs are seen without a restart. Clients must send the token (see
 * {@link ServerToken}) also on loopback; the server binds to 127.0.0.1 unless told otherwise, and its
 * sessions only run queries ({@link ReadOnlySession}).
 */
public final class QueryServer {
  /** Spark Connect's usual port. */
  public static final int DEFAULT_PORT = 15002;

  /** Options of one server. */
  public record Options(String curatedUri, String bindAddress, int port, String master, int shufflePartitions) {}

  private final Options options;
  private final String token;
  private SparkSession session;

  public QueryServer(Options options, String token) {
    this.options = options;
    this.token = token;
  }

  /** The Spark settings of the server's session (the token among them: Spark redacts it in its UI and logs). */
  Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>(IctbenchCatalog.sessionConf(options.curatedUri()));
    s.put("spark.sql.extensions", ReadOnlySession.class.getName());
    s.put("spark.connect.grpc.binding.address", options.bindAddress());
    s.put("spark.connect.grpc.binding.port", String.valueOf(options.port()));
    s.put("spark.connect.authenticate.token", token);
    return s;
  }

  /** Starts Spark and the server; returns the port it listens on. */
  public int start() {
    checkPortFree(options.bindAddress(), options.port());
    session = SparkSessions.create("ictbench-serve", options.master(), options.shufflePartitions(), settings());
    try {
      SparkConnectService.start(session.sparkContext());
    } catch (RuntimeException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof BindException) {
          stop();
          throw Errors.portTaken(options.bindAddress(), options.port(), e);
        }
      }
      stop();
      throw e;
    }
    return SparkConnectService$.MODULE$.localPort();
  }

  /** The URL clients use (the JVM client sends a token without TLS only to the host name localhost). */
  public String url(int port) {
    String host = options.bindAddress();
    boolean loopback = host.equals("127.0.0.1") || host.equals("::1") || host.equals("localhost");
    return "sc://" + (loopback ? "localhost" : host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Prints where the server listens and blocks until it is stopped (Ctrl-C or SIGTERM). */
  public void serve(PrintStream out) {
    int port = start();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "ictbench-serve-stop"));
    out.println("ictbench query server on " + options.bindAddress() + ":" + port + " over " + options.curatedUri());
    out.println("  connect: jobs/sql.sh --connect " + url(port) + " \"SHOW TABLES IN gold\"");
    out.println("  clients send the token from ICTBENCH_TOKEN / ICTBENCH_TOKEN_FILE; stop with Ctrl-C");
    out.flush();
    try {
      SparkConnectService$.MODULE$.server().awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public synchronized void stop() {
    try {
      if (SparkConnectService$.MODULE$.started()) {
        SparkConnectService.stop(scala.Option.empty(), scala.Option.empty());
      }
    } finally {
      if (session != null) {
        session.stop();
        session = null;
      }
    }
  }

  /** Fails with a clear error before Spark starts when something already listens on the port. */
  static void checkPortFree(String address, int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByName(address), port));
    } catch (IOException e) {
      throw Errors.portTaken(address, port, e);
    }
  }
}
