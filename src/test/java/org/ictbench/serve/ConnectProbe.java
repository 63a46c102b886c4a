package org.ictbench.serve;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect JVM client for {@link QueryServerIT}, run in a child JVM on the client's own class
 * path: connects to {@code args[0]} with the token from ICTBENCH_TOKEN and runs each further argument,
 * printing {@code ok<TAB>sql<TAB>first row} or {@code error<TAB>sql<TAB>message} per statement.
 */
public final class ConnectProbe {
  private ConnectProbe() {}

  public static void main(String[] args) {
    String token = System.getenv().getOrDefault(ServerToken.ENV, "");
    String url = args[0].replace("127.0.0.1", "localhost") + (token.isEmpty() ? "" : "/;token=" + token);
    SparkSession spark;
    try {
      spark = SparkSession.builder().connect().remote(url).create();
    } catch (RuntimeException e) {
      System.out.println("error\tconnect\t" + oneLine(e));
      return;
    }
    for (int i = 1; i < args.length; i++) {
      try {
        List<Row> rows = spark.sql(args[i]).collectAsList();
        System.out.println("ok\t" + args[i] + "\t" + (rows.isEmpty() ? "" : rows.get(0).mkString(",")));
      } catch (Exception e) {
        System.out.println("error\t" + args[i] + "\t" + oneLine(e));
      }
    }
    System.out.flush();
    System.exit(0); // the client's gRPC threads are not daemons
  }

  static String oneLine(Throwable e) {
    return (e.getClass().getName() + ": " + e.getMessage()).replace('\n', ' ').replace('\t', ' ');
  }
}
