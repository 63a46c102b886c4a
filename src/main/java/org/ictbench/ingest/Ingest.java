package org.ictbench.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.ictbench.core.Errors;
import org.ictbench.core.ResourceTable;

/**
 * Bronze ingestion: find the raw files, fingerprint and classify them, and turn every record of
 * every recognised file into one {@code bronze.raw_record} row with its lineage. Both steps run as
 * Spark jobs with one task per file, so a large collection is read in parallel on a cluster.
 */
public final class Ingest {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ingest.class);
  private static final int HEAD_BYTES = 16 * 1024;
  /** Up to this many files and bytes, scanning runs on the driver instead of as a Spark job. */
  private static final int LOCAL_SCAN_MAX_FILES = 200;
  private static final long LOCAL_SCAN_MAX_BYTES = 256L << 20;

  private final SparkSession spark;

  public Ingest(SparkSession spark) {
    this.spark = spark;
  }

  /** An entry under the raw root that a run does not read, and why (listed as skipped in the run's output). */
  public record Unread(String uri, String reason) {}

  /**
   * What a scan of the raw root found: one {@link BronzeSchemas#SCANNED_FILE} row per regular file
   * (checksum, detected format or why not recognised, vintage) and every other entry with the reason
   * it is not read.
   */
  public record RawScan(List<Row> files, List<Unread> unread) {}

  /**
   * A file as a run described it when it ingested the file (bronze.ingest_file's columns): its
   * format, source, vintage and detection detail. A scan reuses it for a file of the same checksum
   * instead of detecting the format again, which for a workbook means opening it.
   */
  public record Described(String format, String sourceId, LocalDate vintage, String vintageBasis,
      String vintageLabel, String detail) {}

  /**
   * Lists every file under {@code rawUri} (a folder, searched recursively; or one file) and returns
   * one {@link BronzeSchemas#SCANNED_FILE} row each: checksum, detected format (null with a reason in
   * {@code detail} when not recognised) and vintage. Entries that are not read (see
   * {@link RawListing}) are left out; {@link #scanFolder} also returns them.
   */
  public Dataset<Row> scan(String rawUri) {
    return scan(RawListing.of(spark.sparkContext().hadoopConfiguration(), rawUri, false));
  }

  /**
   * The pipeline's scan of its --raw folder (an error when it is a file), on the driver or as a Spark
   * job, in path order whichever it was: of two files with the same content the first by path is the
   * one ingested, on every run and whatever the collection's size.
   */
  public RawScan scanFolder(String rawUri) {
    RawListing listing = RawListing.of(spark.sparkContext().hadoopConfiguration(), rawUri, true);
    List<Row> files = new ArrayList<>(scan(listing).collectAsList());
    files.sort(java.util.Comparator.comparing(r -> r.<String>getAs("file_uri")));
    return new RawScan(files, listing.unread());
  }

  private Dataset<Row> scan(RawListing listing) {
    if (small(listing)) {
      // A small collection is fingerprinted on the driver: cheaper than scheduling a Spark job.
      return spark.createDataFrame(describe(listing, Map.of()), BronzeSchemas.SCANNED_FILE);
    }
    HadoopConf conf = listing.conf();
    String rootUri = listing.rootUri();
    java.util.HashMap<String, String[]> manifest = listing.manifest();
    return spark.createDataset(listing.files(), Encoders.STRING())
        .repartition(Math.max(1, Math.min(listing.files().size(), spark.sparkContext().defaultParallelism() * 4)))
        .map((MapFunction<String, Row>) f -> Manifest.apply(manifest, rootUri, describe(conf, rootUri, f, Map.of())),
            Encoders.row(BronzeSchemas.SCANNED_FILE));
  }

  /**
   * The same as {@link #scanFolder}, computed on the calling thread without Spark, or empty when the
   * collection is too large to fingerprint on one machine quickly (more than 200 files or 256 MB);
   * the pipeline's "anything new?" check uses it before it starts a SparkSession.
   */
  public static Optional<RawScan> scanOnDriver(Configuration hadoop, String rawUri) {
    return scanOnDriver(hadoop, rawUri, Map.of());
  }

  /**
   * {@link #scanOnDriver(Configuration, String)}, a file whose checksum is in {@code ingested} described
   * as it was then (only its location, size and time are its own): such a file is skipped, and its
   * format is the one it was ingested as.
   */
  public static Optional<RawScan> scanOnDriver(Configuration hadoop, String rawUri, Map<String, Described> ingested) {
    RawListing listing = RawListing.of(hadoop, rawUri, true);
    return small(listing) ? Optional.of(new RawScan(describe(listing, ingested), listing.unread())) : Optional.empty();
  }

  /** {@link #scanOnDriver} whatever the collection's size (for tests). */
  static RawScan scanOnDriverAnySize(Configuration hadoop, String rawUri) {
    RawListing listing = RawListing.of(hadoop, rawUri, true);
    return new RawScan(describe(listing, Map.of()), listing.unread());
  }

  private static boolean small(RawListing listing) {
    return listing.files().size() <= LOCAL_SCAN_MAX_FILES && listing.totalBytes() <= LOCAL_SCAN_MAX_BYTES;
  }

  private static List<Row> describe(RawListing listing, Map<String, Described> ingested) {
    List<Row> described = new ArrayList<>(listing.files().size());
    for (String f : listing.files()) {
      Row r;
      try {
        r = Manifest.apply(listing.manifest(), listing.rootUri(), describe(listing.conf(), listing.rootUri(), f, ingested));
      } catch (IOException e) {
        throw Errors.unreadableFile(f, "file", e.toString(), e);
      }
      Object[] values = new Object[r.length()];
      for (int i = 0; i < values.length; i++) {
        values[i] = r.get(i);
      }
      described.add(new GenericRowWithSchema(values, BronzeSchemas.SCANNED_FILE));
      org.ictbench.core.CrashPoint.reach("scan.fingerprinted");
    }
    return described;
  }

  /**
   * Parses the given scanned files (rows of {@link BronzeSchemas#SCANNED_FILE} with a format) into
   * {@link BronzeSchemas#RAW_RECORD} rows stamped with {@code runId}.
   */
  public Dataset<Row> parse(Dataset<Row> files, String runId, int fileCount) {
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    return files.filter(col("format").isNotNull())
        .repartition(Math.max(1, fileCount), col("file_uri"))
        .flatMap((FlatMapFunction<Row, Row>) f -> {
          try {
            return records(conf, runId, f);
          } catch (IOException e) {
            // a raw file's read error, told apart from the bronze write's own (storage) errors
            throw Errors.unreadableFile(f.getAs("file_uri"), f.getAs("format"), e.toString(), e);
          }
        }, Encoders.row(BronzeSchemas.RAW_RECORD));
  }

  /** One scanned file's bronze rows, read on the calling thread (what a parse task does; for tests). */
  static Iterator<Row> read(Configuration conf, Row scannedFile, String runId) throws IOException {
    return records(new HadoopConf(conf), runId, scannedFile);
  }

  /**
   * One file's bronze rows. The bytes parsed are checksummed as they are read and compared with the
   * scan's checksum once the file is read (or when the parser fails): a file rewritten, truncated or
   * replaced between the scan and the read fails the run naming it, so bronze never pairs one
   * content's checksum with another's records.
   */
  private static Iterator<Row> records(HadoopConf conf, String runId, Row file) throws IOException {
    String uri = file.getAs("file_uri");
    String scannedSha = file.getAs("file_sha256");
    SourceFormat format = SourceFormat.valueOf(file.getAs("format"));
    Path p = new Path(uri);
    String sourceId = file.getAs("source_id");
    Object[] lineage = {runId, sourceId == null ? format.sourceId() : sourceId, format.name(), uri, file.getAs("file_name"),
        scannedSha, file.getAs("vintage")};
    if (LOG.isDebugEnabled()) {
      // where each file is parsed: an executor on a cluster (see docs/operations.md, "Logging")
      org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
      LOG.debug("parsing raw file {} in executor {} (pid {})", uri, env == null ? "none" : env.executorId(),
          ProcessHandle.current().pid());
    }
    DigestInputStream in;
    try {
      in = new DigestInputStream(p.getFileSystem(conf.get()).open(p), ResourceTable.sha256Digest());
    } catch (java.io.FileNotFoundException e) {
      throw Errors.rawFileChanged(uri, scannedSha, null, e);
    }
    if (format.workbook()) {
      byte[] bytes;
      try (in) {
        bytes = in.readAllBytes();
      }
      verify(uri, scannedSha, in, null);
      return WorkbookReader.rows(new java.io.ByteArrayInputStream(bytes), uri, format, lineage).iterator();
    }
    RecordParser parser;
    try {
      parser = new RecordParser(in, uri, format, lineage);
    } catch (RuntimeException e) {
      throw verify(uri, scannedSha, in, e);
    }
    return new Iterator<>() {
      private boolean verified;

      @Override
      public boolean hasNext() {
        boolean more;
        try {
          more = parser.hasNext();
        } catch (RuntimeException e) {
          throw verify(uri, scannedSha, in, locateNonUtf8(conf, p, uri, e));
        }
        if (!more && !verified) {
          verified = true;
          verify(uri, scannedSha, in, null);
        }
        return more;
      }

      @Override
      public Row next() {
        return parser.next();
      }
    };
  }

  /** A not-UTF-8 failure with the line and byte of the first invalid sequence (the file is read again). */
  private static RuntimeException locateNonUtf8(HadoopConf conf, Path p, String uri, RuntimeException e) {
    boolean coding = false;
    for (Throwable c = e; c != null && !coding; c = c.getCause()) {
      coding = c instanceof java.nio.charset.CharacterCodingException;
    }
    if (!coding) {
      return e;
    }
    try (InputStream again = p.getFileSystem(conf.get()).open(p)) {
      Utf8Scan.Invalid bad = Utf8Scan.firstInvalid(again);
      return bad == null ? e : Errors.notUtf8(uri, "line " + bad.line() + " (byte " + bad.offset() + ": " + bad.bytes()
          + ")", e);
    } catch (IOException io) {
      return e;
    }
  }

  /**
   * Reads what is left of {@code in} (nothing once the parser reached the end) and compares the
   * checksum of every byte read with the scan's. A mismatch throws the "changed" error; otherwise
   * returns {@code failure} (the parser's own error, for the caller to throw) or null.
   */
  private static RuntimeException verify(String uri, String scannedSha, DigestInputStream in, RuntimeException failure) {
    try {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      // closed by the parser at the end of the file: every byte has passed through the digest
    }
    String readSha = HexFormat.of().formatHex(in.getMessageDigest().digest());
    if (!readSha.equals(scannedSha)) {
      throw Errors.rawFileChanged(uri, scannedSha, readSha, failure);
    }
    return failure;
  }

  private static Row describe(HadoopConf conf, String rootUri, String uri, Map<String, Described> ingested)
      throws IOException {
    Path p = new Path(uri);
    FileSystem fs = p.getFileSystem(conf.get());
    FileStatus st;
    try {
      st = fs.getFileStatus(p);
    } catch (java.io.FileNotFoundException e) {
      throw Errors.rawFileChanged(uri, null, null, e);
    }
    byte[] head;
    String sha;
    try (InputStream raw = open(fs, p); DigestInputStream in = new DigestInputStream(raw, ResourceTable.sha256Digest())) {
      head = in.readNBytes(HEAD_BYTES);
      in.transferTo(java.io.OutputStream.nullOutputStream());
      sha = HexFormat.of().formatHex(in.getMessageDigest().digest());
    }
    Described known = ingested.get(sha);
    if (known != null) {
      return RowFactory.create(uri, p.getName(), st.getLen(), new Timestamp(st.getModificationTime()), sha,
          known.format(), known.sourceId(), Date.valueOf(known.vintage()), known.vintageBasis(), known.vintageLabel(),
          known.detail());
    }
    String headText = org.ictbench.core.Utf8Text.decode(head);
    FormatDetector.Detection d;
    Vintage v;
    if (WorkbookReader.isWorkbook(head)) {
      WorkbookLayouts.Detected w = WorkbookReader.detect(fs, p, st.getLen());
      d = new FormatDetector.Detection(w.format(), w.reason());
      v = w.stated() != null ? new Vintage(w.stated(), "stated", w.statedLabel())
          : Vintage.of("", folders(rootUri, p), st.getModificationTime());
    } else {
      d = FormatDetector.detect(p.getName(), head);
      v = Vintage.of(headText, folders(rootUri, p), st.getModificationTime());
    }
    return RowFactory.create(uri, p.getName(), st.getLen(), new Timestamp(st.getModificationTime()), sha,
        d.recognised() ? d.format().name() : null, d.recognised() ? d.format().sourceId() : null,
        Date.valueOf(v.date()), v.basis(), v.label(), d.reason());
  }

  /** Opens a listed file; one gone since the listing fails the run naming it. */
  private static InputStream open(FileSystem fs, Path p) throws IOException {
    try {
      return fs.open(p);
    } catch (java.io.FileNotFoundException e) {
      throw Errors.rawFileChanged(p.toString(), null, null, e);
    }
  }

  /** Folder names between the raw root and the file, nearest first. */
  static List<String> folders(String rootUri, Path file) {
    List<String> out = new ArrayList<>();
    for (Path d = file.getParent(); d != null && !d.toString().equals(rootUri) && d.toString().startsWith(rootUri);
         d = d.getParent()) {
      out.add(d.getName());
    }
    return out;
  }
}
