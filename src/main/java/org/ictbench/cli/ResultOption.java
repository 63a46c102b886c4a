package org.ictbench.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import org.ictbench.core.ResultJson;
import picocli.CommandLine.Option;

/**
 * {@code --json FILE}: the job's result for a scheduler (core.ResultJson's fields plus the job's own),
 * written when the job ends, whether it succeeded or failed. With {@code -} the result is stdout's only
 * content and the job's human output goes to stderr.
 */
final class ResultOption {
  @Option(names = "--json", paramLabel = "FILE",
      description = "Write the result as JSON to FILE (a local path or a URI such as s3a://...), also when the"
          + " job fails; '-' writes it to stdout and the job's other output to stderr. Fields: docs/operations.md.")
  String target;

  /** What a job does, given the result object to add its own fields to and where its human output goes. */
  interface Work {
    int run(ObjectNode result, PrintStream human) throws Exception;
  }

  /** Where the job's human output goes: stdout, stderr under {@code --json -}, nowhere when {@code quiet}. */
  PrintStream human(boolean quiet) {
    return quiet ? new PrintStream(OutputStream.nullOutputStream())
        : ResultJson.STDOUT.equals(target) ? System.err : System.out;
  }

  /** Runs {@code work} as the job {@code job} and writes its result when --json was given. */
  int run(String job, Work work) throws Exception {
    Instant started = Instant.now();
    String runId = ResultJson.newRunId();
    ObjectNode fields = ResultJson.mapper().createObjectNode();
    int exit;
    try {
      exit = work.run(fields, human(false));
    } catch (Exception | Error e) {
      writeAfterFailure(ResultJson.envelope(job, runId, started, Instant.now(), e).setAll(fields), e);
      throw e;
    }
    write(ResultJson.envelope(job, runId, started, Instant.now(), null).setAll(fields));
    return exit;
  }

  /** Writes a succeeded run's result, when --json was given (a result that cannot be written: exit 8). */
  void write(ObjectNode result) {
    if (target != null) {
      ResultJson.write(result, target);
    }
  }

  /** Writes a failed run's result, when --json was given; the run's own error keeps deciding the exit code. */
  void writeAfterFailure(ObjectNode result, Throwable error) {
    if (target == null) {
      return;
    }
    try {
      ResultJson.write(result, target);
    } catch (RuntimeException notWritten) {
      error.addSuppressed(notWritten);
      System.err.println("ictbench: the --json result was not written either: " + notWritten.getMessage());
    }
  }
}
