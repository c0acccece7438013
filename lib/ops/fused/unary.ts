/**
 * Fused unary maps for the hot bijections (softplus and exp of every constrained parameter, on
 * every SVI step): one JavaScript loop computes `y` and `dy/dx` together, one tape node, the
 * gradient `dy/dx · ∂` from the kept derivative — instead of a tfjs kernel forward plus a saved
 * copy and one or two kernels backward. Under a higher-order gradient the tfjs op runs instead.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { read, upload } from './host-data.js';
import { fusedOp } from './custom-op.js';
import { unaryOp } from './elementwise-ops.js';

/** A whole-array loop: fill `y[i]` and `dydx[i]` from `x[i]` for every `i`. @internal */
export type UnaryLoop = (x: ArrayLike<number>, y: Float32Array, dydx: Float32Array) => void;

/** `y = f(x)` elementwise as one fused op; `reference` is the same map from tfjs ops. @internal */
export function fusedUnary(x: tf.Tensor, loop: UnaryLoop, reference: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  if (x.dtype !== 'float32') return reference(x);
  return fusedOp(
    [x],
    () => {
      const n = x.size;
      const y = new Float32Array(n);
      const dydx = new Float32Array(n);
      loop(read(x), y, dydx);
      return {
        value: upload(y, x.shape),
        gradients: [
          (dys) => {
            const g = read(dys[0]!);
            const dx = new Float32Array(n);
            for (let i = 0; i < n; i++) dx[i] = g[i]! * dydx[i]!;
            return upload(dx, x.shape);
          },
        ],
      };
    },
    () => reference(x),
  );
}

/** `softplus(x) = log(1 + eˣ)` (stable form) and `σ(x)`. @internal */
export const softplusLoop: UnaryLoop = (x, y, dydx) => {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const e = Math.exp(-Math.abs(v));
    y[i] = (v > 0 ? v : 0) + Math.log1p(e);
    dydx[i] = v >= 0 ? 1 / (1 + e) : e / (1 + e);
  }
};

/** `eˣ` and its derivative `eˣ`. @internal */
export const expLoop: UnaryLoop = (x, y, dydx) => {
  for (let i = 0; i < x.length; i++) {
    const e = Math.exp(x[i]!);
    y[i] = e;
    dydx[i] = e;
  }
};

/**
 * `eˣ` with derivatives of every order (the higher-order reference of the fused exp): tfjs's
 * `Exp` gradient saves its output, which cuts it from higher-order tapes; this op saves its
 * input and recomputes `eˣ` from it.
 * @internal
 */
export const expExact: (x: tf.Tensor) => tf.Tensor = unaryOp(Math.exp, (_x, y, dy) => tf.mul(dy, y()));
