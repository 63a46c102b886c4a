package org.ictbench.report;

import static org.apache.spark.sql.functions.col;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.ictbench.core.Errors;
import org.ictbench.core.ResourceTable;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The HTML report on a pair of economies: one self-contained {@code index.html} that works offline.
 * Charts are inline SVG, each with its numbers as a CSV download carried in the page; CSS is inline;
 * there are no scripts, fonts, images or other references, and a Content-Security-Policy forbids the
 * browser to load any. Sections: IDI and pillars by edition (nowcasts drawn apart from reproduced
 * editions); normalized IDI components side by side; each IDI indicator over time against the groups'
 * medians and interquartile bands (when gold.peer_benchmark exists; small multiples beyond {@value
 * Charts#MAX_OVERLAPPING_BANDS} groups); the pair's position in each group (when gold.peer_position
 * exists); the claims check. Every figure carries its source and vintage and has its table beneath it.
 * The page is assembled from values ({@link Page}) by a Mustache template that escapes every text.
 */
public final class Report {
  /** What the report is about and where it goes. */
  public record Config(String iso3A, String iso3B, List<String> groups, Path outDir) {
    public Config {
      groups = List.copyOf(groups);
    }
  }

  /**
   * What was written: the page, the ids of its figures (each an inline chart with a CSV of its
   * numbers) and the page's size in bytes.
   */
  public record Result(Path html, List<String> charts, long bytes) {}

  /** One IDI indicator of the methodology, in goalposts order. */
  record IdiIndicator(String id, String pillar, String component, double weight) {}

  /** Indicator charts and tables show the last this many years. */
  static final int YEARS_SHOWN = 15;
  /** The height of an indicator chart, and of one panel of its small multiples. */
  private static final int SERIES_HEIGHT = 460;
  private static final int PANEL_HEIGHT = 360;

  private final ReportData data;
  private final Config cfg;
  private final Map<String, String[]> catalog = new LinkedHashMap<>(); // id → name, unit
  private final List<Page.Section> sections = new ArrayList<>();
  private final List<String> figureIds = new ArrayList<>();
  private List<Page.Block> blocks;

  private Report(ReportData data, Config cfg) {
    this.data = data;
    this.cfg = cfg;
    for (Map<String, String> r : ResourceTable.load("catalog/indicator.csv").rows()) {
      catalog.put(r.get("indicator_id"), new String[] {r.get("name"), r.get("unit")});
    }
  }

  /** Writes the report; returns the HTML file and its figures. */
  public static Result write(ReportData data, Config cfg) {
    System.setProperty("java.awt.headless", "true");
    Report r = new Report(data, cfg);
    String html = r.build().render();
    try {
      Files.createDirectories(cfg.outDir());
      Path index = cfg.outDir().resolve("index.html");
      byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
      Files.write(index, bytes);
      return new Result(index, List.copyOf(r.figureIds), bytes.length);
    } catch (IOException e) {
      throw Errors.exportFailed(cfg.outDir().toString(), e);
    }
  }

  static List<IdiIndicator> idiIndicators() {
    List<IdiIndicator> out = new ArrayList<>();
    for (Map<String, String> r : ResourceTable.load("idi/goalposts.csv").rows()) {
      if (r.get("methodology").equals("IDI2023")) {
        out.add(new IdiIndicator(r.get("indicator_id"), r.get("pillar"), r.get("component"),
            Double.parseDouble(r.get("component_weight"))));
      }
    }
    return out;
  }

  private String a() {
    return cfg.iso3A();
  }

  private String b() {
    return cfg.iso3B();
  }

  private List<String> pair() {
    return List.of(a(), b());
  }

  private Page build() {
    String title = data.name(a()) + " and " + data.name(b()) + ": ICT Development Index and indicators";
    String written = "Written by ictbench on " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + " from the curated tables in " + data.origin() + ".";
    String sources = "Table versions: " + String.join("; ",
        data.vintages().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()) + ".";
    List<String> groups = groups();
    String groupText = "Peer groups: " + (groups.isEmpty()
        ? "none (gold.peer_benchmark / gold.peer_position are not in this lake, or the pair has no group)"
        : String.join(", ", groups)) + ".";
    idiSection();
    componentSection();
    indicatorSection(groups);
    positionSection(groups);
    claimsSection();
    return new Page(title, written, sources, groupText, List.copyOf(sections));
  }

  /** Starts a section: what follows goes into it. */
  private void section(String id, String heading) {
    blocks = new ArrayList<>();
    sections.add(new Page.Section(id, heading, blocks));
  }

  private void note(String text) {
    blocks.add(Page.Block.note(text));
  }

  /** The groups to draw: --groups, else every group the pair belongs to in gold.peer_position. */
  private List<String> groups() {
    if (data.peerBenchmark() == null && data.peerPosition() == null) {
      return List.of();
    }
    if (!cfg.groups().isEmpty()) {
      return cfg.groups();
    }
    if (data.peerPosition() == null) {
      return List.of();
    }
    Set<String> g = new TreeSet<>();
    org.apache.spark.sql.Dataset<Row> pair = data.peerPosition().where(col("iso3").isin(a(), b()));
    if (java.util.Arrays.asList(pair.columns()).contains("is_member")) {
      pair = pair.where(col("is_member")); // the position table also places outsiders for comparison
    }
    for (Row r : pair.select("group_id").distinct().collectAsList()) {
      g.add(r.getString(0));
    }
    return List.copyOf(g);
  }

  // ---------------------------------------------------------------- 1. IDI by edition

  /**
   * One economy's scores in one edition, from gold.idi_score or ITU's published scores; intervals
   * null where the score has none (ITU's inputs only).
   */
  private record EditionScores(int edition, String iso3, String status, String origin, Double[] scores,
      Double[] lows, Double[] highs) {
    boolean nowcast() {
      return "nowcast".equals(status);
    }
  }

  private static final String[] MEASURES = {"IDI", "Universal connectivity pillar", "Meaningful connectivity pillar"};

  private static Double interval(Double low, Double high, boolean isLow) {
    return low == null || high == null || high - low < 0.05 ? null : isLow ? low : high;
  }

  private void idiSection() {
    section("idi", "1. ICT Development Index and pillars by edition");
    TreeMap<Integer, Map<String, EditionScores>> rows = new TreeMap<>();
    for (ReportData.IdiEdition e : data.idiEditions(pair())) {
      rows.computeIfAbsent(e.edition(), k -> new LinkedHashMap<>()).put(e.iso3(), new EditionScores(e.edition(),
          e.iso3(), e.status(), "ictbench " + e.status() + " (gold.idi_score)",
          new Double[] {e.idi(), e.universal(), e.meaningful()},
          new Double[] {interval(e.idiLow(), e.idiHigh(), true), interval(e.universalLow(), e.universalHigh(), true),
              interval(e.meaningfulLow(), e.meaningfulHigh(), true)},
          new Double[] {interval(e.idiLow(), e.idiHigh(), false), interval(e.universalLow(), e.universalHigh(), false),
              interval(e.meaningfulLow(), e.meaningfulHigh(), false)}));
    }
    boolean usedPublished = false;
    Map<String, Map<String, Double>> published = new LinkedHashMap<>();
    for (Row r : data.publishedIdi().where(col("iso3").isin(a(), b())).collectAsList()) {
      published.computeIfAbsent(r.getAs("edition") + "/" + r.getAs("iso3"), k -> new LinkedHashMap<>())
          .put(r.getAs("measure"), r.getAs("value"));
    }
    for (Map.Entry<String, Map<String, Double>> e : published.entrySet()) {
      String[] k = e.getKey().split("/");
      Map<String, EditionScores> ed = rows.computeIfAbsent(Integer.parseInt(k[0]), x -> new LinkedHashMap<>());
      if (!ed.containsKey(k[1]) && e.getValue().containsKey("idi")) {
        ed.put(k[1], new EditionScores(Integer.parseInt(k[0]), k[1], "published", "ITU published (reference data)",
            new Double[] {e.getValue().get("idi"), e.getValue().get("idi_universal"), e.getValue().get("idi_meaningful")},
            new Double[3], new Double[3]));
        usedPublished = true;
      }
    }
    if (rows.isEmpty()) {
      note("No IDI scores for " + a() + " or " + b() + " in gold.idi_score.");
      return;
    }
    List<String> labels = List.of(data.name(a()), data.name(b()));
    List<String> editions = rows.keySet().stream().map(String::valueOf).toList();
    Set<String> nowcasts = new TreeSet<>();
    List<Charts.EditionPanel> panels = new ArrayList<>();
    boolean anyBand = false;
    for (int m = 0; m < MEASURES.length; m++) {
      DefaultCategoryDataset ds = new DefaultCategoryDataset();
      List<org.jfree.data.category.IntervalCategoryDataset> bands = new ArrayList<>();
      boolean measureBand = false;
      Number[][] lows = new Number[2][editions.size()];
      Number[][] highs = new Number[2][editions.size()];
      for (int p = 0; p < 2; p++) {
        int i = 0;
        for (Map.Entry<Integer, Map<String, EditionScores>> e : rows.entrySet()) {
          EditionScores v = e.getValue().get(pair().get(p));
          ds.addValue(v == null ? null : v.scores()[m], labels.get(p), String.valueOf(e.getKey()));
          if (v != null && v.nowcast()) {
            nowcasts.add(labels.get(p) + "|" + e.getKey());
          }
          lows[p][i] = v == null ? null : v.lows()[m];
          highs[p][i] = v == null ? null : v.highs()[m];
          measureBand |= lows[p][i] != null;
          i++;
        }
      }
      if (measureBand) {
        anyBand = true;
        for (int p = 0; p < 2; p++) {
          bands.add(new org.jfree.data.category.DefaultIntervalCategoryDataset(
              new Comparable[] {labels.get(p) + " 80% interval"}, editions.toArray(new Comparable[0]),
              new Number[][] {lows[p]}, new Number[][] {highs[p]}));
        }
      }
      panels.add(new Charts.EditionPanel(MEASURES[m], ds, bands));
    }
    ChartCsv csv = new ChartCsv("idi_editions_" + a() + "_" + b() + ".csv", List.of("edition", "iso3", "economy",
        "status", "idi", "idi_low", "idi_high", "universal", "universal_low", "universal_high", "meaningful",
        "meaningful_low", "meaningful_high", "origin"));
    for (Map<String, EditionScores> ed : rows.values()) {
      for (String iso : pair()) {
        EditionScores v = ed.get(iso);
        if (v != null) {
          csv.add(v.edition(), iso, data.name(iso), v.status(), v.scores()[0], v.lows()[0], v.highs()[0], v.scores()[1],
              v.lows()[1], v.highs()[1], v.scores()[2], v.lows()[2], v.highs()[2], v.origin());
        }
      }
    }
    String source = "Source: ictbench's IDI computed from ITU's published inputs (" + data.vintage("gold.idi_score") + ")"
        + (usedPublished ? "; editions not in gold.idi_score: ITU's published scores (idi/published_idi.csv, "
            + "ITU, Measuring digital development - The ICT Development Index 2023/2024)" : "")
        + ". Edition t uses data for year t-2. One panel per measure, on one scale."
        + (nowcasts.isEmpty() ? "" : " Nowcasts (editions without ITU's inputs, computed by ictbench from the latest"
            + " observations) are drawn dashed with open points on a grey column, and their table rows are shaded.")
        + (anyBand ? " Bands: the 80% interval where a score rests on nowcast or imputed inputs (idi_low, idi_high and"
            + " the pillars' intervals; calibrated on the backtests in gold.idi_nowcast_backtest)." : "");
    figure("idi_editions", "IDI and pillar scores by edition for " + labels.get(0) + " and " + labels.get(1),
        List.of(Charts.svg(Charts.editionPanels("IDI and pillar scores, by ITU edition", panels, labels, nowcasts),
            "idi_editions-svg", Charts.WIDTH, 520)), source, csv);
    List<Page.Row> t = new ArrayList<>();
    for (Map.Entry<Integer, Map<String, EditionScores>> e : rows.entrySet()) {
      for (String iso : pair()) {
        EditionScores v = e.getValue().get(iso);
        if (v == null) {
          continue;
        }
        String interval = v.lows()[0] == null ? "" : num(v.lows()[0], 1) + "-" + num(v.highs()[0], 1);
        t.add(row(v.nowcast() ? "nowcast" : null, String.valueOf(e.getKey()), data.name(iso), num(v.scores()[0], 1),
            interval, num(v.scores()[1], 1), num(v.scores()[2], 1), v.origin()));
      }
    }
    blocks.add(Page.Block.table(new Page.Table(null, List.of("edition", "economy", "IDI", "IDI 80% interval",
        "Universal", "Meaningful", "origin"), t)));
    changeText();
  }

  /** What moved each economy's IDI from its last reproduced edition to each nowcast, in plain words. */
  private void changeText() {
    List<String> paragraphs = new ArrayList<>();
    for (String iso : pair()) {
      for (ReportData.ChangeExplanation c : data.changeExplanations(iso)) {
        paragraphs.add(ChangeText.explain(c, data.name(iso), catalog));
      }
    }
    if (paragraphs.isEmpty()) {
      return;
    }
    blocks.add(Page.Block.subheading("What moved the IDI since the last reproduced edition"));
    paragraphs.forEach(p -> blocks.add(Page.Block.paragraph(p)));
    blocks.add(Page.Block.meta("Source: " + data.vintage("gold.idi_change_decomposition")
        + ": each input's contribution = change of its score x its weight in the IDI; the contributions add up"
        + " to the change. An estimated input's change is the model's, not an observation."));
  }

  // ---------------------------------------------------------------- 2. components

  private void componentSection() {
    section("components", "2. Normalized IDI components side by side");
    List<Row> rs = data.indicatorScore().where(col("iso3").isin(a(), b()).and(col("score").isNotNull()))
        .select("edition", "iso3", "indicator", "component", "component_weight", "score", "value", "data_year")
        .collectAsList();
    // latest edition where both economies have scores
    Map<Integer, Set<String>> who = new TreeMap<>();
    for (Row r : rs) {
      who.computeIfAbsent(r.getInt(0), k -> new TreeSet<>()).add(r.getString(1));
    }
    Integer edition = null;
    for (Map.Entry<Integer, Set<String>> e : who.entrySet()) {
      if (e.getValue().size() == 2) {
        edition = e.getKey();
      }
    }
    if (edition == null) {
      note("No edition in gold.idi_indicator_score scores both economies.");
      return;
    }
    final int ed = edition;
    // component → iso3 → {score sum, values text}
    Map<String, Map<String, Object[]>> comp = new LinkedHashMap<>();
    Map<String, String> compLabel = new LinkedHashMap<>();
    for (IdiIndicator i : idiIndicators()) {
      comp.computeIfAbsent(i.component(), k -> new LinkedHashMap<>());
      compLabel.put(i.component(), i.component().equals("coverage") ? "Mobile network coverage (0.4·3G + 0.6·4G)"
          : catalog.getOrDefault(i.id(), new String[] {i.id(), ""})[0]);
    }
    for (Row r : rs) {
      if (r.getInt(0) != ed) {
        continue;
      }
      Object[] acc = comp.get(r.getString(3)).computeIfAbsent(r.getString(1), k -> new Object[] {0.0, ""});
      acc[0] = (Double) acc[0] + r.getDouble(4) * r.getDouble(5);
      String[] cat = catalog.getOrDefault(r.getString(2), new String[] {r.getString(2), ""});
      acc[1] = (acc[1].toString().isEmpty() ? "" : acc[1] + "; ") + (r.getString(3).equals("coverage")
          ? (r.getString(2).contains("3g") ? "3G " : "4G ") : "") + num(r.isNullAt(6) ? null : r.getDouble(6), 1)
          + " " + cat[1] + (r.isNullAt(7) ? "" : " (" + r.getInt(7) + ")");
    }
    // a nowcast edition's bars are lighter and say so in the legend
    Set<String> nowcast = new TreeSet<>();
    for (ReportData.IdiEdition e : data.idiEditions(pair())) {
      if (e.edition() == ed && "nowcast".equals(e.status())) {
        nowcast.add(e.iso3());
      }
    }
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    List<Color> colors = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      Color c = Charts.pairColor(p);
      colors.add(nowcast.contains(pair().get(p)) ? Charts.lighter(c) : c);
    }
    ChartCsv csv = new ChartCsv("idi_components_" + a() + "_" + b() + "_" + ed + ".csv", List.of("edition", "iso3",
        "economy", "status", "component", "score", "values"));
    for (Map.Entry<String, Map<String, Object[]>> e : comp.entrySet()) {
      for (String iso : pair()) {
        Object[] v = e.getValue().get(iso);
        ds.addValue(v == null ? null : (Double) v[0], seriesLabel(iso, ed, nowcast), compLabel.get(e.getKey()));
        if (v != null) {
          csv.add(ed, iso, data.name(iso), nowcast.contains(iso) ? "nowcast" : "reproduced", e.getKey(), v[0], v[1]);
        }
      }
    }
    figure("idi_components", "Normalized IDI component scores, edition " + ed,
        List.of(Charts.svg(Charts.bars("Normalized IDI components, edition " + ed,
            "Score (0 = threshold, 100 = goalpost)", ds, colors, 110), "idi_components-svg", Charts.WIDTH, 640)),
        "Source: " + data.vintage("gold.idi_indicator_score") + ", ITU IDI 2023+ methodology (idi/goalposts.csv): each"
            + " indicator scores 0 at its threshold and 100 at its goalpost; coverage = 0.4·3G + 0.6·4G."
            + (nowcast.isEmpty() ? "" : " Lighter bars: a nowcast edition (ictbench's, without ITU's inputs)."), csv);
    List<List<String>> t = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object[]>> e : comp.entrySet()) {
      Object[] va = e.getValue().get(a());
      Object[] vb = e.getValue().get(b());
      t.add(List.of(compLabel.get(e.getKey()), va == null ? "-" : (String) va[1], num(va == null ? null : va[0], 1),
          vb == null ? "-" : (String) vb[1], num(vb == null ? null : vb[0], 1),
          va == null || vb == null ? "-" : num((Double) va[0] - (Double) vb[0], 1)));
    }
    table(List.of("component", data.name(a()) + " value (data year)", data.name(a()) + " score",
        data.name(b()) + " value (data year)", data.name(b()) + " score", "score gap"), t);
  }

  // ---------------------------------------------------------------- 3. indicators over time

  private void indicatorSection(List<String> groups) {
    section("indicators", "3. IDI indicators over time");
    if (data.peerBenchmark() == null) {
      note("gold.peer_benchmark is not in this lake: the charts show the pair only"
          + " (run the pipeline with peer groups to add the groups' medians and interquartile bands).");
    }
    List<String> bandGroups = groups;
    boolean multiples = bandGroups.size() > Charts.MAX_OVERLAPPING_BANDS;
    if (multiples) {
      note("More than " + Charts.MAX_OVERLAPPING_BANDS + " peer groups: each chart is drawn as small multiples,"
          + " one panel per group on one scale.");
    }
    List<String> ids = idiIndicators().stream().map(IdiIndicator::id).toList();
    List<Row> obs = data.observationLatest().where(col("iso3").isin(a(), b()).and(col("indicator").isin(ids.toArray())))
        .select("iso3", "indicator", "year", "value", "source", "vintage").collectAsList();
    List<Row> bench = data.peerBenchmark() == null || bandGroups.isEmpty() ? List.of()
        : data.peerBenchmark().where(col("group_id").isin(bandGroups.toArray()).and(col("indicator").isin(ids.toArray())))
            .select("group_id", "indicator", "year", "median", "p25", "p75").collectAsList();
    for (String id : ids) {
      String[] cat = catalog.getOrDefault(id, new String[] {id, ""});
      int lastYear = obs.stream().filter(r -> r.getString(1).equals(id)).mapToInt(r -> r.getInt(2)).max().orElse(0);
      int firstYear = lastYear - YEARS_SHOWN + 1;
      List<Charts.Line> lines = new ArrayList<>();
      Set<String> sources = new TreeSet<>();
      TreeMap<Integer, String[]> tableRows = new TreeMap<>();
      int cols = 2 + bandGroups.size();
      ChartCsv csv = new ChartCsv("indicator_" + id + "_" + a() + "_" + b() + ".csv", List.of("indicator", "unit",
          "kind", "code", "name", "year", "value", "p25", "p75"));
      for (int p = 0; p < 2; p++) {
        Map<Integer, Double> pts = new TreeMap<>();
        for (Row r : obs) {
          if (r.getString(0).equals(pair().get(p)) && r.getString(1).equals(id) && r.getInt(2) >= firstYear) {
            pts.put(r.getInt(2), r.getDouble(3));
            csv.add(id, cat[1], "economy", pair().get(p), data.name(pair().get(p)), r.getInt(2), r.getDouble(3), null,
                null);
            sources.add(r.getString(4) + " vintage " + r.get(5));
            tableRows.computeIfAbsent(r.getInt(2), k -> new String[cols])[p] = val(r.getDouble(3));
          }
        }
        lines.add(new Charts.Line(data.name(pair().get(p)), Charts.pairColor(p), pts));
      }
      List<Charts.Band> bands = new ArrayList<>();
      List<String> bandNames = new ArrayList<>();
      for (int g = 0; g < bandGroups.size(); g++) {
        Map<Integer, double[]> pts = new TreeMap<>();
        for (Row r : bench) {
          if (r.getString(0).equals(bandGroups.get(g)) && r.getString(1).equals(id) && !r.isNullAt(3)
              && ((Number) r.get(2)).intValue() >= firstYear) {
            double med = ((Number) r.get(3)).doubleValue();
            double lo = r.isNullAt(4) ? med : ((Number) r.get(4)).doubleValue();
            double hi = r.isNullAt(5) ? med : ((Number) r.get(5)).doubleValue();
            pts.put(((Number) r.get(2)).intValue(), new double[] {med, lo, hi});
            csv.add(id, cat[1], "group median", bandGroups.get(g), bandGroups.get(g), ((Number) r.get(2)).intValue(),
                med, r.isNullAt(4) ? null : lo, r.isNullAt(5) ? null : hi);
            tableRows.computeIfAbsent(((Number) r.get(2)).intValue(), k -> new String[cols])[2 + g] =
                val(med) + " (" + val(lo) + "-" + val(hi) + ")";
          }
        }
        if (!pts.isEmpty()) {
          bands.add(new Charts.Band(bandGroups.get(g) + " median, IQR band",
              Charts.GROUPS[g % Charts.GROUPS.length], pts));
          bandNames.add(bandGroups.get(g));
        }
      }
      blocks.add(Page.Block.subheading(cat[0] + " (" + cat[1] + ")"));
      if (tableRows.isEmpty()) {
        note("No values for either economy.");
        continue;
      }
      boolean pct = cat[1].startsWith("%") && !id.contains("basket");
      String figureId = "indicator_" + id;
      List<String> svgs = new ArrayList<>();
      if (bands.size() <= Charts.MAX_OVERLAPPING_BANDS) {
        svgs.add(Charts.svg(Charts.series(cat[0], cat[1], lines, bands, pct), figureId + "-svg", Charts.WIDTH,
            SERIES_HEIGHT));
      } else {
        // small multiples: one panel per group, the pair in each, all on one scale
        double[] range = sharedRange(lines, bands, pct);
        for (int g = 0; g < bands.size(); g++) {
          svgs.add(Charts.svg(Charts.series(cat[0] + ": " + bandNames.get(g), cat[1], lines, List.of(bands.get(g)), pct,
              range),
              figureId + "-" + g + "-svg", Charts.PANEL_WIDTH, PANEL_HEIGHT));
        }
      }
      figure(figureId, cat[0] + " of " + data.name(a()) + " and " + data.name(b())
          + (bands.isEmpty() ? "" : " against peer-group medians and interquartile ranges"), svgs,
          "Source: silver.observation_latest (last " + YEARS_SHOWN + " years): " + String.join("; ", sources) + " ("
              + data.vintage("silver.observation_latest") + ")" + (bands.isEmpty() ? ""
                  : "; group medians and p25-p75 bands: " + data.vintage("gold.peer_benchmark") + ", members of each year")
              + "." + (svgs.size() > 1 ? " One panel per group, on one scale." : ""), csv);
      List<String> head = new ArrayList<>(List.of("year", data.name(a()), data.name(b())));
      bandGroups.forEach(g -> head.add(g + " median (p25-p75)"));
      List<List<String>> t = new ArrayList<>();
      for (Map.Entry<Integer, String[]> e : tableRows.entrySet()) {
        List<String> row = new ArrayList<>();
        row.add(String.valueOf(e.getKey()));
        for (String c : e.getValue()) {
          row.add(c == null ? "-" : c);
        }
        t.add(row);
      }
      table(head, t);
    }
  }

  // ---------------------------------------------------------------- 4. position in groups

  private void positionSection(List<String> groups) {
    section("position", "4. Position within peer groups");
    if (data.peerPosition() == null) {
      note("gold.peer_position is not in this lake, so positions in peer groups are not shown.");
      return;
    }
    List<String> ids = idiIndicators().stream().map(IdiIndicator::id).toList();
    List<Row> pos = data.peerPosition().where(col("iso3").isin(a(), b()).and(col("group_id").isin(groups.toArray()))
            .and(col("indicator").isin(ids.toArray())).and(col("value").isNotNull()))
        .select("group_id", "iso3", "indicator", "year", "value", "rank", "percentile", "gap_to_median", "gap_to_leader")
        .collectAsList();
    Map<String, Row> benchByKey = new LinkedHashMap<>();
    if (data.peerBenchmark() != null) {
      for (Row r : data.peerBenchmark().where(col("group_id").isin(groups.toArray()))
          .select("group_id", "indicator", "year", "members_with_data", "median", "leader_iso3").collectAsList()) {
        benchByKey.put(r.get(0) + "|" + r.get(1) + "|" + r.get(2), r);
      }
    }
    double scale = 1.0; // gold.peer_position.percentile is already on a 0-100 scale
    boolean any = false;
    for (String g : groups) {
      // latest year per (iso3, indicator)
      Map<String, Row> latest = new LinkedHashMap<>();
      for (Row r : pos) {
        if (!r.getString(0).equals(g)) {
          continue;
        }
        String k = r.getString(1) + "|" + r.getString(2);
        Row prev = latest.get(k);
        if (prev == null || ((Number) r.get(3)).intValue() > ((Number) prev.get(3)).intValue()) {
          latest.put(k, r);
        }
      }
      if (latest.isEmpty()) {
        continue;
      }
      any = true;
      DefaultCategoryDataset ds = new DefaultCategoryDataset();
      List<Color> colors = new ArrayList<>();
      List<List<String>> t = new ArrayList<>();
      ChartCsv csv = new ChartCsv("position_" + g + "_" + a() + "_" + b() + ".csv", List.of("group_id", "iso3", "economy",
          "indicator", "year", "value", "rank", "members_with_data", "percentile", "group_median", "gap_to_median",
          "leader_iso3", "gap_to_leader"));
      for (int p = 0; p < 2; p++) {
        String iso = pair().get(p);
        boolean member = latest.keySet().stream().anyMatch(k -> k.startsWith(iso + "|"));
        if (!member) {
          continue;
        }
        colors.add(Charts.pairColor(p));
        for (String id : ids) {
          Row r = latest.get(iso + "|" + id);
          String label = catalog.getOrDefault(id, new String[] {id})[0];
          ds.addValue(r == null || r.isNullAt(6) ? null : ((Number) r.get(6)).doubleValue() * scale, data.name(iso), label);
          if (r != null) {
            Row bm = benchByKey.get(g + "|" + id + "|" + r.get(3));
            csv.add(g, iso, data.name(iso), id, ((Number) r.get(3)).intValue(), dbl(r.get(4)),
                r.isNullAt(5) ? null : ((Number) r.get(5)).intValue(), bm == null || bm.isNullAt(3) ? null
                    : ((Number) bm.get(3)).longValue(), dbl(r.get(6)), bm == null ? null : dbl(bm.get(4)), dbl(r.get(7)),
                bm == null ? null : bm.get(5), dbl(r.get(8)));
            t.add(List.of(data.name(iso), label, String.valueOf(r.get(3)), num(r.get(4), 1),
                (r.isNullAt(5) ? "-" : String.valueOf(r.get(5))) + (bm == null || bm.isNullAt(3) ? "" : " of " + bm.get(3)),
                num(r.isNullAt(6) ? null : ((Number) r.get(6)).doubleValue() * scale, 0),
                bm == null ? "-" : num(bm.get(4), 1), num(r.get(7), 1),
                bm == null || bm.isNullAt(5) ? "-" : data.name(bm.getString(5)), num(r.get(8), 1)));
          }
        }
      }
      String figureId = "position_" + g.replaceAll("[^A-Za-z0-9_]", "_");
      figure(figureId, "Where " + data.name(a()) + " and " + data.name(b()) + " stand within " + g,
          List.of(Charts.svg(Charts.bars("Percentile within " + g + " (latest year per indicator)",
              "Percentile within the group (gold.peer_position)", ds, colors, 110), figureId + "-svg", Charts.WIDTH,
              640)),
          "Source: " + data.vintage("gold.peer_position")
              + (data.peerBenchmark() == null ? "" : "; group statistics: " + data.vintage("gold.peer_benchmark"))
              + ". Group members as of each year.", csv);
      table(List.of("economy", "indicator", "year", "value", "rank", "percentile", "group median", "gap to median",
          "leader", "gap to leader"), t);
    }
    if (!any) {
      note("Neither economy has a position in the selected groups.");
    }
  }

  // ---------------------------------------------------------------- 5. claims

  private void claimsSection() {
    section("claims", "5. Claims check");
    if (data.claims() == null) {
      note("No claims file given (--claims FILE).");
      return;
    }
    blocks.add(Page.Block.claimsExplanation());
    List<List<String>> t = new ArrayList<>();
    for (Row r : data.claims().collectAsList()) {
      Double cur = r.getAs("curated_value");
      String ind = r.getAs("indicator");
      String indName = switch (ind) {
        case "idi" -> "ICT Development Index";
        case "idi_universal" -> "IDI Universal pillar";
        case "idi_meaningful" -> "IDI Meaningful pillar";
        default -> catalog.getOrDefault(ind, new String[] {ind})[0];
      };
      t.add(List.of(r.getAs("claim_id"), data.name(r.getAs("economy")), indName,
          r.getAs("period_kind") + " " + r.getAs("period"), r.getAs("stated_value") + nz(r.getAs("stated_unit"), " "),
          "@" + r.getAs("outcome"), cur == null ? "-" : ClaimsCheck.fmt(cur), nz(r.getAs("curated_source"), ""),
          nz(r.getAs("explanation"), "")));
    }
    table("claims", List.of("claim", "economy", "indicator", "period", "stated", "outcome", "curated", "curated source",
        "explanation"), t);
  }

  // ---------------------------------------------------------------- page helpers

  private void figure(String id, String alt, List<String> svgs, String caption, ChartCsv csv) {
    figureIds.add(id);
    blocks.add(Page.Block.figure(new Page.Figure(id, alt, svgs.stream().map(Page.Panel::new).toList(), caption, csv)));
  }

  private void table(List<String> head, List<List<String>> rows) {
    table(null, head, rows);
  }

  /** A table; a cell "@x" is an outcome shown as x in a cell of class x, a number is right-aligned. */
  private void table(String cls, List<String> head, List<List<String>> rows) {
    List<Page.Row> out = new ArrayList<>();
    for (List<String> r : rows) {
      out.add(new Page.Row(r.stream().map(Report::cell).toList(), null));
    }
    blocks.add(Page.Block.table(new Page.Table(cls, List.copyOf(head), out)));
  }

  private static Page.Cell cell(String c) {
    if (c.startsWith("@")) {
      return new Page.Cell(c.substring(1), c.substring(1));
    }
    return new Page.Cell(c, c.matches("-?[\\d,]+(\\.\\d+)?") ? "n" : null);
  }

  private static Page.Row row(String cls, String... cells) {
    return new Page.Row(java.util.Arrays.stream(cells).map(Report::cell).toList(), cls);
  }

  /** The label of an economy's bars in an edition: its name, marked when the edition is its nowcast. */
  private String seriesLabel(String iso3, int edition, Set<String> nowcast) {
    return data.name(iso3) + (nowcast.contains(iso3) ? " (" + edition + " nowcast)" : "");
  }

  /** One value range for the panels of small multiples: every line and band fits, with a margin. */
  static double[] sharedRange(List<Charts.Line> lines, List<Charts.Band> bands, boolean percent) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Charts.Line l : lines) {
      for (double v : l.points().values()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    for (Charts.Band b : bands) {
      for (double[] v : b.medianP25P75().values()) {
        lo = Math.min(lo, Math.min(v[0], v[1]));
        hi = Math.max(hi, Math.max(v[0], v[2]));
      }
    }
    double margin = hi > lo ? (hi - lo) * 0.08 : Math.max(1, Math.abs(hi) * 0.1);
    lo -= margin;
    hi += margin;
    if (percent) {
      return new double[] {Math.max(0, lo), Math.max(100, hi)};
    }
    return new double[] {Math.min(0, lo), hi};
  }

  private static Double dbl(Object v) {
    return v == null ? null : ((Number) v).doubleValue();
  }

  private static String nz(Object s, String prefix) {
    return s == null ? "" : prefix + s;
  }

  /** Two decimals below 10 (prices, small shares), one above. */
  static String val(Object v) {
    return v == null ? "-" : num(v, Math.abs(((Number) v).doubleValue()) < 10 ? 2 : 1);
  }

  static String num(Object v, int decimals) {
    if (v == null) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", ((Number) v).doubleValue());
  }

  /** For tests and the CLI: every distinct group mentioned in --groups, in order. */
  public static List<String> parseGroups(String csv) {
    if (csv == null || csv.isBlank()) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String g : csv.split(",")) {
      if (!g.isBlank()) {
        out.add(g.trim().toUpperCase(Locale.ROOT));
      }
    }
    return List.copyOf(out);
  }
}
