/**
 * The Normal's density kernel, the commonest density of an SVI step (likelihoods, priors,
 * mean-field guides, and the diagonal MVN's coordinates): `Σ log N(x | μ, σ)` and its partials
 * in float64 loops specialized by the inputs' layout.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type Shape, sizeOf } from '../../core/shape.js';
import { broadcastIndex } from '../../ops/fused/broadcast.js';
import type { DensityKernel } from './kernel.js';
import { sumOfLogs } from './sum-of-logs.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The Normal's kernel `Σ_shape log N(x | μ, σ)` as a dedicated loop (the commonest density of an
 * SVI step: likelihoods, priors, mean-field guides): `−½z² − log σ − ½ log 2π` with
 * `∂x = −z/σ`, `∂μ = z/σ`, `∂σ = (z² − 1)/σ`; the same values as {@link elementwiseDensity}
 * would give, without a call per element.
 *
 * When each input is either full-size or a single element (a likelihood `Normal(a·W, σ)`, a
 * mean-field guide), the loop reads them by stride (1 or 0) instead of through broadcast index
 * arrays, and sums a single element's terms in registers: measured 2× faster on `[256, 16]`.
 * The two commonest layouts — all full-size (a prior `Normal(zeros, ones)`), and a full-size
 * value and loc with one scale (a likelihood) — have loops of their own, without strides or
 * per-element branches: `[256, 8]` with gradients 33 → 16.5 µs, `[256, 16]` ~17.6 → 14.8 µs.
 *
 * @category distributions
 * @since 0.1.0
 */
export function normalDensity(value: tf.Tensor, loc: tf.Tensor, scale: tf.Tensor, shape: Shape): DensityKernel {
  const n = sizeOf(shape);
  const inputs = [value, loc, scale] as const;
  if (inputs.every((t) => t.size === n || t.size === 1)) return stridedNormal(inputs, n);
  const [ix, im, is] = inputs.map((t) => broadcastIndex(t.shape, shape)) as [Int32Array, Int32Array, Int32Array];
  return {
    inputs,
    evaluate: ([xs, ms, ss], weight, grads) => {
      // log σ and 1/σ once per element of the scale, not per draw
      const m = scale.size;
      const logS = new Float64Array(m);
      const invS = new Float64Array(m);
      for (let j = 0; j < m; j++) {
        logS[j] = Math.log(ss![j]!);
        invS[j] = 1 / ss![j]!;
      }
      let quad = 0;
      let logScales = 0;
      for (let i = 0; i < n; i++) {
        const k = is[i]!;
        const inv = invS[k]!;
        const z = (xs![ix[i]!]! - ms![im[i]!]!) * inv;
        quad += z * z;
        logScales += logS[k]!;
        if (grads !== undefined) {
          const wz = weight * z * inv;
          grads[0]![ix[i]!]! -= wz;
          grads[1]![im[i]!]! += wz;
          grads[2]![k]! += weight * (z * z - 1) * inv;
        }
      }
      return weight * (-0.5 * quad - logScales - n * HALF_LOG_TWO_PI);
    },
  };
}

/** {@link normalDensity} when every input has `n` elements or one (read with stride 1 or 0). */
function stridedNormal(inputs: readonly [tf.Tensor, tf.Tensor, tf.Tensor], n: number): DensityKernel {
  const [sx, sm, sk] = inputs.map((t) => (t.size === n ? 1 : 0)) as [number, number, number];
  const [oneX, oneLoc, oneScale] = [sx === 0, sm === 0, sk === 0];
  return {
    inputs,
    evaluate: ([xs, ms, ss], weight, grads) => {
      let logScales = 0;
      let invOne = 0;
      if (oneScale) {
        logScales = n * Math.log(ss![0]!);
        invOne = 1 / ss![0]!;
      } else {
        logScales = sumOfLogs(ss!, n);
      }
      if (!oneX && !oneLoc) {
        const [g0, g1, g2] = grads === undefined ? [undefined, undefined, undefined] : [grads[0]!, grads[1]!, grads[2]!];
        const q = oneScale ? sharedScaleNormal(xs!, ms!, invOne, n, weight, g0, g1, g2) : fullSizeNormal(xs!, ms!, ss!, n, weight, g0, g1, g2);
        return weight * (-0.5 * q - logScales - n * HALF_LOG_TWO_PI);
      }
      let quad = 0;
      // a single element's gradient accumulates in a register: adding into one array cell every
      // iteration would chain each addition through memory
      let gxOne = 0;
      let gmOne = 0;
      let gsOne = 0;
      const gx = grads?.[0];
      const gm = grads?.[1];
      const gs = grads?.[2];
      for (let i = 0; i < n; i++) {
        const inv = oneScale ? invOne : 1 / ss![i]!;
        const z = (xs![i * sx]! - ms![i * sm]!) * inv;
        const z2 = z * z;
        quad += z2;
        if (grads !== undefined) {
          const wz = weight * z * inv;
          const ds = weight * (z2 - 1) * inv;
          if (oneX) gxOne -= wz;
          else gx![i]! -= wz;
          if (oneLoc) gmOne += wz;
          else gm![i]! += wz;
          if (oneScale) gsOne += ds;
          else gs![i]! += ds;
        }
      }
      if (grads !== undefined) {
        if (oneX) gx![0]! += gxOne;
        if (oneLoc) gm![0]! += gmOne;
        if (oneScale) gs![0]! += gsOne;
      }
      return weight * (-0.5 * quad - logScales - n * HALF_LOG_TWO_PI);
    },
  };
}

/**
 * `Σ zᵢ²` of {@link stridedNormal} when value, loc and scale are all full-size, adding the
 * weighted partials into `grads`: its own loop, without strides or per-element branches.
 */
function fullSizeNormal(xs: ArrayLike<number>, ms: ArrayLike<number>, ss: ArrayLike<number>, n: number, weight: number, gx?: Float64Array, gm?: Float64Array, gs?: Float64Array): number {
  let quad = 0;
  if (gx === undefined || gm === undefined || gs === undefined) {
    for (let i = 0; i < n; i++) {
      const z = (xs[i]! - ms[i]!) / ss[i]!;
      quad += z * z;
    }
    return quad;
  }
  for (let i = 0; i < n; i++) {
    const inv = 1 / ss[i]!;
    const z = (xs[i]! - ms[i]!) * inv;
    const z2 = z * z;
    quad += z2;
    const wz = weight * z * inv;
    gx[i]! -= wz;
    gm[i]! += wz;
    gs[i]! += weight * (z2 - 1) * inv;
  }
  return quad;
}

/**
 * `Σ zᵢ²` of {@link stridedNormal} for a full-size value and loc and one scale (`1/σ` = `inv`),
 * adding the weighted partials into `grads`; the scale's is `w (Σ zᵢ² − n) / σ`, from the sum.
 */
function sharedScaleNormal(xs: ArrayLike<number>, ms: ArrayLike<number>, inv: number, n: number, weight: number, gx?: Float64Array, gm?: Float64Array, gs?: Float64Array): number {
  let quad = 0;
  if (gx === undefined || gm === undefined || gs === undefined) {
    for (let i = 0; i < n; i++) {
      const z = (xs[i]! - ms[i]!) * inv;
      quad += z * z;
    }
    return quad;
  }
  const wInv = weight * inv;
  for (let i = 0; i < n; i++) {
    const z = (xs[i]! - ms[i]!) * inv;
    quad += z * z;
    const wz = wInv * z;
    gx[i]! -= wz;
    gm[i]! += wz;
  }
  gs[0]! += wInv * (quad - n);
  return quad;
}
