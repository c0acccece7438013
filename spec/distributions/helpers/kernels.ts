/** Kernel counting with `tf.profile` (the deterministic measure of per-step overhead). */
import * as tf from '@tensorflow/tfjs-core';

/**
 * The number of kernels `f` runs. Every tensor it creates is disposed after the profile has
 * settled (the profiler reads kernel outputs asynchronously, so `f` cannot run in a `tidy`).
 */
export async function kernelCount(f: () => unknown): Promise<number> {
  tf.engine().startScope();
  try {
    const info = await tf.profile(() => {
      f();
    });
    return info.kernels.length;
  } finally {
    tf.engine().endScope();
  }
}
