package org.ictbench.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
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

  /**
   * Lists every file under {@code rawUri} (recursively; names starting with '.' or '_' are ignored)
   * and returns one {@link BronzeSchemas#SCANNED_FILE} row each: checksum, detected format (null with
   * a reason in {@code detail} when not recognised) and vintage.
   */
  public Dataset<Row> scan(String rawUri) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Listing listing = list(hadoop, rawUri);
    if (listing.small()) {
      // A small collection is fingerprinted on the driver: cheaper than scheduling a Spark job.
      return spark.createDataFrame(listing.describe(), BronzeSchemas.SCANNED_FILE);
    }
    HadoopConf conf = new HadoopConf(hadoop);
    String rootUri = listing.rootUri();
    java.util.HashMap<String, String[]> manifest = listing.manifest();
    return spark.createDataset(listing.files(), Encoders.STRING())
        .repartition(Math.max(1, Math.min(listing.files().size(), spark.sparkContext().defaultParallelism() * 4)))
        .map((MapFunction<String, Row>) f -> Manifest.apply(manifest, rootUri, describe(conf, rootUri, f)),
            Encoders.row(BronzeSchemas.SCANNED_FILE));
  }

  /**
   * The same rows as {@link #scan}, computed on the calling thread without Spark, or empty when the
   * collection is too large to fingerprint on one machine quickly (more than 200 files or 256 MB);
   * the pipeline's "anything new?" check uses it before it starts a SparkSession.
   */
  public static Optional<List<Row>> scanOnDriver(Configuration hadoop, String rawUri) {
    Listing listing = list(hadoop, rawUri);
    return listing.small() ? Optional.of(listing.describe()) : Optional.empty();
  }

  /** The files under the raw root (sorted), their total size and the root's optional manifest. */
  private record Listing(HadoopConf conf, String rootUri, List<String> files, long totalBytes,
      java.util.HashMap<String, String[]> manifest) {
    boolean small() {
      return files.size() <= LOCAL_SCAN_MAX_FILES && totalBytes <= LOCAL_SCAN_MAX_BYTES;
    }

    List<Row> describe() {
      List<Row> described = new ArrayList<>(files.size());
      for (String f : files) {
        try {
          Row r = Manifest.apply(manifest, rootUri, Ingest.describe(conf, rootUri, f));
          Object[] values = new Object[r.length()];
          for (int i = 0; i < values.length; i++) {
            values[i] = r.get(i);
          }
          described.add(new GenericRowWithSchema(values, BronzeSchemas.SCANNED_FILE));
        } catch (IOException e) {
          throw Errors.unreadableFile(f, "file", e.toString(), e);
        }
      }
      return described;
    }
  }

  private static Listing list(Configuration hadoop, String rawUri) {
    Path root = new Path(rawUri);
    List<String> files = new ArrayList<>();
    long totalBytes = 0;
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        throw Errors.inputNotFound("Raw input folder", rawUri);
      }
      root = fs.makeQualified(root);
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus s = it.next();
        if (!hidden(root, s.getPath())) {
          files.add(s.getPath().toString());
          totalBytes += s.getLen();
        }
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(rawUri, "folder", e.toString(), e);
    }
    Collections.sort(files);
    HadoopConf conf = new HadoopConf(hadoop);
    String rootUri = root.toString();
    return new Listing(conf, rootUri, files, totalBytes, Manifest.read(conf, rootUri));
  }

  /**
   * Parses the given scanned files (rows of {@link BronzeSchemas#SCANNED_FILE} with a format) into
   * {@link BronzeSchemas#RAW_RECORD} rows stamped with {@code runId}.
   */
  public Dataset<Row> parse(Dataset<Row> files, String runId, int fileCount) {
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    return files.filter(col("format").isNotNull())
        .repartition(Math.max(1, fileCount), col("file_uri"))
        .flatMap((FlatMapFunction<Row, Row>) f -> records(conf, runId, f), Encoders.row(BronzeSchemas.RAW_RECORD));
  }

  private static Iterator<Row> records(HadoopConf conf, String runId, Row file) throws IOException {
    String uri = file.getAs("file_uri");
    SourceFormat format = SourceFormat.valueOf(file.getAs("format"));
    Path p = new Path(uri);
    String sourceId = file.getAs("source_id");
    Object[] lineage = {runId, sourceId == null ? format.sourceId() : sourceId, format.name(), uri, file.getAs("file_name"),
        file.getAs("file_sha256"), file.getAs("vintage")};
    if (LOG.isDebugEnabled()) {
      // where each file is parsed: an executor on a cluster (see docs/operations.md, "Logging")
      org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
      LOG.debug("parsing raw file {} in executor {} (pid {})", uri, env == null ? "none" : env.executorId(),
          ProcessHandle.current().pid());
    }
    InputStream in = p.getFileSystem(conf.get()).open(p);
    if (format.workbook()) {
      return WorkbookReader.rows(in, uri, format, lineage).iterator();
    }
    return new RecordParser(in, uri, format, lineage);
  }

  private static Row describe(HadoopConf conf, String rootUri, String uri) throws IOException {
    Path p = new Path(uri);
    FileSystem fs = p.getFileSystem(conf.get());
    FileStatus st = fs.getFileStatus(p);
    byte[] head;
    String sha;
    try (InputStream raw = fs.open(p); DigestInputStream in = new DigestInputStream(raw, sha256())) {
      head = in.readNBytes(HEAD_BYTES);
      in.transferTo(java.io.OutputStream.nullOutputStream());
      sha = HexFormat.of().formatHex(in.getMessageDigest().digest());
    }
    String headText = new String(head, StandardCharsets.UTF_8);
    FormatDetector.Detection d;
    Vintage v;
    if (WorkbookReader.isWorkbook(head)) {
      WorkbookLayouts.Detected w = WorkbookReader.detect(fs, p);
      d = new FormatDetector.Detection(w.format(), w.reason());
      v = w.stated() != null ? new Vintage(w.stated(), "stated", w.statedLabel())
          : Vintage.of("", folders(rootUri, p), st.getModificationTime());
    } else {
      d = FormatDetector.detect(p.getName(), headText);
      v = Vintage.of(headText, folders(rootUri, p), st.getModificationTime());
    }
    return RowFactory.create(uri, p.getName(), st.getLen(), new Timestamp(st.getModificationTime()), sha,
        d.recognised() ? d.format().name() : null, d.recognised() ? d.format().sourceId() : null,
        Date.valueOf(v.date()), v.basis(), v.label(), d.reason());
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

  private static boolean hidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String n = p.getName();
      if (n.startsWith(".") || n.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
