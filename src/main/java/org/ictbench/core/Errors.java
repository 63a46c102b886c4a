package org.ictbench.core;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The single error factory (in the manner of Delta Kernel's DeltaErrors): every user-facing failure
 * is built here, so each message says what went wrong, with which input, and what to do about it.
 */
public final class Errors {
  private Errors() {}

  public static IctbenchException badOption(String option, String value, String expected) {
    return new IctbenchException(IctbenchException.Code.BAD_OPTION,
        "Option " + option + " has value '" + value + "'; expected " + expected + ".", null);
  }

  public static IctbenchException inputNotFound(String what, String uri) {
    return new IctbenchException(IctbenchException.Code.INPUT_NOT_FOUND,
        what + " not found: " + uri + ". Check the path (local paths or file:/s3a:/hdfs: URIs) and rerun.",
        null);
  }

  public static IctbenchException unreadableFile(String uri, String format, String detail, Throwable cause) {
    return new IctbenchException(IctbenchException.Code.INPUT_UNREADABLE,
        "Cannot read " + uri + " as " + format + ": " + detail
            + ". Fix or remove the file (or override its format in the manifest) and rerun.", cause);
  }

  public static IctbenchException unreadableRecord(String uri, long record, String detail, Throwable cause) {
    return new IctbenchException(IctbenchException.Code.INPUT_UNREADABLE,
        "Cannot parse record " + record + " of " + uri + ": " + detail
            + ". The file is probably truncated or not in the layout its header announces; re-download it.",
        cause);
  }

  public static IctbenchException rawNotAFolder(String uri) {
    return new IctbenchException(IctbenchException.Code.INPUT_NOT_FOUND,
        "Raw input folder " + uri + " is a file, not a folder: --raw takes the folder that holds the raw files"
            + " (searched recursively). Put the file in a folder of its own and pass that folder.", null);
  }

  /** A raw file's content at read time is not what the scan fingerprinted (or it is gone). */
  public static IctbenchException rawFileChanged(String uri, String scannedSha, String readSha, Throwable cause) {
    String what = readSha == null ? "disappeared between the scan and the read"
        : "changed between the scan and the read (SHA-256 " + abbreviate(scannedSha) + " at the scan, "
            + abbreviate(readSha) + " as read)";
    return new IctbenchException(IctbenchException.Code.INPUT_UNREADABLE,
        "Raw file " + uri + " " + what + ": something moved, rewrote or replaced it while the run read the raw"
            + " folder. Nothing from this run reached bronze; rerun once the files are complete (write new files"
            + " elsewhere and move them into the raw folder when done).", cause);
  }

  /** @param where e.g. "line 3 (byte 412: C1 E5)", or null when not located */
  public static IctbenchException notUtf8(String uri, String where, Throwable cause) {
    return new IctbenchException(IctbenchException.Code.INPUT_UNREADABLE,
        "Cannot read " + uri + ": bytes that are not UTF-8" + (where == null ? "" : " at " + where)
            + ". The file is probably in a legacy encoding (Windows-1251, Latin-1, GBK); convert it to UTF-8"
            + " (e.g. iconv -f CP1251 -t UTF-8) and rerun.", cause);
  }

  public static IctbenchException recordTooLong(String uri, long record, long limit, String rules, Throwable cause) {
    return new IctbenchException(IctbenchException.Code.INPUT_UNREADABLE,
        "Cannot read " + uri + (record > 0 ? ": record " + record : ": a record before its header") + " is longer than "
            + limit + " characters (limit max_record_chars in src/main/resources/ictbench/" + rules + "). The file"
            + " probably has an unclosed quote or is not a publisher export; fix or remove it and rerun.", cause);
  }

  /** A write to the curated root failed for a reason of the storage (full, read-only, permissions). */
  public static IctbenchException lakeWriteFailed(String path, Throwable cause) {
    String reason = storageReason(cause);
    return new IctbenchException(IctbenchException.Code.OUTPUT_FAILED,
        "Cannot write " + path + ": " + reason + ". Make the curated root writable and give it free space, then"
            + " rerun: the run repairs what this one left half written (tables are replaced per file, and"
            + " files are logged as ingested only after their tables committed).", cause);
  }

  /** A write failed in the storage where no table's path is known (Hadoop's FSError outside a table write). */
  public static IctbenchException storageFailed(Throwable cause) {
    String reason = storageReason(cause);
    return new IctbenchException(IctbenchException.Code.OUTPUT_FAILED,
        "A write to the curated root or a work folder failed: " + reason + ". Give it free space and write"
            + " permission, then rerun: the run repairs what this one left half written.", cause);
  }

  /**
   * The {@link IctbenchException} in {@code t}'s cause chain ({@link #driverOutOfMemory} for an
   * {@link OutOfMemoryError}), or null. Needs nothing but the JDK: the command line's error handling
   * runs it in `sql --connect`, which has no Hadoop on its class path.
   */
  public static IctbenchException known(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IctbenchException e) {
        return e;
      }
      if (c instanceof OutOfMemoryError) {
        return driverOutOfMemory(c);
      }
    }
    return null;
  }

  /**
   * The driver's heap is exhausted ({@code cause}, an {@link OutOfMemoryError}): the input needs a larger
   * one. Nothing is lost: a run that dies mid-write is repaired by the next one.
   */
  public static IctbenchException driverOutOfMemory(Throwable cause) {
    long heapMb = Runtime.getRuntime().maxMemory() >> 20;
    return new IctbenchException(IctbenchException.Code.ENVIRONMENT,
        "The driver ran out of memory (" + cause.getMessage() + "; its heap limit is " + heapMb + " MB). Give it a"
            + " larger heap and rerun, e.g. ICTBENCH_DRIVER_MEMORY=" + Math.max(2, 2 * ((heapMb + 1023) >> 10))
            + "g for jobs/*.sh, or spark-submit --driver-memory; the rerun repairs whatever this run left half"
            + " written.", cause);
  }

  /** A table's folder has no Delta commit and holds a file no Spark or Delta write makes. */
  public static IctbenchException foreignFileInTable(String tablePath, String file) {
    return new IctbenchException(IctbenchException.Code.OUTPUT_FAILED,
        "Cannot create the table at " + tablePath + ": the folder is not a Delta table and holds " + file
            + ", which ictbench did not write. Move that file away (or choose another --curated) and rerun.", null);
  }

  /** The curated root cannot be created or written before the run starts. */
  public static IctbenchException lakeNotWritable(String root, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.toString() : firstLine(cause.getMessage());
    return new IctbenchException(IctbenchException.Code.OUTPUT_FAILED,
        "Curated root " + root + " is not writable: " + reason + ". Check the path (--curated), its permissions and"
            + " free space, and rerun.", cause);
  }

  /** The run finished, and held new vintages for review (exit 11). */
  public static IctbenchException vintageHeld(java.util.List<String> held) {
    return new IctbenchException(IctbenchException.Code.VINTAGE_HELD,
        held.size() + " new vintage(s) held for review: their observations are in silver.observation with"
            + " held = true, not in silver.observation_latest or gold:\n  " + String.join("\n  ", held)
            + "\nSee silver.vintage_review and jobs/revisions.sh for what moved; if the vintage is right, rerun with"
            + " --accept-vintage <its label, date or file checksum>.", null);
  }

  private static String abbreviate(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
  }

  public static IctbenchException invalidReference(String resource, long line, String detail) {
    return new IctbenchException(IctbenchException.Code.REFERENCE_INVALID,
        "Reference table " + resource + " line " + line + ": " + detail
            + ". Correct the resource file (see src/main/resources/ictbench/README.md) and rebuild.", null);
  }

  /** A row of a reference table in a --reference folder breaks a rule of the table. */
  public static IctbenchException invalidReferenceFile(String file, long line, String detail) {
    return new IctbenchException(IctbenchException.Code.REFERENCE_INVALID,
        "Reference file " + file + " line " + line + ": " + detail
            + ". Correct the file in the --reference folder (docs/operations.md, \"Reference data\") and rerun.", null);
  }

  /** A .csv file in a --reference folder that names no table ictbench reads (a misspelt name, a stray file). */
  public static IctbenchException unknownReferenceFile(String file, String relative, Collection<String> tables,
      String extraSuffix) {
    return new IctbenchException(IctbenchException.Code.REFERENCE_INVALID,
        "Reference file " + file + ": '" + relative + "' is not a reference table ictbench reads. Name the file after"
            + " the table it replaces (" + String.join(", ", tables) + ") or extends (the same path ending in "
            + extraSuffix + "), or move it out of the --reference folder, and rerun.", null);
  }

  public static IctbenchException invalidMethodology(String resource, String detail) {
    return new IctbenchException(IctbenchException.Code.METHODOLOGY_INVALID,
        "IDI methodology table " + resource + ": " + detail + ". Correct the goalposts/editions rows.", null);
  }

  /** A row of an IDI methodology table (goalposts, editions, imputation) breaks a rule. */
  public static IctbenchException invalidMethodology(String file, long line, String detail, boolean builtIn) {
    return new IctbenchException(IctbenchException.Code.METHODOLOGY_INVALID,
        "IDI methodology table " + file + " line " + line + ": " + detail + (builtIn
            ? ". Correct the resource file (src/main/resources/ictbench/idi/) and rebuild."
            : ". Correct the file in the --reference folder (docs/operations.md, \"Reference data\") and rerun."),
        null);
  }

  public static IctbenchException identityBroken(Collection<String> fileLines) {
    return new IctbenchException(IctbenchException.Code.IDENTITY_BROKEN,
        "Record identity broken (raw value slots != observations + aggregates + classifications + quarantined) for "
            + fileLines.size() + " file(s):\n  " + String.join("\n  ", fileLines)
            + "\nCaught by the per-run check, nothing curated from these files was published and they stay unlogged"
            + " (the next run retries them); caught by the whole-lake recount, the tables need a rerun with --force."
            + " Either way this is a pipeline bug: keep the input and report it.",
        null);
  }

  public static IctbenchException tableMissing(String table, String curatedDir) {
    return new IctbenchException(IctbenchException.Code.TABLE_MISSING,
        "Table " + table + " does not exist under " + curatedDir
            + ". Run jobs/pipeline.sh --curated " + curatedDir + " first.", null);
  }

  /** An option with no default in this environment (outside jobs/*.sh, or on a cluster) was not given. */
  public static IctbenchException optionRequired(String option, String why) {
    return new IctbenchException(IctbenchException.Code.BAD_OPTION, "Option " + option + " is required here: " + why
        + ".", null);
  }

  /** A non-local Spark master in a JVM that spark-submit did not start. */
  public static IctbenchException needsSparkSubmit(String master) {
    return new IctbenchException(IctbenchException.Code.ENVIRONMENT,
        "Spark master '" + master + "' needs spark-submit: this JVM was not started by spark-submit, so the"
            + " executors would not get ictbench's classes. Submit target/ictbench-spark.jar with spark-submit"
            + " (jobs/*.sh and bin/ictbench do so when spark-submit is on the PATH or under $SPARK_HOME), or use"
            + " a local master (local[*]).", null);
  }

  /** A lake lock (see core.LakeLock) is held by another run. */
  public static IctbenchException lakeLocked(String root, String holder, String hint) {
    return new IctbenchException(IctbenchException.Code.LAKE_LOCKED,
        "The curated root " + root + " is locked by another run (" + holder + "). " + hint, null);
  }

  public static IctbenchException unknownTable(String table, Collection<String> known) {
    return new IctbenchException(IctbenchException.Code.BAD_OPTION,
        "Unknown table '" + table + "'. Known tables: "
            + known.stream().sorted().collect(Collectors.joining(", ")) + ".", null);
  }

  public static IctbenchException queryFailed(String sql, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : firstLine(cause.getMessage());
    return new IctbenchException(IctbenchException.Code.QUERY_FAILED,
        "Query failed: " + reason + "\n  query: " + sql
            + "\n  Tables are named layer.table (e.g. gold.idi_score); list them with SHOW TABLES IN silver.",
        cause);
  }

  /** A statement that would change a table or namespace of the read-only ictbench catalog. */
  public static IctbenchException readOnlyCatalog(String statement, String curatedDir) {
    return new IctbenchException(IctbenchException.Code.QUERY_FAILED,
        "Refused " + statement + ": the ictbench catalog over " + curatedDir + " is read-only (only"
            + " jobs/pipeline.sh writes the curated tables). Query the tables here; to change them, change the"
            + " inputs and rerun the pipeline, or copy a table out with jobs/export.sh.", null);
  }

  /** A statement other than a query (a write, DDL or maintenance command) sent to a read-only session. */
  public static IctbenchException readOnlySession(String command) {
    return new IctbenchException(IctbenchException.Code.QUERY_FAILED,
        "Refused " + command + ": this session (jobs/sql.sh or the query server) only runs queries (SELECT,"
            + " SHOW, DESCRIBE, EXPLAIN, SET, temporary views, CACHE). Only jobs/pipeline.sh writes the curated"
            + " tables; write results elsewhere with jobs/export.sh or your own Spark job.", null);
  }

  /** The query server and its clients need the shared token; neither found one. */
  public static IctbenchException tokenMissing(String env, String fileEnv) {
    return new IctbenchException(IctbenchException.Code.ENVIRONMENT,
        "No query-server token: set " + env + " (or " + fileEnv + " to a file holding it) in the environment,"
            + " e.g. export " + fileEnv + "=~/.ictbench-token after: umask 077; openssl rand -hex 32 > ~/.ictbench-token."
            + " The server requires it also on 127.0.0.1, and clients send the same token.", null);
  }

  public static IctbenchException tokenUnreadable(String file, Throwable cause) {
    return new IctbenchException(IctbenchException.Code.ENVIRONMENT,
        "Cannot read the query-server token file " + file + " (ICTBENCH_TOKEN_FILE): "
            + (cause.getMessage() == null ? cause : cause.getMessage()) + ". Check the path and its permissions.", cause);
  }

  public static IctbenchException tokenInvalid(String source) {
    return new IctbenchException(IctbenchException.Code.ENVIRONMENT,
        "The query-server token from " + source + " has characters it cannot carry (it travels in a gRPC header and"
            + " sc:// URLs): use printable ASCII without spaces, ';' or '/', e.g. openssl rand -hex 32.", null);
  }

  /** jobs/serve.sh: the port is taken (another server, or a previous one still running). */
  public static IctbenchException portTaken(String address, int port, Throwable cause) {
    return new IctbenchException(IctbenchException.Code.ENVIRONMENT,
        "Cannot listen on " + address + ":" + port + ": the port is in use (another query server or program;"
            + " see: ss -ltnp 'sport = :" + port + "'). Stop it or pick another port with --port.", cause);
  }

  /** jobs/sql.sh connect: the server did not accept the token. */
  public static IctbenchException tokenRefused(String url) {
    return new IctbenchException(IctbenchException.Code.QUERY_FAILED,
        "The query server at " + url + " refused the token: set ICTBENCH_TOKEN (or ICTBENCH_TOKEN_FILE) to the"
            + " token the server was started with.", null);
  }

  /** jobs/sql.sh connect: nothing answers at the URL. */
  public static IctbenchException serverUnreachable(String url, Throwable cause) {
    return new IctbenchException(IctbenchException.Code.QUERY_FAILED,
        "No query server answers at " + url + ": start one with jobs/serve.sh (it prints its sc:// URL) or check"
            + " the host and port.", cause);
  }

  /** jobs/sql.sh connect: the server failed the statement with one of ictbench's errors (its message as sent). */
  public static IctbenchException serverError(String message) {
    String m = message.replaceFirst("^\\[[A-Z_]+\\] ", "");
    return new IctbenchException(IctbenchException.Code.QUERY_FAILED, "The query server: " + firstLine(m), null);
  }

  public static IctbenchException badConnectUrl(String url, String detail) {
    return badOption("--connect", url, "a Spark Connect URL such as sc://127.0.0.1:15002 (" + detail + ")");
  }

  public static IctbenchException unknownEconomy(String iso3) {
    return new IctbenchException(IctbenchException.Code.BAD_OPTION,
        "Unknown economy '" + iso3 + "' in --pair. Use ISO 3166 alpha-3 codes such as BLR,CHN"
            + " (list them with: jobs/sql.sh \"SELECT iso3, name_en FROM silver.country\").", null);
  }

  public static IctbenchException invalidGroupsFile(String file, long line, String detail) {
    return new IctbenchException(IctbenchException.Code.REFERENCE_INVALID,
        "Peer groups file " + file + (line > 0 ? " line " + line : "") + ": " + detail
            + ". Fix the file (CSV columns group_id,group_name,iso3[,membership_status,joined,left,source_url,"
            + "source_note] or YAML 'groups:' list; see docs/methodology.md, \"Peer groups\") and rerun.", null);
  }

  public static IctbenchException exportTooLarge(String out, long rows, long max) {
    return new IctbenchException(IctbenchException.Code.BAD_OPTION,
        "Cannot export " + rows + "+ rows to the Excel file " + out + ": a sheet holds at most " + max
            + " data rows. Narrow the rows with --where, or use --format csv, parquet or arrow.", null);
  }

  public static IctbenchException exportCellTooLong(String out, long row, String column, int length, int max) {
    return new IctbenchException(IctbenchException.Code.BAD_OPTION,
        "Cannot export to the Excel file " + out + ": row " + row + ", column " + column + " holds " + length
            + " characters, more than Excel's " + max + " per cell. Leave the column out (export a query"
            + " with jobs/sql.sh --format csv) or use --format csv, parquet or arrow.", null);
  }

  public static IctbenchException exportFailed(String out, Throwable cause) {
    return new IctbenchException(IctbenchException.Code.OUTPUT_FAILED,
        "Cannot write " + out + ": " + (cause.getMessage() == null ? cause : firstLine(cause.getMessage()))
            + ". Check that the folder exists and is writable, and that there is disk space.", cause);
  }

  public static IctbenchException invalidClaims(String file, long line, String detail) {
    return new IctbenchException(IctbenchException.Code.INPUT_UNREADABLE,
        "Claims file " + file + " line " + line + ": " + detail
            + ". Each claim needs: claim_id,economy,indicator,period_kind (year|edition),period,stated_value"
            + " (see docs/jobs.md, \"jobs/claims.sh\").", null);
  }

  /** countries --fail-if-any: the listed names need an alias (or a fix upstream) before the next run. */
  public static IctbenchException unresolvedCountries(long names, String curatedDir) {
    return new IctbenchException(IctbenchException.Code.UNRESOLVED_COUNTRIES,
        names + " unresolved or ambiguous entity name(s) in silver.quarantine under " + curatedDir
            + " (listed above). Add aliases (reference/country_alias.extra.csv in a --reference folder, or the"
            + " built-in reference/country_alias.csv) and rerun the pipeline with --force.", null);
  }

  /** claims --fail-on-differ: some stated figures do not match the curated data. */
  public static IctbenchException claimsDiffer(long differing, long total, String file) {
    return new IctbenchException(IctbenchException.Code.CLAIMS_DIFFER,
        differing + " of " + total + " claim(s) in " + file + " differ from the curated data (outcome 'differs'"
            + " above, with the curated value and its source). Correct the claims or check the curated source.",
        null);
  }

  /** jobs/bench.sh: a child run (ictbench or the DuckDB baseline) failed. */
  public static IctbenchException benchRunFailed(String engine, int exitCode, String log, String tail) {
    return new IctbenchException(IctbenchException.Code.QUERY_FAILED,
        "Benchmark run of " + engine + " failed with exit code " + exitCode + "; its full output is in " + log
            + "\n  last lines:\n" + tail + "\n  Fix the cause (e.g. memory: --driver-memory) and rerun.", null);
  }

  /** The storage's own words for a failure: the innermost cause's first line ("No space left on device"). */
  private static String storageReason(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : firstLine(root.getMessage());
  }

  static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
