package org.ictbench.gold;

import org.ictbench.core.Errors;

/**
 * Options of the peer tables: an optional user groups file (CSV or YAML, added to the built-in
 * groups), the coverage share below which a group statistic is not published, and the CAGR window
 * (years) of gold.bilateral_comparison.
 */
public record PeerOptions(String groupsFile, double coverageThreshold, int cagrWindow) {
  public static final double DEFAULT_COVERAGE_THRESHOLD = 0.5;
  public static final int DEFAULT_CAGR_WINDOW = 5;

  public PeerOptions {
    if (Double.isNaN(coverageThreshold) || coverageThreshold < 0 || coverageThreshold > 1) {
      throw Errors.badOption("--coverage-threshold", String.valueOf(coverageThreshold),
          "a share between 0 and 1, e.g. 0.5 (a group statistic needs at least that share of members with data)");
    }
    if (cagrWindow < 1 || cagrWindow > 50) {
      throw Errors.badOption("--cagr-window", String.valueOf(cagrWindow), "a number of years between 1 and 50, e.g. 5");
    }
    if (groupsFile != null && groupsFile.isBlank()) {
      groupsFile = null;
    }
  }

  public static PeerOptions defaults() {
    return new PeerOptions(null, DEFAULT_COVERAGE_THRESHOLD, DEFAULT_CAGR_WINDOW);
  }

  /** Part of the input fingerprint of the derived peer tables. */
  public String fingerprint() {
    return "threshold=" + coverageThreshold + ";window=" + cagrWindow;
  }
}
