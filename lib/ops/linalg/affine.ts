/**
 * `affine(x, w, b) = x w + b`, a dense layer's map, as ONE kernel on the wasm backend
 * (`IgnisAffine`: the product and the bias in one SIMD pass over the heap,
 * `kernels/wasm-matmul.ts`), with the gradients
 *
 *     ∂x = dy wᵀ,   ∂w = xᵀ dy,   ∂b = Σ_rows dy
 *
 * built from tfjs ops (so derivatives of any order follow). Against `add(matMul(x, w), b)` it
 * saves the `Add` kernel forward (9 µs on `[256, 64]`, where tfjs broadcasts the bias by a
 * generic index loop) and, backward, the two `Reshape`s around the bias gradient's `Sum`; the
 * values are the same bits. On other backends, and for operands the kernel does not take, it is
 * that expression.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { AFFINE_KERNEL, affineFits } from '../kernels/wasm-matmul.js';

tf.registerGradient({
  kernelName: AFFINE_KERNEL,
  inputsToSave: ['x', 'w'],
  gradFunc: (dy, saved) => {
    const [x, w] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => tf.matMul(g, w, false, true), w: () => tf.matMul(x, g, true, false), b: () => tf.sum(g, 0) };
  },
});

/**
 * `x w + b` for `x` `[M, K]`, `w` `[K, N]` and `b` `[N]` (see the module notes).
 *
 * Maths: `out[i, j] = Σ_k x[i, k] w[k, j] + b[j]`.
 *
 * @example
 * ```ts
 * affine(tf.ones([2, 3]), tf.ones([3, 4]), tf.zeros([4])); // [[3, 3, 3, 3], [3, 3, 3, 3]]
 * ```
 * @category ops
 * @since 0.1.0
 */
export function affine(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (tf.getKernel(AFFINE_KERNEL, tf.getBackend()) !== undefined && affineFits(x, w, b)) {
    return tf.engine().runKernel(AFFINE_KERNEL, { x, w, b });
  }
  return tf.add(tf.matMul(x, w), b);
}
