package org.ictbench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The publisher-format registry without Spark: every {@link SourceFormat} names its own adapter; each
 * format is detected on a small file built here (CSV text, or a workbook built with POI) and on a real
 * file (data/raw, or ../shared/data); and on both, every record's slot count in bronze equals the
 * number of value slots its adapter extracts, which the no-data-lost identity after curation rests on.
 */
class PublisherFormatRegistryTest {
  /** One small CSV per CSV format: a header and data rows as the publisher writes them. */
  private static final Map<SourceFormat, String> CSV = new EnumMap<>(SourceFormat.class);

  static {
    CSV.put(SourceFormat.ITU_DATAHUB_LONG, """
        "seriesID","seriesCode","seriesName","seriesParent","seriesUnits","entityID","entityIso","entityName","dataValue","dataYear","dataNote","dataSource","seriesDescription"
        "1","i99H","Individuals using the Internet","","%","7","BLR","Belarus","89.5","2022","","Belstat",""
        """);
    CSV.put(SourceFormat.WDI_WIDE, """
        "Data Source","World Development Indicators",
        "Last Updated Date","2024-11-13",

        "Country Name","Country Code","Indicator Name","Indicator Code","2020","2021","2022",
        "Belarus","BLR","Individuals using the Internet (% of population)","IT.NET.USER.ZS","","86.9","89.5",
        """);
    CSV.put(SourceFormat.WDI_METADATA_COUNTRY, """
        "Country Code","Region","IncomeGroup","SpecialNotes","TableName",
        "BLR","Europe & Central Asia","Upper middle income","","Belarus",
        """);
    CSV.put(SourceFormat.ITU_IDI_ANNEX, """
        edition,reference_year,iso3,economy,itu_region,income_group,internet_users_pct,cov_4g_pct,internet_users_pct_flag,cov_4g_pct_flag,source
        2024,2022,BLR,Belarus,CIS,UMI,89.5,98.0,,2021,ITU annex
        """);
    CSV.put(SourceFormat.WDI_METADATA_INDICATOR, """
        "INDICATOR_CODE","INDICATOR_NAME","SOURCE_NOTE","SOURCE_ORGANIZATION",
        "IT.NET.USER.ZS","Individuals using the Internet (% of population)","Internet users are...","ITU",
        """);
    CSV.put(SourceFormat.OWID_GRAPHER, """
        Entity,Code,Year,Fixed broadband subscriptions (per 100 people)
        Belarus,BLR,2020,34.1
        """);
    CSV.put(SourceFormat.PEER_GROUP_MEMBERSHIP, """
        group_id,group_name,country_name,iso3,m49,membership_status,joined,left
        EAEU,Eurasian Economic Union,Belarus,BLR,112,member,2015-01-01,
        """);
    CSV.put(SourceFormat.UNSD_M49_LIST, """
        Global Code,Global Name,Region Code,Region Name,Sub-region Code,Sub-region Name,Country or Area,M49 Code,ISO-alpha2 Code,ISO-alpha3 Code
        001,World,150,Europe,151,Eastern Europe,Belarus,112,BY,BLR
        """);
    CSV.put(SourceFormat.COUNTRY_CODES_LIST, """
        ISO3166-1-Alpha-3,M49,CLDR display name,official_name_en,Sub-region Name
        BLR,112,Belarus,Belarus,Eastern Europe
        """);
  }

  /** One real file per format: bundled under data/raw where it ships one, else in ../shared/data. */
  private static final Map<SourceFormat, String> REAL = new EnumMap<>(SourceFormat.class);

  static {
    REAL.put(SourceFormat.ITU_DATAHUB_LONG, "raw:itu_datahub/2025-10/individuals_using_internet.csv");
    REAL.put(SourceFormat.WDI_WIDE, "raw:wdi/2024-11/API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv");
    REAL.put(SourceFormat.WDI_METADATA_COUNTRY, "raw:wdi/2024-11/Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv");
    REAL.put(SourceFormat.ITU_IDI_ANNEX, "raw:itu_idi/2024/idi2024_indicator_values.csv");
    REAL.put(SourceFormat.WDI_METADATA_INDICATOR,
        "wdi/wdi_2022-02_gni_pc/Metadata_Indicator_API_NY.GNP.PCAP.CD_DS2_en_csv_v2_3470973.csv");
    REAL.put(SourceFormat.OWID_GRAPHER, "owid/grapher_2023-04/broadband-penetration-by-country.csv");
    REAL.put(SourceFormat.PEER_GROUP_MEMBERSHIP, "reference/groups/peer_group_membership.csv");
    REAL.put(SourceFormat.WB_OGHIST, "reference/worldbank/OGHIST_world_bank_income_classification_FY21.xlsx");
    REAL.put(SourceFormat.ITU_CORE_HOUSEHOLD, "itu/itu_jun2019/CoreHouseholdIndicators_Jun2019.xlsx");
    REAL.put(SourceFormat.ITU_GENDER_WORKBOOK, "itu/itu_jun2019/Individuals using the internet by gender_Jun2019.xlsx");
    REAL.put(SourceFormat.ITU_WTI_WORKBOOK, "itu/itu_jun2019/Individuals_Internet_2000-2018_Jun2019.xls");
    REAL.put(SourceFormat.ITU_KEY_AGGREGATES,
        "itu/aggregates_nov2024/ITU_regional_global_Key_ICT_indicator_aggregates_Nov_2024.xlsx");
    REAL.put(SourceFormat.UNSD_M49_LIST, "reference/country-codes/UNSD-ru.csv");
    REAL.put(SourceFormat.COUNTRY_CODES_LIST, "reference/country-codes/country-codes.csv");
  }

  @Test
  void everyFormatNamesItsOwnAdapter() {
    Set<Class<?>> classes = new HashSet<>();
    for (SourceFormat f : SourceFormat.values()) {
      PublisherFormat a = f.adapter();
      assertNotNull(a, f.name());
      assertTrue(classes.add(a.getClass()), f + " shares its adapter class " + a.getClass().getSimpleName());
      assertEquals(f.workbook(), a instanceof WorkbookFormat, f.name());
      assertEquals(!f.workbook(), a instanceof CsvFormat, f.name());
      assertTrue(CSV.containsKey(f) != f.workbook(), f + ": a fixture in this test for each CSV format");
      assertTrue(REAL.containsKey(f), f + ": a real file in this test for each format");
    }
  }

  @Test
  void eachCsvFormatIsDetectedAndItsSlotCountIsWhatItsAdapterExtracts() {
    for (Map.Entry<SourceFormat, String> e : CSV.entrySet()) {
      SourceFormat f = e.getKey();
      byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
      FormatDetector.Detection d = FormatDetector.detect("fixture.csv", bytes);
      assertEquals(f, d.format(), f + ": " + d.reason());
      List<Record> records = csvRecords(new ByteArrayInputStream(bytes), f);
      assertFalse(records.isEmpty(), f.name());
      for (Record r : records) {
        assertEquals(r.slots(), f.adapter().slots(r.fields(), LocalDate.of(2024, 11, 1)).size(), f + " " + r.fields());
      }
    }
  }

  @Test
  void csvAdaptersReadTheSlotsTheFixturesHold() {
    ValueSlot dataHub = only(SourceFormat.ITU_DATAHUB_LONG);
    assertEquals(ValueSlot.value("BLR", "Belarus", "i99H", "2022", "89.5", "Belstat", "", "%"), dataHub);

    List<ValueSlot> wdi = slots(SourceFormat.WDI_WIDE);
    assertEquals(List.of("2020", "2021", "2022"), wdi.stream().map(ValueSlot::year).toList());
    assertEquals(ValueSlot.value("BLR", "Belarus", "IT.NET.USER.ZS", "2021", "86.9", null, null,
        "Individuals using the Internet (% of population)"), wdi.get(1));

    assertEquals(ValueSlot.classification("BLR", "Belarus", null, null, "", "Europe & Central Asia",
        "Upper middle income"), only(SourceFormat.WDI_METADATA_COUNTRY));

    // two indicators (each with a _flag sibling) and the classification; a flag that is a year is the data year
    List<ValueSlot> idi = slots(SourceFormat.ITU_IDI_ANNEX);
    assertEquals(3, idi.size());
    assertEquals(ValueSlot.value("BLR", "Belarus", "internet_users_pct", "2022", "89.5", "", "ITU annex", null),
        idi.get(0));
    assertEquals(ValueSlot.value("BLR", "Belarus", "cov_4g_pct", "2021", "98.0", "2021", "ITU annex", null),
        idi.get(1));
    assertEquals(ValueSlot.classification("BLR", "Belarus", null, "2024", "ITU annex", "CIS", "UMI"), idi.get(2));

    assertEquals(ValueSlot.value("BLR", "Belarus", "Fixed broadband subscriptions (per 100 people)", "2020", "34.1",
        null, null, "Fixed broadband subscriptions (per 100 people)"), only(SourceFormat.OWID_GRAPHER));
    assertEquals(ValueSlot.classification("BLR", "Belarus", null, null, null, "Eastern Europe", null),
        only(SourceFormat.UNSD_M49_LIST));
    assertEquals(ValueSlot.classification("BLR", "Belarus", null, null, null, "Eastern Europe", null),
        only(SourceFormat.COUNTRY_CODES_LIST));
    assertTrue(slots(SourceFormat.WDI_METADATA_INDICATOR).isEmpty());
    assertTrue(slots(SourceFormat.PEER_GROUP_MEMBERSHIP).isEmpty());
  }

  @Test
  void eachWorkbookFormatIsDetectedOnAWorkbookBuiltHere() throws IOException {
    Map<SourceFormat, Workbook> books = new EnumMap<>(SourceFormat.class);
    books.put(SourceFormat.ITU_WTI_WORKBOOK, wti());
    books.put(SourceFormat.ITU_CORE_HOUSEHOLD, coreHousehold());
    books.put(SourceFormat.ITU_GENDER_WORKBOOK, gender());
    books.put(SourceFormat.ITU_KEY_AGGREGATES, aggregates());
    books.put(SourceFormat.WB_OGHIST, oghist());
    for (SourceFormat f : SourceFormat.values()) {
      assertEquals(f.workbook(), books.containsKey(f), f + ": a workbook built in this test for each workbook format");
    }
    for (Map.Entry<SourceFormat, Workbook> e : books.entrySet()) {
      try (Workbook wb = e.getValue()) {
        WorkbookLayouts.Detected d = WorkbookLayouts.detect(wb);
        assertEquals(e.getKey(), d.format(), e.getKey() + ": " + d.reason());
        List<WorkbookLayouts.Rec> recs = WorkbookLayouts.records(wb, e.getKey());
        assertEquals(1, recs.size(), e.getKey().name());
        WorkbookLayouts.Rec r = recs.get(0);
        List<ValueSlot> slots = e.getKey().adapter().slots(r.fields(), null);
        assertEquals(r.slots(), slots.size(), e.getKey() + " " + r.fields());
        expectWorkbookSlots(e.getKey(), slots, d);
      }
    }
  }

  private static void expectWorkbookSlots(SourceFormat f, List<ValueSlot> slots, WorkbookLayouts.Detected d) {
    switch (f) {
      case ITU_WTI_WORKBOOK -> assertEquals(List.of(
          ValueSlot.value(null, "Belarus", "Percentage of Individuals using the Internet", "2017", "74.4", "", "", null),
          ValueSlot.value(null, "Belarus", "Percentage of Individuals using the Internet", "2018", "79.1",
              "ITU estimate; Belstat", "ITU estimate; Belstat", null)), slots);
      case ITU_CORE_HOUSEHOLD -> assertEquals(List.of(
          ValueSlot.value(null, "Belarus", "HH6", "2018", "75.3", null, "ITU footnote 2", null),
          ValueSlot.value(null, "Belarus", "HH7", "2017", "70.1", null, null, null)), slots);
      case ITU_GENDER_WORKBOOK -> assertEquals(List.of(
          ValueSlot.value(null, "Belarus", "Internet users by gender|Individuals", "2018", "79.1", null, null, null),
          ValueSlot.value(null, "Belarus", "Internet users by gender|Male", "2018", "80.2", null, "ITU footnote 3", null),
          ValueSlot.value(null, "Belarus", "Internet users by gender|Female", "2018", "78", null, null, null)), slots);
      case ITU_KEY_AGGREGATES -> {
        assertEquals(List.of(
            ValueSlot.value(null, "World", "Internet use | Per 100 inhabitants", "2023", "65", "", "", null),
            ValueSlot.value(null, "World", "Internet use | Per 100 inhabitants", "2024", "68", "", "", null)), slots);
        assertEquals(LocalDate.of(2024, 11, 1), d.stated());
        assertEquals("Version November 2024", d.statedLabel());
      }
      case WB_OGHIST -> {
        assertEquals(List.of(
            ValueSlot.classification("BLR", "Belarus", "FY89", "1989", null, null, ".."),
            ValueSlot.classification("BLR", "Belarus", "FY21", "2021", null, null, "UM")), slots);
        assertEquals(LocalDate.of(2020, 7, 1), d.stated());
        assertEquals("Publication Date (July 2020)", d.statedLabel());
      }
      default -> throw new AssertionError(f + " is not a workbook format");
    }
  }

  /**
   * Every format detected on a real file, and on all of the file's records the slot counts bronze
   * stores equal the slots the adapter extracts. Files in ../shared/data: skipped without it on a
   * developer machine, a failure under CI=true.
   */
  @Test
  void everyFormatIsDetectedOnARealFileAndCountsTheSlotsItExtracts() throws IOException {
    for (Map.Entry<SourceFormat, String> e : REAL.entrySet()) {
      SourceFormat f = e.getKey();
      String rel = e.getValue();
      Path p = rel.startsWith("raw:") ? TestSpark.bundledRaw().resolve(rel.substring(4)) : TestSpark.requireShared(rel);
      byte[] bytes = Files.readAllBytes(p);
      List<Record> records = new ArrayList<>();
      if (f.workbook()) {
        assertTrue(WorkbookReader.isWorkbook(bytes), rel);
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(bytes), null)) {
          assertEquals(f, WorkbookLayouts.detect(wb).format(), rel);
          WorkbookLayouts.records(wb, f).forEach(r -> records.add(new Record(r.fields(), r.slots())));
        }
      } else {
        FormatDetector.Detection d = FormatDetector.detect(p.getFileName().toString(),
            java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 16 * 1024)));
        assertEquals(f, d.format(), rel + ": " + d.reason());
        records.addAll(csvRecords(new ByteArrayInputStream(bytes), f));
      }
      assertFalse(records.isEmpty(), rel);
      long stored = 0;
      long extracted = 0;
      for (Record r : records) {
        if (!r.fields().containsKey(BronzeSchemas.MALFORMED_FIELD)) {
          stored += r.slots();
          extracted += f.adapter().slots(r.fields(), LocalDate.of(2024, 11, 1)).size();
        }
      }
      assertEquals(stored, extracted, rel);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private record Record(Map<String, String> fields, int slots) {}

  /** A CSV's records through the bronze parser: fields and stored slot count. */
  private static List<Record> csvRecords(InputStream in, SourceFormat f) {
    Object[] lineage = {"run", f.sourceId(), f.name(), "file:/fixture.csv", "fixture.csv", "sha", null};
    List<Record> out = new ArrayList<>();
    try (RecordParser parser = new RecordParser(in, "file:/fixture.csv", f, lineage)) {
      while (parser.hasNext()) {
        org.apache.spark.sql.Row row = parser.next();
        @SuppressWarnings("unchecked")
        scala.collection.Map<String, String> fields = (scala.collection.Map<String, String>) row.get(lineage.length + 2);
        out.add(new Record(new LinkedHashMap<>(CollectionConverters.asJava(fields)), row.getInt(lineage.length + 3)));
      }
    }
    return out;
  }

  private static List<ValueSlot> slots(SourceFormat f) {
    Record r = csvRecords(new ByteArrayInputStream(CSV.get(f).getBytes(StandardCharsets.UTF_8)), f).get(0);
    return f.adapter().slots(r.fields(), LocalDate.of(2024, 11, 1));
  }

  private static ValueSlot only(SourceFormat f) {
    List<ValueSlot> s = slots(f);
    assertEquals(1, s.size(), f.name());
    return s.get(0);
  }

  private static void row(Sheet s, int r, Object... cells) {
    Row row = s.createRow(r);
    for (int i = 0; i < cells.length; i++) {
      if (cells[i] instanceof String t) {
        row.createCell(i).setCellValue(t);
      } else if (cells[i] instanceof Number n) {
        row.createCell(i).setCellValue(n.doubleValue());
      }
    }
  }

  /** Row 0 block title, row 1 years and Notes/Source headers, then an economy. */
  private static Workbook wti() {
    Workbook wb = new XSSFWorkbook();
    Sheet s = wb.createSheet("Internet");
    row(s, 0, null, "Percentage of Individuals using the Internet");
    row(s, 1, null, 2017, 2018, "Notes 2018", "Source 2018");
    row(s, 2, "Belarus", 74.4, 79.1, "ITU estimate", "Belstat");
    return wb;
  }

  /** Group title / "(HHn)" codes with footnote and "Year" columns / labels, then a numbered economy. */
  private static Workbook coreHousehold() {
    Workbook wb = new XSSFWorkbook();
    Sheet s = wb.createSheet("Core");
    row(s, 0, "Core household indicators");
    row(s, 1, null, null, "(HH6)", null, "Year", "(HH7)", "Year");
    row(s, 2, "No.", "Economy", "Households with Internet", null, null, "Households with a computer", null);
    row(s, 3, 1, "Belarus", 75.3, 2, 2018, 70.1, 2017);
    row(s, 5, "Source: ITU");
    return wb;
  }

  /** "Economy name", year, Individuals, Male (a footnote column after it), Female. */
  private static Workbook gender() {
    Workbook wb = new XSSFWorkbook();
    Sheet s = wb.createSheet("Gender");
    row(s, 0, null, "Latest", "All");
    row(s, 1, "Economy name", "Year", "Individuals", "Male", null, "Female");
    row(s, 2, "Belarus", 2018, 79.1, 80.2, 3, 78.0);
    row(s, 4, "Note: latest year available");
    return wb;
  }

  /** A "Key ICT indicators" sheet: block title, series label above the years, year headers, an entity. */
  private static Workbook aggregates() {
    Workbook wb = new XSSFWorkbook();
    Sheet s = wb.createSheet("Internet use");
    row(s, 0, "Key ICT indicators for the world and special regions (totals and penetration rates)");
    row(s, 1, "Version November 2024");
    row(s, 2, "Internet use (%)");
    row(s, 3, null, "Per 100 inhabitants");
    row(s, 4, null, 2022, 2023, 2024);
    row(s, 5, "World", null, 65, 68);
    return wb;
  }

  /** Parameters sheet with the publication date; "Country Analytical History" with FY headers. */
  private static Workbook oghist() {
    Workbook wb = new XSSFWorkbook();
    row(wb.createSheet("Parameters"), 0, "Publication Date", "(July 2020)");
    Sheet s = wb.createSheet("Country Analytical History");
    row(s, 0, "World Bank Analytical Classifications");
    row(s, 4, "Data for calendar year :", null, 1987, 2019);
    row(s, 5, "Bank's fiscal year:", null, "FY89", "FY21");
    row(s, 6, "Low income (L)", "<= 480", "<= 480", "<= 1,035");
    row(s, 7, "BLR", "Belarus", "..", "UM");
    return wb;
  }

  @Test
  void anUnknownHeaderNamesNoFormat() {
    FormatDetector.Detection d = FormatDetector.detect("x.csv", "a,b,c\n1,2,3\n".getBytes(StandardCharsets.UTF_8));
    assertNull(d.format());
    assertTrue(d.reason().startsWith("no known header in the first 10 lines"), d.reason());
  }
}
