/**
 * Log-determinant from a Cholesky factor, with float64 accumulation.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { runCustomOp } from '../fused/custom-op.js';
import { sizeOf } from '../../core/shape.js';
import { squareSize, withFloats } from '../internal/tensors.js';
import { diagEmbed, diagPart } from './diag.js';

/**
 * `log det A = 2 Σᵢ log Lᵢᵢ` for `A = L Lᵀ`: `[..., d, d]` → `[...]`.
 *
 * Maths: the diagonal's logs are summed in float64 (wasm sums accumulate in float32).
 * Gradient: `∂L = diag(2 ∂y / Lᵢᵢ)` (differentiable again).
 * Gotchas: reads only the diagonal; a non-positive diagonal entry gives NaN or −Inf (it is not
 * a valid Cholesky factor).
 *
 * @example
 * ```ts
 * choleskyLogDet(cholesky(A)); // log|A|
 * ```
 * @category ops
 * @since 0.1.0
 */
export function choleskyLogDet(l: tf.Tensor): tf.Tensor {
  const d = squareSize('choleskyLogDet', 'L', l);
  return withFloats([l], ([lf]) => {
    const x = lf!;
    const src = x.dataSync();
    const out = new Float32Array(sizeOf(x.shape.slice(0, -2)));
    for (let b = 0; b < out.length; b++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += Math.log(src[b * d * d + i * d + i]!);
      out[b] = 2 * s;
    }
    return runCustomOp([x], (save) => {
      const value = tf.tensor(out, x.shape.slice(0, -2), 'float32');
      save([x]);
      return {
        value,
        gradFunc: (dy, saved) => [diagEmbed(tf.div(tf.mul(tf.expandDims(dy, -1), 2), diagPart(saved[0]!)))],
      };
    });
  });
}
