/**
 * Where experiments' artifacts (checkpoints, and with them the trained models) are kept: in the shared database by
 * default, so any node can resume or serve them, or in a directory by setting. Depends on nothing of lrlab's; the
 * experiment feature fences the writes.
 */
package io.lrlab.artifact;
