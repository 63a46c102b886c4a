package org.ictbench.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ictbench.core.Errors;

/**
 * The query server's shared secret, for the server and its clients alike: the environment variable
 * {@code ICTBENCH_TOKEN}, or the first line of the file named by {@code ICTBENCH_TOKEN_FILE}. Never
 * taken from a command line (other users see those) and never printed.
 */
public final class ServerToken {
  public static final String ENV = "ICTBENCH_TOKEN";
  public static final String FILE_ENV = "ICTBENCH_TOKEN_FILE";

  private ServerToken() {}

  /** The token from this process's environment. */
  public static String fromEnvironment() {
    return from(System.getenv());
  }

  /** The token from {@code env} (ICTBENCH_TOKEN first, else the file ICTBENCH_TOKEN_FILE names). */
  static String from(Map<String, String> env) {
    String token = env.get(ENV);
    String source = ENV;
    if (token == null || token.isBlank()) {
      String file = env.get(FILE_ENV);
      if (file == null || file.isBlank()) {
        throw Errors.tokenMissing(ENV, FILE_ENV);
      }
      source = FILE_ENV + " (" + file + ")";
      try {
        token = Files.readString(Path.of(file), StandardCharsets.UTF_8).lines().findFirst().orElse("");
      } catch (IOException e) {
        throw Errors.tokenUnreadable(file, e);
      }
    }
    token = token.strip();
    if (token.isEmpty()) {
      throw Errors.tokenMissing(ENV, FILE_ENV);
    }
    if (!token.matches("[\\x21-\\x7e]+") || token.contains(";") || token.contains("/")) {
      // it travels in a gRPC header and in sc:// URLs (";token=..."), so printable ASCII without ; or /
      throw Errors.tokenInvalid(source);
    }
    return token;
  }
}
