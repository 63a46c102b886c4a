package org.ictbench.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The report page as values, rendered by the Mustache template {@code report.mustache} beside this
 * class. The template escapes every text for HTML; the one raw insert is a chart's SVG, which JFreeSVG
 * writes with its text escaped for XML.
 *
 * @param title the page's title and heading
 * @param written when and from what the report was written
 * @param sources the tables it read, with their versions
 * @param groups the peer groups drawn
 * @param sections the numbered sections, in order
 */
record Page(String title, String written, String sources, String groups, List<Section> sections) {
  private static final Mustache TEMPLATE = new DefaultMustacheFactory("org/ictbench/report").compile("report.mustache");

  /** A numbered section: its anchor, heading and content. */
  record Section(String id, String heading, List<Block> blocks) {}

  /**
   * One piece of a section; exactly one field is set. {@code claimsIntro} is the claims section's fixed
   * explanation, written in the template.
   */
  record Block(String subheading, String paragraph, String note, String meta, Figure figure, Table table,
      boolean claimsIntro) {
    static Block subheading(String s) {
      return new Block(s, null, null, null, null, null, false);
    }

    static Block paragraph(String s) {
      return new Block(null, s, null, null, null, null, false);
    }

    static Block note(String s) {
      return new Block(null, null, s, null, null, null, false);
    }

    static Block meta(String s) {
      return new Block(null, null, null, s, null, null, false);
    }

    static Block figure(Figure f) {
      return new Block(null, null, null, null, f, null, false);
    }

    static Block table(Table t) {
      return new Block(null, null, null, null, null, t, false);
    }

    static Block claimsExplanation() {
      return new Block(null, null, null, null, null, null, true);
    }
  }

  /**
   * A chart: one SVG, or several panels of small multiples on one scale, with its caption and its
   * numbers as a CSV download.
   *
   * @param id the figure's anchor (unique in the page)
   * @param alt what it shows, for screen readers
   * @param panels the SVG elements (one unless small multiples)
   * @param caption source and reading notes
   * @param csv the figure's numbers
   */
  record Figure(String id, String alt, List<Panel> panels, String caption, ChartCsv csv) {
    /** Whether the figure is small multiples (laid out two to a row). */
    boolean multiples() {
      return panels.size() > 1;
    }
  }

  /** One SVG element. */
  record Panel(String svg) {}

  /** A table with a header row; {@code cls} is the table's CSS class (may be null). */
  record Table(String cls, List<String> head, List<Row> rows) {}

  /** A table row; {@code cls} marks a row (e.g. a nowcast), may be null. */
  record Row(List<Cell> cells, String cls) {}

  /** A table cell; {@code cls} right-aligns numbers or colours an outcome, may be null. */
  record Cell(String text, String cls) {}

  /** The page as HTML. */
  String render() {
    StringWriter out = new StringWriter();
    try {
      TEMPLATE.execute(out, this).flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
