package org.ictbench.report;

import static org.apache.spark.sql.functions.col;

import java.awt.Color;
import java.io.File;
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
 * The self-contained HTML report on a pair of economies: one {@code index.html} with inline CSS (no
 * scripts, fonts or network references) and PNG charts in {@code charts/} next to it, referenced
 * relatively. Sections: IDI and pillars by edition; normalized IDI components side by side; each IDI
 * indicator over time against the groups' medians and interquartile bands (when gold.peer_benchmark
 * exists); the pair's position in each group (when gold.peer_position exists); the claims check.
 * Every figure carries its source and vintage and has its table beneath it.
 */
public final class Report {
  /** What the report is about and where it goes. */
  public record Config(String iso3A, String iso3B, List<String> groups, Path outDir) {
    public Config {
      groups = List.copyOf(groups);
    }
  }

  /** What was written. */
  public record Result(Path html, List<Path> charts) {}

  /** One IDI indicator of the methodology, in goalposts order. */
  record IdiIndicator(String id, String pillar, String component, double weight) {}

  private static final int MAX_BAND_GROUPS = Charts.GROUPS.length;
  /** Indicator charts and tables show the last this many years. */
  static final int YEARS_SHOWN = 15;

  private final ReportData data;
  private final Config cfg;
  private final Path chartDir;
  private final List<Path> charts = new ArrayList<>();
  private final Map<String, String[]> catalog = new LinkedHashMap<>(); // id → name, unit
  private final StringBuilder html = new StringBuilder();

  private Report(ReportData data, Config cfg) {
    this.data = data;
    this.cfg = cfg;
    this.chartDir = cfg.outDir().resolve("charts");
    for (Map<String, String> r : ResourceTable.load("catalog/indicator.csv").rows()) {
      catalog.put(r.get("indicator_id"), new String[] {r.get("name"), r.get("unit")});
    }
  }

  /** Writes the report; returns the HTML file and the charts. */
  public static Result write(ReportData data, Config cfg) {
    System.setProperty("java.awt.headless", "true");
    Report r = new Report(data, cfg);
    try {
      Files.createDirectories(r.chartDir);
      r.build();
      Path index = cfg.outDir().resolve("index.html");
      Files.writeString(index, r.html.toString(), StandardCharsets.UTF_8);
      return new Result(index, List.copyOf(r.charts));
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

  private void build() {
    String title = data.name(a()) + " and " + data.name(b()) + ": ICT Development Index and indicators";
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    html.append("<h1>").append(esc(title)).append("</h1>\n");
    html.append("<p class=\"meta\">Written by ictbench on ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" from the curated tables in <code>")
        .append(esc(data.origin())).append("</code>. Table versions: ")
        .append(esc(String.join("; ", data.vintages().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())))
        .append(".</p>\n");
    List<String> groups = groups();
    html.append("<p class=\"meta\">Peer groups: ").append(groups.isEmpty()
        ? "none (gold.peer_benchmark / gold.peer_position are not in this lake, or the pair has no group)"
        : esc(String.join(", ", groups))).append(".</p>\n");
    html.append("<nav><ol><li><a href=\"#idi\">IDI and pillars by edition</a></li>"
        + "<li><a href=\"#components\">Normalized IDI components</a></li>"
        + "<li><a href=\"#indicators\">Indicators over time</a></li>"
        + "<li><a href=\"#position\">Position within peer groups</a></li>"
        + "<li><a href=\"#claims\">Claims check</a></li></ol></nav>\n");
    idiSection();
    componentSection();
    indicatorSection(groups);
    positionSection(groups);
    claimsSection();
    html.append("</body>\n</html>\n");
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

  private void idiSection() {
    html.append("<h2 id=\"idi\">1. ICT Development Index and pillars by edition</h2>\n");
    // edition → iso3 → {idi, universal, meaningful, origin, idi_low, idi_high}
    TreeMap<Integer, Map<String, Object[]>> rows = new TreeMap<>();
    for (ReportData.IdiEdition e : data.idiEditions(pair())) {
      rows.computeIfAbsent(e.edition(), k -> new LinkedHashMap<>()).put(e.iso3(),
          new Object[] {e.idi(), e.universal(), e.meaningful(), "ictbench " + e.status() + " (gold.idi_score)",
              e.hasInterval() ? e.idiLow() : null, e.hasInterval() ? e.idiHigh() : null});
    }
    boolean usedPublished = false;
    Map<String, Map<String, Double>> published = new LinkedHashMap<>();
    for (Row r : data.publishedIdi().where(col("iso3").isin(a(), b())).collectAsList()) {
      published.computeIfAbsent(r.getAs("edition") + "/" + r.getAs("iso3"), k -> new LinkedHashMap<>())
          .put(r.getAs("measure"), r.getAs("value"));
    }
    for (Map.Entry<String, Map<String, Double>> e : published.entrySet()) {
      String[] k = e.getKey().split("/");
      Map<String, Object[]> ed = rows.computeIfAbsent(Integer.parseInt(k[0]), x -> new LinkedHashMap<>());
      if (!ed.containsKey(k[1]) && e.getValue().containsKey("idi")) {
        ed.put(k[1], new Object[] {e.getValue().get("idi"), e.getValue().get("idi_universal"),
            e.getValue().get("idi_meaningful"), "ITU published (reference data)", null, null});
        usedPublished = true;
      }
    }
    if (rows.isEmpty()) {
      html.append("<p class=\"note\">No IDI scores for ").append(esc(a())).append(" or ").append(esc(b()))
          .append(" in gold.idi_score.</p>\n");
      return;
    }
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    List<String> labels = List.of(data.name(a()), data.name(b()));
    String[] measures = {"IDI", "Universal", "Meaningful"};
    for (int m = 0; m < 3; m++) {
      for (int p = 0; p < 2; p++) {
        for (Map.Entry<Integer, Map<String, Object[]>> e : rows.entrySet()) {
          Object[] v = e.getValue().get(pair().get(p));
          ds.addValue(v == null ? null : (Double) v[m], labels.get(p) + " " + measures[m], String.valueOf(e.getKey()));
        }
      }
    }
    // the IDI's 80% intervals (nowcasts, imputed inputs) as bands
    List<String> editions = rows.keySet().stream().map(String::valueOf).toList();
    Number[][] lows = new Number[2][editions.size()];
    Number[][] highs = new Number[2][editions.size()];
    boolean anyBand = false;
    for (int p = 0; p < 2; p++) {
      int i = 0;
      for (Map<String, Object[]> ed : rows.values()) {
        Object[] v = ed.get(pair().get(p));
        lows[p][i] = v == null ? null : (Double) v[4];
        highs[p][i] = v == null ? null : (Double) v[5];
        anyBand |= lows[p][i] != null;
        i++;
      }
    }
    List<org.jfree.data.category.IntervalCategoryDataset> bands = null;
    if (anyBand) {
      bands = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        bands.add(new org.jfree.data.category.DefaultIntervalCategoryDataset(
            new Comparable[] {labels.get(p) + " IDI 80% interval"}, editions.toArray(new Comparable[0]),
            new Number[][] {lows[p]}, new Number[][] {highs[p]}));
      }
    }
    String file = chart("idi_editions.png", Charts.editions("IDI and pillar scores, by ITU edition", ds, labels, bands),
        520);
    String source = "Source: ictbench's IDI computed from ITU's published inputs (" + data.vintage("gold.idi_score") + ")"
        + (usedPublished ? "; editions not in gold.idi_score: ITU's published scores (idi/published_idi.csv, "
            + "ITU, Measuring digital development - The ICT Development Index 2023/2024)" : "")
        + ". Edition t uses data for year t-2. Solid: IDI; dashed: Universal pillar; dotted: Meaningful pillar."
        + (anyBand ? " Bands: the IDI's 80% interval where it rests on nowcast or imputed inputs (idi_low, idi_high;"
            + " calibrated on the backtests in gold.idi_nowcast_backtest)." : "");
    figure(file, "IDI and pillar scores by edition for " + labels.get(0) + " and " + labels.get(1), source);
    table(List.of("edition", "economy", "IDI", "IDI 80% interval", "Universal", "Meaningful", "origin"),
        rows.entrySet().stream()
        .flatMap(e -> pair().stream().filter(e.getValue()::containsKey).map(iso -> {
          Object[] v = e.getValue().get(iso);
          String interval = v[4] == null ? "" : num(v[4], 1) + "-" + num(v[5], 1);
          return List.of(String.valueOf(e.getKey()), data.name(iso), num(v[0], 1), interval, num(v[1], 1),
              num(v[2], 1), (String) v[3]);
        })).toList());
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
    html.append("<h3>What moved the IDI since the last reproduced edition</h3>\n");
    for (String p : paragraphs) {
      html.append("<p>").append(esc(p)).append("</p>\n");
    }
    html.append("<p class=\"meta\">Source: ").append(esc(data.vintage("gold.idi_change_decomposition")))
        .append(": each input's contribution = change of its score x its weight in the IDI; the contributions add up"
            + " to the change. An estimated input's change is the model's, not an observation.</p>\n");
  }

  // ---------------------------------------------------------------- 2. components

  private void componentSection() {
    html.append("<h2 id=\"components\">2. Normalized IDI components side by side</h2>\n");
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
      html.append("<p class=\"note\">No edition in gold.idi_indicator_score scores both economies.</p>\n");
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
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (Map.Entry<String, Map<String, Object[]>> e : comp.entrySet()) {
      for (String iso : pair()) {
        Object[] v = e.getValue().get(iso);
        ds.addValue(v == null ? null : (Double) v[0], data.name(iso), compLabel.get(e.getKey()));
      }
    }
    String file = chart("idi_components.png", Charts.bars("Normalized IDI components, edition " + ed,
        "Score (0 = threshold, 100 = goalpost)", ds, List.of(Charts.A, Charts.B), 110), 640);
    figure(file, "Normalized IDI component scores, edition " + ed,
        "Source: " + data.vintage("gold.idi_indicator_score") + ", ITU IDI 2023+ methodology (idi/goalposts.csv): each"
            + " indicator scores 0 at its threshold and 100 at its goalpost; coverage = 0.4·3G + 0.6·4G.");
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
    html.append("<h2 id=\"indicators\">3. IDI indicators over time</h2>\n");
    if (data.peerBenchmark() == null) {
      html.append("<p class=\"note\">gold.peer_benchmark is not in this lake: the charts show the pair only"
          + " (run the pipeline with peer groups to add the groups' medians and interquartile bands).</p>\n");
    }
    List<String> bandGroups = groups.size() > MAX_BAND_GROUPS ? groups.subList(0, MAX_BAND_GROUPS) : groups;
    if (bandGroups.size() < groups.size()) {
      html.append("<p class=\"note\">Bands are drawn for the first ").append(MAX_BAND_GROUPS)
          .append(" groups only: ").append(esc(String.join(", ", bandGroups))).append(".</p>\n");
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
      for (int p = 0; p < 2; p++) {
        Map<Integer, Double> pts = new TreeMap<>();
        for (Row r : obs) {
          if (r.getString(0).equals(pair().get(p)) && r.getString(1).equals(id) && r.getInt(2) >= firstYear) {
            pts.put(r.getInt(2), r.getDouble(3));
            sources.add(r.getString(4) + " vintage " + r.get(5));
            tableRows.computeIfAbsent(r.getInt(2), k -> new String[cols])[p] = val(r.getDouble(3));
          }
        }
        lines.add(new Charts.Line(data.name(pair().get(p)), Charts.pairColor(p), pts));
      }
      List<Charts.Band> bands = new ArrayList<>();
      for (int g = 0; g < bandGroups.size(); g++) {
        Map<Integer, double[]> pts = new TreeMap<>();
        for (Row r : bench) {
          if (r.getString(0).equals(bandGroups.get(g)) && r.getString(1).equals(id) && !r.isNullAt(3)
              && ((Number) r.get(2)).intValue() >= firstYear) {
            double med = ((Number) r.get(3)).doubleValue();
            double lo = r.isNullAt(4) ? med : ((Number) r.get(4)).doubleValue();
            double hi = r.isNullAt(5) ? med : ((Number) r.get(5)).doubleValue();
            pts.put(((Number) r.get(2)).intValue(), new double[] {med, lo, hi});
            tableRows.computeIfAbsent(((Number) r.get(2)).intValue(), k -> new String[cols])[2 + g] =
                val(med) + " (" + val(lo) + "-" + val(hi) + ")";
          }
        }
        if (!pts.isEmpty()) {
          bands.add(new Charts.Band(bandGroups.get(g) + " median, IQR band", Charts.GROUPS[g], pts));
        }
      }
      html.append("<h3>").append(esc(cat[0])).append(" (").append(esc(cat[1])).append(")</h3>\n");
      if (tableRows.isEmpty()) {
        html.append("<p class=\"note\">No values for either economy.</p>\n");
        continue;
      }
      boolean pct = cat[1].startsWith("%") && !id.contains("basket");
      String file = chart("indicator_" + id + ".png", Charts.series(cat[0], cat[1], lines, bands, pct), 460);
      figure(file, cat[0] + " of " + data.name(a()) + " and " + data.name(b())
          + (bands.isEmpty() ? "" : " against peer-group medians and interquartile ranges"),
          "Source: silver.observation_latest (last " + YEARS_SHOWN + " years): " + String.join("; ", sources) + " (" + data.vintage("silver.observation_latest")
              + ")" + (bands.isEmpty() ? "" : "; group medians and p25-p75 bands: " + data.vintage("gold.peer_benchmark")
              + ", members of each year") + ".");
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
    html.append("<h2 id=\"position\">4. Position within peer groups</h2>\n");
    if (data.peerPosition() == null) {
      html.append("<p class=\"note\">gold.peer_position is not in this lake, so positions in peer groups are not"
          + " shown.</p>\n");
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
            t.add(List.of(data.name(iso), label, String.valueOf(r.get(3)), num(r.get(4), 1),
                (r.isNullAt(5) ? "-" : String.valueOf(r.get(5))) + (bm == null || bm.isNullAt(3) ? "" : " of " + bm.get(3)),
                num(r.isNullAt(6) ? null : ((Number) r.get(6)).doubleValue() * scale, 0),
                bm == null ? "-" : num(bm.get(4), 1), num(r.get(7), 1),
                bm == null || bm.isNullAt(5) ? "-" : data.name(bm.getString(5)), num(r.get(8), 1)));
          }
        }
      }
      String file = chart("position_" + g.replaceAll("[^A-Za-z0-9_]", "_") + ".png",
          Charts.bars("Percentile within " + g + " (latest year per indicator)", "Percentile within the group (gold.peer_position)", ds,
              colors, 110), 640);
      figure(file, "Where " + data.name(a()) + " and " + data.name(b()) + " stand within " + g,
          "Source: " + data.vintage("gold.peer_position")
              + (data.peerBenchmark() == null ? "" : "; group statistics: " + data.vintage("gold.peer_benchmark"))
              + ". Group members as of each year.");
      table(List.of("economy", "indicator", "year", "value", "rank", "percentile", "group median", "gap to median",
          "leader", "gap to leader"), t);
    }
    if (!any) {
      html.append("<p class=\"note\">Neither economy has a position in the selected groups.</p>\n");
    }
  }

  // ---------------------------------------------------------------- 5. claims

  private void claimsSection() {
    html.append("<h2 id=\"claims\">5. Claims check</h2>\n");
    if (data.claims() == null) {
      html.append("<p class=\"note\">No claims file given (--claims FILE).</p>\n");
      return;
    }
    html.append("<p>Each stated figure against the curated data. A figure with d decimals matches a curated value"
        + " that rounds to it (|curated - stated| &le; 0.5&middot;10<sup>-d</sup>). <b>confirmed</b>: matches;"
        + " <b>explained</b>: does not match, but equals another edition's or year's value, a normalized IDI score,"
        + " the combined coverage score, a pillar, or the other economy's value; <b>differs</b>: nothing explains it;"
        + " <b>no_data</b>: no curated value to compare.</p>\n");
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
    tableClass = "claims";
    table(List.of("claim", "economy", "indicator", "period", "stated", "outcome", "curated", "curated source",
        "explanation"), t);
    tableClass = null;
  }

  // ---------------------------------------------------------------- HTML helpers

  private String chart(String name, org.jfree.chart.JFreeChart chart, int height) {
    File f = chartDir.resolve(name).toFile();
    Charts.save(chart, f, height);
    charts.add(f.toPath());
    return "charts/" + name;
  }

  private void figure(String src, String alt, String caption) {
    html.append("<figure><img src=\"").append(esc(src)).append("\" alt=\"").append(esc(alt))
        .append("\" width=\"").append(Charts.WIDTH).append("\"><figcaption>").append(esc(caption))
        .append("</figcaption></figure>\n");
  }

  private String tableClass;

  private void table(List<String> head, List<List<String>> rows) {
    html.append(tableClass == null ? "<table>" : "<table class=\"" + tableClass + "\">").append("<thead><tr>");
    head.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
    html.append("</tr></thead><tbody>\n");
    for (List<String> r : rows) {
      html.append("<tr>");
      for (String c : r) {
        if (c.startsWith("@")) {
          html.append("<td class=\"").append(esc(c.substring(1))).append("\">").append(esc(c.substring(1))).append("</td>");
        } else {
          boolean numeric = c.matches("-?[\\d,]+(\\.\\d+)?");
          html.append(numeric ? "<td class=\"n\">" : "<td>").append(esc(c)).append("</td>");
        }
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n");
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

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS = String.join("\n",
      "body{font-family:'DejaVu Sans','Liberation Sans',Arial,sans-serif;color:#222;max-width:1060px;margin:24px auto;padding:0 16px;line-height:1.45}",
      "h1{font-size:26px;margin-bottom:4px}h2{font-size:21px;border-bottom:2px solid #1f4e9c;padding-bottom:4px;margin-top:40px}",
      "h3{font-size:16px;margin-top:28px}.meta{color:#555;font-size:13px}.note{color:#7a5b00;background:#fff8e1;padding:6px 10px;font-size:14px}",
      "figure{margin:12px 0 6px 0}figure img{max-width:100%;height:auto;border:1px solid #ddd}",
      "figcaption{font-size:12.5px;color:#444;margin-top:4px}",
      "table{border-collapse:collapse;font-size:13px;margin:8px 0 20px 0;width:100%}",
      "th,td{border:1px solid #d5d5d5;padding:3px 7px;vertical-align:top;text-align:left}th{background:#f1f4f9}",
      "td.n{text-align:right;white-space:nowrap}td.confirmed{background:#e3f4e6;font-weight:bold}",
      "td.explained{background:#fff4d6;font-weight:bold}td.differs{background:#fde2e0;font-weight:bold}",
      "td.no_data{background:#eee;font-weight:bold}nav ol{font-size:14px}",
      "table.claims{font-size:12px;table-layout:fixed}table.claims td{overflow-wrap:break-word}",
      "table.claims th:nth-child(1){width:4%}table.claims th:nth-child(2){width:7%}table.claims th:nth-child(3){width:15%}",
      "table.claims th:nth-child(4){width:7%}table.claims th:nth-child(5){width:9%}table.claims th:nth-child(6){width:8%}",
      "table.claims th:nth-child(7){width:6%}table.claims th:nth-child(8){width:18%}table.claims th:nth-child(9){width:26%}",
      "");

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
