/**
 * The Normal of `AutoNormal` and `AutoDiagonalNormal`: a `Normal` (same family, same class for
 * KL rules and readers of a trace) whose draw and whose density of its own draw are one fused
 * custom op each.
 *
 * - `rsample`: `u = loc + scale · ε` (float64 JS, the same `ε` as `Normal.rsample` for the key)
 *   and its log-density in ONE op with two outputs (lib/ops `fusedOp`: nothing saved for the
 *   backward pass, gradients summed back over broadcast dims). `Normal.rsample` costs two ops
 *   and four saved copies, and `Normal.logProb` several more.
 * - `logProb` of its own draw returns that second output: `(u − loc)/scale = ε` identically, so
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
import { broadcastIndex, float32Tensor } from '../../ops/fused/broadcast.js';
import { fusedOp } from '../../ops/fused/custom-op.js';
import { type TensorInput, checkParam, isFiniteNumber, isPositive, toTensor } from '../../distributions/util.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** The log-density each fused draw computed alongside it, and the parameters it was drawn with, by the drawn tensor. */
const drawDensity = new WeakMap<tf.Tensor, { readonly logProb: tf.Tensor; readonly loc: tf.Tensor; readonly scale: tf.Tensor }>();

/** Sum `values` (of the broadcast shape) back onto an operand through its broadcast `index`. */
function sumBack(values: Float64Array, index: Int32Array, shape: Shape): tf.Tensor {
  const acc = new Float64Array(sizeOf(shape));
  for (let k = 0; k < index.length; k++) acc[index[k]!]! += values[k]!;
  return float32Tensor(acc, shape);
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

  /**
   * `u = loc + scale · ε` and, from the same op, `log q(u) = −½ε² − log scale − ½ log 2π`
   * (what {@link logProb} returns for this draw): one tape node, whose gradients with respect to
   * `loc` and `scale` combine both outputs' gradients.
   */
  override rsample(key: Key, sampleShape: Shape = []): Value {
    const shape = this.extendedShape(sampleShape);
    const n = sizeOf(shape);
    const eps = normals(key, n);
    const { loc, scale } = this;
    const [y, logProb] = fusedOp<tf.Tensor[]>(
      [loc, scale],
      () => {
        const iLoc = broadcastIndex(loc.shape, shape);
        const iScale = broadcastIndex(scale.shape, shape);
        const m = loc.dataSync();
        const s = scale.dataSync();
        const y = new Float32Array(n);
        const lq = new Float32Array(n);
        for (let k = 0; k < n; k++) {
          const sk = s[iScale[k]!]!;
          y[k] = m[iLoc[k]!]! + sk * eps[k]!;
          lq[k] = -0.5 * eps[k]! ** 2 - Math.log(sk) - HALF_LOG_TWO_PI;
        }
        const gradOf = (dys: readonly (tf.Tensor | null | undefined)[]): { g: ArrayLike<number> | undefined; gq: ArrayLike<number> | undefined } => ({
          g: dys[0]?.dataSync(),
          gq: dys[1]?.dataSync(),
        });
        return {
          value: [tf.tensor(y, [...shape], 'float32'), tf.tensor(lq, [...shape], 'float32')],
          gradients: [
            (dys) => {
              const { g } = gradOf(dys);
              return sumBack(Float64Array.from({ length: n }, (_, k) => g?.[k] ?? 0), iLoc, loc.shape);
            },
            (dys) => {
              const { g, gq } = gradOf(dys);
              const values = Float64Array.from({ length: n }, (_, k) => (g?.[k] ?? 0) * eps[k]! - (gq?.[k] ?? 0) / s[iScale[k]!]!);
              return sumBack(values, iScale, scale.shape);
            },
          ],
        };
      },
      () => {
        const e = tf.tensor(Float32Array.from(eps), [...shape], 'float32');
        const draw = tf.add(loc, tf.mul(scale, e));
        return [draw, tf.sub(tf.sub(tf.mul(tf.square(e), -0.5), tf.log(tf.broadcastTo(scale, [...shape]))), HALF_LOG_TWO_PI)];
      },
    ) as [tf.Tensor, tf.Tensor];
    drawDensity.set(y, { logProb, loc, scale });
    return y;
  }

  override logProb(value: tf.Tensor): tf.Tensor {
    const own = drawDensity.get(value);
    // The ε-form holds only for a draw of these very parameters (another Normal scoring it takes the general path).
    if (own?.loc !== this.loc || own.scale !== this.scale) return super.logProb(value);
    return own.logProb;
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
