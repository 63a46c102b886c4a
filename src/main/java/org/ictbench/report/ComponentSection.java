package org.ictbench.report;

import static org.apache.spark.sql.functions.col;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.jfree.data.category.DefaultCategoryDataset;

/** Section 2: the normalized IDI components side by side for the latest edition scoring both. */
final class ComponentSection extends SectionWriter {
  ComponentSection(Report.Context ctx) {
    super(ctx, "components", "2. Normalized IDI components side by side");
  }

  @Override
  void write() {
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
    for (Report.IdiIndicator i : Report.idiIndicators()) {
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
          ? (r.getString(2).contains("3g") ? "3G " : "4G ") : "") + Report.num(r.isNullAt(6) ? null : r.getDouble(6), 1)
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
      t.add(List.of(compLabel.get(e.getKey()), va == null ? "-" : (String) va[1], Report.num(va == null ? null : va[0], 1),
          vb == null ? "-" : (String) vb[1], Report.num(vb == null ? null : vb[0], 1),
          va == null || vb == null ? "-" : Report.num((Double) va[0] - (Double) vb[0], 1)));
    }
    table(List.of("component", data.name(a()) + " value (data year)", data.name(a()) + " score",
        data.name(b()) + " value (data year)", data.name(b()) + " score", "score gap"), t);
  }

  /** The label of an economy's bars in an edition: its name, marked when the edition is its nowcast. */
  private String seriesLabel(String iso3, int edition, Set<String> nowcast) {
    return data.name(iso3) + (nowcast.contains(iso3) ? " (" + edition + " nowcast)" : "");
  }
}
