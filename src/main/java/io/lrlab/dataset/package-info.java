/**
 * Data sets on disk: CIFAR-10's binary release and image folders, the download with its checks, and the decoded-image
 * cache. Imports system only.
 */
package io.lrlab.dataset;
