/**
 * Fused kernels for the MultivariateNormal hot path (AutoMultivariateNormal's guide, amortized
 * MVN guides inside plates): its log-density and its reparameterized draw, each ONE tfjs custom
 * op computed in float64 JavaScript, with float64 JS gradients summed back to each input's
 * (unbroadcast) shape. A chain of tfjs ops would cost ~10 kernels forward and ~50 backward.
 *
 * Built on `fusedOp` (lib/ops/fused): no tensor saved, gradients only for the inputs that need
 * one; under a higher-order gradient (e.g. a Laplace approximation's Hessian) the same function
 * runs as differentiable ops (`triangularSolve`, `matvec`).
 *
 * Only the lower triangle of `scaleTril` is read, so its gradients are lower-triangular.
 *
 * @module
 */
import { takeZeroed, tensorGivingBack } from '../../../ops/fused/scratch.js';
import * as tf from '@tensorflow/tfjs-core';
import { produceFrom, read, upload, withValues } from '../../../ops/fused/host-data.js';
import { type Shape, shapesEqual, tryBroadcastShapes } from '../../../core/shape.js';
import { diagPart, matvec, triangularSolve, tril } from '../../../ops/index.js';
import { broadcastIndex, float32Tensor as f32 } from '../../../ops/fused/broadcast.js';
import { fusedOp } from '../../../ops/fused/custom-op.js';

const LOG_TWO_PI = Math.log(2 * Math.PI);

const broadcastTo = (t: tf.Tensor, shape: Shape): tf.Tensor => (shapesEqual(t.shape, shape) ? t : tf.broadcastTo(t, [...shape]));

/** {@link mvnLogProb} from differentiable ops (the higher-order path). */
function mvnLogProbReference(x: tf.Tensor, loc: tf.Tensor, scaleTril: tf.Tensor, batch: Shape): tf.Tensor {
  const d = loc.shape[loc.rank - 1]!;
  const r = broadcastTo(tf.expandDims(tf.sub(x, loc), -1), [...batch, d, 1]);
  const z = triangularSolve(broadcastTo(scaleTril, [...batch, d, d]), r);
  const maha = tf.sum(tf.square(z), [-2, -1]);
  const halfLogDet = tf.sum(tf.log(diagPart(scaleTril)), -1);
  return broadcastTo(tf.sub(tf.sub(tf.mul(maha, -0.5), halfLogDet), 0.5 * d * LOG_TWO_PI), batch);
}

/**
 * `log N(x | μ, L Lᵀ) = −½‖L⁻¹(x − μ)‖² − Σ log Lᵢᵢ − (d/2) log 2π`, over the broadcast batch of
 * `x [..., d]`, `μ [..., d]`, `L [..., d, d]`; returns the batch shape.
 *
 * Gradients (with `z = L⁻¹(x − μ)`, `w = L⁻ᵀ z`): `∂x = −w`, `∂μ = w`,
 * `∂L = tril(w zᵀ) − diag(1/Lᵢᵢ)`.
 */
export function mvnLogProb(x: tf.Tensor, loc: tf.Tensor, scaleTril: tf.Tensor): tf.Tensor {
  const d = loc.shape[loc.rank - 1]!;
  const batch = tryBroadcastShapes(x.shape.slice(0, -1), loc.shape.slice(0, -1), scaleTril.shape.slice(0, -2))!;
  return fusedOp(
    [x, loc, scaleTril],
    () => {
      const iX = broadcastIndex(x.shape.slice(0, -1), batch);
      const iM = broadcastIndex(loc.shape.slice(0, -1), batch);
      const iL = broadcastIndex(scaleTril.shape.slice(0, -2), batch);
      const n = iX.length;
      const xs = read(x);
      const ms = read(loc);
      const ls = read(scaleTril);
      const z = new Float64Array(n * d);
      const out = new Float32Array(n);
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
      // w = L⁻ᵀ z per batch element, computed once for all three gradients
      let w: Float64Array | undefined;
      const solved = (): Float64Array => {
        if (w !== undefined) return w;
        w = new Float64Array(n * d);
        for (let b = 0; b < n; b++) {
          const lo = iL[b]! * d * d;
          const zo = b * d;
          for (let i = d - 1; i >= 0; i--) {
            let s = z[zo + i]!;
            for (let j = i + 1; j < d; j++) s -= ls[lo + j * d + i]! * w[zo + j]!;
            w[zo + i] = s / ls[lo + i * d + i]!;
          }
        }
        return w;
      };
      const vectorGrad = (index: Int32Array, size: number, shape: Shape, sign: number) => (dys: readonly tf.Tensor[]): tf.Tensor => {
        const g = read(dys[0]!);
        const ww = solved();
        const out64 = new Float64Array(size);
        for (let b = 0; b < n; b++) {
          const o = index[b]! * d;
          for (let i = 0; i < d; i++) out64[o + i]! += sign * g[b]! * ww[b * d + i]!;
        }
        return f32(out64, shape);
      };
      return {
        value: upload(out, [...batch]),
        gradients: [
          vectorGrad(iX, x.size, x.shape, -1),
          vectorGrad(iM, loc.size, loc.shape, 1),
          (dys) => {
            const g = read(dys[0]!);
            const ww = solved();
            const dl = new Float64Array(scaleTril.size);
            for (let b = 0; b < n; b++) {
              const gb = g[b]!;
              const lo = iL[b]! * d * d;
              const zo = b * d;
              for (let i = 0; i < d; i++) {
                const gw = gb * ww[zo + i]!;
                const row = lo + i * d;
                for (let j = 0; j < i; j++) dl[row + j]! += gw * z[zo + j]!;
                dl[row + i]! += gw * z[zo + i]! - gb / ls[row + i]!;
              }
            }
            return f32(dl, scaleTril.shape);
          },
        ],
      };
    },
    () => mvnLogProbReference(x, loc, scaleTril, batch),
  );
}

/**
 * `y = μ + L ε` for `μ [..., d]`, `L [..., d, d]` and standard-normal `ε` given as float64 data
 * of shape `outShape = sampleShape + batchShape + [d]` (which must broadcast the batch dims of
 * `μ` and `L`). Gradients: `∂μ = Σ g`, `∂L = Σ tril(g εᵀ)` (sums over broadcast dims).
 */
export function mvnRsample(loc: tf.Tensor, scaleTril: tf.Tensor, eps: Float64Array, outShape: Shape): tf.Tensor {
  const d = loc.shape[loc.rank - 1]!;
  const batch = outShape.slice(0, -1);
  return fusedOp(
    [loc, scaleTril],
    () => {
      const iM = broadcastIndex(loc.shape.slice(0, -1), batch);
      const iL = broadcastIndex(scaleTril.shape.slice(0, -2), batch);
      const n = iM.length;
      const ms = read(loc);
      const ls = read(scaleTril);
      const y = new Float32Array(n * d);
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
      return {
        value: upload(y, [...outShape]),
        gradients: [
          (dys) => {
            const g = read(dys[0]!);
            const dm = new Float64Array(loc.size);
            for (let b = 0; b < n; b++) for (let i = 0; i < d; i++) dm[iM[b]! * d + i]! += g[b * d + i]!;
            return f32(dm, loc.shape);
          },
          (dys) => {
            const g = read(dys[0]!);
            const dl = new Float64Array(scaleTril.size);
            for (let b = 0; b < n; b++) {
              const lo = iL[b]! * d * d;
              const eo = b * d;
              for (let i = 0; i < d; i++) {
                const gi = g[eo + i]!;
                const row = lo + i * d;
                for (let j = 0; j <= i; j++) dl[row + j]! += gi * eps[eo + j]!;
              }
            }
            return f32(dl, scaleTril.shape);
          },
        ],
      };
    },
    () => tf.add(loc, matvec(tril(scaleTril), f32(eps, outShape))),
  );
}

/**
 * `y = μ + v ⊙ ε` for a diagonal scale `L = diagEmbed(v)` (`v [..., d]`): the same draw as
 * {@link mvnRsample} with O(d) work per batch element, and gradients to `v` itself
 * (`∂μ = Σ g`, `∂v = Σ g ⊙ ε`), so the `[..., d, d]` matrix never enters the backward pass.
 */
export function mvnRsampleDiagonal(loc: tf.Tensor, scaleDiag: tf.Tensor, eps: Float64Array, outShape: Shape): tf.Tensor {
  const d = loc.shape[loc.rank - 1]!;
  const batch = outShape.slice(0, -1);
  return fusedOp(
    [loc, scaleDiag],
    () => {
      const iM = broadcastIndex(loc.shape.slice(0, -1), batch);
      const iV = broadcastIndex(scaleDiag.shape.slice(0, -1), batch);
      const n = iM.length;
      const y = produceFrom([loc, scaleDiag], outShape, (out, [ms, vs]) => {
        for (let b = 0; b < n; b++) {
          const mo = iM[b]! * d;
          const vo = iV[b]! * d;
          for (let i = 0; i < d; i++) out[b * d + i] = ms![mo + i]! + vs![vo + i]! * eps[b * d + i]!;
        }
      });
      const grad = (index: Int32Array, input: tf.Tensor, withEps: boolean) => (dys: readonly tf.Tensor[]): tf.Tensor => {
        if (input.size === n * d) {
          // unbroadcast: each element's gradient is one term, written straight into the tensor
          return produceFrom([dys[0]!], input.shape, (out, [g]) => {
            for (let k = 0; k < n * d; k++) out[k] = withEps ? g![k]! * eps[k]! : g![k]!;
          });
        }
        const out = takeZeroed(input.size);
        withValues([dys[0]!], ([g]) => {
          for (let b = 0; b < n; b++) {
            const o = index[b]! * d;
            for (let i = 0; i < d; i++) out[o + i]! += withEps ? g![b * d + i]! * eps[b * d + i]! : g![b * d + i]!;
          }
        });
        return tensorGivingBack(out, input.shape);
      };
      return { value: y, gradients: [grad(iM, loc, false), grad(iV, scaleDiag, true)] };
    },
    () => tf.add(loc, tf.mul(scaleDiag, f32(eps, outShape))),
  );
}
