package org.ictbench.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ictbench.core.Utf8Text;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Streams one CSV file into bronze rows, one per data record, with its record number and raw fields
 * as strings. Runs inside an executor task, so one file is parsed sequentially (record numbers are
 * exact) while many files are parsed in parallel. Nothing is interpreted here: a record whose field
 * count does not match the header is kept, marked {@code _malformed}, and quarantined by curation.
 */
final class RecordParser implements Iterator<Row>, AutoCloseable {
  /** Lineage values copied onto every row: run_id, source_id, format, file_uri, file_name, sha, vintage. */
  private final Object[] lineage;
  private final String uri;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final CountingReader reader;
  private final CsvFormat layout;
  private List<String> header;
  private int slotsPerRecord;
  private long recordNumber;
  private Row next;

  RecordParser(InputStream raw, String uri, SourceFormat format, Object[] lineage) {
    this.uri = uri;
    this.lineage = lineage;
    if (!(format.adapter() instanceof CsvFormat c)) {
      throw new IllegalArgumentException(format + " is a workbook layout, not CSV");
    }
    this.layout = c;
    try {
      CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
      this.reader = new CountingReader(new InputStreamReader(Utf8Text.withoutBom(new BufferedInputStream(raw, 1 << 16)), utf8),
          IngestLimits.shipped().maxRecordChars());
      CSVFormat csv = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
      this.parser = CSVParser.parse(reader, csv);
      this.records = parser.iterator();
    } catch (IOException e) {
      throw org.ictbench.core.Errors.unreadableFile(uri, format.name(), e.toString(), e);
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row r = next;
    next = null;
    return r;
  }

  private Row advance() {
    try {
      while (records.hasNext()) {
        long lineBefore = parser.getCurrentLineNumber();
        CSVRecord rec = records.next();
        reader.recordEnded();
        List<String> values = rec.toList();
        if (header == null) {
          if (layout.isHeader(values)) {
            header = new ArrayList<>(values);
            slotsPerRecord = layout.slotCount(header);
          }
          continue;
        }
        recordNumber++;
        return toRow(values, lineBefore + 1);
      }
      close();
      if (header == null) {
        throw org.ictbench.core.Errors.unreadableFile(uri, "CSV", "no header row found", null);
      }
      return null;
    } catch (UncheckedIOException e) {
      long record = recordNumber + 1;
      if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
        throw org.ictbench.core.Errors.notUtf8(uri, null, e); // located by the caller (Ingest), which can reread
      }
      if (e.getCause() instanceof RecordTooLong) {
        throw org.ictbench.core.Errors.recordTooLong(uri, header == null ? 0 : record, reader.limit,
            IngestLimits.RESOURCE, e);
      }
      throw org.ictbench.core.Errors.unreadableRecord(uri, record, e.getCause().toString(), e);
    }
  }

  private Row toRow(List<String> values, long line) {
    Map<String, String> fields = new LinkedHashMap<>();
    int n = Math.max(values.size(), header.size());
    for (int i = 0; i < n; i++) {
      String value = i < values.size() ? values.get(i) : null;
      String name = i < header.size() ? header.get(i) : "_extra_" + (i + 1);
      if (name.isEmpty()) {
        if (value == null || value.isEmpty()) {
          continue; // WDI's trailing comma: an unnamed, empty column
        }
        name = "_col_" + (i + 1);
      }
      if (value != null) {
        fields.put(BronzeSchemas.fieldKey(fields, name), value);
      }
    }
    boolean trailingEmpty = values.size() == header.size() + 1 && values.get(values.size() - 1).isEmpty();
    int slots = slotsPerRecord;
    if (values.size() != header.size() && !trailingEmpty && !(header.get(header.size() - 1).isEmpty()
        && values.size() == header.size() - 1)) {
      fields.put(BronzeSchemas.MALFORMED_FIELD, "expected " + header.size() + " fields, found " + values.size());
      slots = 1;
    }
    Object[] row = new Object[lineage.length + 4];
    System.arraycopy(lineage, 0, row, 0, lineage.length);
    row[lineage.length] = recordNumber;
    row[lineage.length + 1] = line;
    row[lineage.length + 2] = CollectionConverters.asScala(fields);
    row[lineage.length + 3] = slots;
    return RowFactory.create(row);
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Thrown by {@link CountingReader} when a record outgrows the limit. */
  private static final class RecordTooLong extends IOException {
    private static final long serialVersionUID = 1L;

    RecordTooLong(long limit) {
      super("record longer than " + limit + " characters");
    }
  }

  /**
   * Counts the characters the CSV parser pulls and fails once the record being read has pulled more
   * than the limit since the previous one ended (the parser reads ahead by a buffer, a few KB, so the
   * limit holds to within that), before a runaway field fills the heap.
   */
  private static final class CountingReader extends java.io.FilterReader {
    private final long limit;
    private long read;
    private long recordStart;

    CountingReader(Reader in, long limit) {
      super(in);
      this.limit = limit;
    }

    void recordEnded() {
      recordStart = read;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        count(1);
      }
      return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read - recordStart > limit) {
        throw new RecordTooLong(limit);
      }
    }
  }
}
