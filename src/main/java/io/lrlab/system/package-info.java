/**
 * The process itself: storage settings, the native backend and its choice of build, GPU compatibility, provenance,
 * renamed settings and kernel settings. Imports kernel only.
 */
package io.lrlab.system;
