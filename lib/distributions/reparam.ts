/**
 * Reparameterized draws of the location–scale families as ONE fused op:
 * `y = loc + scale · ε` (or `scale · ε`, or `exp(loc + scale · ε)`), with the standard draws `ε`
 * computed in float64 from the site's key. One tape node and no tensor for `ε` (the composed
 * form costs two kernels, two saved copies, and an `ε` tensor that outlives a call outside a
 * tidy). Gradients: `∂loc = Σ g`, `∂scale = Σ g ε` (times `y` for the `exp` form), summed over
 * broadcast dims. Under a higher-order gradient the composed tfjs form runs instead.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, sizeOf } from '../core/shape.js';
import { broadcastIndex, float32Tensor } from '../ops/fused/broadcast.js';
import { fusedOp } from '../ops/fused/custom-op.js';
import { read, upload } from '../ops/fused/host-data.js';

/**
 * `loc + scale · ε` (`loc` undefined: `scale · ε`; `exp`: its exponential) for standard draws
 * `eps` (float64, one per element of `shape`, which must broadcast `loc` and `scale`).
 *
 * @category distributions
 * @since 0.1.0
 */
export function locScaleDraw(loc: tf.Tensor | undefined, scale: tf.Tensor, eps: Float64Array, shape: Shape, exp = false): tf.Tensor {
  const inputs = loc === undefined ? [scale] : [loc, scale];
  const reference = (): tf.Tensor =>
    tf.tidy(() => {
      const scaled = tf.mul(scale, float32Tensor(eps, shape));
      const y = loc === undefined ? scaled : tf.add(loc, scaled);
      return exp ? tf.exp(y) : y;
    });
  if (inputs.some((t) => t.dtype !== 'float32')) return reference();
  return fusedOp(
    inputs,
    () => {
      const n = sizeOf(shape);
      const iScale = broadcastIndex(scale.shape, shape);
      const iLoc = loc === undefined ? undefined : broadcastIndex(loc.shape, shape);
      const s = read(scale);
      const m = loc === undefined ? undefined : read(loc);
      const y = new Float32Array(n);
      const y64 = exp ? new Float64Array(n) : undefined;
      for (let k = 0; k < n; k++) {
        const v = (m === undefined ? 0 : m[iLoc![k]!]!) + s[iScale[k]!]! * eps[k]!;
        if (y64 === undefined) y[k] = v;
        else y[k] = y64[k] = Math.exp(v);
      }
      /** `g`, times `y` for the exp form: the gradient with respect to `loc + scale ε`. */
      const inner = (dys: readonly tf.Tensor[]): Float64Array => {
        const g = read(dys[0]!);
        const out = new Float64Array(n);
        for (let k = 0; k < n; k++) out[k] = y64 === undefined ? g[k]! : g[k]! * y64[k]!;
        return out;
      };
      const sumTo = (values: Float64Array, index: Int32Array, input: tf.Tensor, withEps: boolean): tf.Tensor => {
        const acc = new Float64Array(input.size);
        for (let k = 0; k < n; k++) acc[index[k]!]! += withEps ? values[k]! * eps[k]! : values[k]!;
        return float32Tensor(acc, input.shape);
      };
      const scaleGrad = (dys: readonly tf.Tensor[]): tf.Tensor => sumTo(inner(dys), iScale, scale, true);
      return {
        value: upload(y, shape),
        gradients: loc === undefined ? [scaleGrad] : [(dys) => sumTo(inner(dys), iLoc!, loc, false), scaleGrad],
      };
    },
    reference,
  );
}
