package io.lrlab.chart;

import io.lrlab.experiment.ExperimentSpec;
import io.lrlab.schedule.Granularity;
import io.lrlab.schedule.LearningRateSchedule;
import io.lrlab.schedule.Schedules;
import io.lrlab.training.ClassificationReport;
import io.lrlab.training.EpochMetrics;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.springframework.stereotype.Component;

/** One experiment's charts: training history, learning rate, confusion matrix. */
@Component
class ExperimentCharts {

    private static final int MAX_ITERATION_POINTS = 4000;
    private final LineChartRenderer lines;

    ExperimentCharts(LineChartRenderer lines) {
        this.lines = lines;
    }

    /** train_loss, val_loss, train_acc, val_acc against epoch, like the reference's training plot. */
    byte[] history(String name, List<EpochMetrics> metrics, ChartRequest request) {
        List<EpochMetrics> shown = metrics.stream().filter(m -> request.includes(m.epoch())).toList();
        double[] x = shown.stream().mapToDouble(EpochMetrics::epoch).toArray();
        List<Series> series = List.of(
                new Series("train_loss", x, request.smooth(shown.stream().mapToDouble(EpochMetrics::trainLoss).toArray())),
                new Series("val_loss", x, request.smooth(shown.stream().mapToDouble(EpochMetrics::valLoss).toArray())),
                new Series("train_acc", x, request.smooth(shown.stream().mapToDouble(EpochMetrics::trainAcc).toArray())),
                new Series("val_acc", x, request.smooth(shown.stream().mapToDouble(EpochMetrics::valAcc).toArray())));
        return lines.render("Training Loss and Accuracy: " + name, "Epoch #", "Loss/Accuracy", series, request.options());
    }

    /** The planned rate (every iteration for per-iteration schedules) and the rate read back from the updater per epoch. */
    byte[] learningRate(String name, ExperimentSpec spec, List<EpochMetrics> metrics, ChartRequest request) {
        Schedules.Built built = spec.buildSchedule();
        LearningRateSchedule schedule = built.schedule();
        int itersPerEpoch = spec.itersPerEpoch();
        List<double[]> planned = new ArrayList<>();
        if (built.type().metricDriven()) {
            // reduce on plateau: the plan is what the trainer decided epoch by epoch from the metrics
            metrics.stream().filter(m -> request.includes(m.epoch())).forEach(m -> planned.add(new double[] {m.epoch(), m.plannedLr()}));
        } else if (schedule.granularity() == Granularity.ITERATION) {
            long total = (long) spec.epochs() * itersPerEpoch;
            long stride = Math.max(1, (total + MAX_ITERATION_POINTS - 1) / MAX_ITERATION_POINTS);
            for (long i = 0; i < total; i += stride) {
                int epoch = (int) (i / itersPerEpoch);
                if (request.includes(epoch)) {
                    planned.add(new double[] {(double) i / itersPerEpoch, schedule.rate(epoch, i, itersPerEpoch)});
                }
            }
        } else {
            for (int e = 0; e < spec.epochs(); e++) {
                if (request.includes(e)) {
                    planned.add(new double[] {e, schedule.rateAtEpochStart(e, itersPerEpoch)});
                }
            }
        }
        List<EpochMetrics> shown = metrics.stream().filter(m -> request.includes(m.epoch())).toList();
        List<Series> series = List.of(
                new Series("planned", planned.stream().mapToDouble(p -> p[0]).toArray(), planned.stream().mapToDouble(p -> p[1]).toArray()),
                new Series("actual (updater)", shown.stream().mapToDouble(EpochMetrics::epoch).toArray(),
                        shown.stream().mapToDouble(EpochMetrics::actualLr).toArray(), true));
        return lines.render("Learning Rate Schedule: " + name, "Epoch #", "Learning Rate", series, request.options());
    }

    /** The confusion matrix as a heat map, rows = true class, columns = predicted, each cell labelled with its count. */
    byte[] confusion(String name, ClassificationReport report, ChartRequest request) {
        List<String> labels = report.labels();
        int k = labels.size();
        long max = 1;
        double[][] xyz = new double[3][k * k];
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                int i = t * k + p;
                xyz[0][i] = p;
                xyz[1][i] = t;
                xyz[2][i] = report.confusion()[t][p];
                max = Math.max(max, report.confusion()[t][p]);
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("confusion", xyz);
        LookupPaintScale scale = new LookupPaintScale(0, max + 1, Color.WHITE);
        for (int step = 0; step <= 20; step++) {
            float f = step / 20f;
            scale.add(max * (double) step / 20, new Color(1 - 0.88f * f, 1 - 0.6f * f, 1 - 0.25f * f));
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        SymbolAxis predicted = new SymbolAxis("Predicted", labels.toArray(String[]::new));
        predicted.setVerticalTickLabels(true);
        predicted.setGridBandsVisible(false);
        SymbolAxis actual = new SymbolAxis("True", labels.toArray(String[]::new));
        actual.setInverted(true);
        actual.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(dataset, predicted, actual, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, Math.min(14, request.options().width() / (k * 6))));
        for (int i = 0; i < k * k; i++) {
            XYTextAnnotation count = new XYTextAnnotation(Long.toString((long) xyz[2][i]), xyz[0][i], xyz[1][i]);
            count.setFont(font);
            count.setPaint(xyz[2][i] > max * 0.6 ? Color.WHITE : Color.BLACK);
            plot.addAnnotation(count);
        }
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setTitle(new TextTitle(request.options().title() != null ? request.options().title() : "Confusion Matrix: " + name,
                new Font(Font.SANS_SERIF, Font.BOLD, 16)));
        PaintScaleLegend legend = new PaintScaleLegend(scale, new NumberAxis("images"));
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripOutlineVisible(false);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return lines.draw(chart, request.options());
    }
}
