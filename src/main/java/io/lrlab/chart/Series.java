package io.lrlab.chart;

/** One line of a chart: a name for the legend and its points. */
public record Series(String name, double[] x, double[] y) {

    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
    }
}
