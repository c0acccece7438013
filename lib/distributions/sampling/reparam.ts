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
import { giveBack, takeZeroed, tensorGivingBack } from '../../ops/fused/scratch.js';
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, sizeOf } from '../../core/shape.js';
import { broadcastIndex, float32Tensor } from '../../ops/fused/broadcast.js';
import { fusedOp } from '../../ops/fused/custom-op.js';
import { produceFrom, read, upload, withValues } from '../../ops/fused/host-data.js';
import type { DensityKernel } from '../density/kernel.js';

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
      const y64 = exp ? new Float64Array(n) : undefined;
      const y = produceFrom(inputs, shape, (out, [first, second]) => {
        const [m, s] = loc === undefined ? [undefined, first!] : [first!, second!];
        for (let k = 0; k < n; k++) {
          const v = (m === undefined ? 0 : m[iLoc![k]!]!) + s[iScale[k]!]! * eps[k]!;
          if (y64 === undefined) out[k] = v;
          else out[k] = y64[k] = Math.exp(v);
        }
      });
      /** `g`, times `y` for the exp form: the gradient with respect to `loc + scale ε`. */
      const inner = (dys: readonly tf.Tensor[]): Float64Array => {
        const out = takeZeroed(n);
        withValues([dys[0]!], ([g]) => {
          for (let k = 0; k < n; k++) out[k] = y64 === undefined ? g![k]! : g![k]! * y64[k]!;
        });
        return out;
      };
      const sumTo = (values: Float64Array, index: Int32Array, input: tf.Tensor, withEps: boolean): tf.Tensor => {
        const acc = takeZeroed(input.size);
        for (let k = 0; k < n; k++) acc[index[k]!]! += withEps ? values[k]! * eps[k]! : values[k]!;
        giveBack(values);
        return tensorGivingBack(acc, input.shape);
      };
      const scaleGrad = (dys: readonly tf.Tensor[]): tf.Tensor => sumTo(inner(dys), iScale, scale, true);
      return {
        value: y,
        gradients: loc === undefined ? [scaleGrad] : [(dys) => sumTo(inner(dys), iLoc!, loc, false), scaleGrad],
      };
    },
    reference,
  );
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** A Normal draw's standard draws and the parameters it was drawn from (JS data only: nothing to dispose). @category distributions @since 0.1.0 */
export interface OwnDraw {
  readonly eps: Float64Array;
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;
  readonly shape: Shape;
}

const ownDraws = new WeakMap<tf.Tensor, OwnDraw>();

/**
 * A Normal draw `u = loc + scale · ε` ({@link locScaleDraw}) that remembers its `ε`, so that its
 * own log-density can be taken in ε-form ({@link ownDrawDensity}, {@link ownDrawLogProb}).
 *
 * @category distributions
 * @since 0.1.0
 */
export function normalDraw(loc: tf.Tensor, scale: tf.Tensor, eps: Float64Array, shape: Shape): tf.Tensor {
  const y = locScaleDraw(loc, scale, eps, shape);
  ownDraws.set(y, { eps, loc, scale, shape });
  return y;
}

/**
 * The standard draws of `value` when it is a {@link normalDraw} of these very `loc` and `scale`
 * tensors, else `undefined`. Then `(value − loc)/scale = ε` identically, and
 * `log p(value) = −½ε² − log scale − ½ log 2π` has exactly the total gradient of the general
 * density along the draw (the `loc` terms cancel; `∂scale = −1/scale`): `loc` and the value need
 * no gradient from the density.
 *
 * @category distributions
 * @since 0.1.0
 */
export function ownDrawDensity(value: tf.Tensor, loc: tf.Tensor, scale: tf.Tensor): OwnDraw | undefined {
  const own = ownDraws.get(value);
  return own?.loc === loc && own.scale === scale ? own : undefined;
}

/** `Σ_shape` of the ε-form log-density of an own draw, as a density kernel on `scale` alone. */
export function ownDrawKernel(own: OwnDraw): DensityKernel {
  const n = own.eps.length;
  const index = broadcastIndex(own.scale.shape, own.shape);
  let squares = 0;
  for (let k = 0; k < n; k++) squares += own.eps[k]! * own.eps[k]!;
  return {
    inputs: [own.scale],
    evaluate: ([s], weight, grads) => {
      let logScales = 0;
      for (let k = 0; k < n; k++) logScales += Math.log(s![index[k]!]!);
      if (grads !== undefined) for (let k = 0; k < n; k++) grads[0]![index[k]!]! -= weight / s![index[k]!]!;
      return weight * (-0.5 * squares - logScales - n * HALF_LOG_TWO_PI);
    },
  };
}

/**
 * The ε-form log-density of an own draw, elementwise over the draw's shape, as one fused op on
 * `scale` (gradient `−dy/scale`, summed back to its shape).
 *
 * @category distributions
 * @since 0.1.0
 */
export function ownDrawLogProb(own: OwnDraw): tf.Tensor {
  const { eps, scale, shape } = own;
  const n = eps.length;
  return fusedOp(
    [scale],
    () => {
      const index = broadcastIndex(scale.shape, shape);
      const s = read(scale);
      const lq = new Float32Array(n);
      for (let k = 0; k < n; k++) lq[k] = -0.5 * eps[k]! * eps[k]! - Math.log(s[index[k]!]!) - HALF_LOG_TWO_PI;
      return {
        value: upload(lq, shape),
        gradients: [
          (dys) => {
            const g = read(dys[0]!);
            const acc = takeZeroed(scale.size);
            for (let k = 0; k < n; k++) acc[index[k]!]! -= g[k]! / s[index[k]!]!;
            return tensorGivingBack(acc, scale.shape);
          },
        ],
      };
    },
    () => tf.tidy(() => tf.sub(tf.sub(tf.mul(tf.square(float32Tensor(eps, shape)), -0.5), tf.log(tf.broadcastTo(scale, [...shape]))), HALF_LOG_TWO_PI)),
  );
}
