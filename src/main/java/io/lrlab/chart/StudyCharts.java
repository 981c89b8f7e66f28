package io.lrlab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.springframework.stereotype.Component;

/**
 * A study's own charts: its trials in parallel coordinates (one vertical axis per parameter and one for the objective,
 * one line per trial) and its parameters' importance as bars.
 */
@Component
class StudyCharts {

    /** A search trial as the charts need it: its parameters, its final value, and whether it trained to the end. */
    record Trial(int number, Map<String, Object> params, Double value, boolean completed) {
    }

    private static final Color PRUNED = new Color(0xbbbbbb);
    private static final Color WORST = new Color(0x440154);
    private static final Color BEST = new Color(0xfde725);

    private final LineChartRenderer renderer;

    StudyCharts(LineChartRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * Each parameter on an axis of its own, scaled to its trials' range (a rate spanning a decade or more in log scale,
     * choices spaced evenly in the order they first appear), then the objective; completed trials coloured from worst
     * (dark) to best (light), pruned ones grey. A trial without a parameter (one of another schedule) passes that axis by.
     */
    byte[] parallelCoordinates(List<Trial> trials, String objective, boolean higherIsBetter, ChartRequest request) {
        Set<String> names = new LinkedHashSet<>();
        trials.forEach(t -> names.addAll(t.params().keySet()));
        List<Axis> axes = new ArrayList<>();
        names.forEach(name -> axes.add(Axis.of(name, trials.stream().map(t -> t.params().get(name)).toList())));
        axes.add(Axis.of(objective, trials.stream().map(t -> (Object) t.value()).toList()));

        List<Trial> drawn = new ArrayList<>(trials);
        // pruned first, so that completed lines are drawn over them; completed from worst to best
        Comparator<Trial> order = Comparator.comparing(Trial::completed)
                .thenComparing(t -> t.value() == null ? Double.NEGATIVE_INFINITY : higherIsBetter ? t.value() : -t.value());
        drawn.sort(order);
        double[] values = drawn.stream().filter(Trial::completed).filter(t -> t.value() != null)
                .mapToDouble(t -> higherIsBetter ? t.value() : -t.value()).toArray();
        double lo = java.util.Arrays.stream(values).min().orElse(0);
        double hi = java.util.Arrays.stream(values).max().orElse(1);

        XYSeriesCollection dataset = new XYSeriesCollection();
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        for (Trial t : drawn) {
            XYSeries series = new XYSeries("trial " + t.number(), false, true);
            for (int a = 0; a < axes.size(); a++) {
                Object v = a < axes.size() - 1 ? t.params().get(axes.get(a).name()) : t.value();
                if (v != null) {
                    series.add(a, axes.get(a).position(v));
                }
            }
            int index = dataset.getSeriesCount();
            dataset.addSeries(series);
            Color color = PRUNED;
            if (t.completed() && t.value() != null) {
                double score = higherIsBetter ? t.value() : -t.value();
                color = blend(WORST, BEST, hi > lo ? (score - lo) / (hi - lo) : 1);
            }
            lines.setSeriesPaint(index, color);
            lines.setSeriesStroke(index, new BasicStroke(t.completed() ? 2f : 1f));
            lines.setSeriesShape(index, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        SymbolAxis x = new SymbolAxis(null, axes.stream().map(Axis::name).toArray(String[]::new));
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis("each axis scaled to its trials' range");
        y.setRange(-0.08, 1.08);
        y.setTickLabelsVisible(false);
        y.setTickMarksVisible(false);
        XYPlot plot = new XYPlot(dataset, x, y, lines);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.DARK_GRAY);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlinesVisible(false);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        for (int a = 0; a < axes.size(); a++) {
            for (Map.Entry<Double, String> tick : axes.get(a).ticks().entrySet()) {
                XYTextAnnotation label = new XYTextAnnotation(" " + tick.getValue(), a, tick.getKey());
                label.setFont(small);
                label.setTextAnchor(TextAnchor.CENTER_LEFT);
                plot.addAnnotation(label);
            }
        }
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setTitle(title(request, String.format(Locale.ROOT, "%d trials: parameters against %s (light: best; grey: pruned or unfinished)",
                trials.size(), objective)));
        chart.setBackgroundPaint(Color.WHITE);
        return renderer.draw(chart, request.options());
    }

    /** A population member's planned rate at each epoch it trained (1-based). */
    record Member(int number, Map<Integer, Double> rates) {
    }

    /** An exploit: {@code member} took {@code donor}'s weights after {@code epochs} epochs and trains on at {@code lr}. */
    record Exploit(int member, int donor, int epochs, double lr) {
    }

    /**
     * Population-based training: every member's learning rate over the epochs (log scale), a line each; every exploit
     * marked where it took effect, at the first epoch trained on the donor's weights, with the donor's number.
     */
    byte[] population(List<Member> members, List<Exploit> exploits, ChartRequest request) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        org.jfree.chart.renderer.xy.XYStepRenderer lines = new org.jfree.chart.renderer.xy.XYStepRenderer();
        for (Member m : members) {
            // epoch e (1-based) spans [e - 1, e] on the axis of epochs trained; its rate holds across it
            XYSeries series = new XYSeries("member " + m.number(), true, false);
            m.rates().forEach((epoch, lr) -> series.add(epoch - 1.0, lr));
            if (!m.rates().isEmpty()) {
                Map.Entry<Integer, Double> last = ((java.util.NavigableMap<Integer, Double>) new java.util.TreeMap<>(m.rates())).lastEntry();
                series.add(last.getKey().doubleValue(), last.getValue());
            }
            int index = dataset.getSeriesCount();
            dataset.addSeries(series);
            lines.setSeriesPaint(index, Palette.color(index));
            lines.setSeriesStroke(index, new BasicStroke(2f));
        }
        NumberAxis x = new NumberAxis("Epochs trained");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        org.jfree.chart.axis.LogAxis y = new org.jfree.chart.axis.LogAxis("Learning rate (log scale)");
        y.setSmallestValue(1e-6);
        y.setNumberFormatOverride(new DecimalFormat("0.####"));
        XYPlot plot = new XYPlot(dataset, x, y, lines);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        Font small = new Font(Font.SANS_SERIF, Font.BOLD, 10);
        for (Exploit e : exploits) {
            double at = e.epochs();
            plot.addAnnotation(new org.jfree.chart.annotations.XYShapeAnnotation(
                    new java.awt.geom.Rectangle2D.Double(at - 0.06, e.lr() * 0.95, 0.12, e.lr() * 0.1), new BasicStroke(1.5f), Color.BLACK));
            XYTextAnnotation label = new XYTextAnnotation(" #" + e.member() + " from #" + e.donor(), at, e.lr());
            label.setFont(small);
            label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addAnnotation(label);
        }
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setTitle(title(request, String.format(Locale.ROOT, "%d members' learning rates; %d exploits (#a from #b: a took b's weights)", members.size(), exploits.size())));
        chart.setBackgroundPaint(Color.WHITE);
        return renderer.draw(chart, request.options());
    }

    /** Each parameter's share of the importance, largest first, values on the bars. */
    byte[] importance(Map<String, Double> shares, String method, ChartRequest request) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        shares.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> dataset.addValue(e.getValue(), "share", e.getKey()));
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, Palette.color(0));
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.00")));
        bars.setDefaultItemLabelsVisible(true);
        NumberAxis share = new NumberAxis("share of the importance (" + method + ")");
        share.setRange(0, 1.05);
        CategoryPlot plot = new CategoryPlot(dataset, new CategoryAxis("Parameter"), share, bars);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setTitle(title(request, "Parameter importance"));
        chart.setBackgroundPaint(Color.WHITE);
        return renderer.draw(chart, request.options());
    }

    private static TextTitle title(ChartRequest request, String title) {
        return new TextTitle(request.options().title() != null ? request.options().title() : title, new Font(Font.SANS_SERIF, Font.BOLD, 16));
    }

    private static Color blend(Color from, Color to, double f) {
        double t = Math.max(0, Math.min(1, f));
        return new Color((int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * t),
                (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * t),
                (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * t));
    }

    /** One vertical axis: where a value sits on it (0..1) and the labels it shows. */
    private record Axis(String name, Map<Object, Double> choices, double low, double high, boolean log) {

        static Axis of(String name, List<Object> values) {
            List<Object> present = values.stream().filter(java.util.Objects::nonNull).toList();
            if (!present.isEmpty() && present.stream().allMatch(v -> v instanceof Number)) {
                double[] numbers = present.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
                double low = java.util.Arrays.stream(numbers).min().orElse(0);
                double high = java.util.Arrays.stream(numbers).max().orElse(1);
                boolean log = low > 0 && high / low >= 10;
                return new Axis(name, null, low, high, log);
            }
            Map<Object, Double> choices = new LinkedHashMap<>();
            List<Object> distinct = present.stream().map(String::valueOf).distinct().map(s -> (Object) s).toList();
            for (int i = 0; i < distinct.size(); i++) {
                choices.put(distinct.get(i), distinct.size() == 1 ? 0.5 : (double) i / (distinct.size() - 1));
            }
            return new Axis(name, choices, 0, 1, false);
        }

        double position(Object value) {
            if (choices != null) {
                return choices.getOrDefault(String.valueOf(value), 0.5);
            }
            double v = ((Number) value).doubleValue();
            if (high <= low) {
                return 0.5;
            }
            return log ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (v - low) / (high - low);
        }

        /** The choices, or the low and high ends of a range. */
        Map<Double, String> ticks() {
            Map<Double, String> ticks = new LinkedHashMap<>();
            if (choices != null) {
                choices.forEach((choice, at) -> ticks.put(at, String.valueOf(choice)));
            } else {
                ticks.put(position(low), format(low));
                ticks.put(position(high), format(high));
            }
            return ticks;
        }

        private static String format(double v) {
            return Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? new DecimalFormat("0.###").format(v) : String.format(Locale.ROOT, "%.2g", v);
        }
    }
}
