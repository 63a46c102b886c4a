package org.ictbench.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ictbench.core.Errors;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Opens .xls (BIFF8, HSSF) and .xlsx (OOXML, XSSF) workbooks with Apache POI, read-only, with POI's
 * zip-bomb limits set from {@code rules/ingest_limits.csv} (its record-size limits at their defaults;
 * its XML parsers refuse DOCTYPEs, so no external entity is ever resolved), and turns them into bronze rows through
 * {@link WorkbookLayouts}. A workbook POI cannot open fails naming the file.
 */
final class WorkbookReader {
  private WorkbookReader() {}

  /** True when the first bytes are an OLE2 (.xls) or OOXML zip (.xlsx) container. */
  static boolean isWorkbook(byte[] head) {
    try {
      FileMagic m = FileMagic.valueOf(head);
      return m == FileMagic.OLE2 || m == FileMagic.OOXML;
    } catch (RuntimeException e) {
      return false;
    }
  }

  static WorkbookLayouts.Detected detect(FileSystem fs, Path p, long size) throws IOException {
    long max = IngestLimits.shipped().maxWorkbookBytes();
    if (size > max) {
      return new WorkbookLayouts.Detected(null, "workbook of " + size + " bytes, more than the " + max + " ictbench"
          + " opens (max_workbook_bytes in src/main/resources/ictbench/" + IngestLimits.RESOURCE + "): export its sheets"
          + " to CSV", null, null);
    }
    try (InputStream in = fs.open(p); Workbook wb = open(in, p.toString(), "workbook")) {
      return WorkbookLayouts.detect(wb);
    } catch (org.ictbench.core.IctbenchException e) {
      // a zip or OLE2 container that is not a workbook (e.g. a .docx): not recognised, never a crash
      return new WorkbookLayouts.Detected(null, "binary container POI cannot open as a workbook: " + e.getMessage(),
          null, null);
    }
  }

  static List<Row> rows(InputStream in, String uri, SourceFormat format, Object[] lineage) throws IOException {
    List<WorkbookLayouts.Rec> recs;
    try (in; Workbook wb = open(in, uri, format.name())) {
      recs = WorkbookLayouts.records(wb, format);
    } catch (RuntimeException e) {
      if (e instanceof org.ictbench.core.IctbenchException) {
        throw e;
      }
      throw Errors.unreadableFile(uri, format.name(), "layout not as expected: " + e, e);
    }
    List<Row> out = new ArrayList<>(recs.size());
    long n = 0;
    for (WorkbookLayouts.Rec r : recs) {
      Object[] row = new Object[lineage.length + 4];
      System.arraycopy(lineage, 0, row, 0, lineage.length);
      row[lineage.length] = ++n;
      row[lineage.length + 1] = r.line();
      row[lineage.length + 2] = CollectionConverters.asScala(r.fields());
      row[lineage.length + 3] = r.slots();
      out.add(RowFactory.create(row));
    }
    if (out.isEmpty()) {
      throw Errors.unreadableFile(uri, format.name(), "no data rows found in the workbook", null);
    }
    return out;
  }

  private static Workbook open(InputStream in, String uri, String format) throws IOException {
    IngestLimits.shipped().applyToPoi();
    byte[] bytes = in.readAllBytes();
    try {
      return WorkbookFactory.create(new ByteArrayInputStream(bytes), null);
    } catch (IOException | RuntimeException e) {
      throw Errors.unreadableFile(uri, format, "Apache POI cannot open it: " + e.getMessage(), e);
    }
  }
}
