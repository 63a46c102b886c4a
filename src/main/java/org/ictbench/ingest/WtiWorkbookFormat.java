package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * ITU World Telecommunication/ICT Indicators legacy workbook: row 0 block titles, row 1 years and
 * Notes/Source headers, then one economy (by name) per row. Fields {@code economy};
 * {@code <block title>|<year>} for each value (the block title keeps the absolute and per-100 blocks
 * under repeated year headers apart); {@code Notes <year>}, {@code Source <year>}; a cell under no
 * header (the stray helper column) is {@code _col_<n>} (1-based) and no slot.
 */
final class WtiWorkbookFormat extends WorkbookFormat {
  @Override
  public boolean detects(Workbook wb) {
    Sheet first = wb.getNumberOfSheets() > 0 ? wb.getSheetAt(0) : null;
    return first != null && first.getRow(1) != null && yearCells(first.getRow(1)).size() >= 2
        && rowTexts(first.getRow(1)).values().stream().anyMatch(t -> t.matches("Notes \\d{4}"));
  }

  @Override
  List<WorkbookLayouts.Rec> records(Workbook wb) {
    Sheet s = wb.getSheetAt(0);
    TreeMap<Integer, String> blocks = new TreeMap<>(rowTexts(s.getRow(0)));
    Map<Integer, String> headers = new TreeMap<>();
    Row h = s.getRow(1);
    for (Map.Entry<Integer, String> e : rowTexts(h).entrySet()) {
      String t = e.getValue().trim();
      Map.Entry<Integer, String> block = blocks.floorEntry(e.getKey());
      if (isYear(t) && block != null) {
        headers.put(e.getKey(), block.getValue().trim() + "|" + yearText(t));
      } else {
        headers.put(e.getKey(), t);
      }
    }
    List<WorkbookLayouts.Rec> out = new ArrayList<>();
    for (int r = 2; r <= s.getLastRowNum(); r++) {
      Row row = s.getRow(r);
      String name = row == null ? null : trim(text(row.getCell(0)));
      if (name == null || name.isEmpty()) {
        continue;
      }
      Map<String, String> f = new LinkedHashMap<>();
      f.put("economy", text(row.getCell(0)));
      // the slots are the year columns, counted from the keys once all are in
      putCells(f, row, 1, i -> headers.get(i) == null || headers.get(i).isEmpty() ? null : headers.get(i),
          i -> false);
      out.add(new WorkbookLayouts.Rec(r + 1L, f, countYearKeys(f)));
    }
    return out;
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    return seriesYearSlots(fields, "economy", "entity");
  }
}
