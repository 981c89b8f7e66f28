/**
 * Training one network: the trainer loop, classic momentum, batches with augmentation and prefetch, checkpoints,
 * the classification report, the range test's run. Imports model, kernel, dataset, schedule, system.
 */
package io.lrlab.training;
