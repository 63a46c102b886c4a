package org.ictbench.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.cli.Main;
import org.ictbench.core.IctbenchException;
import org.ictbench.testing.ParquetFooters;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each export format read back with its own reader (Commons CSV, Arrow, POI, Spark) against the fixture. */
class TableExportTest {
  static final StructType SCHEMA = new StructType()
      .add("iso3", DataTypes.StringType)
      .add("note", DataTypes.StringType)
      .add("value", DataTypes.DoubleType)
      .add("count", DataTypes.LongType)
      .add("day", DataTypes.DateType)
      .add("at", DataTypes.TimestampType)
      .add("fields", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
  // notes: formula-like text, a plain text with a comma and quote, a negative number kept as number
  static final List<Row> ROWS = List.of(
      RowFactory.create("BLR", "=HYPERLINK(\"http://x\")", 88.5, 1L, Date.valueOf("2024-06-30"),
          Timestamp.valueOf("2025-10-01 12:30:00"), Map.of("k", "v")),
      RowFactory.create("CHN", "+86 10 1234", -3.25, 2L, Date.valueOf("2023-01-01"), null, null),
      RowFactory.create("ARM", "-2+3", null, null, null, null, null),
      RowFactory.create("KAZ", "@SUM(A1)", 0.5, 4L, null, null, null),
      RowFactory.create("RUS", "plain, \"quoted\" text", 1e10, 5L, null, null, null),
      RowFactory.create("UZB", null, 7.0, 6L, null, null, null));
  static final String[] EXPECTED_NOTES = {"'=HYPERLINK(\"http://x\")", "'+86 10 1234", "'-2+3", "'@SUM(A1)",
      "plain, \"quoted\" text", null};

  static SparkSession spark;
  static Dataset<Row> df;
  static Path dir;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.get();
    df = spark.createDataFrame(ROWS, SCHEMA);
    dir = TestSpark.tempDir("export");
  }

  @Test
  void neutraliseOnlyTouchesTheFourLeadingCharacters() {
    assertEquals("'=1+1", TableExport.neutralise("=1+1"));
    assertEquals("'+1", TableExport.neutralise("+1"));
    assertEquals("'-1", TableExport.neutralise("-1"));
    assertEquals("'@A", TableExport.neutralise("@A"));
    assertEquals("a=1", TableExport.neutralise("a=1"));
    assertEquals(" =1", TableExport.neutralise(" =1"));
    assertEquals("", TableExport.neutralise(""));
    assertNull(TableExport.neutralise(null));
  }

  @Test
  void csvIsRfc4180WithNeutralisedTextAndPlainNumbers() throws Exception {
    Path out = dir.resolve("t.csv");
    TableExport.Result r = TableExport.export(df, TableExport.Format.CSV, out.toString());
    assertEquals(6, r.rows());
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(text.startsWith("iso3,note,value,count,day,at,fields\n"), text);
    try (Reader in = Files.newBufferedReader(out);
        CSVParser p = CSVParser.parse(in, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
      List<CSVRecord> recs = p.getRecords();
      assertEquals(6, recs.size());
      for (int i = 0; i < 6; i++) {
        assertEquals(ROWS.get(i).getString(0), recs.get(i).get("iso3"));
        assertEquals(EXPECTED_NOTES[i] == null ? "" : EXPECTED_NOTES[i], recs.get(i).get("note"));
      }
      assertEquals("-3.25", recs.get(1).get("value")); // a negative number is not neutralised
      assertEquals("10000000000", recs.get(4).get("value"));
      assertEquals("", recs.get(2).get("value"));
      assertEquals("2024-06-30", recs.get(0).get("day"));
      assertEquals("2025-10-01T12:30:00Z", recs.get(0).get("at"));
      assertEquals("{\"k\":\"v\"}", recs.get(0).get("fields"));
    }
  }

  @Test
  void arrowIpcFileReadsBackWithArrowsReader() throws Exception {
    Path out = dir.resolve("t.arrow");
    TableExport.export(df, TableExport.Format.ARROW, out.toString());
    try (RootAllocator alloc = new RootAllocator();
        FileInputStream in = new FileInputStream(out.toFile());
        ArrowFileReader reader = new ArrowFileReader(in.getChannel(), alloc)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      assertEquals(List.of("iso3", "note", "value", "count", "day", "at", "fields"),
          root.getSchema().getFields().stream().map(f -> f.getName()).toList());
      int total = 0;
      while (reader.loadNextBatch()) {
        VarCharVector iso = (VarCharVector) root.getVector("iso3");
        VarCharVector note = (VarCharVector) root.getVector("note");
        Float8Vector value = (Float8Vector) root.getVector("value");
        BigIntVector count = (BigIntVector) root.getVector("count");
        DateDayVector day = (DateDayVector) root.getVector("day");
        TimeStampMicroTZVector at = (TimeStampMicroTZVector) root.getVector("at");
        for (int i = 0; i < root.getRowCount(); i++, total++) {
          Row e = ROWS.get(total);
          assertEquals(e.getString(0), new String(iso.get(i), StandardCharsets.UTF_8));
          // Arrow is for programs: text is exported as is
          assertEquals(e.isNullAt(1) ? null : e.getString(1),
              note.isNull(i) ? null : new String(note.get(i), StandardCharsets.UTF_8));
          assertEquals(e.isNullAt(2) ? null : e.getDouble(2), value.isNull(i) ? null : value.get(i));
          assertEquals(e.isNullAt(3) ? null : e.getLong(3), count.isNull(i) ? null : count.get(i));
          assertEquals(e.isNullAt(4) ? null : e.getDate(4).toLocalDate(),
              day.isNull(i) ? null : LocalDate.ofEpochDay(day.get(i)));
          assertEquals(e.isNullAt(5) ? null : e.getTimestamp(5).toInstant().toEpochMilli() * 1000,
              at.isNull(i) ? null : at.get(i));
        }
      }
      assertEquals(ROWS.size(), total);
    }
  }

  @Test
  void xlsxKeepsNumbersAsNumbersAndNeutralisesText() throws Exception {
    Path out = dir.resolve("t.xlsx");
    TableExport.export(df, TableExport.Format.XLSX, out.toString());
    try (XSSFWorkbook wb = new XSSFWorkbook(out.toFile())) {
      XSSFSheet sheet = wb.getSheetAt(0);
      assertEquals(6, sheet.getLastRowNum());
      assertEquals("note", sheet.getRow(0).getCell(1).getStringCellValue());
      for (int i = 0; i < 6; i++) {
        XSSFRow row = sheet.getRow(i + 1);
        assertEquals(ROWS.get(i).getString(0), row.getCell(0).getStringCellValue());
        if (EXPECTED_NOTES[i] == null) {
          assertNull(row.getCell(1));
        } else {
          assertEquals(CellType.STRING, row.getCell(1).getCellType());
          assertEquals(EXPECTED_NOTES[i], row.getCell(1).getStringCellValue());
        }
        for (int c = 0; c < row.getLastCellNum(); c++) {
          if (row.getCell(c) != null) {
            assertFalse(row.getCell(c).getCellType() == CellType.FORMULA, "no formula cells");
          }
        }
      }
      assertEquals(CellType.NUMERIC, sheet.getRow(2).getCell(2).getCellType());
      assertEquals(-3.25, sheet.getRow(2).getCell(2).getNumericCellValue());
      assertEquals(1e10, sheet.getRow(5).getCell(2).getNumericCellValue());
      assertEquals(2.0, sheet.getRow(2).getCell(3).getNumericCellValue());
      assertTrue(DateUtil.isCellDateFormatted(sheet.getRow(1).getCell(4)));
      assertEquals(LocalDate.of(2024, 6, 30), sheet.getRow(1).getCell(4).getLocalDateTimeCellValue().toLocalDate());
    }
  }

  @Test
  void parquetIsOneFileThatSparkReadsBack() throws Exception {
    Path out = dir.resolve("t.parquet");
    TableExport.export(df, TableExport.Format.PARQUET, out.toString());
    assertTrue(Files.isRegularFile(out));
    Dataset<Row> back = spark.read().parquet(out.toString());
    assertEquals(SCHEMA.fieldNames().length, back.columns().length);
    Dataset<Row> flatIn = TableExport.flatten(df);
    Dataset<Row> flatBack = TableExport.flatten(back.select(java.util.Arrays.stream(df.columns())
        .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new)));
    assertEquals(0, flatIn.exceptAll(flatBack).count());
    assertEquals(0, flatBack.exceptAll(flatIn).count());
    assertEquals("=HYPERLINK(\"http://x\")", back.where("iso3 = 'BLR'").first().getAs("note"),
        "Parquet keeps text as is");
    // unlike the lake's files, an export carries min/max statistics for every column with values
    assertTrue(ParquetFooters.columnsWithMinMax(out)
        .containsAll(List.of("iso3", "note")));
  }

  @Test
  void excelRowLimitIsAClearError() {
    Dataset<Row> big = spark.range(TableExport.EXCEL_MAX_DATA_ROWS + 1).toDF("id");
    Path out = dir.resolve("big.xlsx");
    IctbenchException e = assertThrows(IctbenchException.class,
        () -> TableExport.export(big, TableExport.Format.XLSX, out.toString()));
    assertTrue(e.getMessage().contains("1048575"), e.getMessage());
    assertTrue(e.getMessage().contains("--format csv"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void exportCommandReadsATableByNameWithWhere() throws Exception {
    Path curated = TestSpark.tempDir("export-curated");
    df.drop("fields").write().format("delta").save(curated.resolve("gold/idi_score").toString());
    Path out = dir.resolve("cli.csv");
    int rc = Main.execute("export", "gold.idi_score", "--format", "csv", "--out", out.toString(),
        "--curated", curated.toString(), "--where", "value > 0");
    assertEquals(0, rc);
    List<String> lines = Files.readAllLines(out);
    assertEquals(List.of("BLR", "KAZ", "RUS", "UZB"),
        lines.subList(1, lines.size()).stream().map(l -> l.substring(0, 3)).sorted().toList());
    assertEquals(2, Main.execute("export", "gold.nope", "--format", "csv", "--out", out.toString(),
        "--curated", curated.toString()));
    assertEquals(2, Main.execute("export", "gold.idi_score", "--format", "xls", "--out", out.toString(),
        "--curated", curated.toString()));
  }
}
