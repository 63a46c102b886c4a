package org.ictbench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Checks a written report: offline, references only files it wrote, every chart a valid PNG. */
final class ReportFilesCheck {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private ReportFilesCheck() {}

  /** Returns the relative references found in the HTML (src/href values). */
  static Set<String> check(Report.Result result) throws IOException {
    Path dir = result.html().getParent();
    String html = Files.readString(result.html(), StandardCharsets.UTF_8);
    String lower = html.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("<script"), "no scripts");
    assertFalse(lower.contains("<link"), "no linked stylesheets or fonts");
    assertFalse(lower.contains("@import") || lower.contains("@font-face") || lower.contains("url("), "no CSS fetches");
    assertFalse(lower.contains("<iframe") || lower.contains("<object") || lower.contains("<embed"));
    Set<String> refs = new TreeSet<>();
    Matcher m = Pattern.compile("(?i)\\b(src|href|srcset|poster|data)\\s*=\\s*\"([^\"]*)\"").matcher(html);
    while (m.find()) {
      String ref = m.group(2);
      if (ref.startsWith("#")) {
        assertTrue(html.contains("id=\"" + ref.substring(1) + "\""), "anchor target exists: " + ref);
        continue;
      }
      assertFalse(ref.contains(":") || ref.startsWith("/") || ref.startsWith("//") || ref.contains(".."),
          "only relative references inside the output folder: " + ref);
      refs.add(ref);
    }
    // what the report wrote = the charts it returned; the HTML references exactly those
    Set<String> written = result.charts().stream().map(p -> dir.relativize(p).toString().replace('\\', '/'))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(written, refs);
    try (Stream<Path> files = Files.walk(dir)) {
      Set<String> onDisk = files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
          .filter(p -> !p.equals("index.html")).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(written, onDisk, "nothing else in the output folder");
    }
    for (Path chart : result.charts()) {
      assertTrue(Files.isRegularFile(chart), chart.toString());
      try (InputStream in = Files.newInputStream(chart)) {
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(in.readNBytes(8), 8), chart + " is a PNG");
      }
      BufferedImage img = ImageIO.read(chart.toFile());
      assertNotNull(img, chart + " decodes");
      assertEquals(Charts.WIDTH, img.getWidth());
      assertTrue(img.getHeight() >= 300);
    }
    // every figure has a caption with a source
    int figures = html.split("<figure>", -1).length - 1;
    assertEquals(result.charts().size(), figures);
    assertEquals(figures, html.split("<figcaption>Source: ", -1).length - 1);
    return refs;
  }
}
