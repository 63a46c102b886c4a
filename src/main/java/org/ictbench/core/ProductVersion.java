package org.ictbench.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The ictbench version as the pom states it (Maven writes it into {@code ictbench/build.properties} at
 * build time, so it is the same in a plain JVM, the application jar and the distribution).
 */
public final class ProductVersion {
  private static final String RESOURCE = "ictbench/build.properties";
  private static volatile String cached;

  private ProductVersion() {}

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}; "unknown" when the build did not record one. */
  public static String get() {
    if (cached == null) {
      cached = read();
    }
    return cached;
  }

  private static String read() {
    try (InputStream in = ProductVersion.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "").trim();
      return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
