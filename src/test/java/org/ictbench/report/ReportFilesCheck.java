package org.ictbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Checks a written report: one file, offline, every chart an inline SVG with a caption naming its
 * source and a CSV of its numbers carried in the page, no reference outside the page.
 */
final class ReportFilesCheck {
  private static final String CSV_PREFIX = "data:text/csv;charset=utf-8;base64,";
  private static final Pattern FIGURE = Pattern.compile("(?s)<figure id=\"([^\"]+)\">(.*?)</figure>");
  private static final Pattern CSV_LINK = Pattern.compile("<a class=\"csv\" download=\"([^\"]+)\" href=\"([^\"]+)\">");

  private ReportFilesCheck() {}

  /** Checks the report and returns its figures' ids, in page order. */
  static List<String> check(Report.Result result) throws IOException {
    Path dir = result.html().getParent();
    String html = Files.readString(result.html(), StandardCharsets.UTF_8);
    assertEquals(Files.size(result.html()), result.bytes());
    String lower = html.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("<script"), "no scripts");
    assertFalse(lower.contains("<link"), "no linked stylesheets or fonts");
    assertFalse(lower.contains("<img") || lower.contains("<image"), "no images: charts are inline SVG");
    assertFalse(lower.contains("@import") || lower.contains("@font-face"), "no CSS fetches");
    assertFalse(lower.contains("<iframe") || lower.contains("<object") || lower.contains("<embed"));
    assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"),
        "the page forbids the browser to load anything");
    Set<String> ids = new HashSet<>();
    Matcher idm = Pattern.compile("\\bid=[\"']([^\"']*)[\"']").matcher(html);
    while (idm.find()) {
      assertTrue(ids.add(idm.group(1)), "ids are unique in the page (several SVGs share it): " + idm.group(1));
    }
    // CSS url(...) only to the page's own definitions (the charts' clip paths)
    Matcher url = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
    while (url.find()) {
      String ref = url.group(1).replace("'", "").replace("\"", "");
      assertTrue(ref.startsWith("#") && ids.contains(ref.substring(1)), "url() inside the page: " + url.group());
    }
    Matcher m = Pattern.compile("(?i)\\b(src|href|srcset|poster|data|action)\\s*=\\s*[\"']([^\"']*)[\"']").matcher(html);
    while (m.find()) {
      String ref = attribute(m.group(2));
      if (ref.startsWith("#")) {
        assertTrue(ids.contains(ref.substring(1)), "anchor target exists: " + ref);
        continue;
      }
      assertTrue(m.group(1).equalsIgnoreCase("href") && ref.startsWith(CSV_PREFIX),
          "only in-page anchors and CSV downloads carried in the page: " + abbreviate(ref));
    }
    try (Stream<Path> files = Files.walk(dir)) {
      assertEquals(List.of(result.html()), files.filter(Files::isRegularFile).toList(), "one file");
    }
    // every figure: an inline chart (or small multiples), a caption with a source, a CSV with rows
    List<String> figures = new ArrayList<>();
    Matcher f = FIGURE.matcher(html);
    while (f.find()) {
      String body = f.group(2);
      figures.add(f.group(1));
      assertTrue(body.contains("<svg "), f.group(1) + " has an inline SVG");
      assertTrue(body.contains("<figcaption>Source: "), f.group(1) + " names its source");
      Matcher link = CSV_LINK.matcher(body);
      assertTrue(link.find(), f.group(1) + " offers its numbers as CSV");
      assertTrue(link.group(1).endsWith(".csv"), link.group(1));
      assertFalse(csvRecords(attribute(link.group(2))).isEmpty(), f.group(1) + ": the CSV has rows");
    }
    assertEquals(result.charts(), figures);
    assertEquals(figures.size(), html.split("<figcaption>Source: ", -1).length - 1);
    return figures;
  }

  /** The figure's CSV: its download name → records (header parsed). */
  static Map<String, List<CSVRecord>> csv(Report.Result result, String figureId) throws IOException {
    String html = Files.readString(result.html(), StandardCharsets.UTF_8);
    Matcher f = FIGURE.matcher(html);
    while (f.find()) {
      if (f.group(1).equals(figureId)) {
        Matcher link = CSV_LINK.matcher(f.group(2));
        assertTrue(link.find());
        Map<String, List<CSVRecord>> out = new LinkedHashMap<>();
        out.put(attribute(link.group(1)), csvRecords(attribute(link.group(2))));
        return out;
      }
    }
    throw new AssertionError("no figure " + figureId);
  }

  /** Decodes a CSV download link: UTF-8 with a byte-order mark, RFC 4180 (CRLF), a header row. */
  static List<CSVRecord> csvRecords(String href) throws IOException {
    assertTrue(href.startsWith(CSV_PREFIX), abbreviate(href));
    byte[] bytes = Base64.getDecoder().decode(href.substring(CSV_PREFIX.length()));
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertTrue(text.startsWith("\uFEFF"), "a byte-order mark for spreadsheets");
    text = text.substring(1);
    assertTrue(text.endsWith("\r\n") && !text.replace("\r\n", "").contains("\n"), "CRLF line ends");
    try (CSVParser p = CSVParser.parse(new StringReader(text),
        CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
      List<CSVRecord> records = p.getRecords();
      assertNotNull(p.getHeaderNames());
      return records;
    }
  }

  /** An attribute's value as the browser reads it (the character references the template writes decoded). */
  static String attribute(String raw) {
    Matcher m = Pattern.compile("&#(\\d+);").matcher(raw);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1)))));
    }
    m.appendTail(b);
    return b.toString().replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
