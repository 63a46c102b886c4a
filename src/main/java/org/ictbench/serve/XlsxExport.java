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
 * temporary file), so big tables do not exhaust the heap. One sheet named after nothing but "data",
 * a bold frozen header; numbers as numeric cells, booleans as booleans, dates and timestamps (UTC) as
 * date cells, text neutralised against formula injection.
 */
final class XlsxExport {
  private static final int WINDOW = 500;

  private XlsxExport() {}

  static long write(StructType schema, Iterator<Row> rows, OutputStream os, String outUri) throws IOException {
    SXSSFWorkbook wb = new SXSSFWorkbook(WINDOW);
    try {
      wb.setCompressTempFiles(true);
      SXSSFSheet sheet = wb.createSheet("data");
      Font bold = wb.createFont();
      bold.setBold(true);
      CellStyle head = wb.createCellStyle();
      head.setFont(bold);
      CellStyle date = wb.createCellStyle();
      date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
      CellStyle stamp = wb.createCellStyle();
      stamp.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
      String[] names = schema.fieldNames();
      org.apache.poi.ss.usermodel.Row h = sheet.createRow(0);
      for (int c = 0; c < names.length; c++) {
        Cell cell = h.createCell(c);
        cell.setCellValue(names[c]);
        cell.setCellStyle(head);
      }
      sheet.createFreezePane(0, 1);
      int maxText = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
      long n = 0;
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
            String s = TableExport.CellText.of(v, true);
            if (s.length() > maxText) {
              throw Errors.exportCellTooLong(outUri, n, names[c], s.length(), maxText);
            }
            cell.setCellValue(s);
          }
        }
      }
      wb.write(os);
      return n;
    } finally {
      wb.close();
    }
  }
}
