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
 * ITU Individuals using the Internet by gender: header "Economy name", year ("Latest" above it),
 * "Individuals" ("All" above), "Male", "Female"; a footnote number may follow a value in its own
 * column. Fields {@code economy}, {@code year}, {@code Individuals}, {@code Male}, {@code Female}
 * and {@code <value> footnote}; three value slots per economy.
 */
final class GenderWorkbookFormat extends WorkbookFormat {
  private static final List<String> VALUE_HEADERS = List.of("Individuals", "Male", "Female");

  @Override
  public boolean detects(Workbook wb) {
    return anySheet(wb, s -> header(s) >= 0);
  }

  /** The row holding "Economy name", "Male" and "Female" headers, or -1. */
  private static int header(Sheet s) {
    for (int r = 0; r <= 5; r++) {
      java.util.Collection<String> t = rowTexts(s.getRow(r)).values().stream().map(String::strip).toList();
      if (t.contains("Economy name") && t.contains("Male") && t.contains("Female")) {
        return r;
      }
    }
    return -1;
  }

  @Override
  List<WorkbookLayouts.Rec> records(Workbook wb) {
    List<WorkbookLayouts.Rec> out = new ArrayList<>();
    for (Sheet s : wb) {
      int hr = header(s);
      if (hr < 0) {
        continue;
      }
      Map<Integer, String> keys = new TreeMap<>();
      String last = null;
      int maxCol = 0;
      for (Map.Entry<Integer, String> e : rowTexts(s.getRow(hr)).entrySet()) {
        String h = e.getValue().strip();
        keys.put(e.getKey(), h.equals("Economy name") ? "economy" : h.equalsIgnoreCase("year") ? "year" : h);
        maxCol = Math.max(maxCol, e.getKey() + 1);
      }
      for (int c = 0; c <= maxCol; c++) { // unheaded columns after a value hold its footnote number
        if (keys.containsKey(c)) {
          last = keys.get(c);
        } else if (last != null && VALUE_HEADERS.contains(last)) {
          keys.put(c, last + " footnote");
        }
      }
      for (int r = hr + 1; r <= s.getLastRowNum(); r++) {
        Row row = s.getRow(r);
        if (row == null) {
          continue;
        }
        Map<String, String> f = new LinkedHashMap<>();
        int slots = putCells(f, row, 0, keys::get, i -> VALUE_HEADERS.contains(keys.get(i)));
        if (f.get("economy") == null || f.get("year") == null) {
          continue; // title, notes and source footer
        }
        out.add(new WorkbookLayouts.Rec(r + 1L, f, slots));
      }
    }
    return out;
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    List<ValueSlot> out = new ArrayList<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String k = e.getKey();
      if (VALUE_HEADERS.contains(k)) {
        out.add(ValueSlot.value(null, fields.get("economy"), "Internet users by gender|" + k, fields.get("year"),
            e.getValue(), null, prefixed("ITU footnote ", fields.get(k + " footnote")), null));
      }
    }
    return out;
  }
}
