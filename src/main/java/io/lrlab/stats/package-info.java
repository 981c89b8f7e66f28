/**
 * Statistics across seeds: mean, standard deviation, Student-t confidence intervals and Welch's t-test. Imports
 * nothing of lrlab's.
 */
package io.lrlab.stats;
