package org.ictbench.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ictbench.core.Errors;

/**
 * The optional {@code _manifest.csv} in the raw root (its leading '_' keeps it out of the scan):
 * columns {@code path} (relative to the raw root), {@code format} (a {@link SourceFormat} name),
 * {@code source_id} and {@code vintage} ({@code yyyy-mm-dd}); an empty cell keeps what was detected.
 * It overrides detection for the files it names; a bad row fails naming the manifest line.
 */
final class Manifest {
  static final String NAME = "_manifest.csv";

  private Manifest() {}

  /** path → {format, source_id, vintage}; empty when there is no manifest. */
  static HashMap<String, String[]> read(HadoopConf conf, String rootUri) {
    HashMap<String, String[]> out = new HashMap<>();
    Path p = new Path(rootUri, NAME);
    try {
      FileSystem fs = p.getFileSystem(conf.get());
      if (!fs.exists(p)) {
        return out;
      }
      try (InputStream in = fs.open(p);
           CSVParser csv = CSVParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8),
               CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get())) {
        for (CSVRecord r : csv) {
          String where = p + " line " + (r.getRecordNumber() + 1);
          String path = get(r, "path");
          String format = get(r, "format");
          String vintage = get(r, "vintage");
          if (path.isEmpty()) {
            throw Errors.badOption("_manifest.csv", where, "a path relative to the raw root");
          }
          if (path.startsWith("/") || java.util.Arrays.asList(path.split("[/\\\\]")).contains("..")) {
            throw Errors.badOption("_manifest.csv path", path + " (" + where + ")",
                "a path inside the raw folder, relative to it (no '..', no absolute path)");
          }
          if (!format.isEmpty() && SourceFormat.byName(format).isEmpty()) {
            throw Errors.badOption("_manifest.csv format", format + " (" + where + ")",
                "one of " + java.util.Arrays.toString(SourceFormat.values()));
          }
          if (!vintage.isEmpty()) {
            try {
              LocalDate.parse(vintage);
            } catch (DateTimeParseException e) {
              throw Errors.badOption("_manifest.csv vintage", vintage + " (" + where + ")", "a date yyyy-mm-dd");
            }
          }
          out.put(path, new String[] {format, get(r, "source_id"), vintage});
        }
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(p.toString(), "manifest CSV", e.toString(), e);
    }
    return out;
  }

  /** The scanned-file row with the manifest's overrides applied. */
  static Row apply(HashMap<String, String[]> manifest, String rootUri, Row scanned) {
    String uri = scanned.getString(BronzeSchemas.SCANNED_FILE.fieldIndex("file_uri"));
    String rel = uri.startsWith(rootUri + "/") ? uri.substring(rootUri.length() + 1) : uri;
    String[] o = manifest.get(rel);
    if (o == null) {
      return scanned;
    }
    Object[] v = new Object[scanned.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = scanned.get(i);
    }
    java.util.List<String> names = java.util.Arrays.asList(BronzeSchemas.SCANNED_FILE.fieldNames());
    if (!o[0].isEmpty()) {
      SourceFormat f = SourceFormat.byName(o[0]).orElseThrow();
      v[names.indexOf("format")] = f.name();
      v[names.indexOf("source_id")] = f.sourceId();
      v[names.indexOf("detail")] = "format set by " + NAME;
    }
    if (!o[1].isEmpty()) {
      v[names.indexOf("source_id")] = o[1];
    }
    if (!o[2].isEmpty()) {
      v[names.indexOf("vintage")] = Date.valueOf(LocalDate.parse(o[2]));
      v[names.indexOf("vintage_basis")] = "manifest";
      v[names.indexOf("vintage_label")] = NAME;
    }
    return RowFactory.create(v);
  }

  private static String get(CSVRecord r, String col) {
    return r.isMapped(col) && r.isSet(col) && r.get(col) != null ? r.get(col).trim() : "";
  }
}
