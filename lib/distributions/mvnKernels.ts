/**
 * Fused kernels for the MultivariateNormal hot path (AutoMultivariateNormal's guide, amortized
 * MVN guides inside plates): its log-density and its reparameterized draw, each ONE tfjs custom
 * op computed in float64 JavaScript, with float64 JS gradients summed back to each input's
 * (unbroadcast) shape. A chain of tfjs ops would cost ~10 kernels forward and ~50 backward.
 *
 * When tfjs records the backward pass itself (higher-order gradients, e.g. a Laplace
 * approximation's Hessian), the gradients are built from differentiable ops instead.
 *
 * Only the lower triangle of `scaleTril` is read, so its gradients are lower-triangular.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, tryBroadcastShapes } from '../core/shape.js';
import { diagEmbed, diagPart, triangularSolve, tril } from '../ops/index.js';
import { broadcastIndex } from './standardDraws.js';

const LOG_TWO_PI = Math.log(2 * Math.PI);

/** Sum a broadcast gradient back to `shape` (differentiable path). */
function sumTo(grad: tf.Tensor, shape: Shape): tf.Tensor {
  const lead = grad.rank - shape.length;
  const axes = grad.shape.flatMap((d, i) => (i < lead || (shape[i - lead] === 1 && d !== 1) ? [i] : []));
  const summed = axes.length === 0 ? grad : tf.sum(grad, axes);
  return summed.rank === shape.length && summed.shape.every((d, i) => d === shape[i]) ? summed : tf.reshape(summed, [...shape]);
}

const f32 = (data: Float64Array, shape: Shape): tf.Tensor => tf.tensor(Float32Array.from(data), [...shape], 'float32');

/**
 * `log N(x | μ, L Lᵀ) = −½‖L⁻¹(x − μ)‖² − Σ log Lᵢᵢ − (d/2) log 2π`, over the broadcast batch of
 * `x [..., d]`, `μ [..., d]`, `L [..., d, d]`; returns the batch shape.
 *
 * Gradients (with `z = L⁻¹(x − μ)`, `w = L⁻ᵀ z`): `∂x = −w`, `∂μ = w`,
 * `∂L = tril(w zᵀ) − diag(1/Lᵢᵢ)`.
 */
export function mvnLogProb(x: tf.Tensor, loc: tf.Tensor, scaleTril: tf.Tensor): tf.Tensor {
  const d = loc.shape[loc.rank - 1]!;
  const xBatch = x.shape.slice(0, -1);
  const mBatch = loc.shape.slice(0, -1);
  const lBatch = scaleTril.shape.slice(0, -2);
  const batch = tryBroadcastShapes(xBatch, mBatch, lBatch)!;
  const iX = broadcastIndex(xBatch, batch);
  const iM = broadcastIndex(mBatch, batch);
  const iL = broadcastIndex(lBatch, batch);
  const n = iX.length;
  const xs = x.dataSync();
  const ms = loc.dataSync();
  const ls = scaleTril.dataSync();
  const z = new Float64Array(n * d);
  const out = new Float64Array(n);
  const constant = 0.5 * d * LOG_TWO_PI;
  for (let b = 0; b < n; b++) {
    const xo = iX[b]! * d;
    const mo = iM[b]! * d;
    const lo = iL[b]! * d * d;
    const zo = b * d;
    let maha = 0;
    let halfLogDet = 0;
    for (let i = 0; i < d; i++) {
      let s = xs[xo + i]! - ms[mo + i]!;
      for (let j = 0; j < i; j++) s -= ls[lo + i * d + j]! * z[zo + j]!;
      const lii = ls[lo + i * d + i]!;
      const zi = s / lii;
      z[zo + i] = zi;
      maha += zi * zi;
      halfLogDet += Math.log(lii);
    }
    out[b] = -0.5 * maha - halfLogDet - constant;
  }
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xt, mt, lt] = args as [tf.Tensor, tf.Tensor, tf.Tensor];
    const save = args[3] as tf.GradSaveFunc;
    save([xt, mt, lt]);
    return {
      value: f32(out, batch),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
        const [xs0, ms0, ls0] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        if (tf.engine().isTapeOn()) return mvnLogProbGradOps(dy, xs0, ms0, ls0);
        const g = dy.dataSync();
        const dx = new Float64Array(x.size);
        const dm = new Float64Array(loc.size);
        const dl = new Float64Array(scaleTril.size);
        const w = new Float64Array(d);
        for (let b = 0; b < n; b++) {
          const gb = g[b]!;
          const lo = iL[b]! * d * d;
          const zo = b * d;
          for (let i = d - 1; i >= 0; i--) {
            let s = z[zo + i]!;
            for (let j = i + 1; j < d; j++) s -= ls[lo + j * d + i]! * w[j]!;
            w[i] = s / ls[lo + i * d + i]!;
          }
          const xo = iX[b]! * d;
          const mo = iM[b]! * d;
          for (let i = 0; i < d; i++) {
            const gw = gb * w[i]!;
            dx[xo + i] = dx[xo + i]! - gw;
            dm[mo + i] = dm[mo + i]! + gw;
            const row = lo + i * d;
            for (let j = 0; j < i; j++) dl[row + j] = dl[row + j]! + gw * z[zo + j]!;
            dl[row + i] = dl[row + i]! + gw * z[zo + i]! - gb / ls[row + i]!;
          }
        }
        return [f32(dx, x.shape), f32(dm, loc.shape), f32(dl, scaleTril.shape)];
      },
    };
  });
  return op(x, loc, scaleTril);
}

/** The gradients of {@link mvnLogProb} from differentiable ops (higher-order gradients). */
function mvnLogProbGradOps(dy: tf.Tensor, x: tf.Tensor, loc: tf.Tensor, scaleTril: tf.Tensor): tf.Tensor[] {
  const r = tf.expandDims(tf.sub(x, loc), -1);
  const z = triangularSolve(scaleTril, r);
  const w = triangularSolve(scaleTril, z, { transpose: true });
  const g = tf.expandDims(dy, -1);
  const gw = tf.mul(g, tf.squeeze(w, [-1]));
  const outer = tril(tf.matMul(w, z, false, true));
  const dl = tf.mul(tf.expandDims(g, -1), tf.sub(outer, diagEmbed(tf.reciprocal(diagPart(scaleTril)))));
  return [sumTo(tf.neg(gw), x.shape), sumTo(gw, loc.shape), sumTo(dl, scaleTril.shape)];
}

/**
 * `y = μ + L ε` for `μ [..., d]`, `L [..., d, d]` and standard-normal `ε` given as float64 data
 * of shape `outShape = sampleShape + batchShape + [d]` (which must broadcast the batch dims of
 * `μ` and `L`). Gradients: `∂μ = Σ g`, `∂L = Σ tril(g εᵀ)` (sums over broadcast dims).
 */
export function mvnRsample(loc: tf.Tensor, scaleTril: tf.Tensor, eps: Float64Array, outShape: Shape): tf.Tensor {
  const d = loc.shape[loc.rank - 1]!;
  const batch = outShape.slice(0, -1);
  const iM = broadcastIndex(loc.shape.slice(0, -1), batch);
  const iL = broadcastIndex(scaleTril.shape.slice(0, -2), batch);
  const n = iM.length;
  const ms = loc.dataSync();
  const ls = scaleTril.dataSync();
  const y = new Float64Array(n * d);
  for (let b = 0; b < n; b++) {
    const mo = iM[b]! * d;
    const lo = iL[b]! * d * d;
    const eo = b * d;
    for (let i = 0; i < d; i++) {
      let s = ms[mo + i]!;
      for (let j = 0; j <= i; j++) s += ls[lo + i * d + j]! * eps[eo + j]!;
      y[eo + i] = s;
    }
  }
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [mt, lt] = args as [tf.Tensor, tf.Tensor];
    return {
      value: f32(y, outShape),
      gradFunc: (dy: tf.Tensor): tf.Tensor[] => {
        if (tf.engine().isTapeOn()) {
          const e = f32(eps, outShape);
          const dl = tril(tf.mul(tf.expandDims(dy, -1), tf.expandDims(e, -2)));
          return [sumTo(dy, mt.shape), sumTo(dl, lt.shape)];
        }
        const g = dy.dataSync();
        const dm = new Float64Array(loc.size);
        const dl = new Float64Array(scaleTril.size);
        for (let b = 0; b < n; b++) {
          const mo = iM[b]! * d;
          const lo = iL[b]! * d * d;
          const eo = b * d;
          for (let i = 0; i < d; i++) {
            const gi = g[eo + i]!;
            dm[mo + i] = dm[mo + i]! + gi;
            const row = lo + i * d;
            for (let j = 0; j <= i; j++) dl[row + j] = dl[row + j]! + gi * eps[eo + j]!;
          }
        }
        return [f32(dm, loc.shape), f32(dl, scaleTril.shape)];
      },
    };
  });
  return op(loc, scaleTril);
}
