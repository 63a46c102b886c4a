package org.ictbench.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.LakeLog;
import org.ictbench.core.ResourceTable;
import org.ictbench.core.Table;
import org.ictbench.core.TableContract;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * bronze.ingest_file's detail_code (tables/ingest_detail_code.csv): its codes are the contract's
 * vocabulary, and every kind of file the scan does not recognise, made here as a real file, gets the
 * code of its kind, from the Java rules and from the Spark column alike.
 */
class IngestDetailCodesTest {
  @Test
  void theCodesAreTheContractsVocabulary() {
    assertEquals(TableContract.get().spec(Table.INGEST_FILE).column("detail_code").orElseThrow().values(),
        IngestDetailCodes.shipped().codes());
  }

  @Test
  void everyKindOfUnrecognisedFileGetsItsCode() throws Exception {
    Path raw = TestSpark.tempDir("detail-codes");
    TestSpark.fixture(raw, "notes/readme.txt", "not a publisher file\n");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(raw.resolve("wdi.csv.gz")))) {
      out.write("Country Name,Country Code\n".getBytes(StandardCharsets.UTF_8));
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(raw.resolve("bundle.zip")))) {
      zip.putNextEntry(new ZipEntry("data.csv"));
      zip.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    // "PK" without a local file header: a zip archive POI does not take for a workbook
    Files.write(raw.resolve("spanned.zip"), new byte[] {'P', 'K', 7, 8, 0x50, 0x4B, 3, 4});
    Files.write(raw.resolve("utf16.csv"), "\uFEFFiso3,value\n".getBytes(StandardCharsets.UTF_16LE));
    Files.write(raw.resolve("image.bin"), new byte[] {1, 2, 0, 0, 9, 9, 9, 9, 9, 9, 9, 9});
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(raw.resolve("budget.xlsx"))) {
      wb.createSheet("Budget").createRow(0).createCell(0).setCellValue("item");
      wb.write(out);
    }
    long max = IngestLimits.shipped().maxWorkbookBytes();
    try (OutputStream out = Files.newOutputStream(raw.resolve("huge.xlsx"))) {
      out.write(new byte[] {0x50, 0x4B, 3, 4});
    }
    try (RandomAccessFile f = new RandomAccessFile(raw.resolve("huge.xlsx").toFile(), "rw")) {
      f.setLength(max + 1);
    }
    TestSpark.fixture(raw, "set/notes.txt", "Entity,Code,Year,Value\n");
    TestSpark.fixture(raw, "_manifest.csv", "path,format,source_id,vintage\nset/notes.txt,OWID_GRAPHER,,\n");
    TestSpark.fixture(raw, "owid.csv", "Entity,Code,Year,Individuals using the Internet (% of population)\n"
        + "Belarus,BLR,2020,85.1\n");

    Map<String, String> codes = new TreeMap<>();
    Map<String, String> details = new TreeMap<>();
    for (Row r : Ingest.scanOnDriverAnySize(LakeLog.hadoopConfiguration(), raw.toString()).files()) {
      String detail = r.getAs("detail");
      details.put(r.getAs("file_name"), detail);
      codes.put(r.getAs("file_name"), IngestDetailCodes.shipped().code(detail));
    }
    Map<String, String> expected = new TreeMap<>(Map.of("readme.txt", "NO_KNOWN_HEADER",
        "wdi.csv.gz", "GZIP_COMPRESSED", "bundle.zip", "WORKBOOK_UNREADABLE", "spanned.zip", "ZIP_ARCHIVE",
        "utf16.csv", "UTF16_TEXT", "image.bin", "BINARY_FILE", "budget.xlsx", "WORKBOOK_UNKNOWN_LAYOUT",
        "huge.xlsx", "WORKBOOK_TOO_LARGE", "notes.txt", "FORMAT_SET_BY_MANIFEST"));
    expected.put("owid.csv", null); // recognised: no detail, no code
    assertEquals(expected, codes, details.toString());
    assertNull(details.get("owid.csv"));
    // the Spark column that gives an earlier log's rows their codes says the same
    List<Row> detailRows = new ArrayList<>();
    details.forEach((f, d) -> detailRows.add(RowFactory.create(f, d)));
    Map<String, String> inSpark = new TreeMap<>();
    for (Row r : TestSpark.get().createDataFrame(detailRows, new StructType().add("file_name", "string")
            .add("detail", "string")).select(col("file_name"), IngestDetailCodes.shipped()
            .codeColumn(col("detail"))).collectAsList()) {
      inSpark.put(r.getString(0), r.getString(1));
    }
    assertEquals(expected, inSpark);
  }

  @Test
  void anyOtherDetailIsOtherAndTheRulesFileIsChecked() {
    assertEquals("OTHER", IngestDetailCodes.shipped().code("a reason no rule knows"));
    assertNull(IngestDetailCodes.shipped().code(null));
    assertThrows(RuntimeException.class, () -> IngestDetailCodes.load(ResourceTable.parse("no-fallback",
        "code,pattern,meaning\nA,^a,an a\n", "x")));
    assertThrows(RuntimeException.class, () -> IngestDetailCodes.load(ResourceTable.parse("bad-pattern",
        "code,pattern,meaning\nA,^(a,an a\nOTHER,,other\n", "x")));
  }
}
