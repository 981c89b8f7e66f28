package io.lrlab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.springframework.stereotype.Component;

/** Draws line charts with JFreeChart, in the plain style of the reference's matplotlib figures. */
@Component
public class LineChartRenderer {

    private static final Color GRID = new Color(0xdddddd);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);

    /** Renders the series to PNG or SVG bytes. */
    public byte[] render(String title, String xLabel, String yLabel, List<Series> series, ChartOptions options) {
        return draw(build(title, xLabel, yLabel, series, options), options);
    }

    /** As {@link #render}, on a logarithmic x axis (learning rates spanning decades). */
    public byte[] renderLogX(String title, String xLabel, String yLabel, List<Series> series, ChartOptions options) {
        JFreeChart chart = build(title, xLabel, yLabel, series, options);
        ((XYPlot) chart.getPlot()).setDomainAxis(axis(xLabel, true));
        return draw(chart, options);
    }

    JFreeChart build(String title, String xLabel, String yLabel, List<Series> series, ChartOptions options) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Series s : series) {
            // why: the same legend name twice would throw in XYSeriesCollection
            XYSeries xy = new XYSeries(uniqueKey(dataset, s.name()), false, true);
            for (int i = 0; i < s.x().length; i++) {
                if (!options.logY() || s.y()[i] > 0) {
                    xy.add(s.x()[i], s.y()[i], false);
                }
            }
            dataset.addSeries(xy);
        }
        ValueAxis x = axis(xLabel, false);
        // epochs are whole numbers: no "0.1" ticks on short runs
        ((NumberAxis) x).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(dataset, x, axis(yLabel, options.logY()), renderer(series));
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setTitle(new TextTitle(options.title() != null ? options.title() : title, TITLE_FONT));
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        return chart;
    }

    private static String uniqueKey(XYSeriesCollection dataset, String name) {
        String key = name;
        for (int n = 2; dataset.getSeriesIndex(key) >= 0; n++) {
            key = name + " (" + n + ")";
        }
        return key;
    }

    private static ValueAxis axis(String label, boolean log) {
        if (log) {
            LogAxis axis = new LogAxis(label);
            axis.setSmallestValue(1e-12);
            return axis;
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static XYLineAndShapeRenderer renderer(List<Series> series) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, Palette.color(i));
            renderer.setSeriesStroke(i, new BasicStroke(2.0f));
            if (series.get(i).markers()) {
                renderer.setSeriesLinesVisible(i, false);
                renderer.setSeriesShapesVisible(i, true);
                renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8));
            }
        }
        return renderer;
    }

    /** Draws any chart in the requested format. */
    public byte[] draw(JFreeChart chart, ChartOptions options) {
        if (options.format() == ChartFormat.SVG) {
            SVGGraphics2D g = new SVGGraphics2D(options.width(), options.height());
            chart.draw(g, new Rectangle2D.Double(0, 0, options.width(), options.height()));
            return g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
        }
        BufferedImage image = new BufferedImage(options.width(), options.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            chart.draw(g, new Rectangle2D.Double(0, 0, options.width(), options.height()));
        } finally {
            g.dispose();
        }
        return PngEncoder.encode(image);
    }
}
