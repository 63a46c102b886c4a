package org.ictbench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * The four workbook layouts on the real files in ../shared/data (expected values read from the
 * files as SOURCES.md describes them) and on small hand-made workbooks per quirk. No Spark needed.
 */
class WorkbookIngestTest {
  private static Workbook open(String rel) throws IOException {
    Path p = TestSpark.requireShared(rel);
    return WorkbookFactory.create(new ByteArrayInputStream(Files.readAllBytes(p)), null);
  }

  private static Map<String, String> record(List<WorkbookLayouts.Rec> recs, String key, String name) {
    return recs.stream().filter(r -> name.equals(r.fields().get(key))).findFirst().orElseThrow().fields();
  }

  @Test
  void wtiWorkbookKeepsAbsoluteAndPer100BlocksApart() throws IOException {
    try (Workbook wb = open("itu/itu_jun2019/Mobile_cellular_2000-2018_Jun2019.xls")) {
      assertEquals(SourceFormat.ITU_WTI_WORKBOOK, WorkbookLayouts.detect(wb).format());
      List<WorkbookLayouts.Rec> recs = WorkbookLayouts.records(wb, SourceFormat.ITU_WTI_WORKBOOK);
      Map<String, String> blr = record(recs, "economy", "Belarus");
      // the cell shows 11,619,651 and 122.93 (two decimals); the raw field keeps full precision
      assertEquals("11619651", blr.get("Mobile-cellular telephone subscriptions|2018"));
      assertEquals(122.93, Double.parseDouble(blr.get("Mobile-cellular telephone subscriptions per 100 inhabitants|2018")), 0.005);
      assertEquals("Ministry of Communications and Informatization", blr.get("Source 2018"));
    }
  }

  @Test
  void strayHelperColumnIsKeptButIsNoValueSlot() throws IOException {
    try (Workbook wb = open("itu/itu_jun2019/Individuals_Internet_2000-2018_Jun2019.xls")) {
      List<WorkbookLayouts.Rec> recs = WorkbookLayouts.records(wb, SourceFormat.ITU_WTI_WORKBOOK);
      long stray = recs.stream().filter(r -> "10.5957264186601".equals(r.fields().get("_col_21"))).count();
      assertEquals(228, stray); // SOURCES.md: column 20 holds 10.5957264186601 on 228 rows
      Map<String, String> blr = record(recs, "economy", "Belarus");
      long yearFields = blr.keySet().stream().filter(k -> k.matches(".*\\|\\d{4}")).count();
      assertEquals(yearFields, recs.stream().filter(r -> r.fields() == blr).findFirst().orElseThrow().slots());
      assertEquals(79.13, Double.parseDouble(blr.get("Percentage of Individuals using the Internet|2018")), 0.005);
    }
  }

  @Test
  void fixedTelephoneRussia2018IsEmptyInBothBlocks() throws IOException {
    try (Workbook wb = open("itu/itu_jun2019/Fixed_tel_2000-2018_Jun2019_revised_27082019.xls")) {
      Map<String, String> rus = record(WorkbookLayouts.records(wb, SourceFormat.ITU_WTI_WORKBOOK), "economy",
          "Russian Federation");
      assertNull(rus.get("Fixed-telephone subscriptions|2018"));
      assertNull(rus.get("Fixed-telephone subscriptions per 100 inhabitants|2018"));
      assertEquals("32276615", rus.get("Fixed-telephone subscriptions|2016"));
    }
  }

  @Test
  void coreHouseholdHasCodeFootnoteAndYearColumns() throws IOException {
    try (Workbook wb = open("itu/itu_jun2019/CoreHouseholdIndicators_Jun2019.xlsx")) {
      assertEquals(SourceFormat.ITU_CORE_HOUSEHOLD, WorkbookLayouts.detect(wb).format());
      List<WorkbookLayouts.Rec> recs = WorkbookLayouts.records(wb, SourceFormat.ITU_CORE_HOUSEHOLD);
      Map<String, String> chn = record(recs, "economy", "China");
      // SOURCES.md: China '50.3','27',2015 (text number, footnote column, year of data)
      assertEquals("50.3", chn.get("HH7"));
      assertEquals("27", chn.get("HH7 footnote"));
      assertEquals("2015", chn.get("HH7 year"));
      assertEquals("...", chn.get("HH6"));
      assertTrue(recs.stream().allMatch(r -> r.slots() == 9), "nine indicators per economy");
    }
  }

  @Test
  void aggregatesWorkbookSplitsTheTwoSeriesOfEachRow() throws IOException {
    try (Workbook wb = open("itu/aggregates_nov2024/ITU_regional_global_Key_ICT_indicator_aggregates_Nov_2024.xlsx")) {
      WorkbookLayouts.Detected d = WorkbookLayouts.detect(wb);
      assertEquals(SourceFormat.ITU_KEY_AGGREGATES, d.format());
      assertEquals(LocalDate.of(2024, 11, 1), d.stated()); // "Version November 2024"
      List<WorkbookLayouts.Rec> recs = WorkbookLayouts.records(wb, SourceFormat.ITU_KEY_AGGREGATES);
      Map<String, String> cis = recs.stream().filter(r -> "CIS".equals(r.fields().get("entity"))
          && r.fields().containsKey("Fixed-broadband subscriptions | Millions|2015")).findFirst().orElseThrow().fields();
      // SOURCES.md: CIS fixed broadband 2015 = 36.3 M in the "By BDT region" sheet
      assertEquals(36.3, Double.parseDouble(cis.get("Fixed-broadband subscriptions | Millions|2015")), 0.05);
      assertTrue(cis.containsKey("Fixed-broadband subscriptions | Per 100 inhabitants|2015"));
      Map<String, String> low = recs.stream().filter(r -> "Low-income".equals(r.fields().get("entity"))).findFirst()
          .orElseThrow().fields();
      assertEquals("N/A", low.get("Fixed-telephone subscriptions | Millions|2005"));
    }
  }

  @Test
  void oghistHasOneClassificationSlotPerFiscalYear() throws IOException {
    try (Workbook wb = open("reference/worldbank/OGHIST_world_bank_income_classification_FY21.xlsx")) {
      WorkbookLayouts.Detected d = WorkbookLayouts.detect(wb);
      assertEquals(SourceFormat.WB_OGHIST, d.format());
      assertEquals(LocalDate.of(2020, 7, 1), d.stated()); // Parameters: Publication Date (July 2020)
      List<WorkbookLayouts.Rec> recs = WorkbookLayouts.records(wb, SourceFormat.WB_OGHIST);
      Map<String, String> blr = record(recs, "code", "BLR");
      // SOURCES.md: BLR is '..' for FY89-FY92, UM for FY93-95, then LM
      assertEquals("..", blr.get("FY89"));
      assertEquals("..", blr.get("FY92"));
      assertEquals("UM", blr.get("FY93"));
      assertEquals("LM", blr.get("FY96"));
      assertTrue(recs.stream().anyMatch(r -> "SUN".equals(r.fields().get("code"))), "former economies kept");
      assertEquals("LM*", record(recs, "code", "YEM").get("FY89"));
    }
  }

  @Test
  void handMadeWtiWorkbookWithRepeatedYearsTextNumbersAndMarkers() throws IOException {
    byte[] bytes;
    try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet s = wb.createSheet("Final");
      Row r0 = s.createRow(0);
      r0.createCell(1).setCellValue("Widgets");
      r0.createCell(4).setCellValue("Widgets per 100 inhabitants");
      r0.createCell(7).setCellValue("Metadata for widgets");
      Row r1 = s.createRow(1);
      for (int i = 0; i < 2; i++) {
        r1.createCell(1 + 3 * i).setCellValue(2000.0);
        r1.createCell(2 + 3 * i).setCellValue(2001.0);
      }
      r1.createCell(7).setCellValue("Notes 2000");
      r1.createCell(8).setCellValue("Source 2000");
      r1.createCell(9).setCellValue("Notes 2001");
      r1.createCell(10).setCellValue("Source 2001");
      Row r2 = s.createRow(2);
      r2.createCell(0).setCellValue("Belarus");
      r2.createCell(1).setCellValue(1234.5);
      r2.createCell(2).setCellValue("...");   // missing marker as text
      r2.createCell(3).setCellValue(99.0);      // stray cell under no header
      r2.createCell(4).setCellValue("12.5");  // number stored as text
      r2.createCell(5).setCellValue("-");     // ITU zero marker
      r2.createCell(8).setCellValue("ITU estimate.");
      s.createRow(3).createCell(0).setCellValue("");
      wb.write(out);
      bytes = out.toByteArray();
    }
    assertTrue(WorkbookReader.isWorkbook(bytes));
    assertFalse(WorkbookReader.isWorkbook("Entity,Code,Year,x\n".getBytes()));
    try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
      assertEquals(SourceFormat.ITU_WTI_WORKBOOK, WorkbookLayouts.detect(wb).format());
      List<WorkbookLayouts.Rec> recs = WorkbookLayouts.records(wb, SourceFormat.ITU_WTI_WORKBOOK);
      assertEquals(1, recs.size(), "the blank row is no record");
      Map<String, String> f = recs.get(0).fields();
      assertEquals("1234.5", f.get("Widgets|2000"));
      assertEquals("...", f.get("Widgets|2001"));
      assertEquals("99", f.get("_col_4"));
      assertEquals("12.5", f.get("Widgets per 100 inhabitants|2000"));
      assertEquals("-", f.get("Widgets per 100 inhabitants|2001"));
      assertEquals("ITU estimate.", f.get("Source 2000"));
      assertEquals(4, recs.get(0).slots());
      assertEquals(3L, recs.get(0).line());
    }
  }

  @Test
  void unknownWorkbookIsNotRecognisedWithItsSheets() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      wb.createSheet("Budget").createRow(0).createCell(0).setCellValue("hello");
      WorkbookLayouts.Detected d = WorkbookLayouts.detect(wb);
      assertNull(d.format());
      assertTrue(d.reason().contains("Budget"), d.reason());
    }
  }
}
