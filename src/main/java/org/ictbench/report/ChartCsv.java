package org.ictbench.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A chart's numbers as a CSV file carried inside the page: RFC 4180 (CRLF), UTF-8 with a byte-order
 * mark so that spreadsheet programs show non-Latin names, as a {@code data:} URI for a download link.
 * Numbers are unrounded, with a dot as decimal separator; an empty field is a missing value.
 */
final class ChartCsv {
  private final String fileName;
  private final List<String> header;
  private final List<List<Object>> rows = new ArrayList<>();

  ChartCsv(String fileName, List<String> header) {
    this.fileName = fileName;
    this.header = List.copyOf(header);
  }

  /** Adds a row: strings as they are, numbers in full, null as an empty field. */
  ChartCsv add(Object... values) {
    if (values.length != header.size()) {
      throw new IllegalArgumentException("CSV " + fileName + ": " + values.length + " values for " + header.size()
          + " columns " + header);
    }
    List<Object> row = new ArrayList<>(values.length);
    for (Object v : values) {
      row.add(v instanceof Double d ? fmt(d) : v);
    }
    rows.add(row);
    return this;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : Double.toString(d).toLowerCase(Locale.ROOT);
  }

  /** The file name offered for download. */
  String fileName() {
    return fileName;
  }

  int rowCount() {
    return rows.size();
  }

  /** The file's text (without the byte-order mark). */
  String text() {
    StringWriter w = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(new String[0])).get())) {
      for (List<Object> r : rows) {
        p.printRecord(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** The file as a {@code data:} URI: UTF-8 with a byte-order mark, base64. */
  String href() {
    byte[] bytes = ("\uFEFF" + text()).getBytes(StandardCharsets.UTF_8);
    return "data:text/csv;charset=utf-8;base64," + Base64.getEncoder().encodeToString(bytes);
  }
}
