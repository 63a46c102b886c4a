package org.ictbench.ingest;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.ictbench.core.Errors;
import org.ictbench.core.ResourceTable;

/**
 * The parsers' safety limits, from {@code rules/ingest_limits.csv}: how long a CSV record and how
 * large a workbook may be before a file is refused, so one hostile file (a runaway quote, a zip bomb)
 * costs a clear error instead of the JVM's memory. Serializable: the parse tasks get the driver's copy.
 */
record IngestLimits(long maxRecordChars, long maxWorkbookBytes, long maxWorkbookEntryBytes,
    double minWorkbookInflateRatio) implements Serializable {
  static final String RESOURCE = "rules/ingest_limits.csv";

  private static final IngestLimits SHIPPED = load();

  static IngestLimits shipped() {
    return SHIPPED;
  }

  private static IngestLimits load() {
    ResourceTable t = ResourceTable.load(RESOURCE);
    Map<String, String> values = new HashMap<>();
    t.rows().forEach(r -> values.put(t.required(r, "limit"), t.required(r, "value")));
    return new IngestLimits(positive(values, "max_record_chars"), positive(values, "max_workbook_bytes"),
        positive(values, "max_workbook_entry_bytes"), ratio(values, "min_workbook_inflate_ratio"));
  }

  /** Sets POI's process-wide zip-bomb limits (each JVM that opens a workbook calls this first). */
  void applyToPoi() {
    ZipSecureFile.setMaxEntrySize(maxWorkbookEntryBytes);
    ZipSecureFile.setMinInflateRatio(minWorkbookInflateRatio);
  }

  private static long positive(Map<String, String> values, String name) {
    String v = values.get(name);
    try {
      long n = Long.parseLong(v == null ? "" : v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Errors.invalidReference("ictbench/" + RESOURCE, 0, "limit " + name + " must be a positive whole number, not '"
        + v + "'");
  }

  private static double ratio(Map<String, String> values, String name) {
    String v = values.get(name);
    try {
      double d = Double.parseDouble(v == null ? "" : v.trim());
      if (d > 0 && d < 1) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Errors.invalidReference("ictbench/" + RESOURCE, 0, "limit " + name + " must be a ratio between 0 and 1, not '"
        + v + "'");
  }
}
