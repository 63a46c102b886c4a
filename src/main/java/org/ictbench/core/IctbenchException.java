package org.ictbench.core;

/**
 * The one exception type ictbench throws for problems a user can act on: a bad input file, a broken
 * invariant, a wrong option. Its message always names the input and says what to do; the CLI prints
 * the message (not a stack trace) and exits with {@link #exitCode()}.
 * Create instances through {@link Errors}, never directly, so every message follows the same shape.
 */
public final class IctbenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable, greppable error identifiers. */
  public enum Code {
    BAD_OPTION(2),
    INPUT_UNREADABLE(3),
    INPUT_NOT_FOUND(3),
    REFERENCE_INVALID(4),
    IDENTITY_BROKEN(5),
    TABLE_MISSING(6),
    QUERY_FAILED(7),
    METHODOLOGY_INVALID(4),
    OUTPUT_FAILED(8);

    private final int exitCode;

    Code(int exitCode) {
      this.exitCode = exitCode;
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
