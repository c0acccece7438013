/**
 * Zero gradients for tfjs kernels whose outputs are piecewise constant (comparisons, logical
 * ops, boolean reductions, searchSorted) but which have no registered gradient in tfjs 4.22,
 * so that `tf.where(tf.greater(x, 0), …)` can be differentiated.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Kernel name → its input names (each gets a zero gradient of its own shape). @internal */
export const ZERO_GRADIENT_KERNELS: Readonly<Record<string, readonly string[]>> = {
  Equal: ['a', 'b'],
  NotEqual: ['a', 'b'],
  Greater: ['a', 'b'],
  GreaterEqual: ['a', 'b'],
  Less: ['a', 'b'],
  LessEqual: ['a', 'b'],
  LogicalAnd: ['a', 'b'],
  LogicalOr: ['a', 'b'],
  LogicalNot: ['x'],
  All: ['x'],
  Any: ['x'],
  SearchSorted: ['sortedSequence', 'values'],
};

/** Register a zero gradient for each kernel above that has none yet; returns the names registered. @internal */
export function registerZeroGradients(): string[] {
  const added: string[] = [];
  for (const [kernelName, inputs] of Object.entries(ZERO_GRADIENT_KERNELS)) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: [...inputs],
      gradFunc: (_dy, saved) =>
        // tfjs requires float32 gradients, also for bool/int inputs
        Object.fromEntries(inputs.map((name, i) => [name, () => tf.zeros(saved[i]!.shape, 'float32')])),
    });
    added.push(kernelName);
  }
  return added;
}
