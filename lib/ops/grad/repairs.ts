/**
 * `registerGradientRepairs`: one idempotent call that makes tfjs differentiation work for a PPL.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerKernelGradients } from './kernel-gradients.js';
import { registerWasmSegmentSum } from './segment-sum-wasm.js';
import { gradConfigs } from './vendor/tfjs-gradients.js';
import { registerZeroGradients } from './zero-gradients.js';

/** What {@link registerGradientRepairs} registered on this call (empty lists when repeated). @category ops @since 0.1.0 */
export interface GradientRepairs {
  /** tfjs-core's own gradients that were missing (all of them on a bare tfjs-core import). */
  readonly tfjsGradients: number;
  /** Kernels that received a zero gradient (comparisons, logical ops, …). */
  readonly zeroGradients: readonly string[];
  /** Kernels that received a real gradient from Ignis (`Diag`, `StridedSlice`). */
  readonly kernelGradients: readonly string[];
  /** Whether the wasm `UnsortedSegmentSum` kernel was added. */
  readonly wasmSegmentSum: boolean;
}

/**
 * Register every gradient and kernel repair Ignis needs from tfjs 4.22; safe to call again.
 *
 * What it does:
 * 1. registers tfjs-core's standard gradients where missing — importing `@tensorflow/tfjs-core`
 *    alone (without the `@tensorflow/tfjs` union package) registers **none**, so `tf.grad`
 *    fails even for `tf.sum`;
 * 2. zero gradients for comparison and logical kernels (`Equal`, `Greater`, `LogicalAnd`, …)
 *    so that `tf.where(cond(x), …)` is differentiable;
 * 3. gradients for `Diag` and `StridedSlice` (none in tfjs);
 * 4. a wasm `UnsortedSegmentSum` kernel, so `tf.gather`'s gradient works on wasm.
 *
 * Existing registrations are never overridden. Importing `lib/ops` calls this once.
 *
 * @example
 * ```ts
 * registerGradientRepairs();
 * tf.grad((x) => tf.sum(tf.where(tf.greater(x, 0), x, tf.mul(x, 2))))(x);
 * ```
 * @category ops
 * @since 0.1.0
 */
export function registerGradientRepairs(): GradientRepairs {
  let tfjsGradients = 0;
  for (const config of gradConfigs) {
    if (tf.getGradient(config.kernelName) === undefined) {
      tf.registerGradient(config);
      tfjsGradients++;
    }
  }
  return {
    tfjsGradients,
    zeroGradients: registerZeroGradients(),
    kernelGradients: registerKernelGradients(),
    wasmSegmentSum: registerWasmSegmentSum(),
  };
}
