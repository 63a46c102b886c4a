package org.ictbench.core;

/**
 * The one exception type ictbench throws for problems a user can act on: a bad input file, a broken
 * invariant, a wrong option. Its message always names the input and says what to do; the CLI prints
 * the message (not a stack trace) and exits with {@link #exitCode()}.
 * Create instances through {@link Errors}, never directly, so every message follows the same shape.
 */
public final class IctbenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Stable, greppable error identifiers. Each exit code means one thing across every job (0 is success,
   * 1 an unexpected failure); codes that share a number name the same kind of problem.
   */
  public enum Code {
    /** A command-line option or its value is wrong. */
    BAD_OPTION(2),
    /** A raw input could not be read (unreadable, truncated, not in its announced layout). */
    INPUT_UNREADABLE(3),
    /** A raw input or folder does not exist. */
    INPUT_NOT_FOUND(3),
    /** Reference data (countries, catalog, peer groups) is invalid. */
    REFERENCE_INVALID(4),
    /** The IDI methodology data (goalposts, editions) is invalid. */
    METHODOLOGY_INVALID(4),
    /** Raw value slots != observations + aggregates + classifications + quarantined. */
    IDENTITY_BROKEN(5),
    /** A table the job reads does not exist yet. */
    TABLE_MISSING(6),
    /** A query on the curated tables failed. */
    QUERY_FAILED(7),
    /** An output (the curated lake, an export, the report, a result file) could not be written. */
    OUTPUT_FAILED(8),
    /** The environment cannot run the job (Java version, build, spark-submit for a cluster master, heap). */
    ENVIRONMENT(9),
    /** Another run holds the curated root's lock. */
    LAKE_LOCKED(10),
    /** The run finished, but a new vintage was held back for review. */
    VINTAGE_HELD(11),
    /** A claims check found claims that differ from the curated data (with --fail-on-differ). */
    CLAIMS_DIFFER(12),
    /** Country names the resolver could not settle were found (countries --fail-if-any). */
    UNRESOLVED_COUNTRIES(13);

    private final int exitCode;

    Code(int exitCode) {
      this.exitCode = exitCode;
    }

    /** The process exit code of this kind of error (see {@link ExitCodes} for what each number means). */
    public int exitCode() {
      return exitCode;
    }
  }

  private final Code code;

  IctbenchException(Code code, String message, Throwable cause) {
    super("[" + code + "] " + message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }

  public int exitCode() {
    return code.exitCode;
  }
}
