package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * Detection and records of the workbook formats, whatever the layout: detection asks each workbook
 * {@link SourceFormat}'s adapter in declaration order (the first that recognises the cells wins;
 * never the file name), records come from the detected format's {@link WorkbookFormat}.
 */
final class WorkbookLayouts {
  /** One record: its 1-based row number in the sheet, fields, value slots. */
  record Rec(long line, Map<String, String> fields, int slots) {}

  record Detected(SourceFormat format, String reason, LocalDate stated, String statedLabel) {}

  private WorkbookLayouts() {}

  static Detected detect(Workbook wb) {
    for (SourceFormat f : SourceFormat.values()) {
      if (f.adapter() instanceof WorkbookFormat w && w.detects(wb)) {
        WorkbookFormat.Stated s = w.stated(wb);
        return new Detected(f, null, s == null ? null : s.date(), s == null ? null : s.label());
      }
    }
    List<String> names = new ArrayList<>();
    for (Sheet s : wb) {
      names.add(s.getSheetName());
    }
    return new Detected(null, "workbook (sheets " + names + ") with no known layout (ITU WTI, ITU core household, "
        + "ITU key ICT aggregates or World Bank OGHIST)", null, null);
  }

  static List<Rec> records(Workbook wb, SourceFormat format) {
    if (!(format.adapter() instanceof WorkbookFormat w)) {
      throw new IllegalArgumentException(format + " is not a workbook layout");
    }
    return w.records(wb);
  }
}
