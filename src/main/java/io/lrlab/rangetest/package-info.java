/**
 * The learning-rate range test (Smith 2017) as a resource: queued and run by the workers like an experiment, answered
 * with the loss curve and a suggested rate. Imports experiment, training, chart, security, error.
 */
package io.lrlab.rangetest;
