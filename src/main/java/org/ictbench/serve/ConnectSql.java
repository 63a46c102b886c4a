package org.ictbench.serve;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Errors;
import org.ictbench.core.IctbenchException;

/**
 * {@code jobs/sql.sh --connect sc://HOST:PORT}: one statement sent to a query server through Spark's
 * Spark Connect JVM client, printed as {@link SqlShell} prints a local result. Uses Spark's SQL API
 * only; it runs in a JVM whose classpath holds the Connect client instead of Spark's engine.
 */
public final class ConnectSql {
  private ConnectSql() {}

  /**
   * The client URL for {@code url} with the token attached. The JVM client sends a token without TLS
   * only to the host name {@code localhost}, so the loopback addresses are sent as that name; to any
   * other host it uses TLS (a server on the network needs a TLS proxy in front).
   */
  static String clientUrl(String url, String token) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw Errors.badConnectUrl(url, e.getReason());
    }
    if (!"sc".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw Errors.badConnectUrl(url, "scheme sc:// and a host are needed");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.toLowerCase(Locale.ROOT).contains("token=")) {
      // never echo it: it is a secret that should not be on a command line
      throw Errors.badOption("--connect", "sc://...;token=...",
          "a URL without the token (set ICTBENCH_TOKEN or ICTBENCH_TOKEN_FILE instead)");
    }
    String host = uri.getHost();
    boolean loopback = host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1")
        || host.equalsIgnoreCase("localhost");
    int port = uri.getPort() < 0 ? QueryServer.DEFAULT_PORT : uri.getPort();
    String params = path.isEmpty() || path.equals("/") ? "/" : path;
    return "sc://" + (loopback ? "localhost" : host) + ":" + port + params + ";token=" + token;
  }

  /** Runs {@code sql} on the server at {@code url} and prints the result. */
  public static void run(String url, String sql, SqlShell.Format format, int limit, PrintStream out) {
    String token = ServerToken.fromEnvironment();
    SparkSession spark;
    try {
      spark = SparkSession.builder().connect().remote(clientUrl(url, token)).create();
    } catch (IctbenchException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(url, sql, e);
    }
    try {
      Dataset<Row> df = spark.sql(sql);
      ResultPrinter.print(df, format, limit, out);
    } catch (IctbenchException e) {
      throw e;
    } catch (Exception e) { // Spark's AnalysisException is a checked exception to Java
      throw failure(url, sql, e);
    } finally {
      try {
        spark.close();
      } catch (Exception ignored) {
        // the result is printed; a failed session release changes nothing for the caller
      }
    }
  }

  /** The ictbench error for a client-side failure: token refused, server unreachable, or the query's own. */
  static IctbenchException failure(String url, String sql, Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      int own = m.indexOf(IctbenchException.class.getName() + ": ");
      if (own >= 0) { // the server's own error (a refused write, a missing table): pass its message on
        return Errors.serverError(m.substring(own + IctbenchException.class.getName().length() + 2));
      }
      if (m.contains("UNAUTHENTICATED") || m.contains("Invalid authentication token")
          || m.contains("No authentication token")) {
        return Errors.tokenRefused(url);
      }
      if (m.contains("UNAVAILABLE") || c instanceof java.net.ConnectException) {
        return Errors.serverUnreachable(url, e);
      }
    }
    return Errors.queryFailed(sql, e);
  }
}
