package org.ictbench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The report as a reader sees it: opened from a file:// URL in Debian's headless Chromium with a fresh
 * profile, it must render every chart with no request but the page itself, no failed load and no
 * refused resource; the names keep their Cyrillic and Chinese letters and markup characters; a click
 * downloads a chart's CSV; a screenshot is not blank. Under CI=true a missing browser fails the test.
 */
class ReportInChromiumIT {
  private static final Map<String, String> NAMES = Map.of("BLR", "Беларусь <b>&</b>", "CHN", "中国 & \"Co\"");

  @Test
  void theReportRendersOfflineWithEveryChartAndNoRequest() throws Exception {
    Path exe = HeadlessChromium.executable().orElse(null);
    if (exe == null) {
      String message = "Headless Chromium is needed to open the report: install the Debian package '"
          + HeadlessChromium.PACKAGE + "' (apt-get install -y " + HeadlessChromium.PACKAGE + ")";
      if ("true".equals(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    Path out = TestSpark.tempDir("report-chromium");
    // four groups: the indicator chart is drawn as small multiples
    Report.Result r = Report.write(new ReportFixtures().data(true, NAMES),
        new Report.Config("BLR", "CHN", ReportFixtures.GROUPS, out.resolve("report")));
    ReportFilesCheck.check(r);
    Path downloads = Files.createDirectories(out.resolve("downloads"));
    try (HeadlessChromium browser = HeadlessChromium.start(exe, out.resolve("profile"))) {
      String url = r.html().toUri().toString();
      browser.allowDownloads(downloads);
      browser.open(url);

      assertEquals(List.of(url), browser.requests(), "no request but the page itself");
      assertEquals(List.of(), browser.events("Network.loadingFailed"), "no failed load");
      assertEquals(0, browser.eval("performance.getEntriesByType('resource').length").asInt(), "no resource loaded");
      assertEquals(List.of(), browser.events("Log.entryAdded").stream()
          .filter(e -> !e.at("/entry/level").asText().equals("verbose")).toList(), "no console or security message");
      assertEquals(List.of(), browser.events("Runtime.exceptionThrown"));

      // every figure drawn at a readable size, each with its CSV link
      JsonNode figures = browser.eval("[...document.querySelectorAll('figure')].map(f => ({id: f.id,"
          + " sizes: [...f.querySelectorAll('svg')].map(s => { const b = s.getBoundingClientRect();"
          + " return [b.width, b.height]; }), csv: f.querySelector('a.csv[download]').getAttribute('download')}))");
      List<String> ids = new ArrayList<>();
      for (JsonNode f : figures) {
        ids.add(f.get("id").asText());
        assertTrue(f.get("sizes").size() >= 1, f.toString());
        for (JsonNode size : f.get("sizes")) {
          assertTrue(size.get(0).asDouble() >= 400 && size.get(1).asDouble() >= 200, "drawn: " + f);
        }
        assertTrue(f.get("csv").asText().endsWith(".csv"), f.toString());
      }
      assertEquals(r.charts(), ids);
      assertEquals(4, figures.get(ids.indexOf("indicator_internet_users_pct")).get("sizes").size(), "small multiples");

      // the names as written in the lake, in the heading and in the charts' text
      assertEquals("Беларусь <b>&</b> and 中国 & \"Co\": ICT Development Index and indicators",
          browser.eval("document.querySelector('h1').textContent").asText());
      assertTrue(browser.eval("[...document.querySelectorAll('#idi_components svg text')]"
          + ".some(t => t.textContent === '中国 & \"Co\"')").asBoolean(), "the name in the chart's legend");

      // one click away: the link downloads the chart's numbers, byte for byte what the page carries
      String href = browser.eval("document.querySelector('#idi_editions a.csv').href").asText();
      browser.eval("document.querySelector('#idi_editions a.csv').click()");
      Path csv = downloads.resolve("idi_editions_BLR_CHN.csv");
      for (int i = 0; i < 600 && !Files.exists(csv); i++) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(csv), "downloaded: " + List.of(downloads.toFile().list()));
      assertArrayEquals(Base64.getDecoder().decode(href.substring(href.indexOf(',') + 1)), Files.readAllBytes(csv));
      assertTrue(new String(Files.readAllBytes(csv), StandardCharsets.UTF_8).contains("Беларусь <b>&</b>"));

      // what a reader sees is not blank: the pair's blue is on screen, in the IDI chart
      byte[] png = browser.screenshot(0, 1400);
      Files.write(Path.of("target", "report-in-chromium.png"), png);
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      int blue = 0;
      int nonWhite = 0;
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          int rgb = img.getRGB(x, y) & 0xffffff;
          nonWhite += rgb == 0xffffff ? 0 : 1;
          int rr = rgb >> 16;
          int gg = (rgb >> 8) & 0xff;
          int bb = rgb & 0xff;
          blue += Math.abs(rr - 0x1f) < 24 && Math.abs(gg - 0x4e) < 24 && Math.abs(bb - 0x9c) < 24 ? 1 : 0;
        }
      }
      assertTrue(blue > 200, "the pair's lines are drawn: " + blue + " blue pixels");
      assertTrue(nonWhite > img.getWidth() * img.getHeight() / 50, "not blank: " + nonWhite + " non-white pixels");
    }
  }
}
