/**
 * The application: its entry point and component scan. Every feature lives in a package of its own below it.
 */
package io.lrlab;
