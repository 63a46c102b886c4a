package org.ictbench.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Section 1: the pair's IDI and pillar scores by edition as three panels on one scale, nowcasts drawn
 * apart, intervals as bands, the scores' table and what moved each nowcast since the last reproduced
 * edition.
 */
final class IdiSection extends SectionWriter {
  IdiSection(Report.Context ctx) {
    super(ctx, "idi", "1. ICT Development Index and pillars by edition");
  }

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

  @Override
  void write() {
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
        String interval = v.lows()[0] == null ? "" : Report.num(v.lows()[0], 1) + "-" + Report.num(v.highs()[0], 1);
        t.add(row(v.nowcast() ? "nowcast" : null, String.valueOf(e.getKey()), data.name(iso), Report.num(v.scores()[0], 1),
            interval, Report.num(v.scores()[1], 1), Report.num(v.scores()[2], 1), v.origin()));
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
}
