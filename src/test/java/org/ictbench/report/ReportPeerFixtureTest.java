package org.ictbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report from small hand-made tables ({@link ReportFixtures}), with and without the peer tables. */
class ReportPeerFixtureTest {
  static ReportFixtures fx;

  @BeforeAll
  static void fixtures() {
    fx = new ReportFixtures();
  }

  private static ReportData data(boolean peers) {
    return fx.data(peers);
  }

  @Test
  void withPeerTablesTheReportDrawsBandsAndPositions() throws Exception {
    Path out = TestSpark.tempDir("report-peers");
    Report.Result r = Report.write(data(true), new Report.Config("BLR", "CHN", List.of(), out));
    List<String> refs = ReportFilesCheck.check(r);
    // default groups: every group the pair has a position in
    assertTrue(refs.contains("position_EAEU"), refs.toString());
    assertTrue(refs.contains("position_ITU_ASP"), refs.toString());
    assertTrue(refs.contains("indicator_internet_users_pct"));
    assertTrue(refs.contains("idi_editions"));
    assertTrue(refs.contains("idi_components"));
    String html = Files.readString(r.html(), StandardCharsets.UTF_8);
    // group medians with IQR in the table under the internet chart (2023: median 79.0, p25 75.0, p75 84.0)
    assertTrue(html.contains("<th>EAEU median (p25-p75)</th>"), html);
    assertTrue(html.contains("79.0 (75.0-84.0)"), html);
    assertTrue(html.contains("62.0 (45.0-80.0)"), html);
    // a suppressed statistic (2018) is not drawn or tabulated; and 2018 has no pair value either
    assertFalse(html.contains("<td class=\"n\">2018</td>"));
    // the position table: BLR rank 2 of 5 in the EAEU, percentile 75
    assertTrue(html.contains("<td>2 of 5</td>"), html);
    // edition 2023 comes from ITU's published scores (reference data), the nowcast is labelled
    assertTrue(html.contains("ITU published (reference data)"));
    assertTrue(html.contains("ictbench nowcast (gold.idi_score)"));
    assertTrue(html.contains("gold.idi_score (version 3, committed 2026-11-22T00:00:00Z)"));
  }

  @Test
  void withoutPeerTablesTheReportSaysSoAndStillWrites() throws Exception {
    Path out = TestSpark.tempDir("report-nopeers");
    Report.Result r = Report.write(data(false), new Report.Config("BLR", "CHN", List.of("EAEU"), out));
    List<String> refs = ReportFilesCheck.check(r);
    assertFalse(refs.stream().anyMatch(s -> s.contains("position_")));
    String html = Files.readString(r.html(), StandardCharsets.UTF_8);
    assertTrue(html.contains("gold.peer_benchmark is not in this lake"));
    assertTrue(html.contains("gold.peer_position is not in this lake"));
  }

  @Test
  void eachChartsNumbersAreACsvInThePage() throws Exception {
    Report.Result r = Report.write(data(true), new Report.Config("BLR", "CHN", List.of(), TestSpark.tempDir("report-csv")));
    ReportFilesCheck.check(r);
    Map<String, List<CSVRecord>> idi = ReportFilesCheck.csv(r, "idi_editions");
    assertEquals(Set.of("idi_editions_BLR_CHN.csv"), idi.keySet());
    Map<String, CSVRecord> byKey = new LinkedHashMap<>();
    idi.values().iterator().next().forEach(c -> byKey.put(c.get("edition") + " " + c.get("iso3"), c));
    // the fixture's scores, unrounded, with the nowcast's interval and status
    assertEquals("88.5", byKey.get("2024 BLR").get("idi"));
    assertEquals("reproduced", byKey.get("2024 BLR").get("status"));
    assertEquals("", byKey.get("2024 BLR").get("idi_low"), "no interval on ITU's inputs alone");
    assertEquals("nowcast", byKey.get("2025 BLR").get("status"));
    assertEquals(List.of("89.9", "87.2", "92.4", "86", "93.8"), List.of(byKey.get("2025 BLR").get("idi"),
        byKey.get("2025 BLR").get("idi_low"), byKey.get("2025 BLR").get("idi_high"),
        byKey.get("2025 BLR").get("universal"), byKey.get("2025 BLR").get("meaningful")));
    // ITU's published 2023 scores (idi/published_idi.csv: Belarus 86.9, China 84.4)
    assertEquals("published", byKey.get("2023 BLR").get("status"));
    assertEquals(86.9, Double.parseDouble(byKey.get("2023 BLR").get("idi")), 1e-9);
    assertEquals(84.4, Double.parseDouble(byKey.get("2023 CHN").get("idi")), 1e-9);
    // the indicator chart: the pair's values and the groups' medians with p25/p75
    List<CSVRecord> internet = ReportFilesCheck.csv(r, "indicator_internet_users_pct").values().iterator().next();
    assertTrue(internet.stream().anyMatch(c -> c.get("code").equals("CHN") && c.get("year").equals("2021")
        && c.get("value").equals("69")), "CHN 2021 = 65 + 2*2");
    assertTrue(internet.stream().anyMatch(c -> c.get("code").equals("EAEU") && c.get("year").equals("2023")
        && c.get("value").equals("79") && c.get("p25").equals("75") && c.get("p75").equals("84")));
    assertEquals(5 + 5 + 5 + 5, internet.size(), "2019-2023 for BLR, CHN and the two default groups");
    // the position chart: BLR in the EAEU, rank 2 of 5, percentile 75
    CSVRecord eaeu = ReportFilesCheck.csv(r, "position_EAEU").values().iterator().next().get(0);
    assertEquals(List.of("BLR", "2", "5", "75"), List.of(eaeu.get("iso3"), eaeu.get("rank"),
        eaeu.get("members_with_data"), eaeu.get("percentile")));
  }

  @Test
  void nowcastEditionsAreDrawnApartFromReproducedOnes() throws Exception {
    Report.Result r = Report.write(data(true), new Report.Config("BLR", "CHN", List.of(), TestSpark.tempDir("report-nc")));
    String html = Files.readString(r.html(), StandardCharsets.UTF_8);
    String idiFigure = html.substring(html.indexOf("<figure id=\"idi_editions\">"));
    idiFigure = idiFigure.substring(0, idiFigure.indexOf("</figure>"));
    // a legend entry for nowcasts, the grey column's label, dashed lines; the table row shaded
    assertTrue(idiFigure.contains("nowcast by ictbench (no ITU inputs yet)"), "legend names the nowcast style");
    assertTrue(idiFigure.contains(">nowcast</text>"), "the nowcast edition's column is labelled");
    assertTrue(idiFigure.contains("stroke-dasharray"), "lines into a nowcast are dashed");
    assertTrue(idiFigure.contains("80% interval"), "the interval band is in the legend");
    assertTrue(html.contains("<tr class=\"nowcast\"><td class=\"n\">2025</td><td>Belarus</td><td class=\"n\">89.9</td>"),
        "the nowcast's table row is marked");
    // three panels (IDI, Universal, Meaningful) in one chart: each measure's axis is labelled
    for (String measure : List.of(">IDI</text>", ">Universal connectivity pillar</text>",
        ">Meaningful connectivity pillar</text>")) {
      assertTrue(idiFigure.contains(measure), measure);
    }
  }

  @Test
  void moreThanThreeGroupsAreDrawnAsSmallMultiples() throws Exception {
    Report.Result few = Report.write(data(true), new Report.Config("BLR", "CHN", ReportFixtures.GROUPS.subList(0, 3),
        TestSpark.tempDir("report-3groups")));
    ReportFilesCheck.check(few);
    assertEquals(1, svgCount(few, "indicator_internet_users_pct"), "three bands fit one chart");
    Report.Result many = Report.write(data(true), new Report.Config("BLR", "CHN", ReportFixtures.GROUPS,
        TestSpark.tempDir("report-4groups")));
    ReportFilesCheck.check(many);
    assertEquals(4, svgCount(many, "indicator_internet_users_pct"), "one panel per group");
    String html = Files.readString(many.html(), StandardCharsets.UTF_8);
    assertTrue(html.contains("One panel per group, on one scale."));
    // every group is still in the table and the CSV (ITU_EUR 2023: median 88, p25 81, p75 93)
    assertTrue(html.contains("<th>ITU_EUR median (p25-p75)</th>"));
    assertTrue(html.contains("88.0 (81.0-93.0)"));
    assertEquals(5 * 6, ReportFilesCheck.csv(many, "indicator_internet_users_pct").values().iterator().next().size());
  }

  @Test
  void namesInAnyScriptAndMarkupCharactersAreEscaped() throws Exception {
    Map<String, String> names = Map.of("BLR", "Беларусь <b>&amp;</b>", "CHN", "中国 & \"Co\" <script>x</script>");
    Report.Result r = Report.write(fx.data(true, names), new Report.Config("BLR", "CHN", List.of(),
        TestSpark.tempDir("report-names")));
    ReportFilesCheck.check(r);
    String html = Files.readString(r.html(), StandardCharsets.UTF_8);
    assertFalse(html.contains("<script>"), "no markup from the data");
    assertFalse(html.contains("<b>&amp;</b>"));
    assertTrue(html.contains("<h1>Беларусь &lt;b&gt;&amp;amp;&lt;/b&gt; and 中国 &amp; &quot;Co&quot; &lt;script&gt;x&lt;/script&gt;:"),
        "the heading, escaped once");
    // in the charts' SVG text too (XML escaping)
    assertTrue(html.contains("中国 &amp; &quot;Co&quot; &lt;script&gt;x&lt;/script&gt;</text>")
        || html.contains("中国 &amp; \"Co\" &lt;script&gt;x&lt;/script&gt;</text>"), "legend text in the SVG");
    // and the CSV carries the names as they are
    assertTrue(ReportFilesCheck.csv(r, "idi_editions").values().iterator().next().stream()
        .anyMatch(c -> c.get("economy").equals("中国 & \"Co\" <script>x</script>")));
  }

  private static int svgCount(Report.Result r, String figureId) throws Exception {
    String html = Files.readString(r.html(), StandardCharsets.UTF_8);
    String fig = html.substring(html.indexOf("<figure id=\"" + figureId + "\">"));
    fig = fig.substring(0, fig.indexOf("</figure>"));
    return fig.split("<svg ", -1).length - 1;
  }
}
