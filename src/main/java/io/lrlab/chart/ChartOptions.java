package io.lrlab.chart;

/**
 * How a chart is drawn: size, title override, log scale on y, and the output format.
 * Bounds are checked by the web layer before a chart is asked for.
 */
public record ChartOptions(int width, int height, String title, boolean logY, ChartFormat format) {

    public static final int MIN_SIZE = 200;
    public static final int MAX_SIZE = 4000;
}
