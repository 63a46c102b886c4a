package org.ictbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One section of the report: writes its blocks (text, figures, tables) as values for the page's
 * template and records the ids of its figures. Subclasses write one section each.
 */
abstract class SectionWriter {
  final ReportData data;
  final Report.Config cfg;
  /** Indicator id → {name, unit}. */
  final Map<String, String[]> catalog;
  final List<Page.Block> blocks = new ArrayList<>();
  private final List<String> figureIds = new ArrayList<>();
  private final String id;
  private final String heading;

  SectionWriter(Report.Context ctx, String id, String heading) {
    this.data = ctx.data();
    this.cfg = ctx.cfg();
    this.catalog = ctx.catalog();
    this.id = id;
    this.heading = heading;
  }

  /** Writes the section's blocks. */
  abstract void write();

  /** The written section. */
  Page.Section section() {
    return new Page.Section(id, heading, List.copyOf(blocks));
  }

  /** The ids of the section's figures, in order. */
  List<String> figureIds() {
    return List.copyOf(figureIds);
  }

  String a() {
    return cfg.iso3A();
  }

  String b() {
    return cfg.iso3B();
  }

  List<String> pair() {
    return List.of(a(), b());
  }

  void note(String text) {
    blocks.add(Page.Block.note(text));
  }

  /** A chart (one SVG, or the panels of small multiples) with its caption and its numbers as CSV. */
  void figure(String id, String alt, List<String> svgs, String caption, ChartCsv csv) {
    figureIds.add(id);
    blocks.add(Page.Block.figure(new Page.Figure(id, alt, svgs.stream().map(Page.Panel::new).toList(), caption, csv)));
  }

  void table(List<String> head, List<List<String>> rows) {
    table(null, head, rows);
  }

  /** A table; a cell "@x" is an outcome shown as x in a cell of class x, a number is right-aligned. */
  void table(String cls, List<String> head, List<List<String>> rows) {
    List<Page.Row> out = new ArrayList<>();
    for (List<String> r : rows) {
      out.add(new Page.Row(r.stream().map(SectionWriter::cell).toList(), null));
    }
    blocks.add(Page.Block.table(new Page.Table(cls, List.copyOf(head), out)));
  }

  private static Page.Cell cell(String c) {
    if (c.startsWith("@")) {
      return new Page.Cell(c.substring(1), c.substring(1));
    }
    return new Page.Cell(c, c.matches("-?[\\d,]+(\\.\\d+)?") ? "n" : null);
  }

  static Page.Row row(String cls, String... cells) {
    return new Page.Row(java.util.Arrays.stream(cells).map(SectionWriter::cell).toList(), cls);
  }

  static Double dbl(Object v) {
    return v == null ? null : ((Number) v).doubleValue();
  }

  static String nz(Object s, String prefix) {
    return s == null ? "" : prefix + s;
  }
}
