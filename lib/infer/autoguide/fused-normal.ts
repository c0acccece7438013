/**
 * The Normal of `AutoNormal` and `AutoDiagonalNormal`: a `Normal` (same family, same class for
 * KL rules and readers of a trace) whose draw and whose density of its own draw are one fused
 * custom op each.
 *
 * - `rsample`: `u = loc + scale · ε` in one op (float64 JS, the same `ε` as `Normal.rsample`
 *   for the key); gradients `∂loc = Σ g`, `∂scale = Σ g ε` summed back over broadcast dims;
 *   nothing saved for the backward pass (in tfjs each saved tensor is an extra kernel).
 *   `Normal.rsample` costs two ops and four saved copies.
 * - `logProb` of its own draw: `(u − loc)/scale = ε` identically, so
 *   `log q(u) = −½ε² − log scale − ½ log 2π` as a function of the parameters, with exactly the
 *   gradient of the general density along the draw (the `loc` terms cancel). Any other value
 *   takes `Normal.logProb` (with its support check).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Value } from '../../core/dims.js';
import { type Key, normals } from '../../core/key.js';
import { type Shape, sizeOf } from '../../core/shape.js';
import type { Distribution } from '../../distributions/distribution.js';
import { NormalDist } from '../../distributions/normal.js';
import { broadcastIndex } from '../../distributions/standardDraws.js';
import { type TensorInput, checkParam, isFiniteNumber, isPositive, toTensor } from '../../distributions/util.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** The standard normals behind each fused draw, and the parameters it was drawn with, by the drawn tensor. */
const drawNoise = new WeakMap<tf.Tensor, { readonly eps: Float64Array; readonly shape: Shape; readonly loc: tf.Tensor; readonly scale: tf.Tensor }>();

/** Sum `values` (of the broadcast shape) back onto an operand through its broadcast `index`. */
function sumBack(values: Float64Array, index: Int32Array, shape: Shape): tf.Tensor {
  const out = new Float32Array(sizeOf(shape));
  const acc = new Float64Array(out.length);
  for (let k = 0; k < index.length; k++) acc[index[k]!]! += values[k]!;
  out.set(acc);
  return tf.tensor(out, [...shape], 'float32');
}

/**
 * A `Normal(loc, scale)` with fused reparameterized draws and scoring of its own draws.
 *
 * @category autoguides
 * @since 0.1.0
 */
export class FusedNormalDist extends NormalDist {
  protected override withBatchShape(batchShape: Shape): Distribution {
    return new FusedNormalDist(this.loc, this.scale, batchShape);
  }

  override rsample(key: Key, sampleShape: Shape = []): Value {
    const shape = this.extendedShape(sampleShape);
    const n = sizeOf(shape);
    const eps = normals(key, n);
    const iLoc = broadcastIndex(this.loc.shape, shape);
    const iScale = broadcastIndex(this.scale.shape, shape);
    const m = this.loc.dataSync();
    const s = this.scale.dataSync();
    const y = new Float32Array(n);
    for (let k = 0; k < n; k++) y[k] = m[iLoc[k]!]! + s[iScale[k]!]! * eps[k]!;
    const locShape = this.loc.shape;
    const scaleShape = this.scale.shape;
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
      value: tf.tensor(y, [...shape], 'float32'),
      gradFunc: (dy: tf.Tensor): tf.Tensor[] => {
        void args;
        const g = Float64Array.from(dy.dataSync());
        const ge = Float64Array.from(g, (v, k) => v * eps[k]!);
        return [sumBack(g, iLoc, locShape), sumBack(ge, iScale, scaleShape)];
      },
    }));
    const out = op(this.loc, this.scale);
    drawNoise.set(out, { eps, shape, loc: this.loc, scale: this.scale });
    return out;
  }

  override logProb(value: tf.Tensor): tf.Tensor {
    const own = drawNoise.get(value);
    // The ε-form holds only for a draw of these very parameters (another Normal scoring it takes the general path).
    if (own?.loc !== this.loc || own.scale !== this.scale) return super.logProb(value);
    const { eps, shape } = own;
    const iScale = broadcastIndex(this.scale.shape, shape);
    const s = this.scale.dataSync();
    const out = new Float32Array(eps.length);
    for (let k = 0; k < eps.length; k++) out[k] = -0.5 * eps[k]! ** 2 - Math.log(s[iScale[k]!]!) - HALF_LOG_TWO_PI;
    const scaleShape = this.scale.shape;
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
      value: tf.tensor(out, [...shape], 'float32'),
      gradFunc: (dy: tf.Tensor): tf.Tensor => {
        void args;
        const g = dy.dataSync();
        return sumBack(Float64Array.from(g, (v, k) => -v / s[iScale[k]!]!), iScale, scaleShape);
      },
    }));
    return op(this.scale);
  }
}

/**
 * `Normal(loc, scale)` with fused draws (see the module header), validated like `Normal`.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function FusedNormal(loc: TensorInput, scale: TensorInput): FusedNormalDist {
  const locT = toTensor(loc);
  const scaleT = toTensor(scale);
  checkParam('Normal', 'loc', locT, 'must be finite', isFiniteNumber);
  checkParam('Normal', 'scale', scaleT, 'must be positive', isPositive);
  return new FusedNormalDist(locT, scaleT);
}
