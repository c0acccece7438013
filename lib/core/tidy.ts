/**
 * A typed `tf.tidy`: run `fn`, dispose every tensor it created except those reachable from
 * its result through arrays and plain objects.
 *
 * Gotcha (as with `tf.tidy`): tensors inside a `Map` — such as a trace's sites — are *not*
 * reachable for tidy and are disposed. Never return a trace from a tidy; return what you
 * need from it.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** `tf.tidy` with the result's type preserved. @category core @since 0.1.0 */
export function tidy<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}
