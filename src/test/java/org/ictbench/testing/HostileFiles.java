package org.ictbench.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbookType;

/**
 * Hostile raw inputs, made from the project's own bundled files in {@code data/raw} (never copies of
 * ../shared): truncated, re-encoded, binary, huge, malformed, injected, oddly named, linked, special,
 * bombed and otherwise mangled variants of an ITU DataHub export, a WDI wide CSV and its metadata
 * companions, the IDI annex and a workbook in ITU's WTI layout built from the DataHub values.
 *
 * <p>Every case states its expected outcome, from the documentation (README "Input formats", the
 * quarantine reason table, the resolver's rules in {@code reference/README.md}), not from running the
 * code: ingested clean, quarantined with a named reason, the file rejected (the run fails with the
 * file named and the documented exit code) or the file skipped with the reason in the run's output.
 * The cases that do not fail the run share two raw folders ({@link #acceptedRaws()}); each rejected
 * case gets its own ({@link #rejectedRaw}). A folder outside every raw root holds files with
 * {@link #OUTSIDE_MARKER}, which links point at: no byte of them may reach bronze.
 */
public final class HostileFiles {
  public enum Outcome { CLEAN, QUARANTINED, REJECTED, SKIPPED }

  /**
   * One case. {@code path} is relative to its raw folder; {@code expect} is the quarantine reason
   * (QUARANTINED), a fragment of the run's skip reason or error message (SKIPPED, REJECTED), or null;
   * {@code value} is the one observation a single-record CLEAN case must give (null: not checked);
   * {@code exitCode} the documented exit code of a REJECTED case.
   */
  public record Case(String id, String category, String path, Outcome outcome, String expect, Double value,
      int exitCode, boolean onlyReason) {}

  /** Text no file under a raw root holds; the outside files carry it in names, values and notes. */
  public static final String OUTSIDE_MARKER = "OUTSIDE-THE-RAW-ROOT-7f3a";
  /** The nearest dated folder of every case: its vintage. */
  private static final String VINTAGE = "2025-01";

  private final Path base;
  private final List<Case> cases = new ArrayList<>();
  private final byte[] datahubHeader;
  private final List<String> datahubRows;
  private final String wdi;
  private final String wdiMeta;
  private final String annex;
  private final Random random = new Random(22);

  private HostileFiles(Path base) throws IOException {
    this.base = base;
    Path raw = TestSpark.bundledRaw();
    byte[] dh = Files.readAllBytes(raw.resolve("itu_datahub/2025-10/individuals_using_internet.csv"));
    String text = new String(dh, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    this.datahubHeader = text.substring(0, nl + 1).getBytes(StandardCharsets.UTF_8);
    this.datahubRows = new ArrayList<>(List.of(text.substring(nl + 1).split("\n")));
    this.wdi = Files.readString(raw.resolve("wdi/2023-05/API_IT.NET.USER.ZS_DS2_en_csv_v2_5455054.csv"));
    this.wdiMeta = Files.readString(raw.resolve("wdi/2023-05/Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_5455054.csv"));
    this.annex = Files.readString(raw.resolve("itu_idi/2024/idi2024_indicator_values.csv"));
  }

  public List<Case> cases() {
    return Collections.unmodifiableList(cases);
  }

  /**
   * The raw folders of the cases that do not fail the run, two lakes of at most 200 files each (the
   * size the pipeline fingerprints on the driver, without Spark).
   */
  public List<Path> acceptedRaws() {
    return List.of(acceptedRaw(1), acceptedRaw(2));
  }

  private Path acceptedRaw(int lake) {
    return base.resolve("accepted-" + lake).resolve("raw");
  }

  private static final java.util.Set<String> LAKE_1 = java.util.Set.of("truncation", "empty", "bom", "line_endings",
      "encoding", "binary", "huge", "value", "links", "special");

  private Path acceptedRaw(String category) {
    return acceptedRaw(LAKE_1.contains(category) ? 1 : 2);
  }

  public Path rejectedRaw(Case c) {
    return base.resolve("rejected").resolve(c.id().replaceAll("[^A-Za-z0-9]", "_")).resolve("raw");
  }

  public Path outside() {
    return base.resolve("outside");
  }

  /** The folder a case's file is in (its raw folder, accepted or its own). */
  public Path rawOf(Case c) {
    return c.outcome() == Outcome.REJECTED ? rejectedRaw(c) : acceptedRaw(c.category());
  }

  public static HostileFiles generate(Path base, boolean root) throws IOException, InterruptedException {
    HostileFiles h = new HostileFiles(base);
    h.outsideFiles();
    h.truncation();
    h.emptyAndHeaderOnly();
    h.boms();
    h.lineEndings();
    h.encodings();
    h.binary();
    h.huge();
    h.valueGrammar();
    h.years();
    h.duplicates();
    h.countries();
    h.indicators();
    h.injection();
    h.names();
    h.links();
    h.special(root);
    h.workbookBombs();
    h.workbookOddities();
    h.wdiCompanions();
    h.sameContent();
    h.structure();
    return h;
  }

  // ---- building blocks ---------------------------------------------------------------------------

  private static String q(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  /** A DataHub data line of series {@code code}, fields as given (quoted like the export). */
  private static String dh(String code, String iso, String name, String value, String year, String note) {
    return "11624," + q(code) + "," + q("Individuals using the Internet") + ",," + q("%") + ",37," + q(iso) + ","
        + q(name) + "," + q(value) + "," + q(year) + "," + q(note) + "," + q("ITU estimate.") + ","
        + q("Internet users as a share of the population, in percent.");
  }

  private static String dh(String iso, String name, String value, String year) {
    return dh("i99H", iso, name, value, year, "");
  }

  private byte[] datahub(String... lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(datahubHeader);
    for (String l : lines) {
      out.writeBytes((l + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** The bundled DataHub export's first {@code n} data rows (with its header). */
  private byte[] datahubFirst(int n) {
    return datahub(datahubRows.subList(0, n).toArray(new String[0]));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private Path write(String category, String name, byte[] content, Outcome outcome, String expect, Double value,
      int exitCode, boolean onlyReason) throws IOException {
    String id = category + "/" + name;
    String rel = VINTAGE + "/" + category + "/" + name;
    Case c = new Case(id, category, rel, outcome, expect, value, exitCode, onlyReason);
    cases.add(c);
    Path p = rawOf(c).resolve(rel);
    Files.createDirectories(p.getParent());
    if (content != null) {
      Files.write(p, content);
    }
    return p;
  }

  private void clean(String category, String name, byte[] content) throws IOException {
    write(category, name, content, Outcome.CLEAN, null, null, 0, false);
  }

  private void cleanValue(String category, String name, byte[] content, double value) throws IOException {
    write(category, name, content, Outcome.CLEAN, null, value, 0, false);
  }

  /** Quarantined with {@code reason}; {@code only}: every slot of the file is quarantined with it. */
  private void quarantined(String category, String name, byte[] content, String reason, boolean only)
      throws IOException {
    write(category, name, content, Outcome.QUARANTINED, reason, null, 0, only);
  }

  private void skipped(String category, String name, byte[] content, String reasonFragment) throws IOException {
    write(category, name, content, Outcome.SKIPPED, reasonFragment, null, 0, false);
  }

  private void rejected(String category, String name, byte[] content, String messageFragment, int exitCode)
      throws IOException {
    write(category, name, content, Outcome.REJECTED, messageFragment, null, exitCode, false);
  }

  // ---- the outside folder --------------------------------------------------------------------------

  private void outsideFiles() throws IOException {
    Files.createDirectories(outside().resolve("folder"));
    byte[] secret = datahub(dh("BLR", OUTSIDE_MARKER, "77.777", "2020"), dh("i99H", "CHN", "China", "66.666", "2020",
        OUTSIDE_MARKER));
    Files.write(outside().resolve("secret.csv"), secret);
    Files.write(outside().resolve("folder").resolve("also_secret.csv"), secret);
    Files.writeString(outside().resolve("secret.txt"), OUTSIDE_MARKER + "\n");
  }

  // ---- categories ----------------------------------------------------------------------------------

  private void truncation() throws IOException {
    String c = "truncation";
    byte[] full = datahubFirst(20);
    String text = new String(full, StandardCharsets.UTF_8);
    // mid-record: the last record loses its last fields (an unquoted cut)
    int lastStart = text.lastIndexOf('\n', text.length() - 2) + 1;
    String midRecord = text.substring(0, lastStart + text.substring(lastStart).indexOf(",\"ALB\"") + 6) + "\n";
    quarantined(c, "mid_record.csv", utf8(midRecord), "MALFORMED_RECORD", false);
    // mid-quote: the file ends inside a quoted field
    String midQuote = text.substring(0, lastStart + text.substring(lastStart).indexOf("Internet users as") + 8);
    rejected(c, "mid_quote.csv", utf8(midQuote), "Cannot parse record 20", 3);
    // a quoted field with a line break, then the end of the file
    String withBreak = dh("i99H", "BLR", "Belarus", "50", "2020", "first line\nsecond");
    rejected(c, "mid_quote_newline.csv", utf8(text + withBreak.substring(0, withBreak.indexOf("second"))),
        "Cannot parse record 21", 3);
    // WDI: a country row cut among its years
    int at = wdi.indexOf("\"Belarus\"");
    String wdiCut = wdi.substring(0, wdi.indexOf('\n', at + 200) - 40) + "\n";
    quarantined(c, "wdi_mid_years.csv", utf8(wdiCut), "MALFORMED_RECORD", false);
    // the IDI annex cut in a record
    int annexCut = annex.indexOf('\n', annex.length() / 2) + 30;
    quarantined(c, "annex_mid_record.csv", utf8(annex.substring(0, annexCut) + "\n"), "MALFORMED_RECORD", false);
    // mid-gzip and a whole gzip: compressed files are named as such, not read
    byte[] gz = gzip(full);
    skipped(c, "mid_gzip.csv.gz", java.util.Arrays.copyOf(gz, gz.length / 2), "gzip-compressed");
    skipped(c, "whole.csv.gz", gz, "gzip-compressed");
    skipped(c, "gzip_named_csv.csv", gz, "gzip-compressed");
    // mid-xlsx and mid-xls: containers POI cannot open
    byte[] xlsx = wtiWorkbook(new XSSFWorkbook(), 30);
    skipped(c, "mid_xlsx.xlsx", java.util.Arrays.copyOf(xlsx, xlsx.length / 2), "POI cannot open");
    byte[] xls = wtiWorkbook(new HSSFWorkbook(), 30);
    skipped(c, "mid_xls.xls", java.util.Arrays.copyOf(xls, xls.length / 2), "POI cannot open");
    // cut inside the BOM: two bytes of nothing recognisable
    skipped(c, "mid_bom.csv", new byte[] {(byte) 0xEF, (byte) 0xBB}, "no known header");
    // cut inside a multi-byte UTF-8 character at the very end
    byte[] cote = utf8(text + "11624,\"i99H\",\"x\",,\"%\",37,\"CIV\",\"Cô");
    rejected(c, "mid_utf8_char.csv", java.util.Arrays.copyOf(cote, cote.length - 1), "not UTF-8", 3);
    // truncated to the header's first line only (no newline)
    clean(c, "header_only_cut.csv", java.util.Arrays.copyOf(datahubHeader, datahubHeader.length - 1));
  }

  private void emptyAndHeaderOnly() throws IOException {
    String c = "empty";
    skipped(c, "empty.csv", new byte[0], "no known header");
    skipped(c, "newline.csv", utf8("\n"), "no known header");
    skipped(c, "bom_only.csv", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "no known header");
    skipped(c, "spaces.csv", utf8("   \n\t\n  \r\n"), "no known header");
    clean(c, "datahub_header.csv", datahubHeader);
    clean(c, "datahub_header_blank_lines.csv", concat(datahubHeader, utf8("\n\n\r\n\n")));
    String wdiHeader = wdi.substring(0, wdi.indexOf('\n', wdi.indexOf("\"Country Name\"")) + 1);
    clean(c, "wdi_header.csv", utf8(wdiHeader));
    skipped(c, "wdi_preamble_only.csv", utf8(wdi.substring(0, wdi.indexOf("\"Country Name\""))), "no known header");
    clean(c, "annex_header.csv", utf8(annex.substring(0, annex.indexOf('\n') + 1)));
    clean(c, "metadata_header.csv", utf8(wdiMeta.substring(0, wdiMeta.indexOf('\n') + 1)));
    clean(c, "owid_header.csv", utf8("Entity,Code,Year,Individuals using the Internet (% of population)\n"));
  }

  private void boms() throws IOException {
    String c = "bom";
    clean(c, "utf8_bom.csv", datahubFirst(5));
    byte[] noBom = java.util.Arrays.copyOfRange(datahubFirst(5), 3, datahubFirst(5).length);
    clean(c, "no_bom.csv", noBom);
    clean(c, "double_bom.csv", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, datahubFirst(5)));
    clean(c, "bom_mid_file.csv", concat(datahubFirst(3), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        utf8(datahubRows.get(3) + "\n")));
    skipped(c, "utf16le_bom.csv", concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
        new String(noBom, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE)), "UTF-16");
    skipped(c, "utf16be_bom.csv", new String(noBom, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16),
        "UTF-16");
    skipped(c, "utf32_bom.csv", concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF},
        new String(noBom, StandardCharsets.UTF_8).getBytes(Charset.forName("UTF-32BE"))), "NUL");
    clean(c, "wdi_bom.csv", utf8(wdi));
    clean(c, "bom_crlf.csv", utf8(new String(datahubFirst(5), StandardCharsets.UTF_8).replace("\n", "\r\n")));
  }

  private void lineEndings() throws IOException {
    String c = "line_endings";
    String text = new String(datahubFirst(8), StandardCharsets.UTF_8);
    clean(c, "lf.csv", utf8(text));
    clean(c, "crlf.csv", utf8(text.replace("\n", "\r\n")));
    clean(c, "cr_only.csv", utf8(text.replace("\n", "\r")));
    StringBuilder mixed = new StringBuilder();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      mixed.append(lines[i]).append(i % 2 == 0 ? "\r\n" : "\n");
    }
    clean(c, "mixed.csv", utf8(mixed.toString()));
    clean(c, "wdi_cr_only.csv", utf8(wdi.replace("\r\n", "\n").replace("\n", "\r")));
    clean(c, "no_final_newline.csv", utf8(text.substring(0, text.length() - 1)));
    clean(c, "lf_cr.csv", utf8(text.replace("\n", "\n\r")));
    cleanValue(c, "crlf_in_note.csv", datahub(dh("i99H", "BLR", "Belarus", "61.5", "2019", "line one\r\nline two")),
        61.5);
    cleanValue(c, "line_separator_in_note.csv", datahub(dh("i99H", "BLR", "Belarus", "61.6", "2019", "a\u2028b\u2029c")),
        61.6);
    cleanValue(c, "form_feed_in_note.csv", datahub(dh("i99H", "BLR", "Belarus", "61.7", "2019", "a\fb\u000Bc")), 61.7);
  }

  private void encodings() throws IOException {
    String c = "encoding";
    Charset cp1251 = Charset.forName("windows-1251");
    Charset latin1 = StandardCharsets.ISO_8859_1;
    Charset gbk = Charset.forName("GBK");
    rejected(c, "cp1251_name.csv", concat(datahubHeader, dh("BLR", "Беларусь", "85.1", "2021").getBytes(cp1251),
        utf8("\n")), "not UTF-8", 3);
    rejected(c, "cp1251_note_late.csv", concat(datahubFirst(60), dh("i99H", "BLR", "Belarus", "85.1", "2021",
        "оценка МСЭ").getBytes(cp1251), utf8("\n")), "not UTF-8", 3);
    skipped(c, "utf16le_no_bom.csv", new String(datahubFirst(5), StandardCharsets.UTF_8).substring(1)
        .getBytes(StandardCharsets.UTF_16LE), "UTF-16");
    skipped(c, "utf16be_no_bom.csv", new String(datahubFirst(5), StandardCharsets.UTF_8).substring(1)
        .getBytes(StandardCharsets.UTF_16BE), "UTF-16");
    rejected(c, "latin1.csv", concat(datahubHeader, dh("CIV", "Côte d'Ivoire", "40.1", "2021").getBytes(latin1),
        utf8("\n")), "not UTF-8", 3);
    rejected(c, "gbk.csv", concat(datahubHeader, dh("CHN", "中国", "73.1", "2021").getBytes(gbk), utf8("\n")),
        "not UTF-8", 3);
    rejected(c, "overlong.csv", replace(concat(datahubHeader, utf8(dh("BLR", "Bela@", "85.1", "2021") + "\n")),
        (byte) '@', new byte[] {(byte) 0xC0, (byte) 0xAF}), "not UTF-8", 3);
    rejected(c, "lone_continuation.csv", replace(concat(datahubHeader, utf8(dh("BLR", "Bela@", "85.1", "2021") + "\n")),
        (byte) '@', new byte[] {(byte) 0x80}), "not UTF-8", 3);
    rejected(c, "encoded_surrogate.csv", replace(concat(datahubHeader, utf8(dh("BLR", "Bela@", "85.1", "2021") + "\n")),
        (byte) '@', new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "not UTF-8", 3);
    rejected(c, "cp1252_quotes.csv", replace(concat(datahubHeader, utf8(dh("i99H", "BLR", "Belarus", "85.1", "2021",
        "@estimate@") + "\n")), (byte) '@', new byte[] {(byte) 0x93}), "not UTF-8", 3);
    skipped(c, "nul_in_head.csv", replace(datahubFirst(5), (byte) '%', new byte[] {0}), "NUL");
    // a NUL byte beyond the 16 KB the scanner looks at: read as text, the value is not a number
    quarantined(c, "nul_in_value_late.csv", concat(datahubFirst(150), utf8(dh("BLR", "Belarus", "8\u00005", "2021") + "\n")),
        "UNPARSEABLE_VALUE", false);
    cleanValue(c, "utf8_cyrillic_name.csv", datahub(dh("", "Беларусь", "85.2", "2021")), 85.2);
    cleanValue(c, "utf8_chinese_name.csv", datahub(dh("", "中国", "73.2", "2021")), 73.2);
    cleanValue(c, "utf8_emoji_note.csv", datahub(dh("i99H", "BLR", "Belarus", "85.3", "2021", "📶 estimate ✓")), 85.3);
  }

  private static byte[] replace(byte[] in, byte what, byte[] with) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : in) {
      if (b == what) {
        out.writeBytes(with);
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  private void binary() throws IOException {
    String c = "binary";
    byte[] rnd = new byte[8192];
    random.nextBytes(rnd);
    skipped(c, "random.csv", rnd, "binary");
    byte[] high = new byte[4096];
    for (int i = 0; i < high.length; i++) {
      high[i] = (byte) (0x80 + random.nextInt(0x7F) + 1);
    }
    skipped(c, "high_bytes.csv", high, "no known header");
    skipped(c, "png.csv", concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H',
        'D', 'R'}, rnd), "binary");
    skipped(c, "pdf.csv", utf8("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), "no known header");
    skipped(c, "elf.csv", concat(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, rnd), "binary");
    skipped(c, "jpeg.csv", concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I',
        'F', 0}, rnd), "binary");
    skipped(c, "sqlite.csv", concat(utf8("SQLite format 3"), new byte[] {0}, rnd), "binary");
    skipped(c, "jar.csv", zip("META-INF/MANIFEST.MF", utf8("Manifest-Version: 1.0\n")), "POI cannot open");
    skipped(c, "garbage.xls", utf8("this is not a workbook\n"), "no known header");
    // the name says xlsx, the content is a DataHub CSV: detected by content
    clean(c, "datahub_named.xlsx", datahubFirst(7));
    // the name says csv, the content is a workbook in ITU's WTI layout
    clean(c, "workbook_named.csv", wtiWorkbook(new XSSFWorkbook(), 20));
  }

  private void huge() throws IOException {
    String c = "huge";
    cleanValue(c, "note_200k.csv", datahub(dh("i99H", "BLR", "Belarus", "62.1", "2019", "n".repeat(200_000))), 62.1);
    rejected(c, "note_2m.csv", datahub(dh("i99H", "BLR", "Belarus", "62.2", "2019", "n".repeat(2_000_000))),
        "longer than", 3);
    rejected(c, "unquoted_line_3m.csv", concat(datahubHeader, utf8("x".repeat(3_000_000) + "\n")), "longer than", 3);
    // an unclosed quote: the rest of a 5 MB file (no other quote in it) would be one field
    StringBuilder sb = new StringBuilder(new String(datahubFirst(3), StandardCharsets.UTF_8));
    sb.append("11624,\"i99H,oops\n");
    while (sb.length() < 5_000_000) {
      sb.append(datahubRows.get(sb.length() % 40).replace("\"", "")).append('\n');
    }
    rejected(c, "unclosed_quote_5m.csv", utf8(sb.toString()), "longer than", 3);
    // 20,000 extra header columns (named, not years: no slots) on a WDI file
    String wdiHeaderLine = wdi.substring(wdi.indexOf("\"Country Name\""), wdi.indexOf('\n', wdi.indexOf("\"Country Name\"")));
    StringBuilder wide = new StringBuilder(wdiHeaderLine.replaceAll(",\\s*$", ""));
    for (int i = 0; i < 20_000; i++) {
      wide.append(",\"extra").append(i).append('"');
    }
    String wdiWide = wdi.replace(wdiHeaderLine, wide.toString());
    quarantined(c, "wdi_header_20k_columns.csv", utf8(wdiWide), "MALFORMED_RECORD", true);
    // a header line longer than the scanner's 16 KB look-ahead
    StringBuilder longHeader = new StringBuilder(new String(datahubHeader, StandardCharsets.UTF_8).trim());
    for (int i = 0; i < 5_000; i++) {
      longHeader.append(",\"col").append(i).append('"');
    }
    quarantined(c, "header_100k.csv", utf8(longHeader + "\n" + String.join("\n", datahubRows.subList(0, 5)) + "\n"),
        "MALFORMED_RECORD", true);
    // a thousand-digit number is a number (infinite as a double): out of the indicator's range
    quarantined(c, "value_1000_digits.csv", datahub(dh("BLR", "Belarus", "1".repeat(1000), "2020")), "OUT_OF_RANGE", true);
    // 5,000 fields in a data row
    quarantined(c, "row_5000_fields.csv", datahub(dh("BLR", "Belarus", "50", "2020") + ",x".repeat(5000)),
        "MALFORMED_RECORD", true);
    cleanValue(c, "quoted_100k_commas.csv", datahub(dh("i99H", "BLR", "Belarus", "62.3", "2019", ",".repeat(100_000))),
        62.3);
    // many records: the bundled rows repeated 300 times, each copy under its own year (the largest case)
    List<String> many = new ArrayList<>();
    for (int rep = 0; rep < 300; rep++) {
      for (String r : datahubRows) {
        if (!r.isBlank()) {
          many.add(r.replaceFirst(",(\\d{4}),", "," + (1700 + rep) + ","));
        }
      }
    }
    quarantined(c, "many_records.csv", datahub(many.toArray(new String[0])), "BAD_YEAR", false);
  }

  private void value(String name, String raw, Double expected, String reason) throws IOException {
    String c = "value";
    byte[] content = datahub(dh("BLR", "Belarus", raw, "2018"));
    if (reason == null) {
      cleanValue(c, name, content, expected);
    } else {
      quarantined(c, name, content, reason, true);
    }
  }

  private void valueGrammar() throws IOException {
    value("plain.csv", "12", 12.0, null);
    value("decimal.csv", "45.25", 45.25, null);
    value("footnote_star.csv", "45.2*", 45.2, null);
    value("footnote_stars.csv", "45.2**", 45.2, null);
    value("leading_dot.csv", ".5", 0.5, null);
    value("trailing_dot.csv", "5.", 5.0, null);
    value("c_exponent.csv", "1.1072e+001", 11.072, null);
    value("exponent_upper.csv", "1E1", 10.0, null);
    value("plus_sign.csv", "+7", 7.0, null);
    value("itu_zero_dash.csv", "-", 0.0, null);
    value("surrounding_spaces.csv", "  12  ", 12.0, null);
    value("hundred.csv", "100", 100.0, null);
    value("zero.csv", "0", 0.0, null);
    value("negative_zero.csv", "-0", -0.0, null);
    value("subnormal.csv", "1e-320", 1e-320, null);
    value("star_after_space.csv", "12 *", 12.0, null);
    for (String[] m : new String[][] {{"empty", ""}, {"two_dots", ".."}, {"three_dots", "..."}, {"n_slash_a", "n/a"},
        {"N_slash_A", "N/A"}, {"n_dot_a", "n.a"}, {"n_dot_a_dot", "n.a."}, {"NA", "NA"}, {"nan", "nan"}, {"NaN", "NaN"},
        {"null", "null"}, {"NULL", "NULL"}, {"two_dashes", "--"}, {"five_dashes", "-----"}, {"spaces_only", "   "},
        {"padded_marker", "  ..  "}}) {
      value("missing_" + m[0] + ".csv", m[1], null, "MISSING_VALUE");
    }
    for (String[] u : new String[][] {{"comma_decimal", "12,5"}, {"space_thousands", "1 000"},
        {"comma_thousands", "1,000"}, {"percent_sign", "12%"}, {"infinity", "Infinity"}, {"neg_infinity", "-Infinity"},
        {"hex", "0x1A"}, {"double_suffix", "1.5d"}, {"float_suffix", "1.5f"}, {"fullwidth_digits", "１２"},
        {"unicode_minus", "\u22125"}, {"range", "12-15"}, {"less_than", "<1"}, {"greater_than", ">99"},
        {"bare_exponent", "1e"}, {"exponent_only", "e5"}, {"dot_only", "."}, {"two_points", "1..2"},
        {"tab_before", "\t12"}, {"newline_inside", "12\n"}, {"arabic_digit", "\u0663"}, {"star_only", "*"},
        {"words", "about twelve"}, {"nbsp_padded", "\u00A012"}}) {
      value("unparseable_" + u[0] + ".csv", u[1], null, "UNPARSEABLE_VALUE");
    }
    value("out_of_range_101.csv", "101", null, "OUT_OF_RANGE");
    value("out_of_range_negative.csv", "-0.5", null, "OUT_OF_RANGE");
    value("out_of_range_1e999.csv", "1e999", null, "OUT_OF_RANGE");
  }

  private void years() throws IOException {
    String c = "year";
    cleanValue(c, "year_2022.csv", datahub(dh("BLR", "Belarus", "51", "2022")), 51.0);
    cleanValue(c, "year_1900.csv", datahub(dh("BLR", "Belarus", "52", "1900")), 52.0);
    cleanValue(c, "year_2100.csv", datahub(dh("BLR", "Belarus", "53", "2100")), 53.0);
    cleanValue(c, "year_padded.csv", datahub(dh("BLR", "Belarus", "54", " 2021 ")), 54.0);
    for (String[] y : new String[][] {{"1899", "1899"}, {"2101", "2101"}, {"two_digits", "22"}, {"decimal", "2022.0"},
        {"fullwidth", "２０２２"}, {"fiscal", "FY22"}, {"range", "2022-23"}, {"empty", ""}, {"zeros", "0000"},
        {"negative", "-2022"}, {"tab", "2022\t"}, {"letter", "20x9"}}) {
      quarantined(c, "year_" + y[0] + ".csv", datahub(dh("BLR", "Belarus", "55", y[1])), "BAD_YEAR", true);
    }
  }

  private void duplicates() throws IOException {
    String c = "duplicates";
    String a = dh("KAZ", "Kazakhstan", "81.9", "2021");
    quarantined(c, "exact_repeat.csv", datahub(a, a), "DUPLICATE_EXACT", false);
    quarantined(c, "triple_repeat.csv", datahub(a, a, a), "DUPLICATE_EXACT", false);
    quarantined(c, "conflict.csv", datahub(a, dh("KAZ", "Kazakhstan", "82.9", "2021")), "DUPLICATE_CONFLICT", true);
    quarantined(c, "repeat_other_note.csv", datahub(a, dh("i99H", "KAZ", "Kazakhstan", "81.9", "2021", "revised")),
        "DUPLICATE_EXACT", false);
    quarantined(c, "repeat_other_format.csv", datahub(a, dh("KAZ", "Kazakhstan", "81.90", "2021")), "DUPLICATE_EXACT",
        false);
    quarantined(c, "conflict_via_alpha2.csv", datahub(dh("BLR", "Belarus", "81.1", "2017"),
        dh("BY", "Belarus", "82.1", "2017")), "DUPLICATE_CONFLICT", true);
    // the same value in two files: no duplicate within either file
    cleanValue(c, "across_files_a.csv", datahub(dh("UZB", "Uzbekistan", "76.6", "2022")), 76.6);
    cleanValue(c, "across_files_b.csv", datahub(dh("UZB", "Uzbekistan", "76.6", "2022"), ""), 76.6);
    cleanValue(c, "across_files_conflict.csv", datahub(dh("UZB", "Uzbekistan", "77.7", "2022")), 77.7);
    // a WDI country row repeated: every one of its year slots repeats
    int at = wdi.indexOf("\"Belarus\"");
    String belarusRow = wdi.substring(at, wdi.indexOf('\n', at) + 1);
    quarantined(c, "wdi_repeated_row.csv", utf8(wdi + belarusRow), "DUPLICATE_EXACT", false);
  }

  private void countries() throws IOException {
    String c = "country";
    quarantined(c, "ambiguous_congo.csv", datahub(dh("", "Congo", "30", "2020")), "AMBIGUOUS_COUNTRY", true);
    quarantined(c, "ambiguous_korea.csv", datahub(dh("", "Korea", "30", "2020")), "AMBIGUOUS_COUNTRY", true);
    quarantined(c, "unknown_code.csv", datahub(dh("XXX", "Nowhere", "30", "2020")), "UNKNOWN_COUNTRY", true);
    quarantined(c, "unknown_name_only.csv", datahub(dh("", "Atlantis", "30", "2020")), "UNKNOWN_COUNTRY", true);
    quarantined(c, "unassigned_alpha2.csv", datahub(dh("ZZ", "", "30", "2020")), "UNKNOWN_COUNTRY", true);
    quarantined(c, "homoglyph_name.csv", datahub(dh("", "\u0412elarus", "30", "2020")), "UNKNOWN_COUNTRY", true);
    cleanValue(c, "lower_case_code.csv", datahub(dh("blr", "Belarus", "31", "2020")), 31.0);
    cleanValue(c, "alpha2.csv", datahub(dh("BY", "", "32", "2020")), 32.0);
    cleanValue(c, "alpha2_lower.csv", datahub(dh("cn", "", "33", "2020")), 33.0);
    cleanValue(c, "m49.csv", datahub(dh("112", "", "34", "2020")), 34.0);
    cleanValue(c, "m49_padded.csv", datahub(dh("004", "", "35", "2020")), 35.0);
    cleanValue(c, "m49_unpadded.csv", datahub(dh("4", "", "36", "2020")), 36.0);
    cleanValue(c, "zero_width_in_code.csv", datahub(dh("B\u200BLR", "", "37", "2020")), 37.0);
    cleanValue(c, "zero_width_in_name.csv", datahub(dh("", "Bela\u200Brus", "38", "2020")), 38.0);
    cleanValue(c, "zero_width_joiner_name.csv", datahub(dh("", "Kazakh\u200Dstan", "38.5", "2020")), 38.5);
    cleanValue(c, "nbsp_in_name.csv", datahub(dh("", "United\u00A0States", "39", "2020")), 39.0);
    cleanValue(c, "code_trailing_spaces.csv", datahub(dh("BLR  ", "Belarus", "40", "2020")), 40.0);
    cleanValue(c, "retired_ussr.csv", datahub(dh("SUN", "USSR", "1", "1990")), 1.0);
    cleanValue(c, "kosovo_xkx.csv", datahub(dh("XKX", "Kosovo", "41", "2020")), 41.0);
    cleanValue(c, "footnoted_name.csv", datahub(dh("", "Belarus*", "42", "2020")), 42.0);
    cleanValue(c, "diacritics_name.csv", datahub(dh("", "Côte d’Ivoire", "43", "2020")), 43.0);
    cleanValue(c, "cyrillic_name.csv", datahub(dh("", "Беларусь", "44", "2020")), 44.0);
    cleanValue(c, "chinese_name.csv", datahub(dh("", "中国", "45", "2020")), 45.0);
  }

  private void indicators() throws IOException {
    String c = "indicator";
    quarantined(c, "unknown_code.csv", datahub(dh("i999zz", "BLR", "Belarus", "10", "2020", "")), "UNKNOWN_INDICATOR",
        true);
    quarantined(c, "empty_code.csv", datahub(dh("", "BLR", "Belarus", "10", "2020", "")), "UNKNOWN_INDICATOR", true);
    quarantined(c, "wrong_case_code.csv", datahub(dh("I99H", "BLR", "Belarus", "10", "2020", "")), "UNKNOWN_INDICATOR",
        true);
    quarantined(c, "wdi_unknown_code.csv", utf8(wdi.replace("IT.NET.USER.ZS", "IT.XXX.YYY")), "UNKNOWN_INDICATOR", true);
  }

  private void injection() throws IOException {
    String c = "injection";
    for (String[] v : new String[][] {{"formula_equals", "=1+1"}, {"formula_plus", "+1+1"}, {"formula_at", "@SUM(A1)"},
        {"formula_minus", "-2+3"}, {"hyperlink", "=HYPERLINK(\"http://example.invalid\",\"x\")"},
        {"dde", "=cmd|' /C calc'!A0"}, {"tab_formula", "\t=1+1"}, {"script_value", "<script>alert(1)</script>"}}) {
      quarantined(c, "value_" + v[0] + ".csv", datahub(dh("BLR", "Belarus", v[1], "2016")), "UNPARSEABLE_VALUE", true);
    }
    cleanValue(c, "note_dde.csv", datahub(dh("i99H", "BLR", "Belarus", "58.1", "2016", "=cmd|' /C calc'!A0")), 58.1);
    cleanValue(c, "note_html.csv", datahub(dh("i99H", "BLR", "Belarus", "58.2", "2016", "<img src=x onerror=alert(1)>")),
        58.2);
    cleanValue(c, "note_sql.csv", datahub(dh("i99H", "BLR", "Belarus", "58.3", "2016", "'; DROP TABLE silver.observation; --")),
        58.3);
    cleanValue(c, "name_script_with_code.csv", datahub(dh("BLR", "<script>alert(1)</script>", "58.4", "2016")), 58.4);
    quarantined(c, "name_formula_without_code.csv", datahub(dh("", "=1+1", "58.5", "2016")), "UNKNOWN_COUNTRY", true);
    quarantined(c, "code_formula.csv", datahub(dh("=i99H", "BLR", "Belarus", "58.6", "2016", "")), "UNKNOWN_INDICATOR", true);
  }

  private void names() throws IOException {
    String c = "names";
    for (String n : new String[] {"a b.csv", "semi;colon.csv", "$(touch pwned).csv", "`id`.csv", "pipe|name.csv",
        "amp&name.csv", "quote'name.csv", "dquote\"name.csv", "star*.csv", "question?.csv", "hash#frag.csv",
        "percent%20x.csv", "colon:name.csv", "newline\nname.csv", "tab\tname.csv", "back\\slash.csv", "-rf.csv",
        "Беларусь_данные.csv", "名前.csv", "%2e%2e%2fescape.csv", " spaced .csv", "ctrl\u0001char.csv",
        "x".repeat(240) + ".csv", "..%2F..%2Fpasswd.csv"}) {
      String year = String.valueOf(1990 + cases.size() % 30);
      if (n.startsWith(".")) {
        skipped(c, n, datahub(dh("BLR", "Belarus", "20", year)), "hidden name");
      } else {
        cleanValue(c, n, datahub(dh("BLR", "Belarus", "20", year)), 20.0);
      }
    }
    skipped(c, ".hidden.csv", datahubFirst(3), "hidden name");
    skipped(c, "_underscored.csv", datahubFirst(3), "hidden name");
    Path hiddenDir = write(c, ".git", null, Outcome.SKIPPED, "hidden folder", null, 0, false);
    Files.createDirectories(hiddenDir);
    Files.write(hiddenDir.resolve("data.csv"), datahubFirst(3));
    Path underscoreDir = write(c, "_staging", null, Outcome.SKIPPED, "hidden folder", null, 0, false);
    Files.createDirectories(underscoreDir);
    Files.write(underscoreDir.resolve("part-0000.csv"), datahubFirst(3));
    // a manifest row leading out of the raw folder fails the run (exit 2) naming the line
    Case m = new Case("names/manifest_traversal", c, "_manifest.csv", Outcome.REJECTED, "raw folder", null, 2, false);
    cases.add(m);
    Files.createDirectories(rejectedRaw(m).resolve("x"));
    Files.write(rejectedRaw(m).resolve("x").resolve("ok.csv"), datahubFirst(3));
    Files.writeString(rejectedRaw(m).resolve("_manifest.csv"), "path,format,source_id,vintage\n"
        + "../../../outside/secret.csv,ITU_DATAHUB_LONG,,\n");
  }

  private void links() throws IOException {
    String c = "links";
    Path dir = acceptedRaw(c).resolve(VINTAGE).resolve(c);
    Files.createDirectories(dir);
    link(c, "to_outside_file.csv", outside().resolve("secret.csv"), "outside the raw folder");
    link(c, "to_outside_folder", outside().resolve("folder"), "outside the raw folder");
    link(c, "to_etc_passwd.csv", Paths.get("/etc/passwd"), "outside the raw folder");
    link(c, "relative_escape.csv", dir.relativize(outside().resolve("secret.csv")), "outside the raw folder");
    link(c, "to_parent", Paths.get(".."), "inside the raw folder");
    link(c, "to_raw_parent", acceptedRaw(c).getParent(), "outside the raw folder");
    link(c, "to_dev_null.csv", Paths.get("/dev/null"), "outside the raw folder");
    Files.write(dir.resolve("inside_target.csv"), datahub(dh("MDA", "Moldova", "79.1", "2013")));
    cases.add(new Case(c + "/inside_target.csv", c, VINTAGE + "/" + c + "/inside_target.csv", Outcome.CLEAN, null, 79.1,
        0, false));
    link(c, "to_inside_file.csv", Paths.get("inside_target.csv"), "inside the raw folder");
    link(c, "to_inside_folder", Paths.get("../encoding"), "inside the raw folder");
    link(c, "dangling.csv", Paths.get("does_not_exist.csv"), "does not exist");
    link(c, "loop_a.csv", Paths.get("loop_b.csv"), "cannot be resolved");
    link(c, "loop_b.csv", Paths.get("loop_a.csv"), "cannot be resolved");
    link(c, ".hidden_link.csv", outside().resolve("secret.csv"), "outside the raw folder");
  }

  private void link(String c, String name, Path target, String reason) throws IOException {
    Path p = write(c, name, null, Outcome.SKIPPED, reason, null, 0, false);
    Files.createSymbolicLink(p, target);
  }

  private void special(boolean root) throws IOException, InterruptedException {
    String c = "special";
    Path fifo = write(c, "pipe.csv", null, Outcome.SKIPPED, "named pipe (FIFO)", null, 0, false);
    run("mkfifo", fifo.toString());
    Path fifo2 = write(c, "sub/pipe_in_folder.csv", null, Outcome.SKIPPED, "named pipe (FIFO)", null, 0, false);
    Files.createDirectories(fifo2.getParent());
    run("mkfifo", fifo2.toString());
    Path sock = write(c, "socket.csv", null, Outcome.SKIPPED, "socket", null, 0, false);
    try (java.nio.channels.ServerSocketChannel ch = java.nio.channels.ServerSocketChannel.open(
        java.net.StandardProtocolFamily.UNIX)) {
      ch.bind(java.net.UnixDomainSocketAddress.of(sock));
    }
    if (root) {
      Path dev = write(c, "device.csv", null, Outcome.SKIPPED, "character device", null, 0, false);
      run("mknod", dev.toString(), "c", "1", "3");
    }
    // an unreadable file and folder: skipped with the reason, except for root, who reads everything
    Path unreadable = write(c, "unreadable.csv", datahub(dh("ARM", "Armenia", "77.1", "2021")),
        root ? Outcome.CLEAN : Outcome.SKIPPED, root ? null : "not readable", root ? 77.1 : null, 0, false);
    Files.setPosixFilePermissions(unreadable, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
    Path lockedDir = write(c, "locked", null, root ? Outcome.CLEAN : Outcome.SKIPPED, root ? null : "cannot be listed",
        null, 0, false);
    Files.createDirectories(lockedDir);
    Files.write(lockedDir.resolve("inside.csv"), datahub(dh("ARM", "Armenia", "77.2", "2020")));
    if (root) {
      // root reads it: the case is the file inside
      cases.remove(cases.size() - 1);
      cases.add(new Case(c + "/locked/inside.csv", c, VINTAGE + "/" + c + "/locked/inside.csv", Outcome.CLEAN, null,
          77.2, 0, false));
    }
    Files.setPosixFilePermissions(lockedDir, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + new String(p.getInputStream().readAllBytes()));
    }
  }

  // ---- workbooks -----------------------------------------------------------------------------------

  /**
   * A workbook in ITU's WTI layout (row 0 the block title, row 1 years with Notes/Source headers, then
   * one economy per row) holding the bundled DataHub values of {@code economies} economies.
   */
  private byte[] wtiWorkbook(Workbook wb, int economies) throws IOException {
    return wtiWorkbook(wb, economies, null);
  }

  private byte[] wtiWorkbook(Workbook wb, int economies, java.util.function.Consumer<Sheet> tweak) throws IOException {
    Sheet s = wb.createSheet("Internet");
    fillWti(s, economies);
    if (tweak != null) {
      tweak.accept(s);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    wb.write(out);
    wb.close();
    return out.toByteArray();
  }

  private void fillWti(Sheet s, int economies) {
    Row title = s.createRow(0);
    title.createCell(1).setCellValue("Percentage of Individuals using the Internet");
    Row h = s.createRow(1);
    h.createCell(0).setCellValue("Economy");
    int[] years = {2015, 2016, 2017};
    for (int i = 0; i < years.length; i++) {
      h.createCell(1 + i).setCellValue(years[i]);
    }
    h.createCell(4).setCellValue("Notes 2017");
    h.createCell(5).setCellValue("Source 2017");
    java.util.Map<String, java.util.Map<String, String>> byEconomy = new java.util.LinkedHashMap<>();
    for (String line : datahubRows) {
      String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
      if (f.length < 10) {
        continue;
      }
      byEconomy.computeIfAbsent(f[7].replace("\"", ""), k -> new java.util.HashMap<>())
          .put(f[9].replace("\"", ""), f[8].replace("\"", ""));
    }
    int r = 2;
    for (var e : byEconomy.entrySet()) {
      if (r - 2 >= economies) {
        break;
      }
      Row row = s.createRow(r++);
      row.createCell(0).setCellValue(e.getKey());
      for (int i = 0; i < years.length; i++) {
        String v = e.getValue().get(String.valueOf(years[i]));
        if (v != null && v.matches("[0-9.]+")) {
          row.createCell(1 + i).setCellValue(Double.parseDouble(v));
        }
      }
      row.createCell(5).setCellValue("ITU estimate");
    }
  }

  private static byte[] zip(String entry, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(entry));
      z.write(content);
      z.closeEntry();
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(content);
    }
    return out.toByteArray();
  }

  /** The parts of {@code xlsx} with {@code part} replaced (or added) by {@code content}. */
  private static byte[] replacePart(byte[] xlsx, String part, byte[] content, boolean stored) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean seen = false;
    try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(xlsx));
         ZipOutputStream z = new ZipOutputStream(out)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        byte[] data = in.readAllBytes();
        if (e.getName().equals(part)) {
          data = content;
          seen = true;
        }
        z.putNextEntry(new ZipEntry(e.getName()));
        z.write(data);
        z.closeEntry();
      }
      if (!seen) {
        ZipEntry e = new ZipEntry(part);
        if (stored) {
          e.setMethod(ZipEntry.STORED);
          e.setSize(content.length);
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(content);
          e.setCrc(crc.getValue());
        }
        z.putNextEntry(e);
        z.write(content);
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static String partText(byte[] xlsx, String part) throws IOException {
    try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(xlsx))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().equals(part)) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new IOException(part + " not in the workbook");
  }

  private void workbookBombs() throws IOException {
    String c = "xlsx_attacks";
    byte[] good = wtiWorkbook(new XSSFWorkbook(), 20);
    String sheet = partText(good, "xl/worksheets/sheet1.xml");
    // a zip bomb: the sheet inflates ~1000x (POI's inflate-ratio limit refuses it before the memory goes)
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    bomb.writeBytes(utf8(sheet.substring(0, sheet.indexOf("<sheetData>") + "<sheetData>".length())));
    byte[] filler = utf8(" ".repeat(1 << 20));
    for (int i = 0; i < 100; i++) {
      bomb.writeBytes(filler);
    }
    bomb.writeBytes(utf8(sheet.substring(sheet.indexOf("<sheetData>") + "<sheetData>".length())));
    skipped(c, "zip_bomb.xlsx", replacePart(good, "xl/worksheets/sheet1.xml", bomb.toByteArray(), false), "Zip bomb");
    // XXE: an external entity in the sheet, the content types and the shared strings; a billion laughs
    String xxeDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \""
        + outside().resolve("secret.txt").toUri() + "\">]>";
    String sheetBody = sheet.substring(sheet.indexOf("?>") + 2);
    skipped(c, "xxe_sheet.xlsx", replacePart(good, "xl/worksheets/sheet1.xml",
        utf8(xxeDecl + sheetBody.replaceFirst("<v>[^<]*</v>", "<v>&xxe;</v>")), false), "POI cannot open");
    String types = partText(good, "[Content_Types].xml");
    skipped(c, "xxe_content_types.xlsx", replacePart(good, "[Content_Types].xml",
        utf8(xxeDecl + types.substring(types.indexOf("?>") + 2)), false), "POI cannot open");
    String strings = partText(good, "xl/sharedStrings.xml");
    skipped(c, "xxe_shared_strings.xlsx", replacePart(good, "xl/sharedStrings.xml",
        utf8(xxeDecl + strings.substring(strings.indexOf("?>") + 2).replaceFirst("<t>[^<]*</t>", "<t>&xxe;</t>")), false),
        "POI cannot open");
    StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for (int i = 1; i <= 9; i++) {
      laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
          .append("\">");
    }
    laughs.append("]>");
    skipped(c, "billion_laughs.xlsx", replacePart(good, "xl/sharedStrings.xml",
        utf8(laughs + strings.substring(strings.indexOf("?>") + 2).replaceFirst("<t>[^<]*</t>", "<t>&lol9;</t>")), false),
        "POI cannot open");
    // an external relationship (never fetched): the workbook itself reads normally
    byte[] withExternal = replacePart(good, "xl/worksheets/_rels/sheet1.xml.rels", utf8("<?xml version=\"1.0\" "
        + "encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rIdX\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\""
        + " Target=\"" + outside().resolve("secret.txt").toUri() + "\" TargetMode=\"External\"/></Relationships>"),
        false);
    clean(c, "external_relationship.xlsx", withExternal);
    // an .xls whose record claims a huge length
    byte[] xls = wtiWorkbook(new HSSFWorkbook(), 20);
    skipped(c, "xls_bad_record.xls", corruptBiff(xls), "POI cannot open");
    // larger than max_workbook_bytes (32 MiB): refused before it is opened
    byte[] big = new byte[32 * 1024 * 1024 + 1024];
    random.nextBytes(big);
    skipped(c, "oversized.xlsx", replacePart(good, "xl/media/noise.bin", big, true), "max_workbook_bytes");
  }

  /** The BIFF stream of an .xls with its first BOF record's length field set to 0xFFFF. */
  private static byte[] corruptBiff(byte[] xls) throws IOException {
    try (POIFSFileSystem fs = new POIFSFileSystem(new java.io.ByteArrayInputStream(xls))) {
      byte[] wb;
      try (var in = fs.createDocumentInputStream("Workbook")) {
        wb = in.readAllBytes();
      }
      wb[2] = (byte) 0xFF;
      wb[3] = (byte) 0x7F;
      wb[4] = 0x00;
      fs.getRoot().getEntry("Workbook").delete();
      fs.createDocument(new java.io.ByteArrayInputStream(wb), "Workbook");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      fs.writeFilesystem(out);
      return out.toByteArray();
    }
  }

  private void workbookOddities() throws IOException {
    String c = "xlsx_odd";
    clean(c, "wti.xlsx", wtiWorkbook(new XSSFWorkbook(), 40));
    clean(c, "wti.xls", wtiWorkbook(new HSSFWorkbook(), 40));
    clean(c, "wti.xlsm", wtiWorkbook(new XSSFWorkbook(XSSFWorkbookType.XLSM), 40));
    clean(c, "merged_title.xlsx", wtiWorkbook(new XSSFWorkbook(), 40,
        s -> s.addMergedRegion(new CellRangeAddress(0, 0, 1, 3))));
    clean(c, "formulas_cached.xlsx", wtiWorkbook(new XSSFWorkbook(), 10, s -> {
      Row r = s.getRow(2);
      r.createCell(3).setCellFormula("B3+C3");
      s.getWorkbook().getCreationHelper().createFormulaEvaluator().evaluateAll();
    }));
    quarantined(c, "formula_no_cached_value.xlsx", wtiWorkbook(new XSSFWorkbook(), 10,
        s -> s.getRow(2).createCell(3).setCellFormula("B3+C3")), "UNPARSEABLE_VALUE", false);
    quarantined(c, "error_cell.xlsx", wtiWorkbook(new XSSFWorkbook(), 10,
        s -> s.getRow(2).createCell(3).setCellErrorValue(org.apache.poi.ss.usermodel.FormulaError.DIV0.getCode())),
        "UNPARSEABLE_VALUE", false);
    quarantined(c, "boolean_cell.xlsx", wtiWorkbook(new XSSFWorkbook(), 10,
        s -> s.getRow(2).createCell(3).setCellValue(true)), "UNPARSEABLE_VALUE", false);
    quarantined(c, "date_cell.xlsx", wtiWorkbook(new XSSFWorkbook(), 10, s -> {
      Cell d = s.getRow(2).createCell(3);
      d.setCellValue(java.time.LocalDate.of(2017, 6, 30));
      org.apache.poi.ss.usermodel.CellStyle st = s.getWorkbook().createCellStyle();
      st.setDataFormat(s.getWorkbook().getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
      d.setCellStyle(st);
    }), "OUT_OF_RANGE", false);
    clean(c, "number_as_text.xlsx", wtiWorkbook(new XSSFWorkbook(), 10,
        s -> s.getRow(2).createCell(3).setCellValue(" 61.5 ")));
    clean(c, "long_text_cell.xlsx", wtiWorkbook(new XSSFWorkbook(), 10,
        s -> s.getRow(2).createCell(4).setCellValue("n".repeat(32_767))));
    skipped(c, "hidden_first_sheet.xlsx", hiddenFirstSheet(), "no known layout");
    skipped(c, "empty_workbook.xlsx", emptyWorkbook(), "no known layout");
    rejected(c, "header_only.xlsx", wtiWorkbook(new XSSFWorkbook(), 0), "no data rows", 3);
    skipped(c, "encrypted.xlsx", encryptedContainer(), "POI cannot open");
  }

  private byte[] hiddenFirstSheet() throws IOException {
    XSSFWorkbook wb = new XSSFWorkbook();
    wb.createSheet("hidden");
    fillWti(wb.createSheet("Internet"), 10);
    wb.setSheetHidden(0, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    wb.write(out);
    wb.close();
    return out.toByteArray();
  }

  private static byte[] emptyWorkbook() throws IOException {
    XSSFWorkbook wb = new XSSFWorkbook();
    wb.createSheet("Sheet1");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    wb.write(out);
    wb.close();
    return out.toByteArray();
  }

  /** An OLE2 container holding an EncryptedPackage stream, the way Excel stores a password-protected .xlsx. */
  private byte[] encryptedContainer() throws IOException {
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      byte[] noise = new byte[4096];
      random.nextBytes(noise);
      fs.createDocument(new java.io.ByteArrayInputStream(noise), "EncryptedPackage");
      fs.createDocument(new java.io.ByteArrayInputStream(new byte[] {4, 0, 4, 0, 0x40, 0, 0, 0}), "EncryptionInfo");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      fs.writeFilesystem(out);
      return out.toByteArray();
    }
  }

  private void wdiCompanions() throws IOException {
    String c = "wdi_metadata";
    clean(c, "Metadata_Country_alone.csv", utf8(wdiMeta));
    clean(c, "Metadata_Indicator.csv", utf8("\uFEFF\"INDICATOR_CODE\",\"INDICATOR_NAME\",\"SOURCE_NOTE\","
        + "\"SOURCE_ORGANIZATION\",\n\"IT.NET.USER.ZS\",\"Individuals using the Internet (% of population)\","
        + "\"Internet users are individuals who have used the Internet.\",\"ITU\",\n"));
    String header = wdiMeta.substring(0, wdiMeta.indexOf('\n') + 1);
    quarantined(c, "Metadata_Country_unknown_code.csv", utf8(header
        + "\"XXQ\",\"Europe & Central Asia\",\"Upper middle income\",\"\",\"Nowhere Land\",\n"), "UNKNOWN_COUNTRY", true);
    clean(c, "Metadata_Country_crlf.csv", utf8(wdiMeta.replace("\r\n", "\n").replace("\n", "\r\n")));
    clean(c, "Metadata_Country_multiline_note.csv", utf8(header
        + "\"BLR\",\"Europe & Central Asia\",\"Upper middle income\",\"A note\non two lines\",\"Belarus\",\n"));
    quarantined(c, "Metadata_Country_ragged.csv", utf8(header + "\"BLR\",\"Europe & Central Asia\"\n"),
        "MALFORMED_RECORD", true);
  }

  private void sameContent() throws IOException {
    String c = "same_content";
    byte[] f = datahub(dh("GEO", "Georgia", "78.9", "2022"), dh("GEO", "Georgia", "76.4", "2021"));
    clean(c, "a_original.csv", f);
    skipped(c, "b_copy.csv", f, "same content as");
    skipped(c, "sub/c_copy_in_folder.csv", f, "same content as");
    clean(c, "d_crlf_variant.csv", utf8(new String(f, StandardCharsets.UTF_8).replace("\n", "\r\n")));
  }

  private void structure() throws IOException {
    String c = "structure";
    String text = new String(datahubFirst(6), StandardCharsets.UTF_8);
    skipped(c, "semicolons.csv", utf8(text.replace(",", ";")), "no known header");
    skipped(c, "tabs.tsv", utf8(text.replace(",", "\t")), "no known header");
    skipped(c, "pipes.csv", utf8(text.replace(",", "|")), "no known header");
    quarantined(c, "ragged_short.csv", datahub(dh("BLR", "Belarus", "50", "2015"), "11624,\"i99H\",\"x\""),
        "MALFORMED_RECORD", false);
    quarantined(c, "ragged_long.csv", datahub(dh("BLR", "Belarus", "50", "2015") + ",\"extra\",\"more\""),
        "MALFORMED_RECORD", true);
    String headerLine = new String(datahubHeader, StandardCharsets.UTF_8).substring(1).trim();
    quarantined(c, "repeated_header.csv", datahub(dh("BLR", "Belarus", "50", "2015"), headerLine,
        dh("CHN", "China", "50", "2015")), "UNKNOWN_INDICATOR", false);
    String[] cols = headerLine.split(",");
    List<String> shuffled = new ArrayList<>(List.of(cols));
    Collections.reverse(shuffled);
    skipped(c, "columns_reordered.csv", utf8(String.join(",", shuffled) + "\n"), "no known header");
    clean(c, "extra_columns.csv", utf8(headerLine + ",\"extraA\",\"extraB\"\n" + dh("BLR", "Belarus", "50", "2015")
        + ",\"a\",\"b\"\n"));
    clean(c, "upper_case_header.csv", utf8(headerLine.toUpperCase(java.util.Locale.ROOT) + "\n"
        + dh("BLR", "Belarus", "50", "2015") + "\n"));
    clean(c, "unquoted_header.csv", utf8(headerLine.replace("\"", "") + "\n" + dh("BLR", "Belarus", "50", "2015") + "\n"));
    clean(c, "blank_lines_between.csv", utf8(headerLine + "\n\n" + dh("BLR", "Belarus", "50", "2015") + "\n\n\n"
        + dh("CHN", "China", "50", "2015") + "\n"));
    quarantined(c, "comment_line.csv", datahub("# exported by hand", dh("BLR", "Belarus", "50", "2015")),
        "MALFORMED_RECORD", false);
    clean(c, "trailing_delimiter.csv", utf8(headerLine + ",\n" + dh("BLR", "Belarus", "50", "2015") + ",\n"));
    clean(c, "escaped_quotes.csv", datahub(dh("i99H", "BLR", "Belarus", "50", "2015", "He said \"hi\"")));
    quarantined(c, "stray_quote_in_value.csv", datahub(dh("BLR", "Belarus", "50", "2015")
        .replace("\"50\"", "12\"3")), "UNPARSEABLE_VALUE", true);
    // blanks between a closing quote and the delimiter are ignored (commons-csv), not an error
    cleanValue(c, "space_after_quote.csv", datahub(dh("BLR", "Belarus", "50", "2015").replace("\"BLR\",", "\"BLR\" ,")),
        50.0);
    rejected(c, "text_after_quote.csv", datahub(dh("BLR", "Belarus", "50", "2015").replace("\"BLR\",", "\"BLR\"x,")),
        "Cannot parse record 1", 3);
    String wdiHeader = wdi.substring(wdi.indexOf("\"Country Name\""));
    skipped(c, "wdi_header_after_line_10.csv", utf8("junk\n".repeat(12) + wdiHeader), "no known header");
  }

}
