/**
 * The density kernel of a multivariate normal with a lower-triangular scale: the value and the
 * partials of `Σ_batch log N(x | μ, L Lᵀ)` in one float64 pass (forward substitution, then
 * `w = L⁻ᵀ z` for the gradients).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type Shape, sizeOf } from '../../core/shape.js';
import { broadcastIndex } from '../../ops/fused/broadcast.js';
import { isSink } from '../../ops/fused/scratch.js';
import type { DensityKernel } from './kernel.js';
import { normalDensity } from './normal.js';
import { sumOfLogs } from './sum-of-logs.js';

const LOG_TWO_PI = Math.log(2 * Math.PI);

/**
 * `Σ_batch log N(x | μ, L Lᵀ)` for `x [..., d]`, `μ [..., d]`, `L [..., d, d]` (lower triangle
 * read) over the batch shape `batch`.
 *
 * @category distributions
 * @since 0.1.0
 */
export function mvnDensity(x: tf.Tensor, loc: tf.Tensor, scaleTril: tf.Tensor, batch: Shape): DensityKernel {
  const d = loc.shape[loc.rank - 1]!;
  const iX = broadcastIndex(x.shape.slice(0, -1), batch);
  const iM = broadcastIndex(loc.shape.slice(0, -1), batch);
  const iL = broadcastIndex(scaleTril.shape.slice(0, -2), batch);
  const n = sizeOf(batch);
  return {
    inputs: [x, loc, scaleTril],
    evaluate: ([xs, ms, ls], weight, grads) => {
      const z = new Float64Array(d);
      const w = new Float64Array(d);
      const gx = grads?.[0];
      const gm = grads?.[1];
      const gl = grads?.[2];
      const lOffPath = isSink(gl);
      let total = 0;
      for (let b = 0; b < n; b++) {
        const xo = iX[b]! * d;
        const mo = iM[b]! * d;
        const lo = iL[b]! * d * d;
        let maha = 0;
        let halfLogDet = 0;
        for (let i = 0; i < d; i++) {
          let s = xs![xo + i]! - ms![mo + i]!;
          for (let j = 0; j < i; j++) s -= ls![lo + i * d + j]! * z[j]!;
          const lii = ls![lo + i * d + i]!;
          z[i] = s / lii;
          maha += z[i]! * z[i]!;
          halfLogDet += Math.log(lii);
        }
        total += -0.5 * maha - halfLogDet;
        if (gx === undefined || gm === undefined || gl === undefined) continue;
        // back substitution by rows of L (contiguous reads; a column walk strides d floats)
        for (let i = 0; i < d; i++) w[i] = z[i]!;
        for (let i = d - 1; i >= 0; i--) {
          const row = lo + i * d;
          const wi = w[i]! / ls![row + i]!;
          w[i] = wi;
          for (let j = 0; j < i; j++) w[j]! -= ls![row + j]! * wi;
        }
        for (let i = 0; i < d; i++) {
          const gw = weight * w[i]!;
          gx[xo + i]! -= gw;
          gm[mo + i]! += gw;
          if (lOffPath) continue; // a constant scale (a model's prior): its O(d²) partials go nowhere
          const row = lo + i * d;
          for (let j = 0; j < i; j++) gl[row + j]! += gw * z[j]!;
          gl[row + i]! += gw * z[i]! - weight / ls![row + i]!;
        }
      }
      return weight * (total - n * 0.5 * d * LOG_TWO_PI);
    },
  };
}

/**
 * `Σ_batch log N(x | μ, diag(v)²)` for a diagonal scale `L = diagEmbed(v)` (`v [..., d]`): the
 * same value as {@link mvnDensity}, O(d) per batch element, with the gradient to `v`
 * (`∂x = −z/v`, `∂μ = z/v`, `∂v = (z² − 1)/v`, `z = (x − μ)/v`).
 *
 * @category distributions
 * @since 0.1.0
 */
export function mvnDiagonalDensity(x: tf.Tensor, loc: tf.Tensor, scaleDiag: tf.Tensor, batch: Shape): DensityKernel {
  const d = loc.shape[loc.rank - 1]!;
  // nothing broadcast: exactly the elementwise Normal over every coordinate (its own fast loop)
  const size = sizeOf(batch) * d;
  if (x.size === size && loc.size === size && scaleDiag.size === size) return normalDensity(x, loc, scaleDiag, [...batch, d]);
  const iX = broadcastIndex(x.shape.slice(0, -1), batch);
  const iM = broadcastIndex(loc.shape.slice(0, -1), batch);
  const iV = broadcastIndex(scaleDiag.shape.slice(0, -1), batch);
  const n = sizeOf(batch);
  // an unbroadcast scale (each element used once): Σ log v in one grouped pass
  const ownScale = scaleDiag.size === n * d;
  return {
    inputs: [x, loc, scaleDiag],
    evaluate: ([xs, ms, vs], weight, grads) => {
      let total = ownScale ? -sumOfLogs(vs!, n * d) : 0;
      // no destructuring in the loops (measured 2× slower in V8 here), gradients hoisted
      const gx = grads?.[0];
      const gm = grads?.[1];
      const gv = grads?.[2];
      for (let b = 0; b < n; b++) {
        const xo = iX[b]! * d;
        const mo = iM[b]! * d;
        const vo = iV[b]! * d;
        for (let i = 0; i < d; i++) {
          const v = vs![vo + i]!;
          const inv = 1 / v;
          const z = (xs![xo + i]! - ms![mo + i]!) * inv;
          total += ownScale ? -0.5 * z * z : -0.5 * z * z - Math.log(v);
          if (gx === undefined) continue;
          const wz = weight * z * inv;
          gx[xo + i]! -= wz;
          gm![mo + i]! += wz;
          gv![vo + i]! += weight * (z * z - 1) * inv;
        }
      }
      return weight * (total - n * 0.5 * d * LOG_TWO_PI);
    },
  };
}
