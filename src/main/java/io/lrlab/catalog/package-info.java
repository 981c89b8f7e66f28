/**
 * What lrlab can train, described for a data set: the networks ({@code GET /api/models}) with their trainable
 * parameters, forward FLOPs and the cost admission counts. Reads the model presets and the data set registry.
 */
package io.lrlab.catalog;
