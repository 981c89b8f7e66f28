package io.lrlab.chart;

/** One line of a chart: a name for the legend, its points, and whether it is drawn as a line or as markers. */
public record Series(String name, double[] x, double[] y, boolean markers) {

    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
    }

    public Series(String name, double[] x, double[] y) {
        this(name, x, y, false);
    }
}
