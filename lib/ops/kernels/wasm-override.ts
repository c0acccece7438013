/**
 * Replacing a registered wasm kernel by a per-op strategy that handles some cases itself and
 * hands the rest to the kernel it replaces. The replacement keeps the original's configuration
 * (its `setupFunc` and `disposeFunc` still run when the backend starts and stops) and carries a
 * mark, so installing a strategy a second time changes nothing.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Register `strategy(original)` as the wasm kernel `kernelName` in place of the registered
 * `original` (idempotent: a kernel already marked with `mark` is left as it is). Returns whether
 * it installed the strategy: `false` when no wasm kernel `kernelName` is registered (the wasm
 * backend is not loaded) or the strategy is already installed. The strategy must call
 * `original` for every case it does not handle, with the same arguments.
 * @internal
 */
export function overrideWasmKernel(kernelName: string, mark: symbol, strategy: (original: tf.KernelFunc) => tf.KernelFunc): boolean {
  return overrideKernel('wasm', kernelName, mark, strategy);
}

/** {@link overrideWasmKernel} for the kernel `kernelName` of backend `backendName`. @internal */
export function overrideKernel(backendName: string, kernelName: string, mark: symbol, strategy: (original: tf.KernelFunc) => tf.KernelFunc): boolean {
  const original = tf.getKernel(kernelName, backendName);
  if (original === undefined || mark in original.kernelFunc) return false;
  const kernelFunc = strategy(original.kernelFunc);
  Object.defineProperty(kernelFunc, mark, { value: true });
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ ...original, kernelFunc });
  return true;
}
