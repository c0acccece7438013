/**
 * Density kernels of elementwise families (event rank 0): one float64 loop over the broadcast
 * shape of the value and up to two parameters, reading each through its broadcast index.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type Shape, sizeOf } from '../../core/shape.js';
import { broadcastIndex } from '../../ops/fused/broadcast.js';
import type { DensityKernel } from './kernel.js';

/**
 * One element of an elementwise log-density: returns `log p(x | a, b)` and writes
 * `∂/∂x`, `∂/∂a`, `∂/∂b` into `partials[0..2]` (unused parameters are passed as 0).
 *
 * @category distributions
 * @since 0.1.0
 */
export type DensityElement = (x: number, a: number, b: number, partials: Float64Array) => number;

/**
 * The kernel `Σ_shape element(value, params…)` for `inputs = [value, ...params]` (one or two
 * params) broadcast to `shape`.
 *
 * @category distributions
 * @since 0.1.0
 */
export function elementwiseDensity(inputs: readonly tf.Tensor[], shape: Shape, element: DensityElement): DensityKernel {
  const n = sizeOf(shape);
  const [i0, i1, i2] = inputs.map((t) => broadcastIndex(t.shape, shape));
  const arity = inputs.length;
  return {
    inputs,
    evaluate: (data, weight, grads) => {
      const [d0, d1, d2] = data;
      const partials = new Float64Array(3);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const x = d0![i0![i]!]!;
        const a = arity > 1 ? d1![i1![i]!]! : 0;
        const b = arity > 2 ? d2![i2![i]!]! : 0;
        total += element(x, a, b, partials);
        if (grads !== undefined) {
          grads[0]![i0![i]!]! += weight * partials[0]!;
          if (arity > 1) grads[1]![i1![i]!]! += weight * partials[1]!;
          if (arity > 2) grads[2]![i2![i]!]! += weight * partials[2]!;
        }
      }
      return weight * total;
    },
  };
}

/**
 * The kernel `Σ_shape t` of a tensor already holding log-densities (a `factor`, a `Delta`'s
 * `logDensity`, a fallback site's `logProb`), broadcast to `shape`; `offset` is added once per
 * element of `shape` (e.g. `−∞` for a value off a point mass).
 *
 * @category distributions
 * @since 0.1.0
 */
export function summedTensor(t: tf.Tensor, shape: Shape, offset = 0): DensityKernel {
  const n = sizeOf(shape);
  const index = broadcastIndex(t.shape, shape);
  return {
    inputs: [t],
    evaluate: (data, weight, grads) => {
      const d = data[0]!;
      let total = offset * n;
      for (let i = 0; i < n; i++) total += d[index[i]!]!;
      if (grads !== undefined) {
        const g = grads[0]!;
        for (let i = 0; i < n; i++) g[index[i]!]! += weight;
      }
      return weight * total;
    },
  };
}
