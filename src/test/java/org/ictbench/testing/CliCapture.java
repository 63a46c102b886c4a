package org.ictbench.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.ictbench.cli.Main;

/**
 * Runs a job's command line in this JVM (on the suite's SparkSession) and captures everything a user
 * would see on the console: stdout, stderr and the log lines, with the logging configuration the
 * launcher uses ({@code jobs/conf/log4j2.properties}) instead of the tests' quieter one.
 */
public final class CliCapture {
  /** What the run printed and its exit code. */
  public record Result(int exitCode, String output) {
    /** True when the output holds a Java stack trace (a frame line or a "Caused by"). */
    public boolean hasStackTrace() {
      return STACK.matcher(output).find();
    }
  }

  private static final Pattern STACK = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|^Caused by: |Exception in thread");

  /**
   * The launcher's logging configuration, with its console appender following System.err (so what it
   * prints is captured here; the launcher's own JVM never reassigns System.err).
   */
  private static final java.net.URI JOBS_LOGGING = jobsLogging();

  private CliCapture() {}

  private static java.net.URI jobsLogging() {
    try {
      String conf = java.nio.file.Files.readString(Paths.get("jobs", "conf", "log4j2.properties"));
      java.nio.file.Path copy = java.nio.file.Files.createTempFile("ictbench-jobs-log4j2", ".properties");
      java.nio.file.Files.writeString(copy, conf + "\nappender.stderr.follow = true\n");
      copy.toFile().deleteOnExit();
      return copy.toUri();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static java.net.URI testLogConfig() {
    try {
      return CliCapture.class.getClassLoader().getResource("log4j2-test.properties").toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static synchronized Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
    LoggerContext logs = (LoggerContext) LogManager.getContext(false);
    java.net.URI testLogs = testLogConfig();
    int code;
    System.setOut(capture);
    System.setErr(capture);
    try {
      logs.setConfigLocation(JOBS_LOGGING);
      code = Main.execute(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
      logs.setConfigLocation(testLogs);
    }
    return new Result(code, buf.toString(StandardCharsets.UTF_8));
  }
}
