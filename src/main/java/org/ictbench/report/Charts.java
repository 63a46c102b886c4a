package org.ictbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's charts as PNG files (JFreeChart, headless java.awt). One look for all: white
 * background, light grid, labelled axes with units, legend below the plot, the pair in blue and red.
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

  private Charts() {}

  /** A line of one economy's series in an XY chart. */
  record Line(String label, Color color, Map<Integer, Double> points) {}

  /** A group's median with its interquartile band. */
  record Band(String label, Color color, Map<Integer, double[]> medianP25P75) {}

  static Color pairColor(int i) {
    return i == 0 ? A : B;
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

  static void save(JFreeChart chart, File file, int height) {
    try {
      ChartUtils.saveChartAsPNG(file, chart, WIDTH, height);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot write chart " + file, e);
    }
  }

  /**
   * Scores over editions: categories = editions, one line per series (economy × measure). Series
   * names must start with the economy label given in {@code economies} (for colours); measure
   * "IDI" is drawn solid and thick, pillars dashed/dotted.
   */
  static JFreeChart editions(String title, DefaultCategoryDataset data, List<String> economies) {
    return editions(title, data, economies, null);
  }

  /**
   * {@link #editions(String, DefaultCategoryDataset, List)} with translucent bands from low to high
   * behind the lines: {@code bands} holds one single-series dataset per economy, in the order of
   * {@code economies} (one series each, so every band is centred on its edition); null draws none.
   */
  static JFreeChart editions(String title, DefaultCategoryDataset data, List<String> economies,
      List<org.jfree.data.category.IntervalCategoryDataset> bands) {
    JFreeChart chart = lines(title, data, economies);
    if (bands != null) {
      CategoryPlot plot = chart.getCategoryPlot();
      for (int i = 0; i < bands.size(); i++) {
        org.jfree.chart.renderer.category.IntervalBarRenderer br =
            new org.jfree.chart.renderer.category.IntervalBarRenderer();
        br.setBarPainter(new StandardBarPainter());
        br.setShadowVisible(false);
        br.setDrawBarOutline(false);
        br.setIncludeBaseInRange(false);
        br.setMaximumBarWidth(0.05);
        Color c = pairColor(i);
        br.setSeriesPaint(0, new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
        plot.setDataset(1 + i, bands.get(i));
        plot.setRenderer(1 + i, br);
      }
      plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.REVERSE);
    }
    return chart;
  }

  private static JFreeChart lines(String title, DefaultCategoryDataset data, List<String> economies) {
    JFreeChart chart = ChartFactory.createLineChart(title, "IDI edition", "Score (0-100)", data,
        PlotOrientation.VERTICAL, true, false, false);
    style(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    LineAndShapeRenderer r = new LineAndShapeRenderer(true, true);
    for (int s = 0; s < data.getRowCount(); s++) {
      String key = data.getRowKey(s).toString();
      int econ = key.startsWith(economies.get(0)) ? 0 : 1;
      r.setSeriesPaint(s, pairColor(econ));
      float w = key.endsWith("IDI") ? 3.0f : 1.8f;
      float[] dash = key.endsWith("IDI") ? null : key.endsWith("Universal") ? new float[] {8f, 5f} : new float[] {2f, 4f};
      r.setSeriesStroke(s, dash == null ? new BasicStroke(w) : new BasicStroke(w, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 10f, dash, 0f));
    }
    r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat("0.0")));
    r.setDefaultItemLabelsVisible(false);
    plot.setRenderer(r);
    NumberAxis range = (NumberAxis) plot.getRangeAxis();
    range.setAutoRangeIncludesZero(false);
    range.setUpperMargin(0.1);
    range.setLowerMargin(0.1);
    styleAxes(plot.getDomainAxis(), range);
    return chart;
  }

  /** A time series chart: the pair's lines over the groups' median lines and IQR bands. */
  static JFreeChart series(String title, String yLabel, List<Line> lines, List<Band> bands, boolean percent) {
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
      plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.REVERSE);
    }
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setAutoRangeIncludesZero(false);
    x.setNumberFormatOverride(new java.text.DecimalFormat("0"));
    NumberAxis y = (NumberAxis) plot.getRangeAxis();
    y.setAutoRangeIncludesZero(!percent);
    if (percent) {
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
