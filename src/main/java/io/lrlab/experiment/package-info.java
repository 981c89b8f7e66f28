/**
 * The experiment aggregate and its API: submission and admission, the queue with its claims, leases, hand-backs and
 * fencing, queries, live progress and events, stopping rules. Imports model, training, dataset, schedule, artifact,
 * security, web, error, system; never worker, sweep or chart.
 */
package io.lrlab.experiment;
