package io.lrlab.chart;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that answers with a chart, so that the OpenAPI document lists its query parameters and its PNG and
 * SVG answers ({@link ChartOperationDocs}); the parameters themselves are read by hand ({@link ChartOptions},
 * {@link ChartRequest}) so that one 400 names every bad one.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ChartOperation {

    /** Also smoothing, from and to ({@link ChartRequest}): charts drawn over epochs. */
    boolean epochs() default true;

    /** Answers carry an ETag and a matching If-None-Match gets a 304. */
    boolean revalidates() default true;
}
