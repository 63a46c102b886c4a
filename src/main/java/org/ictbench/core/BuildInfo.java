package org.ictbench.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The build's version and the Spark and Delta versions it was built for, from
 * {@code ictbench/build.properties} (filled in from the pom when Maven builds the jar): what
 * {@code --version} prints, what a run records in its result and in every Delta commit it writes.
 */
public final class BuildInfo {
  private static final Properties PROPS = load();

  private BuildInfo() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream("ictbench/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read ictbench/build.properties", e);
    }
    return p;
  }

  /** The pom's version, e.g. {@code 0.1.0}; {@code unknown} when the classes were not built by Maven. */
  public static String version() {
    String v = PROPS.getProperty("version", "unknown");
    return v.startsWith("${") ? "unknown" : v;
  }

  /** One line: the Spark this JVM runs and the Spark and Delta versions the build was made for. */
  public static String stack() {
    return "Spark " + runtimeSpark() + " (built for " + PROPS.getProperty("spark.version", "?") + "), Delta Lake "
        + PROPS.getProperty("delta.version", "?") + ", Java " + System.getProperty("java.version");
  }

  private static String runtimeSpark() {
    try {
      return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    } catch (LinkageError e) {
      return "not on the class path";
    }
  }
}
