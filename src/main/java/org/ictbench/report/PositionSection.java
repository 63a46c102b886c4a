package org.ictbench.report;

import static org.apache.spark.sql.functions.col;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.jfree.data.category.DefaultCategoryDataset;

/** Section 4: where each economy stands in each of its groups (percentile per indicator, latest year). */
final class PositionSection extends SectionWriter {
  private final List<String> groups;

  PositionSection(Report.Context ctx, List<String> groups) {
    super(ctx, "position", "4. Position within peer groups");
    this.groups = groups;
  }

  @Override
  void write() {
    if (data.peerPosition() == null) {
      note("gold.peer_position is not in this lake, so positions in peer groups are not shown.");
      return;
    }
    List<String> ids = Report.idiIndicators().stream().map(Report.IdiIndicator::id).toList();
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
            t.add(List.of(data.name(iso), label, String.valueOf(r.get(3)), Report.num(r.get(4), 1),
                (r.isNullAt(5) ? "-" : String.valueOf(r.get(5))) + (bm == null || bm.isNullAt(3) ? "" : " of " + bm.get(3)),
                Report.num(r.isNullAt(6) ? null : ((Number) r.get(6)).doubleValue() * scale, 0),
                bm == null ? "-" : Report.num(bm.get(4), 1), Report.num(r.get(7), 1),
                bm == null || bm.isNullAt(5) ? "-" : data.name(bm.getString(5)), Report.num(r.get(8), 1)));
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
}
