/**
 * Schedule previews before anything is trained: the catalogue of schedules, their curves as JSON and as charts.
 * Imports schedule, chart, error.
 */
package io.lrlab.preview;
