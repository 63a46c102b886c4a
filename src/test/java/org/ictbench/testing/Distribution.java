package org.ictbench.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution archive {@code mvn package} built (target/ictbench-VERSION.tar.gz), unpacked once
 * per JVM into a temporary folder outside the source tree, as a user would.
 */
public final class Distribution {
  private static Path home;

  private Distribution() {}

  /** The project's version as the pom states it (read here, independently of the build). */
  public static String pomVersion() {
    try {
      Matcher m = Pattern.compile("<artifactId>ictbench</artifactId>\\s*<version>([^<]+)</version>")
          .matcher(Files.readString(Path.of("pom.xml")));
      if (!m.find()) {
        throw new AssertionError("pom.xml names no version");
      }
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path archive() {
    Path a = Path.of("target", "ictbench-" + pomVersion() + ".tar.gz").toAbsolutePath();
    if (!Files.exists(a)) {
      throw new AssertionError(a + " is missing: integration tests run after mvn package (mvn verify)");
    }
    return a;
  }

  /** The unpacked distribution's folder (ictbench-VERSION). */
  public static synchronized Path home() {
    if (home == null) {
      Path dir = TestSpark.tempDir("ictbench-dist");
      try (Child tar = Child.start(List.of("tar", "-xzf", archive().toString(), "-C", dir.toString()), dir, Map.of(),
          false, dir.resolve("..").resolve(dir.getFileName() + "-logs"), "tar")) {
        if (tar.waitFor(300) != 0) {
          throw new AssertionError("tar failed: " + tar.err());
        }
      }
      home = dir.resolve("ictbench-" + pomVersion());
    }
    return home;
  }

  /**
   * An environment with only a Java (JAVA_HOME and PATH without Maven), as a fresh machine has, and
   * ICTBENCH_JAVA_OPTS for a short-lived JVM ({@link Child#SHORT_LIVED_JVM}).
   */
  public static Map<String, String> javaOnlyEnv(Path pathDir) {
    String javaHome = Path.of(System.getProperty("java.home")).toString();
    return Map.of("JAVA_HOME", javaHome, "HOME", System.getProperty("user.home"), "PATH", pathDir.toString(),
        "LANG", "C.UTF-8", "ICTBENCH_JAVA_OPTS", Child.shortLivedJvmOptions());
  }

  /**
   * A folder of links to the system's commands (/usr/bin, /bin) except Maven's, for a PATH on which
   * {@code mvn} is not found.
   */
  public static synchronized Path pathWithoutMaven() {
    Path dir = TestSpark.tempDir("path-without-mvn");
    for (String d : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
      Path src = Path.of(d);
      if (!Files.isDirectory(src)) {
        continue;
      }
      try (var s = Files.list(src)) {
        for (Path f : s.toList()) {
          String n = f.getFileName().toString();
          Path link = dir.resolve(n);
          if (!n.startsWith("mvn") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, f);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }
}
