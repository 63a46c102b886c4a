package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * ITU Facts and Figures "Key ICT indicators" regional and global aggregates: stacked blocks, a block
 * title in column A (sometimes with "/unit" and the year headers on the same row), a row of series
 * labels above the year headers ("Millions" … "Per 100 inhabitants"), a row of year headers, then one
 * entity per row. Labels persist until a new label row replaces those from its first column on.
 * Fields {@code _sheet}, {@code _block}, {@code entity}; {@code <block> | <series label>|<year>} for
 * each value. A "Version Month yyyy" line states the vintage.
 */
final class AggregatesFormat extends WorkbookFormat {
  @Override
  public boolean detects(Workbook wb) {
    return keySheet(wb) != null;
  }

  /** The first sheet whose A1 starts with "Key ICT indicators", or null. */
  private static Sheet keySheet(Workbook wb) {
    for (Sheet s : wb) {
      String a1 = s.getRow(0) == null ? null : text(s.getRow(0).getCell(0));
      if (a1 != null && a1.trim().startsWith("Key ICT indicators")) {
        return s;
      }
    }
    return null;
  }

  @Override
  Stated stated(Workbook wb) {
    Stated stated = null;
    for (Row r : keySheet(wb)) {
      String v = text(r.getCell(0));
      LocalDate d = v == null || !v.trim().startsWith("Version") ? null : monthYear(v);
      if (d != null) {
        stated = new Stated(d, v.trim());
      }
    }
    return stated;
  }

  @Override
  List<WorkbookLayouts.Rec> records(Workbook wb) {
    List<WorkbookLayouts.Rec> out = new ArrayList<>();
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
        out.add(new WorkbookLayouts.Rec(row.getRowNum() + 1L, f, countYearKeys(f)));
      }
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

  /** A number or a not-available marker: what a data cell holds (labels are other text). */
  private static boolean isValueText(String v) {
    String t = v.strip();
    return t.matches("[+-]?[0-9.]+([eE][+-]?[0-9]+)?") || t.matches("(?i)n/a|n\\.a\\.|\\.{2,3}|-");
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    return seriesYearSlots(fields, "economy", "entity");
  }
}
