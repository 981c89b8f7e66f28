/**
 * Sweeps: grids of schedules, initial rates and seeds queued as experiments, the reference sweep, and their
 * per-configuration statistics. Imports experiment, schedule, stats, security, error.
 */
package io.lrlab.sweep;
