package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.NumberToTextConverter;

/**
 * The workbook layouts ictbench reads with Apache POI, detected from the cells (never the file name),
 * and how each one turns into records: one record per data row of a sheet, its fields a map of
 * disambiguated header → raw cell text, exactly as the cell holds it (numbers in full precision,
 * text untouched; a blank cell is no field). Header, title and footer rows are layout, not records.
 *
 * <p>Field naming, which curation relies on:
 * <ul>
 *   <li>{@link SourceFormat#ITU_WTI_WORKBOOK}: {@code economy}; {@code <block title>|<year>} for each
 *       value (the block title is the row-0 text above the year headers, so the absolute and per-100
 *       blocks under repeated year headers stay apart); {@code Notes <year>}, {@code Source <year>};
 *       a cell under no header (the stray helper column) is {@code _col_<n>} (1-based) and no slot.</li>
 *   <li>{@link SourceFormat#ITU_CORE_HOUSEHOLD}: {@code No.}, {@code economy}; per indicator code (e.g.
 *       {@code HH6}) the value {@code HH6}, its label {@code HH6 label} is not repeated per row, the
 *       footnote number {@code HH6 footnote} and {@code HH6 year} (year of data).</li>
 *   <li>{@link SourceFormat#ITU_KEY_AGGREGATES}: {@code _sheet}, {@code _block}, {@code entity};
 *       {@code <block> | <series label>|<year>} for each value (the series label is the unit or
 *       breakdown above the year headers: "Millions", "Per 100 inhabitants", "Urban"...).</li>
 *   <li>{@link SourceFormat#WB_OGHIST}: sheet "Country Analytical History": {@code code},
 *       {@code name}, {@code FYnn} for each fiscal year column.</li>
 * </ul>
 * A record's slot count is the number of its value fields ({@code …|<year>}, {@code HHn},
 * {@code FYnn}).
 */
final class WorkbookLayouts {
  /** One record: its 1-based row number in the sheet, fields, value slots. */
  record Rec(long line, Map<String, String> fields, int slots) {}

  record Detected(SourceFormat format, String reason, LocalDate stated, String statedLabel) {}

  static final Pattern YEAR_KEY = Pattern.compile(".*\\|\\d{4}$");
  private static final Pattern HH_CODE = Pattern.compile("^\\((HH\\w+)\\)$");
  private static final Pattern FY = Pattern.compile("^FY\\d{2}$");
  private static final Pattern ECONOMY_CODE = Pattern.compile("^[A-Z]{2,3}[a-z]?$");
  private static final Pattern MONTH_YEAR = Pattern.compile(
      "(January|February|March|April|May|June|July|August|September|October|November|December)\\s+(\\d{4})");
  private static final String OGHIST_SHEET = "Country Analytical History";

  private WorkbookLayouts() {}

  // ---- detection -------------------------------------------------------------------------------

  static Detected detect(Workbook wb) {
    List<String> names = new ArrayList<>();
    for (Sheet s : wb) {
      names.add(s.getSheetName());
    }
    Sheet og = wb.getSheet(OGHIST_SHEET);
    if (og != null && findRow(og, "Bank's fiscal year:") >= 0) {
      LocalDate d = null;
      String label = null;
      Sheet params = wb.getSheet("Parameters");
      if (params != null) {
        for (Row r : params) {
          String v = text(r.getCell(1));
          Matcher m = v == null ? null : MONTH_YEAR.matcher(v);
          if (m != null && m.find() && "publication date".equalsIgnoreCase(trim(text(r.getCell(0))))) {
            d = LocalDate.of(Integer.parseInt(m.group(2)), month(m.group(1)), 1);
            label = "Publication Date " + v.trim();
          }
        }
      }
      return new Detected(SourceFormat.WB_OGHIST, null, d, label);
    }
    for (Sheet s : wb) {
      for (int r = 0; r <= 5; r++) {
        Row row = s.getRow(r);
        if (row != null && hhCodes(row).size() >= 2) {
          return new Detected(SourceFormat.ITU_CORE_HOUSEHOLD, null, null, null);
        }
      }
    }
    for (Sheet s : wb) {
      if (genderHeader(s) >= 0) {
        return new Detected(SourceFormat.ITU_GENDER_WORKBOOK, null, null, null);
      }
    }
    Sheet first = wb.getNumberOfSheets() > 0 ? wb.getSheetAt(0) : null;
    if (first != null && first.getRow(1) != null && yearCells(first.getRow(1)).size() >= 2
        && rowTexts(first.getRow(1)).values().stream().anyMatch(t -> t.matches("Notes \\d{4}"))) {
      return new Detected(SourceFormat.ITU_WTI_WORKBOOK, null, null, null);
    }
    for (Sheet s : wb) {
      String a1 = s.getRow(0) == null ? null : text(s.getRow(0).getCell(0));
      if (a1 != null && a1.trim().startsWith("Key ICT indicators")) {
        LocalDate d = null;
        String label = null;
        for (Row r : s) {
          String v = text(r.getCell(0));
          Matcher m = v == null ? null : MONTH_YEAR.matcher(v);
          if (m != null && v.trim().startsWith("Version") && m.find()) {
            d = LocalDate.of(Integer.parseInt(m.group(2)), month(m.group(1)), 1);
            label = v.trim();
          }
        }
        return new Detected(SourceFormat.ITU_KEY_AGGREGATES, null, d, label);
      }
    }
    return new Detected(null, "workbook (sheets " + names + ") with no known layout (ITU WTI, ITU core household, "
        + "ITU key ICT aggregates or World Bank OGHIST)", null, null);
  }

  // ---- records ---------------------------------------------------------------------------------

  static List<Rec> records(Workbook wb, SourceFormat format) {
    return switch (format) {
      case ITU_WTI_WORKBOOK -> wti(wb.getSheetAt(0));
      case ITU_CORE_HOUSEHOLD -> coreHousehold(wb);
      case ITU_KEY_AGGREGATES -> aggregates(wb);
      case WB_OGHIST -> oghist(wb.getSheet(OGHIST_SHEET));
      case ITU_GENDER_WORKBOOK -> gender(wb);
      default -> throw new IllegalArgumentException(format + " is not a workbook layout");
    };
  }

  /** Row 0: block titles; row 1: years and Notes/Source headers; then one economy per row. */
  static List<Rec> wti(Sheet s) {
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
    List<Rec> out = new ArrayList<>();
    for (int r = 2; r <= s.getLastRowNum(); r++) {
      Row row = s.getRow(r);
      String name = row == null ? null : trim(text(row.getCell(0)));
      if (name == null || name.isEmpty()) {
        continue;
      }
      Map<String, String> f = new LinkedHashMap<>();
      f.put("economy", text(row.getCell(0)));
      for (Cell c : row) {
        if (c.getColumnIndex() == 0) {
          continue;
        }
        String v = text(c);
        if (v != null) {
          String key = headers.get(c.getColumnIndex());
          put(f, key == null || key.isEmpty() ? "_col_" + (c.getColumnIndex() + 1) : key, v);
        }
      }
      out.add(new Rec(r + 1L, f, countYearKeys(f)));
    }
    return out;
  }

  /** Three header rows (group title / "(HHn)" code / label); value, footnote and "Year of data" columns. */
  static List<Rec> coreHousehold(Workbook wb) {
    List<Rec> out = new ArrayList<>();
    for (Sheet s : wb) {
      int codeRow = -1;
      for (int r = 0; r <= 5 && codeRow < 0; r++) {
        if (s.getRow(r) != null && hhCodes(s.getRow(r)).size() >= 2) {
          codeRow = r;
        }
      }
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
        int slots = 0;
        for (Cell c : row) {
          int i = c.getColumnIndex();
          String v = text(c);
          if (i <= 1 || v == null) {
            continue;
          }
          String key = keys.get(i);
          if (key != null && codes.containsKey(i)) {
            slots++;
          }
          put(f, key == null ? "_col_" + (i + 1) : key, v);
        }
        out.add(new Rec(r + 1L, f, slots));
      }
    }
    return out;
  }

  /**
   * Stacked blocks: a block title in column A (sometimes with "/unit" and the year headers on the
   * same row), a row of series labels above the year headers ("Millions" … "Per 100 inhabitants"),
   * a row of year headers, then one entity per row. Labels persist until a new label row replaces
   * those from its first column on.
   */
  static List<Rec> aggregates(Workbook wb) {
    List<Rec> out = new ArrayList<>();
    for (Sheet s : wb) {
      TreeMap<Integer, String> labels = new TreeMap<>();
      TreeMap<Integer, Integer> years = new TreeMap<>();
      String block = null;
      for (Row row : s) {
        Map<Integer, String> texts = rowTexts(row);
        if (texts.isEmpty()) {
          continue;
        }
        String a = trim(texts.get(0));
        Map<Integer, Integer> ys = yearCells(row);
        boolean hasA = a != null && !a.isEmpty();
        if (ys.size() >= 3) { // a year-header row (maybe with the block title in A)
          years.clear();
          years.putAll(ys);
          if (hasA) {
            block = a;
          }
          continue;
        }
        long valueCells = texts.entrySet().stream()
            .filter(e -> e.getKey() > 0 && years.containsKey(e.getKey()) && isValueText(e.getValue())).count();
        if (!hasA) { // a label row above the years
          int firstCol = texts.keySet().stream().mapToInt(Integer::intValue).min().orElse(0);
          labels.tailMap(firstCol, true).clear();
          texts.forEach((k, v) -> labels.put(k, v.trim()));
          continue;
        }
        if (valueCells == 0) { // a block title, a note or the source footer
          if (texts.size() == 1) {
            block = a;
          } else { // a title with labels on the same row
            block = a;
            int firstCol = texts.keySet().stream().filter(k -> k > 0).mapToInt(Integer::intValue).min().orElse(1);
            labels.tailMap(firstCol, true).clear();
            texts.forEach((k, v) -> {
              if (k > 0) {
                labels.put(k, v.trim());
              }
            });
          }
          continue;
        }
        Map<String, String> f = new LinkedHashMap<>();
        f.put("_sheet", s.getSheetName());
        f.put("_block", block == null ? "" : block);
        f.put("entity", texts.get(0));
        for (Cell c : row) {
          int i = c.getColumnIndex();
          String v = text(c);
          if (i == 0 || v == null) {
            continue;
          }
          Integer y = years.get(i);
          Map.Entry<Integer, String> label = labels.floorEntry(i);
          String key = y == null ? "_col_" + (i + 1)
              : seriesName(block) + " | " + seriesName(label == null ? "" : label.getValue()) + "|" + y;
          put(f, key, v);
        }
        out.add(new Rec(row.getRowNum() + 1L, f, countYearKeys(f)));
      }
    }
    return out;
  }

  /** The row holding "Economy name", "Male" and "Female" headers, or -1. */
  private static int genderHeader(Sheet s) {
    for (int r = 0; r <= 5; r++) {
      java.util.Collection<String> t = rowTexts(s.getRow(r)).values().stream().map(String::strip).toList();
      if (t.contains("Economy name") && t.contains("Male") && t.contains("Female")) {
        return r;
      }
    }
    return -1;
  }

  /**
   * Internet use by gender: header "Economy name", year ("Latest" above it), "Individuals" ("All"
   * above), "Male", "Female"; a footnote number may follow a value in its own column. Fields:
   * {@code economy}, {@code year}, {@code Individuals}, {@code Male}, {@code Female} and
   * {@code <value> footnote}; three value slots per economy.
   */
  static List<Rec> gender(Workbook wb) {
    List<Rec> out = new ArrayList<>();
    for (Sheet s : wb) {
      int hr = genderHeader(s);
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
        int slots = 0;
        for (Cell c : row) {
          String v = text(c);
          if (v == null) {
            continue;
          }
          String key = keys.get(c.getColumnIndex());
          if (key != null && VALUE_HEADERS.contains(key)) {
            slots++;
          }
          put(f, key == null ? "_col_" + (c.getColumnIndex() + 1) : key, v);
        }
        if (f.get("economy") == null || f.get("year") == null) {
          continue; // title, notes and source footer
        }
        out.add(new Rec(r + 1L, f, slots));
      }
    }
    return out;
  }

  private static final List<String> VALUE_HEADERS = List.of("Individuals", "Male", "Female");

  /** "Bank's fiscal year:" header row with FY89…; then one economy per row with its 2-4 letter code in A. */
  static List<Rec> oghist(Sheet s) {
    int hr = findRow(s, "Bank's fiscal year:");
    Map<Integer, String> fy = new TreeMap<>();
    rowTexts(s.getRow(hr)).forEach((k, v) -> {
      if (FY.matcher(v.trim()).matches()) {
        fy.put(k, v.trim());
      }
    });
    List<Rec> out = new ArrayList<>();
    for (int r = hr + 1; r <= s.getLastRowNum(); r++) {
      Row row = s.getRow(r);
      String code = row == null ? null : trim(text(row.getCell(0)));
      if (code == null || !ECONOMY_CODE.matcher(code).matches()) {
        continue; // threshold rows, notes
      }
      Map<String, String> f = new LinkedHashMap<>();
      f.put("code", text(row.getCell(0)));
      f.put("name", text(row.getCell(1)));
      int slots = 0;
      for (Cell c : row) {
        int i = c.getColumnIndex();
        String v = text(c);
        if (i <= 1 || v == null) {
          continue;
        }
        String key = fy.get(i);
        if (key != null) {
          slots++;
        }
        put(f, key == null ? "_col_" + (i + 1) : key, v);
      }
      out.add(new Rec(r + 1L, f, slots));
    }
    return out;
  }

  /** A block title or series label without its unit suffix ("/Millions", "(%)") and footnote stars. */
  static String seriesName(String s) {
    if (s == null) {
      return "";
    }
    String t = s.replaceAll("\\s+", " ").strip();
    t = t.replaceAll("/[A-Za-z]+$", "").replaceAll("\\s*\\([^)]*\\)$", "").replaceAll("\\*+$", "");
    return t.strip();
  }

  // ---- cells -----------------------------------------------------------------------------------

  /**
   * The raw text of a cell: text as stored, numbers in full precision, formulas by cached result (an
   * .xlsx formula without one: {@code =} and its text); null when blank.
   */
  static String text(Cell c) {
    if (c == null) {
      return null;
    }
    if (c.getCellType() == CellType.FORMULA && c instanceof org.apache.poi.xssf.usermodel.XSSFCell x
        && !x.getCTCell().isSetV()) {
      // a formula the saving program never computed: its text, not POI's default 0 (curation quarantines it)
      return "=" + c.getCellFormula();
    }
    CellType t = c.getCellType() == CellType.FORMULA ? c.getCachedFormulaResultType() : c.getCellType();
    String v = switch (t) {
      case STRING -> c.getStringCellValue();
      case NUMERIC -> NumberToTextConverter.toText(c.getNumericCellValue());
      case BOOLEAN -> c.getBooleanCellValue() ? "TRUE" : "FALSE";
      case ERROR -> "#ERROR";
      default -> null;
    };
    return v == null || v.isEmpty() ? null : v;
  }

  private static Map<Integer, String> rowTexts(Row row) {
    Map<Integer, String> m = new TreeMap<>();
    if (row != null) {
      for (Cell c : row) {
        String v = text(c);
        if (v != null && !v.isBlank()) {
          m.put(c.getColumnIndex(), v);
        }
      }
    }
    return m;
  }

  private static Map<Integer, Integer> yearCells(Row row) {
    Map<Integer, Integer> m = new TreeMap<>();
    rowTexts(row).forEach((k, v) -> {
      if (k > 0 && isYear(v.trim())) {
        m.put(k, Integer.parseInt(yearText(v.trim())));
      }
    });
    return m;
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

  /** A number or a not-available marker: what a data cell holds (labels are other text). */
  private static boolean isValueText(String v) {
    String t = v.strip();
    return t.matches("[+-]?[0-9.]+([eE][+-]?[0-9]+)?") || t.matches("(?i)n/a|n\\.a\\.|\\.{2,3}|-");
  }

  private static boolean isYear(String t) {
    return t.matches("(19|20)\\d{2}(\\.0+)?");
  }

  private static String yearText(String t) {
    return t.substring(0, 4);
  }

  private static int findRow(Sheet s, String text) {
    for (Row r : s) {
      for (Cell c : r) {
        if (text.equalsIgnoreCase(trim(text(c)))) {
          return r.getRowNum();
        }
      }
      if (r.getRowNum() > 20) {
        break;
      }
    }
    return -1;
  }

  private static int countYearKeys(Map<String, String> f) {
    return (int) f.keySet().stream().filter(k -> YEAR_KEY.matcher(k).matches()).count();
  }

  private static void put(Map<String, String> f, String key, String value) {
    f.put(BronzeSchemas.fieldKey(f, key), value);
  }

  private static String trim(String s) {
    return s == null ? null : s.strip();
  }

  private static int month(String name) {
    return java.time.Month.valueOf(name.toUpperCase(Locale.ROOT)).getValue();
  }
}
