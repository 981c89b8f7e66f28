/**
 * The networks: ResNet definitions and presets, and the DL4J layer configurations that saved checkpoints name (their
 * class names must keep loading). Imports kernel only.
 */
package io.lrlab.model;
