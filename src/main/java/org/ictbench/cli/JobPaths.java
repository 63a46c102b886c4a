package org.ictbench.cli;

import java.net.URI;
import java.nio.file.Paths;
import org.ictbench.core.Errors;
import org.ictbench.core.SparkSessions;

/**
 * The folders a job reads and writes when the command line names none, and the rule for paths on a
 * cluster. A default exists only for a run from the source tree (jobs/*.sh set {@code ICTBENCH_HOME})
 * on a local master: it then points into that tree. Elsewhere (bin/ictbench, spark-submit, a
 * cluster master) nothing depends on the launcher's working folder or environment: the option is
 * required, and on a cluster a relative local path is refused (a cluster-mode driver's working folder
 * is not the launcher's).
 */
final class JobPaths {
  static final String HOME_ENV = "ICTBENCH_HOME";

  private JobPaths() {}

  /**
   * {@code given} when set (checked by {@link #check}), else {@code $ICTBENCH_HOME/relative} on a
   * local master, else an error naming {@code option}.
   */
  static String orHome(String given, String option, String relative, String master) {
    String effective = SparkSessions.effectiveMaster(master);
    if (given != null) {
      return check(given, option, effective);
    }
    String home = System.getenv(HOME_ENV);
    if (home != null && !home.isBlank() && SparkSessions.isLocal(effective)) {
      return Paths.get(home, relative).toString();
    }
    throw Errors.optionRequired(option, SparkSessions.isLocal(effective)
        ? "it has a default only in runs through the source tree's jobs/*.sh; pass the folder (a local path or a"
            + " file:/s3a:/hdfs: URI)"
        : "on a cluster (master " + effective + ") pass an absolute path or URI every executor can read,"
            + " such as s3a://bucket/folder or hdfs:///folder");
  }

  /** {@code path}, refused on a cluster master when it is a relative local path. */
  static String check(String path, String option, String effectiveMaster) {
    if (!SparkSessions.isLocal(effectiveMaster) && !hasScheme(path) && !Paths.get(path).isAbsolute()) {
      throw Errors.badOption(option, path, "an absolute path or a URI (s3a://, hdfs://, file:/) on a cluster, where"
          + " a relative path would resolve against the driver's working folder");
    }
    return path;
  }

  private static boolean hasScheme(String path) {
    try {
      String scheme = new URI(path).getScheme();
      return scheme != null && scheme.length() > 1; // not a Windows drive letter
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
