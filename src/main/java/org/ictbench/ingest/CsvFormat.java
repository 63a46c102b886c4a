package org.ictbench.ingest;

import java.util.List;
import java.util.Map;

/**
 * A CSV publisher format: which record is the header (records before it are preamble such as WDI's
 * "Data Source" lines) and how many value slots each record carries. The slot count is the unit of
 * the no-data-lost identity checked after curation, so it must equal the number of slots
 * {@link #slots} extracts from a record with that header. Parsing itself is {@link RecordParser}'s.
 */
abstract class CsvFormat implements PublisherFormat {
  @Override
  public abstract boolean detects(List<String> cells);

  /** Whether this record (its raw cells) is the header. */
  abstract boolean isHeader(List<String> record);

  /** Value slots per record under this header. */
  abstract int slotCount(List<String> header);

  @Override
  public final boolean workbook() {
    return false;
  }

  /** The first cell, trimmed ("" for an empty record). */
  static String first(List<String> record) {
    return record.isEmpty() ? "" : record.get(0).trim();
  }

  /** Whether {@code cells} begin with {@code prefix}. */
  static boolean startsWith(List<String> cells, List<String> prefix) {
    return cells.size() >= prefix.size() && cells.subList(0, prefix.size()).equals(prefix);
  }

  /** A raw field by the first of the given names that the record has. */
  static String field(Map<String, String> fields, String... names) {
    for (String n : names) {
      String v = fields.get(n);
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
