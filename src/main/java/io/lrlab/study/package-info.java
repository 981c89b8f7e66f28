/**
 * Studies: a search over schedules, initial rates and schedule parameters (grid, random or a tree-structured Parzen
 * estimator), pruned by the median rule or asynchronous successive halving, each trial an experiment in the queue,
 * every decision taken under the study's row lock by whichever node triggers it. Imports experiment, schedule, stats,
 * training, security, web, error.
 */
package io.lrlab.study;
