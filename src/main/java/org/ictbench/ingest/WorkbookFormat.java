package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.NumberToTextConverter;

/**
 * A workbook publisher format read with Apache POI: one record per data row of a sheet, its fields a
 * map of disambiguated header → raw cell text, exactly as the cell holds it (numbers in full
 * precision, text untouched; a blank cell is no field). Header, title and footer rows are layout, not
 * records. A record's slot count is the number of its value fields, which {@link #slots} extracts.
 * The cell helpers here are shared by the workbook adapters.
 */
abstract class WorkbookFormat implements PublisherFormat {
  /** A date the workbook states for itself (its vintage) and the text that states it. */
  record Stated(LocalDate date, String label) {}

  static final Pattern YEAR_KEY = Pattern.compile(".*\\|\\d{4}$");
  private static final Pattern SERIES_YEAR = Pattern.compile("[|]([0-9]{4})$");
  private static final Pattern SERIES = Pattern.compile("^(.*)[|][0-9]{4}$");
  static final Pattern MONTH_YEAR = Pattern.compile(
      "(January|February|March|April|May|June|July|August|September|October|November|December)\\s+(\\d{4})");

  @Override
  public abstract boolean detects(Workbook workbook);

  /** Whether any sheet of the workbook passes the test (a format found on whichever sheet holds it). */
  static boolean anySheet(Workbook workbook, java.util.function.Predicate<Sheet> test) {
    for (Sheet s : workbook) {
      if (test.test(s)) {
        return true;
      }
    }
    return false;
  }

  /** The records of a workbook of this format. */
  abstract List<WorkbookLayouts.Rec> records(Workbook workbook);

  /** The date the workbook states for itself, or null (then the vintage comes from folders or mtime). */
  Stated stated(Workbook workbook) {
    return null;
  }

  @Override
  public final boolean workbook() {
    return true;
  }

  // ---- slots -----------------------------------------------------------------------------------

  /**
   * The value slots of a record whose value fields are {@code <series>|<year>}, with the record's
   * {@code Notes <year>} and {@code Source <year>} as flag and note.
   */
  static List<ValueSlot> seriesYearSlots(Map<String, String> fields, String... nameFields) {
    List<ValueSlot> out = new ArrayList<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      Matcher m = SERIES_YEAR.matcher(e.getKey());
      if (!m.find()) {
        continue;
      }
      String y = m.group(1);
      Matcher series = SERIES.matcher(e.getKey());
      String note = concatWs(fields.get("Notes " + y), fields.get("Source " + y));
      out.add(ValueSlot.value(null, CsvFormat.field(fields, nameFields),
          series.find() ? trimSpaces(series.group(1)) : "", y, e.getValue(), note, note, null));
    }
    return out;
  }

  /** Spark's concat_ws: nulls are skipped, so two nulls give "". */
  private static String concatWs(String a, String b) {
    return a == null ? (b == null ? "" : b) : (b == null ? a : a + "; " + b);
  }

  /** Without leading and trailing ASCII spaces (other blanks are the publisher's text). */
  private static String trimSpaces(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == ' ') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == ' ') {
      e--;
    }
    return s.substring(b, e);
  }

  static String prefixed(String prefix, String v) {
    return v == null ? null : prefix + v;
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

  static Map<Integer, String> rowTexts(Row row) {
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

  static Map<Integer, Integer> yearCells(Row row) {
    Map<Integer, Integer> m = new TreeMap<>();
    rowTexts(row).forEach((k, v) -> {
      if (k > 0 && isYear(v.trim())) {
        m.put(k, Integer.parseInt(yearText(v.trim())));
      }
    });
    return m;
  }

  static boolean isYear(String t) {
    return t.matches("(19|20)\\d{2}(\\.0+)?");
  }

  static String yearText(String t) {
    return t.substring(0, 4);
  }

  /** The row (within the first 21) with a cell holding {@code text}, or -1. */
  static int findRow(Sheet s, String text) {
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

  /**
   * Puts every non-empty cell of {@code row} from column {@code fromColumn} on into {@code f}, under
   * {@code keyOf} its column index ({@code _col_<n>}, 1-based, where that gives null), and returns how
   * many of them are value slots ({@code isSlot} of the column index).
   */
  static int putCells(Map<String, String> f, Row row, int fromColumn, IntFunction<String> keyOf, IntPredicate isSlot) {
    int slots = 0;
    for (Cell c : row) {
      int i = c.getColumnIndex();
      String v = text(c);
      if (i < fromColumn || v == null) {
        continue;
      }
      String key = keyOf.apply(i);
      if (key != null && isSlot.test(i)) {
        slots++;
      }
      put(f, key == null ? "_col_" + (i + 1) : key, v);
    }
    return slots;
  }

  static int countYearKeys(Map<String, String> f) {
    return (int) f.keySet().stream().filter(k -> YEAR_KEY.matcher(k).matches()).count();
  }

  static void put(Map<String, String> f, String key, String value) {
    f.put(BronzeSchemas.fieldKey(f, key), value);
  }

  static String trim(String s) {
    return s == null ? null : s.strip();
  }

  /** "Month yyyy" in {@code text} as that month's first day, or null. */
  static LocalDate monthYear(String text) {
    Matcher m = text == null ? null : MONTH_YEAR.matcher(text);
    if (m == null || !m.find()) {
      return null;
    }
    return LocalDate.of(Integer.parseInt(m.group(2)),
        java.time.Month.valueOf(m.group(1).toUpperCase(Locale.ROOT)).getValue(), 1);
  }
}
