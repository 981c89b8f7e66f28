/**
 * The worker: claims experiments from the queue, trains them with a heartbeat, hands them back through the queue's
 * rule, classifies failures, reports health and Prometheus meters. Imports experiment, training, model, dataset,
 * system, error.
 */
package io.lrlab.worker;
