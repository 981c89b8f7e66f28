package io.lrlab.chart;

import org.springframework.http.MediaType;

/** The image formats charts are served in. */
public enum ChartFormat {
    PNG(MediaType.IMAGE_PNG),
    SVG(MediaType.valueOf("image/svg+xml"));

    private final MediaType mediaType;

    ChartFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    public MediaType mediaType() {
        return mediaType;
    }
}
