package org.ictbench.cli;

import java.util.concurrent.Callable;
import org.ictbench.core.Errors;
import org.ictbench.serve.QueryServer;
import org.ictbench.serve.ServerToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobs/serve.sh}: a Spark Connect query server over the curated tables. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start a long-lived Spark Connect server over the curated tables: every client session resolves"
        + " layer.table names (gold.idi_score) and sees new table versions as later pipeline runs write them."
        + " Clients must send the token from ICTBENCH_TOKEN (or the file named by ICTBENCH_TOKEN_FILE), also on"
        + " 127.0.0.1; the token is never taken from the command line. Sessions only run queries.")
final class ServeCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--port", paramLabel = "N", defaultValue = "" + QueryServer.DEFAULT_PORT,
      description = "Port to listen on. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only); another address"
          + " exposes the server to the network (put TLS in front: the JVM client sends a token in the clear"
          + " only to localhost).")
  String bind;

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw Errors.badOption("--port", String.valueOf(port), "a port number from 1 to 65535 (0: any free port)");
    }
    String token = ServerToken.fromEnvironment();
    new QueryServer(new QueryServer.Options(spark.curated(), bind, port, spark.master, spark.shufflePartitions), token)
        .serve(System.out);
    return 0;
  }
}
