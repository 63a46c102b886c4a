package org.ictbench.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;

/**
 * The machine-readable result of a job run ({@code --json FILE}), for schedulers: the fields every job's
 * result starts with ({@link #envelope}), and writing it to a file, a Hadoop URI or stdout. The fields are
 * listed in docs/operations.md; {@link #SCHEMA_VERSION} changes when one is renamed or removed.
 */
public final class ResultJson {
  /** Incremented when a field is renamed, removed or changes meaning (adding fields keeps it). */
  public static final int SCHEMA_VERSION = 1;
  /** The value of {@code status} for a run that exited 0. */
  public static final String SUCCEEDED = "succeeded";
  /** The value of {@code status} for any other run. */
  public static final String FAILED = "failed";
  /** {@code --json -}: the result goes to stdout (the human summary then goes to stderr). */
  public static final String STDOUT = "-";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A new run id: UTC start time and 8 random hex digits, e.g. {@code 20250101T120000Z-1a2b3c4d}. */
  public static String newRunId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * The fields every result starts with: schema_version, job, run_id, version, status, exit_code,
   * exit_meaning, error (null, or code and message), started_at, finished_at, seconds.
   *
   * @param error null for a run that succeeded
   */
  public static ObjectNode envelope(String job, String runId, Instant started, Instant finished, Throwable error) {
    int exitCode = exitCode(error);
    ObjectNode n = MAPPER.createObjectNode();
    n.put("schema_version", SCHEMA_VERSION);
    n.put("job", job);
    n.put("run_id", runId);
    n.put("version", BuildInfo.version());
    n.put("status", exitCode == ExitCodes.OK ? SUCCEEDED : FAILED);
    n.put("exit_code", exitCode);
    n.put("exit_meaning", ExitCodes.meaning(exitCode));
    if (error == null) {
      n.putNull("error");
    } else {
      IctbenchException known = Errors.known(error);
      ObjectNode e = n.putObject("error");
      e.put("code", known != null ? known.code().name() : "UNEXPECTED");
      e.put("message", known != null ? known.getMessage() : String.valueOf(error));
    }
    n.put("started_at", DateTimeFormatter.ISO_INSTANT.format(started));
    n.put("finished_at", DateTimeFormatter.ISO_INSTANT.format(finished));
    n.put("seconds", Math.round((finished.toEpochMilli() - started.toEpochMilli()) / 10.0) / 100.0);
    return n;
  }

  /** The exit code a run ends with: 0 without an error, the error's own code, or 1 for an unexpected one. */
  public static int exitCode(Throwable error) {
    if (error == null) {
      return ExitCodes.OK;
    }
    IctbenchException known = Errors.known(error);
    return known != null ? known.exitCode() : ExitCodes.UNEXPECTED;
  }

  /**
   * Writes {@code result} to {@code target}: {@code -} for stdout, a local path (written to a temporary
   * file beside it and renamed, so a reader never sees half a result), or a Hadoop URI such as
   * {@code s3a://bucket/results/run.json}.
   */
  public static void write(ObjectNode result, String target) {
    byte[] bytes;
    try {
      bytes = (MAPPER.writeValueAsString(result) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A result that Jackson cannot write: " + e.getMessage(), e);
    }
    if (STDOUT.equals(target)) {
      PrintStream out = System.out;
      out.write(bytes, 0, bytes.length);
      out.flush();
      return;
    }
    try {
      if (isHadoopUri(target)) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(target);
        FileSystem fs = p.getFileSystem(LakeLog.hadoopConfiguration());
        try (OutputStream o = fs.create(p, true)) {
          o.write(bytes);
        }
      } else {
        Path p = (target.startsWith("file:") ? Paths.get(URI.create(target)) : Paths.get(target)).toAbsolutePath();
        Files.createDirectories(p.getParent());
        Path tmp = Files.createTempFile(p.getParent(), "." + p.getFileName(), ".tmp");
        try {
          Files.write(tmp, bytes);
          try {
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
          }
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw Errors.exportFailed(target + " (the --json result)", e);
    }
  }

  /** A URI with a scheme other than file: (s3a:, hdfs:, abfs:...), written through Hadoop's file systems. */
  static boolean isHadoopUri(String target) {
    int colon = target.indexOf(':');
    return colon > 1 && target.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")
        && !target.regionMatches(true, 0, "file:", 0, 5);
  }
}
