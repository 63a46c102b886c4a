package org.ictbench.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.Errors;

/**
 * Excel xlsx through Apache POI's streaming SXSSF writer (a window of rows in memory, the rest on a
 * temporary file), so big tables do not exhaust the heap. One sheet per table, each with a bold frozen
 * header; numbers as numeric cells, booleans as booleans, dates and timestamps (UTC) as date cells,
 * text neutralised against formula injection.
 */
final class XlsxExport {
  private static final int WINDOW = 500;
  /** Excel's longest sheet name. */
  static final int MAX_SHEET_NAME = 31;

  /** One sheet: its name, its columns and its rows (read once, as they are written). */
  record Sheet(String name, StructType schema, Iterator<Row> rows) {}

  private XlsxExport() {}

  /** A one-sheet workbook named "data" (the single-table export). */
  static long write(StructType schema, Iterator<Row> rows, OutputStream os, String outUri) throws IOException {
    return write(java.util.List.of(new Sheet("data", schema, rows)), os, outUri)[0];
  }

  /** Writes the sheets in order; returns the data rows written to each. */
  static long[] write(java.util.List<Sheet> sheets, OutputStream os, String outUri) throws IOException {
    SXSSFWorkbook wb = new SXSSFWorkbook(WINDOW);
    try {
      wb.setCompressTempFiles(true);
      Font bold = wb.createFont();
      bold.setBold(true);
      CellStyle head = wb.createCellStyle();
      head.setFont(bold);
      CellStyle date = wb.createCellStyle();
      date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
      CellStyle stamp = wb.createCellStyle();
      stamp.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
      long[] counts = new long[sheets.size()];
      for (int i = 0; i < sheets.size(); i++) {
        Sheet s = sheets.get(i);
        counts[i] = writeSheet(wb.createSheet(sheetName(s.name())), s, head, date, stamp, outUri);
      }
      wb.write(os);
      return counts;
    } finally {
      wb.close();
    }
  }

  /** A sheet name Excel accepts: none of : \\ / ? * [ ], at most 31 characters. */
  static String sheetName(String name) {
    String clean = name.replaceAll("[:\\\\/?*\\[\\]]", "_");
    return clean.length() > MAX_SHEET_NAME ? clean.substring(0, MAX_SHEET_NAME) : clean;
  }

  private static long writeSheet(SXSSFSheet sheet, Sheet s, CellStyle head, CellStyle date, CellStyle stamp,
      String outUri) {
    String[] names = s.schema().fieldNames();
    org.apache.poi.ss.usermodel.Row h = sheet.createRow(0);
    for (int c = 0; c < names.length; c++) {
      Cell cell = h.createCell(c);
      cell.setCellValue(names[c]);
      cell.setCellStyle(head);
    }
    sheet.createFreezePane(0, 1);
    int maxText = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
    long n = 0;
    Iterator<Row> rows = s.rows();
    while (rows.hasNext()) {
      Row r = rows.next();
      n++;
      if (n > TableExport.EXCEL_MAX_DATA_ROWS) {
        throw Errors.exportTooLarge(outUri, n, TableExport.EXCEL_MAX_DATA_ROWS);
      }
      org.apache.poi.ss.usermodel.Row xr = sheet.createRow((int) n);
      for (int c = 0; c < names.length; c++) {
        if (r.isNullAt(c)) {
          continue;
        }
        Object v = r.get(c);
        Cell cell = xr.createCell(c);
        if (v instanceof Number num && !(v instanceof BigDecimal)) {
          cell.setCellValue(num.doubleValue());
        } else if (v instanceof BigDecimal d) {
          cell.setCellValue(d.doubleValue());
        } else if (v instanceof Boolean b) {
          cell.setCellValue(b);
        } else if (v instanceof Date || v instanceof LocalDate) {
          cell.setCellValue(v instanceof Date d ? d.toLocalDate() : (LocalDate) v);
          cell.setCellStyle(date);
        } else if (v instanceof Timestamp || v instanceof Instant) {
          Instant t = v instanceof Timestamp ts ? ts.toInstant() : (Instant) v;
          cell.setCellValue(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
          cell.setCellStyle(stamp);
        } else {
          String text = TableExport.CellText.of(v, true);
          if (text.length() > maxText) {
            throw Errors.exportCellTooLong(outUri, n, names[c], text.length(), maxText);
          }
          cell.setCellValue(text);
        }
      }
    }
    return n;
  }
}
