package org.ictbench.report;

import static org.apache.spark.sql.functions.col;

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
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.ictbench.core.Errors;
import org.ictbench.core.ResourceTable;

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

  /** What every section reads: the data, the configuration, the indicator catalog (id → {name, unit}). */
  record Context(ReportData data, Config cfg, Map<String, String[]> catalog) {}

  /** Indicator charts and tables show the last this many years. */
  static final int YEARS_SHOWN = 15;

  private final ReportData data;
  private final Config cfg;
  private final Map<String, String[]> catalog = new LinkedHashMap<>(); // id → name, unit
  private final List<String> figureIds = new ArrayList<>();

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

  private Page build() {
    String title = data.name(cfg.iso3A()) + " and " + data.name(cfg.iso3B()) + ": ICT Development Index and indicators";
    String written = "Written by ictbench on " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + " from the curated tables in " + data.origin() + ".";
    String sources = "Table versions: " + String.join("; ",
        data.vintages().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()) + ".";
    List<String> groups = groups();
    String groupText = "Peer groups: " + (groups.isEmpty()
        ? "none (gold.peer_benchmark / gold.peer_position are not in this lake, or the pair has no group)"
        : String.join(", ", groups)) + ".";
    Context ctx = new Context(data, cfg, catalog);
    List<Page.Section> sections = new ArrayList<>();
    for (SectionWriter w : List.of(new IdiSection(ctx), new ComponentSection(ctx), new IndicatorSection(ctx, groups),
        new PositionSection(ctx, groups), new ClaimsSection(ctx))) {
      w.write();
      sections.add(w.section());
      figureIds.addAll(w.figureIds());
    }
    return new Page(title, written, sources, groupText, List.copyOf(sections));
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
    org.apache.spark.sql.Dataset<Row> pair = data.peerPosition().where(col("iso3").isin(cfg.iso3A(), cfg.iso3B()));
    if (java.util.Arrays.asList(pair.columns()).contains("is_member")) {
      pair = pair.where(col("is_member")); // the position table also places outsiders for comparison
    }
    for (Row r : pair.select("group_id").distinct().collectAsList()) {
      g.add(r.getString(0));
    }
    return List.copyOf(g);
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
