package org.ictbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** The benchmark's dump generator: deterministic, and its quirk counts hold when the files are re-read. */
class DumpGeneratorTest {
  private static final long ROWS = 3_000;

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
    DumpGenerator g = new DumpGenerator();
    Path a = TestSpark.tempDir("gen-a");
    Path b = TestSpark.tempDir("gen-b");
    Path c = TestSpark.tempDir("gen-c");
    g.generate(a, ROWS, 7, 1);
    g.generate(b, ROWS, 7, 2); // thread count must not matter
    g.generate(c, ROWS, 8, 2);
    assertEquals(digests(a), digests(b));
    assertNotEquals(digests(a), digests(c));
    // a second call with the same parameters reuses the files
    DumpGenerator.Manifest again = g.generate(a, ROWS, 7, 2);
    assertTrue(again.reused());
  }

  @Test
  void quirkCountsMatchAnIndependentReading() throws Exception {
    Path dir = TestSpark.tempDir("gen-q");
    DumpGenerator.Manifest m = new DumpGenerator().generate(dir, ROWS, 11, 2);
    Set<String> wbAggregates = new HashSet<>();
    for (String line : Files.readAllLines(Path.of("src/main/resources/ictbench/reference/aggregate_entity.csv"))) {
      String[] f = line.split(",");
      if (f.length > 2 && f[2].equals("WB") && !f[0].isEmpty()) {
        wbAggregates.add(f[0]);
      }
    }
    long boms = 0, junk = 0, dots = 0, empty = 0, exponents = 0, newlines = 0, aggRows = 0, slots = 0, files = 0;
    List<Path> all;
    try (var s = Files.walk(dir)) {
      all = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    for (Path p : all) {
      files++;
      byte[] bytes = Files.readAllBytes(p);
      boolean bom = bytes.length > 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
      boms += bom ? 1 : 0;
      String text = new String(bytes, StandardCharsets.UTF_8).substring(bom ? 1 : 0);
      boolean wdi = text.startsWith("\"Data Source\"");
      if (wdi) {
        assertTrue(text.contains("\"Last Updated Date\",\""), p + " states its vintage");
        junk++;
        text = text.substring(text.indexOf("\"Country Name\""));
      }
      List<CSVRecord> recs = CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
      List<String> header = recs.get(0).toList();
      if (wdi) {
        assertEquals("", header.get(header.size() - 1), "WDI header ends with a trailing comma");
      }
      for (CSVRecord r : recs.subList(1, recs.size())) {
        if (wdi) {
          aggRows += wbAggregates.contains(r.get(1)) ? 1 : 0;
          for (int i = 4; i < r.size() - 1; i++) {
            slots++;
            empty += r.get(i).isEmpty() ? 1 : 0;
          }
        } else {
          slots++;
          String v = r.get(8);
          dots += v.equals("..") ? 1 : 0;
          empty += v.isEmpty() ? 1 : 0;
          exponents += v.matches("[0-9][.][0-9]{4}e[+]00[0-9]") ? 1 : 0;
          newlines += r.get(10).contains("\n") ? 1 : 0;
        }
      }
    }
    assertTrue(files >= 3 && dots > 0 && empty > 0 && exponents > 0 && aggRows > 0, "every quirk occurs");
    Map<String, Long> got = new TreeMap<>(Map.of("quirk.bom", boms, "quirk.junk_header", junk,
        "quirk.missing_dots", dots, "quirk.missing_empty", empty, "quirk.exponent", exponents,
        "quirk.embedded_newline", newlines, "quirk.wdi_aggregate_rows", aggRows, "slots", slots, "files", files));
    Map<String, Long> claimed = new TreeMap<>();
    got.keySet().forEach(k -> claimed.put(k, m.count(k)));
    // the WDI duplicate row repeats an aggregate row now and then: count rows, not distinct entities
    assertEquals(got, claimed);
    long routed = m.count("expect.observations") + m.count("expect.aggregates");
    for (String k : m.counts().keySet()) {
      if (k.startsWith("expect.quarantined.")) {
        routed += m.count(k);
      }
    }
    assertEquals(slots, routed, "every generated slot has exactly one expected destination");
  }

  private static Map<String, String> digests(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (var s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".csv")).toList()) {
        try {
          MessageDigest d = MessageDigest.getInstance("SHA-256");
          out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(d.digest(Files.readAllBytes(p))));
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }
}
