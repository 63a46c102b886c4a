package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * World Bank OGHIST historical income classifications. Sheet "Country Analytical History": a
 * "Bank's fiscal year:" header row with FY89…, then one economy per row with its 2-4 letter code in
 * A. Fields {@code code}, {@code name}, {@code FYnn}; one classification slot per fiscal year
 * ({@code year_raw} FY89 → 1989). The Parameters sheet states the publication date.
 */
final class OghistFormat extends WorkbookFormat {
  private static final String SHEET = "Country Analytical History";
  private static final String HEADER = "Bank's fiscal year:";
  private static final Pattern FY = Pattern.compile("^FY\\d{2}$");
  private static final Pattern FISCAL_YEAR = Pattern.compile("^FY[0-9]{2}$");
  private static final Pattern ECONOMY_CODE = Pattern.compile("^[A-Z]{2,3}[a-z]?$");

  @Override
  public boolean detects(Workbook wb) {
    Sheet og = wb.getSheet(SHEET);
    return og != null && findRow(og, HEADER) >= 0;
  }

  @Override
  Stated stated(Workbook wb) {
    Stated stated = null;
    Sheet params = wb.getSheet("Parameters");
    if (params != null) {
      for (Row r : params) {
        String v = text(r.getCell(1));
        LocalDate d = monthYear(v);
        if (d != null && "publication date".equalsIgnoreCase(trim(text(r.getCell(0))))) {
          stated = new Stated(d, "Publication Date " + v.trim());
        }
      }
    }
    return stated;
  }

  @Override
  List<WorkbookLayouts.Rec> records(Workbook wb) {
    Sheet s = wb.getSheet(SHEET);
    int hr = findRow(s, HEADER);
    Map<Integer, String> fy = new TreeMap<>();
    rowTexts(s.getRow(hr)).forEach((k, v) -> {
      if (FY.matcher(v.trim()).matches()) {
        fy.put(k, v.trim());
      }
    });
    List<WorkbookLayouts.Rec> out = new ArrayList<>();
    for (int r = hr + 1; r <= s.getLastRowNum(); r++) {
      Row row = s.getRow(r);
      String code = row == null ? null : trim(text(row.getCell(0)));
      if (code == null || !ECONOMY_CODE.matcher(code).matches()) {
        continue; // threshold rows, notes
      }
      Map<String, String> f = new LinkedHashMap<>();
      f.put("code", text(row.getCell(0)));
      f.put("name", text(row.getCell(1)));
      int slots = putCells(f, row, 2, fy::get, fy::containsKey);
      out.add(new WorkbookLayouts.Rec(r + 1L, f, slots));
    }
    return out;
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    List<ValueSlot> out = new ArrayList<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String k = e.getKey();
      if (FISCAL_YEAR.matcher(k).matches()) {
        String yy = k.substring(2, 4);
        out.add(ValueSlot.classification(fields.get("code"), fields.get("name"), k,
            (yy.compareTo("50") >= 0 ? "19" : "20") + yy, null, null, e.getValue()));
      }
    }
    return out;
  }
}
