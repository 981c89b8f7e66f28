/**
 * Learning-rate schedules: the reference five and the extended family, their parameters and validation, warm-up.
 * Imports error only.
 */
package io.lrlab.schedule;
