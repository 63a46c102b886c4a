package org.ictbench.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each exit code of an ictbench job means: one meaning per code, the same in every job, so a
 * scheduler can act on the number alone. {@link IctbenchException.Code} assigns the numbers 2 and up to
 * error kinds; this is the one list every job's {@code --help} shows (and docs/operations.md repeats,
 * checked by a test).
 */
public final class ExitCodes {
  /** One exit code and its meaning. */
  public record ExitCode(int code, String meaning) {}

  /** The run succeeded. */
  public static final int OK = 0;
  /** An unexpected failure: a bug or an environment problem without its own code. */
  public static final int UNEXPECTED = 1;
  /** Picocli's exit code for a command line it cannot parse (picocli.CommandLine.ExitCode.USAGE). */
  public static final int USAGE = 2;

  private static final List<ExitCode> ALL = List.of(
      new ExitCode(OK, "Success."),
      new ExitCode(UNEXPECTED, "Unexpected failure (a bug or an environment problem): rerun with"
          + " ICTBENCH_DEBUG=1 for the stack trace."),
      new ExitCode(USAGE, "Bad command line: unknown option, missing or bad value, unknown table or"
          + " economy."),
      new ExitCode(3, "A raw input is missing or cannot be read."),
      new ExitCode(4, "Reference or methodology data is invalid (the message names file, line and"
          + " rule)."),
      new ExitCode(5, "Record identity broken (raw value slots != observations + aggregates +"
          + " classifications + quarantined): a pipeline bug; keep the input and report it."),
      new ExitCode(6, "A table the job reads does not exist yet: run the pipeline first."),
      new ExitCode(7, "A query failed."),
      new ExitCode(8, "An output could not be written (the curated root, an export, the report, a"
          + " --json result)."),
      new ExitCode(9, "Environment: wrong Java, a failed build, no spark-submit for a non-local"
          + " --master, a driver heap too small for the input."),
      new ExitCode(10, "Another run holds the curated root's lock (see pipeline --wait-lock)."),
      new ExitCode(11, "The run finished, but a new vintage was held back for review."),
      new ExitCode(12, "Claims differ from the curated data (claims --fail-on-differ)."),
      new ExitCode(13, "Unresolved or ambiguous country names found (countries --fail-if-any)."));

  private ExitCodes() {}

  /** Every exit code, ascending. */
  public static List<ExitCode> all() {
    return ALL;
  }

  /** The meaning of {@code code}; an unknown code is reported as such (never thrown: it names a bug). */
  public static String meaning(int code) {
    return ALL.stream().filter(e -> e.code() == code).map(ExitCode::meaning).findFirst()
        .orElse("Unknown exit code " + code + ".");
  }

  /** The list as picocli's exit-code section takes it: right-aligned code → meaning, ascending. */
  public static Map<String, String> helpList() {
    Map<String, String> out = new LinkedHashMap<>();
    ALL.forEach(e -> out.put(String.format(Locale.ROOT, "%2d", e.code()), e.meaning()));
    return out;
  }
}
