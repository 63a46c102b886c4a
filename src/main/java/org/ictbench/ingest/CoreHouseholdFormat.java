package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * ITU Core Household Indicators workbook: three header rows (group title / "(HHn)" code / label),
 * then one economy per row with, per indicator code, the latest value, footnote and "Year of data"
 * columns. Fields {@code No.}, {@code economy}; per code (e.g. {@code HH6}) the value {@code HH6},
 * {@code HH6 footnote} and {@code HH6 year}; one value slot per code.
 */
final class CoreHouseholdFormat extends WorkbookFormat {
  private static final Pattern HH_CODE = Pattern.compile("^\\((HH\\w+)\\)$");
  private static final Pattern CORE_HH = Pattern.compile("^HH[0-9A-Za-z]+$");

  @Override
  public boolean detects(Workbook wb) {
    return anySheet(wb, s -> codeRow(s) >= 0);
  }

  /** The row (of the first six) with at least two "(HHn)" codes, or -1. */
  private static int codeRow(Sheet s) {
    for (int r = 0; r <= 5; r++) {
      if (s.getRow(r) != null && hhCodes(s.getRow(r)).size() >= 2) {
        return r;
      }
    }
    return -1;
  }

  @Override
  List<WorkbookLayouts.Rec> records(Workbook wb) {
    List<WorkbookLayouts.Rec> out = new ArrayList<>();
    for (Sheet s : wb) {
      int codeRow = codeRow(s);
      if (codeRow < 0) {
        continue;
      }
      Map<Integer, String> codes = hhCodes(s.getRow(codeRow));
      Map<Integer, String> codeRowTexts = rowTexts(s.getRow(codeRow));
      Map<Integer, String> keys = new TreeMap<>();
      for (Map.Entry<Integer, String> e : codes.entrySet()) {
        int c = e.getKey();
        String code = e.getValue();
        keys.put(c, code);
        int yearCol = -1;
        for (int k = c + 1; k <= c + 4; k++) {
          if ("year".equalsIgnoreCase(trim(codeRowTexts.get(k)))) {
            yearCol = k;
            break;
          }
        }
        int end = yearCol < 0 ? c + 1 : yearCol;
        for (int k = c + 1; k < end; k++) {
          keys.put(k, code + " footnote");
        }
        if (yearCol > 0) {
          keys.put(yearCol, code + " year");
        }
      }
      for (int r = codeRow + 2; r <= s.getLastRowNum(); r++) {
        Row row = s.getRow(r);
        if (row == null || row.getCell(0) == null || row.getCell(0).getCellType() != CellType.NUMERIC
            || text(row.getCell(1)) == null) {
          continue; // title, source and footnote rows
        }
        Map<String, String> f = new LinkedHashMap<>();
        f.put("No.", text(row.getCell(0)));
        f.put("economy", text(row.getCell(1)));
        int slots = putCells(f, row, 2, keys::get, codes::containsKey);
        out.add(new WorkbookLayouts.Rec(r + 1L, f, slots));
      }
    }
    return out;
  }

  private static Map<Integer, String> hhCodes(Row row) {
    Map<Integer, String> m = new TreeMap<>();
    rowTexts(row).forEach((k, v) -> {
      Matcher x = HH_CODE.matcher(v.trim());
      if (x.matches()) {
        m.put(k, x.group(1));
      }
    });
    return m;
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    List<ValueSlot> out = new ArrayList<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String k = e.getKey();
      if (CORE_HH.matcher(k).matches()) {
        out.add(ValueSlot.value(null, fields.get("economy"), k, fields.get(k + " year"), e.getValue(), null,
            prefixed("ITU footnote ", fields.get(k + " footnote")), null));
      }
    }
    return out;
  }
}
