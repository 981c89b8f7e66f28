package io.lrlab.chart;

import io.lrlab.training.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.springframework.stereotype.Component;

/** Charts across experiments: one line each, mean with a band per configuration, and final-accuracy bars. */
@Component
class ComparisonCharts {

    /** One experiment's line. */
    record Line(String label, List<EpochMetrics> metrics) {
    }

    /** Runs of one configuration that differ only in seed. */
    record Group(String label, List<List<EpochMetrics>> runs) {
    }

    /** One experiment's final and best validation accuracy. */
    record Bar(String label, double finalValAcc, double bestValAcc) {
    }

    enum Band { MINMAX, STD }

    /** A configuration's mean over its seeds with the 95% confidence interval, and its p-value against the best. */
    record Interval(String label, int n, double mean, double halfWidth, Double pValue) {
    }

    private final LineChartRenderer lines;

    ComparisonCharts(LineChartRenderer lines) {
        this.lines = lines;
    }

    byte[] lines(List<Line> experiments, ChartMetric metric, ChartRequest request) {
        List<Series> series = new ArrayList<>();
        for (Line line : experiments) {
            List<EpochMetrics> shown = line.metrics().stream().filter(m -> request.includes(m.epoch())).toList();
            series.add(new Series(line.label(), shown.stream().mapToDouble(EpochMetrics::epoch).toArray(),
                    request.smooth(shown.stream().mapToDouble(metric::of).toArray())));
        }
        return lines.render(metric.label() + " by epoch", "Epoch #", metric.label(), series, request.options());
    }

    /** The mean of each group's runs per epoch, with a min..max or +-1 standard deviation band. */
    byte[] bands(List<Group> groups, ChartMetric metric, Band band, ChartRequest request) {
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        for (Group group : groups) {
            YIntervalSeries s = new YIntervalSeries(group.label() + " (" + group.runs().size() + " seeds)", false, true);
            int epochs = group.runs().stream().mapToInt(List::size).max().orElse(0);
            for (int e = 0; e < epochs; e++) {
                if (!request.includes(e)) {
                    continue;
                }
                List<Double> values = new ArrayList<>();
                for (List<EpochMetrics> run : group.runs()) {
                    if (e < run.size()) {
                        values.add(metric.of(run.get(e)));
                    }
                }
                double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                double low;
                double high;
                if (band == Band.STD) {
                    double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.size());
                    low = mean - Math.sqrt(var);
                    high = mean + Math.sqrt(var);
                } else {
                    low = values.stream().mapToDouble(Double::doubleValue).min().orElse(mean);
                    high = values.stream().mapToDouble(Double::doubleValue).max().orElse(mean);
                }
                s.add(e, mean, low, high);
            }
            dataset.addSeries(s);
        }
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.2f);
        for (int i = 0; i < groups.size(); i++) {
            renderer.setSeriesPaint(i, Palette.color(i));
            renderer.setSeriesFillPaint(i, Palette.color(i));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        NumberAxis x = new NumberAxis("Epoch #");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis(metric.label());
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        String title = metric.label() + ": mean and " + (band == Band.STD ? "+-1 std" : "min..max") + " over seeds";
        return lines.draw(chart(plot, request, title), request.options());
    }

    /** Final and best validation accuracy per experiment, sorted by best, values printed on the bars. */
    byte[] finalAccuracy(List<Bar> bars, ChartRequest request) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        bars.stream().sorted((a, b) -> Double.compare(b.bestValAcc(), a.bestValAcc())).forEach(b -> {
            dataset.addValue(b.finalValAcc(), "final val_acc", b.label());
            dataset.addValue(b.bestValAcc(), "best val_acc", b.label());
        });
        BarRenderer renderer = labelledBars(new BarRenderer());
        renderer.setSeriesPaint(1, Palette.color(1));
        CategoryPlot plot = accuracyPlot(dataset, renderer, "Experiment", bars.size() > 4, "Validation accuracy");
        return lines.draw(chart(plot, request, "Final and best validation accuracy"), request.options());
    }

    /** Mean final validation accuracy per configuration, best first, with 95% confidence intervals as error bars. */
    byte[] configurationMeans(List<Interval> intervals, ChartRequest request) {
        DefaultStatisticalCategoryDataset dataset = new DefaultStatisticalCategoryDataset();
        for (Interval i : intervals) {
            String label = i.label() + " (n=" + i.n() + (i.pValue() == null ? "" : String.format(java.util.Locale.ROOT, ", p=%.3f", i.pValue())) + ")";
            dataset.add(i.mean(), i.halfWidth(), "mean final val_acc, 95% CI", label);
        }
        StatisticalBarRenderer renderer = labelledBars(new StatisticalBarRenderer());
        renderer.setErrorIndicatorPaint(Color.BLACK);
        CategoryPlot plot = accuracyPlot(dataset, renderer, "Configuration (p: Welch's t-test against the best)",
                intervals.size() > 3, "Final validation accuracy");
        return lines.draw(chart(plot, request, "Final validation accuracy over seeds"), request.options());
    }

    /** Flat bars in the palette's first colour with their values printed on them. */
    private static <R extends BarRenderer> R labelledBars(R renderer) {
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, Palette.color(0));
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.000")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return renderer;
    }

    /** Categories along x (slanted when many), accuracy 0..1 along y. */
    private static CategoryPlot accuracyPlot(org.jfree.data.category.CategoryDataset dataset, BarRenderer renderer, String xLabel,
                                             boolean slanted, String yLabel) {
        CategoryAxis categories = new CategoryAxis(xLabel);
        if (slanted) {
            categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        NumberAxis accuracy = new NumberAxis(yLabel);
        accuracy.setRange(0, 1.05);
        CategoryPlot plot = new CategoryPlot(dataset, categories, accuracy, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        return plot;
    }

    private static JFreeChart chart(org.jfree.chart.plot.Plot plot, ChartRequest request, String title) {
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setTitle(new TextTitle(request.options().title() != null ? request.options().title() : title,
                new Font(Font.SANS_SERIF, Font.BOLD, 16)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
