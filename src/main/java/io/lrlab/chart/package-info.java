/**
 * Charts as PNG and SVG (JFreeChart): an experiment's history, learning rate and confusion matrix, and comparisons of
 * several experiments or a sweep. Reads experiments and sweeps; imports experiment, sweep, schedule, training, error.
 */
package io.lrlab.chart;
