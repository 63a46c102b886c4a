package org.ictbench.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * Section 3: each IDI indicator's series for the pair against the groups' medians and interquartile
 * bands; beyond {@value Charts#MAX_OVERLAPPING_BANDS} bands, small multiples (one panel per group, one scale).
 */
final class IndicatorSection extends SectionWriter {
  /** The height of an indicator chart, and of one panel of its small multiples. */
  private static final int SERIES_HEIGHT = 460;
  private static final int PANEL_HEIGHT = 360;
  private final List<String> groups;

  IndicatorSection(Report.Context ctx, List<String> groups) {
    super(ctx, "indicators", "3. IDI indicators over time");
    this.groups = groups;
  }

  @Override
  void write() {
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
    List<String> ids = Report.idiIndicators().stream().map(Report.IdiIndicator::id).toList();
    List<Row> obs = data.observationLatest().where(col("iso3").isin(a(), b()).and(col("indicator").isin(ids.toArray())))
        .select("iso3", "indicator", "year", "value", "source", "vintage").collectAsList();
    List<Row> bench = data.peerBenchmark() == null || bandGroups.isEmpty() ? List.of()
        : data.peerBenchmark().where(col("group_id").isin(bandGroups.toArray()).and(col("indicator").isin(ids.toArray())))
            .select("group_id", "indicator", "year", "median", "p25", "p75").collectAsList();
    for (String id : ids) {
      String[] cat = catalog.getOrDefault(id, new String[] {id, ""});
      int lastYear = obs.stream().filter(r -> r.getString(1).equals(id)).mapToInt(r -> r.getInt(2)).max().orElse(0);
      int firstYear = lastYear - Report.YEARS_SHOWN + 1;
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
            tableRows.computeIfAbsent(r.getInt(2), k -> new String[cols])[p] = Report.val(r.getDouble(3));
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
                Report.val(med) + " (" + Report.val(lo) + "-" + Report.val(hi) + ")";
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
          "Source: silver.observation_latest (last " + Report.YEARS_SHOWN + " years): " + String.join("; ", sources) + " ("
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
}
