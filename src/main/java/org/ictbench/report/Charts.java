package org.ictbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryMarker;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedRangeCategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.IntervalBarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.category.IntervalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's charts (JFreeChart, drawn as SVG by JFreeSVG for inlining in the page). One look for
 * all: white background, light grid, labelled axes with units, legend below the plot, the pair in
 * blue and red. Nowcast editions are drawn dashed with open points on a grey column.
 */
final class Charts {
  static final Color A = new Color(0x1f, 0x4e, 0x9c);
  static final Color B = new Color(0xc0, 0x39, 0x2b);
  static final Color[] GROUPS = {new Color(0x2e, 0x8b, 0x57), new Color(0x8e, 0x44, 0xad),
      new Color(0xd6, 0x8a, 0x00), new Color(0x16, 0xa0, 0x85), new Color(0x7f, 0x8c, 0x8d),
      new Color(0xa0, 0x52, 0x2d)};
  static final Font TITLE = new Font("SansSerif", Font.BOLD, 16);
  static final Font LABEL = new Font("SansSerif", Font.PLAIN, 13);
  static final Font TICK = new Font("SansSerif", Font.PLAIN, 12);
  static final int WIDTH = 1000;
  /** Width of one panel of small multiples (two to a row). */
  static final int PANEL_WIDTH = 500;
  /** The most bands (translucent intervals) one chart overlays; more go to small multiples. */
  static final int MAX_OVERLAPPING_BANDS = 3;
  static final Color NOWCAST_COLUMN = new Color(0xee, 0xee, 0xee);
  static final Stroke NOWCAST_STROKE = new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
      new float[] {7f, 5f}, 0f);

  private Charts() {}

  /** A line of one economy's series in an XY chart. */
  record Line(String label, Color color, Map<Integer, Double> points) {}

  /** A group's median with its interquartile band. */
  record Band(String label, Color color, Map<Integer, double[]> medianP25P75) {}

  static Color pairColor(int i) {
    return i == 0 ? A : B;
  }

  /** The colour mixed halfway with white: a nowcast's bars. */
  static Color lighter(Color c) {
    return new Color((c.getRed() + 255) / 2, (c.getGreen() + 255) / 2, (c.getBlue() + 255) / 2);
  }

  static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(TITLE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemFont(LABEL);
      legend.setPosition(RectangleEdge.BOTTOM);
      legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
  }

  static void styleAxes(org.jfree.chart.axis.Axis domain, org.jfree.chart.axis.Axis range) {
    for (org.jfree.chart.axis.Axis a : List.of(domain, range)) {
      a.setLabelFont(LABEL);
      a.setTickLabelFont(TICK);
    }
  }

  /**
   * The chart as an {@code <svg>} element sized by its view box (it scales to the page's width). Its
   * definitions (clip paths) carry {@code id} as prefix, so several charts can share one page.
   */
  static String svg(JFreeChart chart, String id, int width, int height) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix(id + "-");
    // tenths of a pixel: the page stays small, the drawing unchanged to the eye
    g.setGeomDoubleConverter(d -> java.math.BigDecimal.valueOf(Math.round(d * 10), 1).stripTrailingZeros()
        .toPlainString());
    // the font Java measured the labels with (Debian's SansSerif), then the browser's own sans-serif
    g.setFontFunction(family -> "SansSerif".equals(family) ? "DejaVu Sans, Liberation Sans, Arial, sans-serif"
        : family);
    chart.draw(g, new Rectangle(0, 0, width, height));
    return g.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
  }

  /** One panel of the editions chart: a measure's scores for the pair and their intervals (may be empty). */
  record EditionPanel(String measure, DefaultCategoryDataset scores, List<IntervalCategoryDataset> bands) {}

  /**
   * Scores over editions as small multiples on one score axis, one panel per measure (the IDI and its
   * pillars): categories = editions, one line per economy (row keys = {@code economies}), and each
   * economy's interval as a translucent bar behind its line (one dataset per economy, so every bar is
   * centred on its edition). {@code nowcasts} holds "economy|edition" keys: those points are open and
   * the line into them dashed, and an edition that is a nowcast for either economy gets a grey column.
   */
  static JFreeChart editionPanels(String title, List<EditionPanel> panels, List<String> economies,
      Set<String> nowcasts) {
    NumberAxis range = new NumberAxis("Score (0-100)");
    range.setAutoRangeIncludesZero(false);
    range.setUpperMargin(0.1);
    range.setLowerMargin(0.1);
    CombinedRangeCategoryPlot plot = new CombinedRangeCategoryPlot(range);
    plot.setGap(16);
    boolean anyBand = false;
    for (EditionPanel p : panels) {
      EditionRenderer r = new EditionRenderer(p.scores(), nowcasts);
      for (int s = 0; s < p.scores().getRowCount(); s++) {
        r.setSeriesPaint(s, pairColor(economies.indexOf(p.scores().getRowKey(s).toString())));
        r.setSeriesStroke(s, new BasicStroke(3.0f));
        r.setSeriesShape(s, new Ellipse2D.Double(-5, -5, 10, 10));
      }
      CategoryAxis dom = new CategoryAxis(p.measure());
      CategoryPlot sub = new CategoryPlot(p.scores(), dom, null, r);
      sub.setBackgroundPaint(Color.WHITE);
      sub.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
      for (int i = 0; i < p.bands().size(); i++) {
        IntervalBarRenderer br = new IntervalBarRenderer();
        br.setBarPainter(new StandardBarPainter());
        br.setShadowVisible(false);
        br.setDrawBarOutline(false);
        br.setIncludeBaseInRange(false);
        br.setMaximumBarWidth(0.08);
        Color c = pairColor(i);
        br.setSeriesPaint(0, new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
        sub.setDataset(1 + i, p.bands().get(i));
        sub.setRenderer(1 + i, br);
        anyBand = true;
      }
      sub.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
      for (Object edition : p.scores().getColumnKeys()) {
        boolean nowcast = economies.stream().anyMatch(e -> nowcasts.contains(e + "|" + edition));
        if (nowcast) {
          CategoryMarker m = new CategoryMarker((Comparable<?>) edition, NOWCAST_COLUMN, new BasicStroke(1f));
          m.setDrawAsLine(false);
          m.setLabel("nowcast");
          m.setLabelFont(TICK);
          m.setLabelPaint(new Color(0x55, 0x55, 0x55));
          m.setLabelAnchor(RectangleAnchor.TOP);
          m.setLabelTextAnchor(TextAnchor.TOP_CENTER);
          sub.addDomainMarker(m, Layer.BACKGROUND);
        }
      }
      dom.setLabelFont(LABEL);
      dom.setTickLabelFont(TICK);
      plot.add(sub, 1);
    }
    range.setLabelFont(LABEL);
    range.setTickLabelFont(TICK);
    plot.setFixedLegendItems(editionLegend(economies, !nowcasts.isEmpty(), anyBand));
    JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
    style(chart);
    return chart;
  }

  /** The legend of the editions chart: the pair, then how nowcasts and intervals look. */
  private static LegendItemCollection editionLegend(List<String> economies, boolean nowcasts, boolean bands) {
    LegendItemCollection items = new LegendItemCollection();
    Shape point = new Ellipse2D.Double(-5, -5, 10, 10);
    Shape line = new Line2D.Double(-12, 0, 12, 0);
    for (int i = 0; i < economies.size(); i++) {
      items.add(new LegendItem(economies.get(i) + " (reproduced or ITU published)", null, null, null, true, point,
          true, pairColor(i), true, pairColor(i), new BasicStroke(2f), true, line, new BasicStroke(3.0f),
          pairColor(i)));
    }
    Color grey = new Color(0x44, 0x44, 0x44);
    if (nowcasts) {
      items.add(new LegendItem("nowcast by ictbench (no ITU inputs yet): dashed, open point, grey column", null, null,
          null, true, point, true, Color.WHITE, true, grey, new BasicStroke(2f), true, line, NOWCAST_STROKE, grey));
    }
    if (bands) {
      items.add(new LegendItem("80% interval", null, null, null, new Rectangle2D.Double(-6, -6, 12, 12),
          new Color(0x44, 0x44, 0x44, 60)));
    }
    return items;
  }

  /** Lines whose points are drawn open, and the segment into them dashed, where the point is a nowcast. */
  private static final class EditionRenderer extends LineAndShapeRenderer {
    private static final long serialVersionUID = 1L;
    private final transient DefaultCategoryDataset data;
    private final transient Set<String> nowcasts;

    EditionRenderer(DefaultCategoryDataset data, Set<String> nowcasts) {
      super(true, true);
      this.data = data;
      this.nowcasts = nowcasts;
      setUseFillPaint(true);
      setDrawOutlines(true);
      setDefaultOutlineStroke(new BasicStroke(2f));
    }

    private boolean nowcast(int row, int column) {
      return nowcasts.contains(data.getRowKey(row) + "|" + data.getColumnKey(column));
    }

    @Override
    public Stroke getItemStroke(int row, int column) {
      return nowcast(row, column) ? NOWCAST_STROKE : super.getItemStroke(row, column);
    }

    @Override
    public Paint getItemFillPaint(int row, int column) {
      return nowcast(row, column) ? Color.WHITE : getItemPaint(row, column);
    }

    @Override
    public Stroke getItemOutlineStroke(int row, int column) {
      return new BasicStroke(2f);
    }
  }

  /** A time series chart: the pair's lines over the groups' median lines and IQR bands. */
  static JFreeChart series(String title, String yLabel, List<Line> lines, List<Band> bands, boolean percent) {
    return series(title, yLabel, lines, bands, percent, null);
  }

  /**
   * {@link #series(String, String, List, List, boolean)} on a given value range ({low, high}; null:
   * automatic), so that the panels of small multiples share one scale.
   */
  static JFreeChart series(String title, String yLabel, List<Line> lines, List<Band> bands, boolean percent,
      double[] yRange) {
    XYSeriesCollection lineData = new XYSeriesCollection();
    for (Line l : lines) {
      XYSeries s = new XYSeries(l.label());
      l.points().forEach((x, y) -> s.add(x.doubleValue(), y));
      lineData.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "Year", yLabel, lineData, PlotOrientation.VERTICAL,
        true, false, false);
    style(chart);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    plot.setDomainGridlinePaint(new Color(0xee, 0xee, 0xee));
    XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < lines.size(); i++) {
      lr.setSeriesPaint(i, lines.get(i).color());
      lr.setSeriesStroke(i, new BasicStroke(3.0f));
    }
    plot.setRenderer(0, lr);
    if (!bands.isEmpty()) {
      YIntervalSeriesCollection bandData = new YIntervalSeriesCollection();
      DeviationRenderer dr = new DeviationRenderer(true, false);
      for (int i = 0; i < bands.size(); i++) {
        Band b = bands.get(i);
        YIntervalSeries s = new YIntervalSeries(b.label());
        b.medianP25P75().forEach((x, v) -> s.add(x.doubleValue(), v[0], v[1], v[2]));
        bandData.addSeries(s);
        dr.setSeriesPaint(i, b.color());
        dr.setSeriesFillPaint(i, b.color());
        dr.setSeriesStroke(i, new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f));
      }
      dr.setAlpha(0.16f);
      plot.setDataset(1, bandData);
      plot.setRenderer(1, dr);
      // pair lines on top of the bands
      plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
    }
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setAutoRangeIncludesZero(false);
    x.setNumberFormatOverride(new java.text.DecimalFormat("0"));
    NumberAxis y = (NumberAxis) plot.getRangeAxis();
    y.setAutoRangeIncludesZero(!percent);
    if (yRange != null) {
      y.setRange(yRange[0], yRange[1]);
    } else if (percent) {
      y.setUpperBound(Math.max(100, y.getUpperBound()));
    }
    styleAxes(x, y);
    return chart;
  }

  /** Horizontal grouped bars (categories down the side, one bar per series), range 0-100. */
  static JFreeChart bars(String title, String valueLabel, DefaultCategoryDataset data, List<Color> colors,
      double upper) {
    JFreeChart chart = ChartFactory.createBarChart(title, null, valueLabel, data, PlotOrientation.HORIZONTAL,
        true, false, false);
    style(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xcc, 0xcc, 0xcc));
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setItemMargin(0.05);
    for (int i = 0; i < colors.size(); i++) {
      r.setSeriesPaint(i, colors.get(i));
    }
    r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat("0.0")));
    r.setDefaultItemLabelsVisible(true);
    r.setDefaultItemLabelFont(TICK);
    NumberAxis range = (NumberAxis) plot.getRangeAxis();
    range.setRange(0, upper);
    CategoryAxis dom = plot.getDomainAxis();
    dom.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    dom.setMaximumCategoryLabelLines(2);
    dom.setMaximumCategoryLabelWidthRatio(0.35f);
    styleAxes(dom, range);
    return chart;
  }
}
