package io.lrlab.chart;

/** The image formats charts are served in, with their media types. */
public enum ChartFormat {
    PNG("image/png"),
    SVG("image/svg+xml");

    private final String mediaType;

    ChartFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }
}
