/**
 * lrlab's CPU kernel layer: oneDNN 2.5 primitives called through JavaCPP (convolution, batch norm, add), the DL4J
 * layers and helpers that run on them, and the switches that choose them. Imports nothing of lrlab's.
 */
package io.lrlab.kernel;
