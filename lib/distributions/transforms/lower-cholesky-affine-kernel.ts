/**
 * Fused kernels for `LowerCholeskyAffine` (AutoMultivariateNormal's `getTransform`, run every
 * SVI step): `y = loc + L x` and `Σᵢ log Lᵢᵢ`, each ONE tfjs custom op computed in float64
 * JavaScript, with float64 JS gradients summed back to each input's (unbroadcast) shape. The
 * tfjs-op versions cost 7 kernels forward and ~38 backward.
 *
 * When tfjs records the backward pass itself (higher-order gradients, e.g. a Laplace
 * approximation's Hessian), the gradients are built from differentiable tfjs ops instead.
 * Only the lower triangle of `L` is read, so its gradients are lower-triangular.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, sizeOf } from '../../core/shape.js';
import { asFloat32 as float, broadcastIndex as batchIndex, float32Tensor as f32, sumToShape as sumTo } from '../fused-op-helpers.js';
import { lowerMask } from './masks.js';

/**
 * `y = loc + L x` over the broadcast batch of `loc [..., d]`, `L [..., d, d]` (lower triangle
 * read), `x [..., d]`. Gradients: `∂loc = Σ dy`, `∂x = Lᵀ dy`, `∂L = tril(dy xᵀ)`.
  *
  * @category transforms
  * @since 0.1.0
 */
export function lowerCholeskyAffineForward(loc: tf.Tensor, scaleTril: tf.Tensor, x: tf.Tensor, batch: Shape): tf.Tensor {
  const d = scaleTril.shape[scaleTril.rank - 1]!;
  const iM = batchIndex(loc.shape.slice(0, -1), batch);
  const iL = batchIndex(scaleTril.shape.slice(0, -2), batch);
  const iX = batchIndex(x.shape.slice(0, -1), batch);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [m, l, v] = args as [tf.Tensor, tf.Tensor, tf.Tensor];
    const save = args[3] as tf.GradSaveFunc;
    const [ms, ls, vs] = [m.dataSync(), l.dataSync(), v.dataSync()];
    const out = new Float64Array(iM.length * d);
    for (let b = 0; b < iM.length; b++) {
      const [mo, lo, vo] = [iM[b]! * d, iL[b]! * d * d, iX[b]! * d];
      for (let i = 0; i < d; i++) {
        let s = ms[mo + i]!;
        for (let j = 0; j <= i; j++) s += ls[lo + i * d + j]! * vs[vo + j]!;
        out[b * d + i] = s;
      }
    }
    save([l, v]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [lt, vt] = saved as [tf.Tensor, tf.Tensor];
      if (tf.engine().isTapeOn()) {
        const tri = tf.mul(lt, lowerMask(d, 0));
        const dx = tf.sum(tf.mul(tf.expandDims(dy, -1), tri), -2);
        const dl = tf.mul(tf.mul(tf.expandDims(dy, -1), tf.expandDims(vt, -2)), lowerMask(d, 0));
        return [sumTo(dy, m.shape), sumTo(dl, lt.shape), sumTo(dx, vt.shape)];
      }
      const g = dy.dataSync();
      const [l2, v2] = [lt.dataSync(), vt.dataSync()];
      const dm = new Float64Array(m.size);
      const dl = new Float64Array(lt.size);
      const dv = new Float64Array(vt.size);
      for (let b = 0; b < iM.length; b++) {
        const [mo, lo, vo] = [iM[b]! * d, iL[b]! * d * d, iX[b]! * d];
        for (let i = 0; i < d; i++) {
          const gi = g[b * d + i]!;
          dm[mo + i] = dm[mo + i]! + gi;
          for (let j = 0; j <= i; j++) {
            dl[lo + i * d + j] = dl[lo + i * d + j]! + gi * v2[vo + j]!;
            dv[vo + j] = dv[vo + j]! + gi * l2[lo + i * d + j]!;
          }
        }
      }
      return [f32(dm, m.shape), f32(dl, lt.shape), f32(dv, vt.shape)];
    };
    return { value: f32(out, [...batch, d]), gradFunc };
  });
  return op(float(loc), float(scaleTril), float(x));
}

/**
 * `Σᵢ log Lᵢᵢ` for `L [..., d, d]` (float64 accumulation), shape `[...]`. Gradient: `∂Lᵢᵢ = dy / Lᵢᵢ`.
 *
 * @category transforms
 * @since 0.1.0
 */
export function halfCholeskyLogDet(scaleTril: tf.Tensor): tf.Tensor {
  const d = scaleTril.shape[scaleTril.rank - 1]!;
  const batch = scaleTril.shape.slice(0, -2);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const l = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const ls = l.dataSync();
    const out = new Float64Array(sizeOf(batch));
    for (let b = 0; b < out.length; b++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += Math.log(ls[b * d * d + i * d + i]!);
      out[b] = s;
    }
    save([l]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const lt = saved[0]!;
      if (tf.engine().isTapeOn()) {
        const eye = tf.eye(d);
        return tf.mul(tf.div(tf.expandDims(tf.expandDims(dy, -1), -1), tf.add(tf.mul(lt, eye), tf.sub(1, eye))), eye);
      }
      const g = dy.dataSync();
      const l2 = lt.dataSync();
      const dl = new Float64Array(lt.size);
      for (let b = 0; b < out.length; b++) for (let i = 0; i < d; i++) dl[b * d * d + i * d + i] = g[b]! / l2[b * d * d + i * d + i]!;
      return f32(dl, lt.shape);
    };
    return { value: f32(out, batch), gradFunc };
  });
  return op(float(scaleTril));
}
