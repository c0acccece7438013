/**
 * Fused unary maps for the hot bijections (softplus and exp of every constrained parameter, on
 * every SVI step): one JavaScript loop computes `y` and `dy/dx` together, one tape node, the
 * gradient `dy/dx · ∂` from the kept derivative — instead of a tfjs kernel forward plus a saved
 * copy and one or two kernels backward. Under a higher-order gradient the tfjs op runs instead.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { expNegative, log1pUnit } from './fast-math.js';
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

/** A float64 scratch buffer of at least `n` elements (reused: the loops below never nest). */
let scratch = new Float64Array(1024);
const scratchOf = (n: number): Float64Array => (scratch.length >= n ? scratch : (scratch = new Float64Array(n)));

/**
 * `softplus(x) = max(x, 0) + log(1 + e^(−|x|))` and `σ(x)`, with the polynomial `e^(−|x|)` and
 * `log1p` of `fast-math.ts` (float32-accurate). Two passes (all the `e^(−|x|)`, then the rest):
 * each loop's dependency chain is shorter, and the pair measured 2.5× faster than one pass with
 * `Math.exp` + `Math.log1p`.
 * @internal
 */
export const softplusLoop: UnaryLoop = (x, y, dydx) => {
  const n = x.length;
  const e = scratchOf(n);
  for (let i = 0; i < n; i++) e[i] = expNegative(Math.abs(x[i]!));
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const ei = e[i]!;
    const inv = 1 / (1 + ei);
    y[i] = Math.max(v, 0) + log1pUnit(ei);
    dydx[i] = v >= 0 ? inv : ei * inv;
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
