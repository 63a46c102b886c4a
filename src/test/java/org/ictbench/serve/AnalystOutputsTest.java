package org.ictbench.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.cli.Main;
import org.ictbench.curate.Catalog;
import org.ictbench.testing.ParquetFooters;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jobs/sql.sh and jobs/export.sh as analysts use them, on a lake holding the bundled reference tables
 * (silver.country with its Russian and Chinese names, silver.indicator): byte-exact CSV (LF for pipes;
 * BOM and CRLF for Excel), one Parquet file, and a workbook with a sheet per table plus units and
 * sources. Expected text comes from the resource files, read here on their own.
 */
class AnalystOutputsTest {
  static final String COUNTRY_CSV = "/ictbench/reference/country.csv";
  static SparkSession spark;
  static Path lake;
  static Path out;
  static List<String> countryLines;

  @BeforeAll
  static void lake() throws Exception {
    spark = TestSpark.get();
    lake = TestSpark.tempDir("outputs-lake");
    out = TestSpark.tempDir("outputs");
    try (InputStream in = AnalystOutputsTest.class.getResourceAsStream(COUNTRY_CSV)) {
      countryLines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    // silver.country as text columns, exactly the resource's rows
    Path csv = Files.writeString(out.resolve("country.csv"), String.join("\n", countryLines) + "\n");
    spark.read().option("header", "true").option("encoding", "UTF-8").csv(csv.toString())
        .write().format("delta").save(lake.resolve("silver/country").toString());
    Catalog.load().indicatorTable(spark).write().format("delta").save(lake.resolve("silver/indicator").toString());
    spark.sql("SELECT * FROM VALUES ('BLR', 2024, 88.5D), ('CHN', 2024, 85.8D) AS t(iso3, edition, idi)")
        .write().format("delta").save(lake.resolve("gold/idi_score").toString());
  }

  static String line(String iso3) {
    return countryLines.stream().filter(l -> l.startsWith(iso3 + ",")).findFirst().orElseThrow();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static int run(ByteArrayOutputStream stdout, String... args) {
    PrintStream saved = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      return Main.execute(args);
    } finally {
      System.setOut(saved);
    }
  }

  @Test
  void sqlCsvOnStdoutIsUtf8WithLfLineEnds() {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    assertEquals(0, run(stdout, "sql", "--curated", lake.toString(), "--format", "csv",
        "SELECT iso3, name_ru, name_zh FROM silver.country WHERE iso3 IN ('BLR', 'CHN') ORDER BY iso3"));
    String[] blr = line("BLR").split(",");
    String[] chn = line("CHN").split(",");
    String expected = "iso3,name_ru,name_zh\n" + "BLR," + blr[4] + "," + blr[5] + "\n" + "CHN," + chn[4] + "," + chn[5]
        + "\n";
    assertEquals("Беларусь", blr[4]);
    assertEquals("中国", chn[5]);
    assertArrayEquals(bytes(expected), stdout.toByteArray());
  }

  @Test
  void csvExportForExcelHasABomAndCrlfAndTheResourcesText() throws Exception {
    Path file = out.resolve("country-excel.csv");
    assertEquals(0, run(new ByteArrayOutputStream(), "export", "silver.country", "--curated", lake.toString(),
        "--format", "csv", "--excel", "--out", file.toString(), "--where", "iso3 = 'BLR'"));
    byte[] got = Files.readAllBytes(file);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    expected.write(bytes(countryLines.get(0) + "\r\n" + line("BLR") + "\r\n"));
    assertArrayEquals(expected.toByteArray(), got);
  }

  @Test
  void csvExportByDefaultHasNoBomAndLfLineEnds() throws Exception {
    Path file = out.resolve("country.csv");
    assertEquals(0, run(new ByteArrayOutputStream(), "export", "silver.country", "--curated", lake.toString(),
        "--format", "csv", "--out", file.toString(), "--where", "iso3 = 'CHN'"));
    assertArrayEquals(bytes(countryLines.get(0) + "\n" + line("CHN") + "\n"), Files.readAllBytes(file));
  }

  @Test
  void parquetExportIsOneFile() throws Exception {
    Path file = out.resolve("country.parquet");
    assertEquals(0, run(new ByteArrayOutputStream(), "export", "silver.country", "--curated", lake.toString(),
        "--format", "parquet", "--out", file.toString()));
    assertTrue(Files.isRegularFile(file), "a file, not a folder");
    byte[] b = Files.readAllBytes(file);
    assertEquals("PAR1", new String(b, 0, 4, StandardCharsets.US_ASCII));
    assertEquals("PAR1", new String(b, b.length - 4, 4, StandardCharsets.US_ASCII));
    try (var siblings = Files.list(out)) {
      assertEquals(List.of(), siblings.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList());
    }
    Dataset<Row> back = spark.read().parquet(file.toString());
    assertEquals(countryLines.size() - 1, back.count());
    assertEquals("中国", back.where("iso3 = 'CHN'").first().getAs("name_zh"));
    assertTrue(ParquetFooters.columnsWithMinMax(file).contains("name_ru"));
  }

  @Test
  void xlsxHoldsASheetPerTablePlusUnitsAndSources() throws Exception {
    Path file = out.resolve("benchmark.xlsx");
    assertEquals(0, run(new ByteArrayOutputStream(), "export", "gold.idi_score", "silver.country", "--curated",
        lake.toString(), "--format", "xlsx", "--out", file.toString()));
    try (XSSFWorkbook wb = new XSSFWorkbook(file.toFile())) {
      assertEquals(3, wb.getNumberOfSheets());
      assertEquals(List.of("gold.idi_score", "silver.country", "units and sources"),
          List.of(wb.getSheetName(0), wb.getSheetName(1), wb.getSheetName(2)));

      XSSFSheet scores = wb.getSheet("gold.idi_score");
      assertEquals(List.of("iso3", "edition", "idi"), header(scores));
      assertEquals(2, scores.getLastRowNum());
      Map<String, Double> idi = new HashMap<>();
      for (int r = 1; r <= 2; r++) {
        idi.put(scores.getRow(r).getCell(0).getStringCellValue(), scores.getRow(r).getCell(2).getNumericCellValue());
      }
      assertEquals(Map.of("BLR", 88.5, "CHN", 85.8), idi);

      XSSFSheet countries = wb.getSheet("silver.country");
      List<String> head = Arrays.asList(countryLines.get(0).split(",", -1));
      assertEquals(head, header(countries));
      assertEquals(countryLines.size() - 1, countries.getLastRowNum());
      for (int r = 1; r <= countries.getLastRowNum(); r++) {
        XSSFRow row = countries.getRow(r);
        if (row.getCell(0).getStringCellValue().equals("CHN")) {
          String[] chn = line("CHN").split(",", -1);
          assertEquals(chn[4], row.getCell(head.indexOf("name_ru")).getStringCellValue());
          assertEquals(chn[5], row.getCell(head.indexOf("name_zh")).getStringCellValue());
        }
      }

      XSSFSheet units = wb.getSheet("units and sources");
      List<String> uh = header(units);
      Map<String, String> unitById = new HashMap<>();
      List<String> sources = new ArrayList<>();
      for (int r = 1; r <= units.getLastRowNum(); r++) {
        XSSFRow row = units.getRow(r);
        String kind = row.getCell(uh.indexOf("kind")).getStringCellValue();
        String id = row.getCell(uh.indexOf("id")).getStringCellValue();
        if (kind.equals("indicator")) {
          unitById.put(id, row.getCell(uh.indexOf("unit")).getStringCellValue());
        } else {
          assertEquals("source", kind);
          sources.add(id);
        }
      }
      assertEquals(resourceColumn("/ictbench/catalog/indicator.csv", "indicator_id", "unit"), unitById);
      assertEquals(new ArrayList<>(resourceColumn("/ictbench/catalog/source.csv", "source_id", "publisher").keySet())
          .stream().sorted().toList(), sources.stream().sorted().toList());
    }
  }

  @Test
  void severalTablesNeedXlsxAndExcelNeedsCsv() {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    assertEquals(2, run(o, "export", "gold.idi_score", "silver.country", "--curated", lake.toString(), "--format",
        "csv", "--out", out.resolve("x.csv").toString()));
    assertEquals(2, run(o, "export", "gold.idi_score", "--curated", lake.toString(), "--format", "parquet",
        "--excel", "--out", out.resolve("x.parquet").toString()));
    assertFalse(Files.exists(out.resolve("x.csv")));
  }

  static List<String> header(XSSFSheet sheet) {
    List<String> h = new ArrayList<>();
    sheet.getRow(0).forEach(c -> h.add(c.getStringCellValue()));
    return h;
  }

  static Map<String, String> resourceColumn(String resource, String key, String value) throws Exception {
    Map<String, String> m = new HashMap<>();
    try (InputStream in = AnalystOutputsTest.class.getResourceAsStream(resource)) {
      for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        m.put(r.get(key), r.get(value));
      }
    }
    return m;
  }
}
