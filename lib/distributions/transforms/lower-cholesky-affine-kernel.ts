/**
 * Fused kernels for `LowerCholeskyAffine` (AutoMultivariateNormal's `getTransform`, run every
 * SVI step): `y = loc + L x` and `Σᵢ log Lᵢᵢ`, each ONE tfjs custom op computed in float64
 * JavaScript, with float64 JS gradients summed back to each input's (unbroadcast) shape. The
 * tfjs-op versions cost 7 kernels forward and ~38 backward.
 *
 * Built on `fusedOp` (lib/ops/fused): no tensor is saved for the backward pass, gradients are
 * computed only for the inputs that need one, and when a higher-order gradient is being taken
 * (e.g. a Laplace approximation's Hessian) the same function runs as differentiable tfjs ops.
 * Only the lower triangle of `L` is read, so its gradients are lower-triangular.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { read, upload } from '../../ops/fused/host-data.js';
import { type Shape, sizeOf } from '../../core/shape.js';
import { asFloat32 as float, broadcastIndex as batchIndex, float32Tensor as f32 } from '../../ops/fused/broadcast.js';
import { fusedOp } from '../../ops/fused/custom-op.js';
import { lowerMask } from './masks.js';

/** `loc + tril(L) x` from differentiable tfjs ops (the higher-order path). */
function affineReference(loc: tf.Tensor, scaleTril: tf.Tensor, x: tf.Tensor, batch: Shape): tf.Tensor {
  const d = scaleTril.shape[scaleTril.rank - 1]!;
  const tri = tf.mul(scaleTril, lowerMask(d, 0));
  const y = tf.add(loc, tf.sum(tf.mul(tri, tf.expandDims(x, -2)), -1));
  const shape = [...batch, d];
  return y.shape.length === shape.length && y.shape.every((s, i) => s === shape[i]) ? y : tf.broadcastTo(y, shape);
}

/**
 * `y = loc + L x` over the broadcast batch of `loc [..., d]`, `L [..., d, d]` (lower triangle
 * read), `x [..., d]`. Gradients: `∂loc = Σ dy`, `∂x = Lᵀ dy`, `∂L = tril(dy xᵀ)`.
 *
 * @category transforms
 * @since 0.1.0
 */
export function lowerCholeskyAffineForward(loc: tf.Tensor, scaleTril: tf.Tensor, x: tf.Tensor, batch: Shape): tf.Tensor {
  const [m, l, v] = [float(loc), float(scaleTril), float(x)];
  const d = l.shape[l.rank - 1]!;
  return fusedOp(
    [m, l, v],
    () => {
      const iM = batchIndex(m.shape.slice(0, -1), batch);
      const iL = batchIndex(l.shape.slice(0, -2), batch);
      const iX = batchIndex(v.shape.slice(0, -1), batch);
      const [ms, ls, vs] = [read(m), read(l), read(v)];
      const n = iM.length;
      const out = new Float32Array(n * d);
      for (let b = 0; b < n; b++) {
        const [mo, lo, vo] = [iM[b]! * d, iL[b]! * d * d, iX[b]! * d];
        for (let i = 0; i < d; i++) {
          let s = ms[mo + i]!;
          for (let j = 0; j <= i; j++) s += ls[lo + i * d + j]! * vs[vo + j]!;
          out[b * d + i] = s;
        }
      }
      /** `f(b, i, j, gi)` for every batch element, row `i`, column `j ≤ i`, with `gi = dy[b, i]`. */
      const each = (g: ArrayLike<number>, f: (lo: number, vo: number, i: number, j: number, gi: number) => void): void => {
        for (let b = 0; b < n; b++) {
          const [lo, vo] = [iL[b]! * d * d, iX[b]! * d];
          for (let i = 0; i < d; i++) {
            const gi = g[b * d + i]!;
            for (let j = 0; j <= i; j++) f(lo, vo, i, j, gi);
          }
        }
      };
      return {
        value: upload(out, [...batch, d]),
        gradients: [
          (dys) => {
            const g = read(dys[0]!);
            const dm = new Float64Array(m.size);
            for (let b = 0; b < n; b++) for (let i = 0; i < d; i++) dm[iM[b]! * d + i]! += g[b * d + i]!;
            return f32(dm, m.shape);
          },
          (dys) => {
            const dl = new Float64Array(l.size);
            each(read(dys[0]!), (lo, vo, i, j, gi) => (dl[lo + i * d + j]! += gi * vs[vo + j]!));
            return f32(dl, l.shape);
          },
          (dys) => {
            const dv = new Float64Array(v.size);
            each(read(dys[0]!), (lo, vo, i, j, gi) => (dv[vo + j]! += gi * ls[lo + i * d + j]!));
            return f32(dv, v.shape);
          },
        ],
      };
    },
    () => affineReference(m, l, v, batch),
  );
}

/**
 * `Σᵢ log Lᵢᵢ` for `L [..., d, d]` (float64 accumulation), shape `[...]`. Gradient: `∂Lᵢᵢ = dy / Lᵢᵢ`.
 *
 * @category transforms
 * @since 0.1.0
 */
export function halfCholeskyLogDet(scaleTril: tf.Tensor): tf.Tensor {
  const l = float(scaleTril);
  const d = l.shape[l.rank - 1]!;
  const batch = l.shape.slice(0, -2);
  return fusedOp(
    [l],
    () => {
      const ls = read(l);
      const out = new Float64Array(sizeOf(batch));
      for (let b = 0; b < out.length; b++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += Math.log(ls[b * d * d + i * d + i]!);
        out[b] = s;
      }
      return {
        value: f32(out, batch),
        gradients: [
          (dys) => {
            const g = read(dys[0]!);
            const dl = new Float64Array(l.size);
            for (let b = 0; b < out.length; b++) for (let i = 0; i < d; i++) dl[b * d * d + i * d + i] = g[b]! / ls[b * d * d + i * d + i]!;
            return f32(dl, l.shape);
          },
        ],
      };
    },
    () => {
      const eye = tf.eye(d);
      return tf.sum(tf.log(tf.add(tf.mul(l, eye), tf.sub(1, eye))), [-2, -1]);
    },
  );
}
