/**
 * The failures every feature may raise, in the domain's words: invalid input (with one {@link io.lrlab.error.Violation}
 * per broken rule), not found, conflict, queue full, over budget, and the test for a database that is away ({@link
 * io.lrlab.error.DatabaseOutage}). Depends on nothing of lrlab's; {@code web/} alone maps them to
 * HTTP status codes and problem types.
 */
package io.lrlab.error;
