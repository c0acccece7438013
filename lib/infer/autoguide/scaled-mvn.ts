/**
 * The auxiliary distribution of `AutoMultivariateNormal`'s guide: `MultivariateNormal(loc,
 * { scaleTril: diag(scale) · L })` with `L` unit lower-triangular, drawn and scored by two fused
 * custom ops instead of building `diag(scale) · L` and calling the general kernels.
 *
 * - `rsample`: `u = loc + scale ⊙ (L ε)` in one op (float64 JS; gradients
 *   `∂loc = g`, `∂scaleᵢ = gᵢ (Lε)ᵢ`, `∂Lᵢⱼ = gᵢ scaleᵢ εⱼ` for `j ≤ i`). No tensor is saved for
 *   the backward pass (each saved tensor is an extra `Identity` kernel in tfjs).
 * - `logProb` of its own draw: since `L⁻¹ diag(scale)⁻¹ (u − loc) = ε` identically,
 *   `log q(u) = −½‖ε‖² − Σᵢ log(scaleᵢ Lᵢᵢ) − (d/2) log 2π` as a function of the parameters,
 *   so this form has exactly the gradient of the general density along the draw (the `loc`
 *   and off-diagonal terms cancel). Any other value goes through `MultivariateNormal.logProb`.
 *
 * Family `'MultivariateNormal'`, with `loc`, `scaleTril` and `unbroadcastedScaleTril` (built on
 * demand), so code reading the trace or a KL rule sees a multivariate normal.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Value } from '../../core/dims.js';
import { type Key, normals } from '../../core/key.js';
import { type Shape, sizeOf } from '../../core/shape.js';
import { type Constraint, realVector } from '../../distributions/constraints.js';
import { type Distribution, DistributionBase } from '../../distributions/distribution.js';
import { MultivariateNormalDist } from '../../distributions/multivariateNormal.js';
import { broadcastIfNeeded } from '../../distributions/util.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** The standard normals behind each fused draw and the distribution that drew it, by the drawn tensor. */
const drawNoise = new WeakMap<tf.Tensor, { readonly eps: Float64Array; readonly params: readonly tf.Tensor[] }>();

/**
 * `MultivariateNormal(loc, diag(scale) · L)` for `loc`, `scale` `[d]` and unit lower-triangular `L` `[d, d]`.
 *
 * @category autoguides
 * @since 0.1.0
 */
export class ScaledMvnDist extends DistributionBase {
  readonly family = 'MultivariateNormal';
  readonly support: Constraint = realVector;
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;
  readonly unitTril: tf.Tensor;

  constructor(loc: tf.Tensor, scale: tf.Tensor, unitTril: tf.Tensor, batchShape: Shape = []) {
    super(batchShape, [loc.shape[0]]);
    this.loc = loc;
    this.scale = scale;
    this.unitTril = unitTril;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** `diag(scale) · L` (two kernels, built on demand). */
  get unbroadcastedScaleTril(): tf.Tensor {
    return tf.mul(tf.reshape(this.scale, [this.scale.shape[0], 1]), this.unitTril);
  }

  get scaleTril(): tf.Tensor {
    return this.general().scaleTril;
  }

  /** The same distribution as a general `MultivariateNormal`. */
  general(): MultivariateNormalDist {
    const mvn = new MultivariateNormalDist(this.loc, this.unbroadcastedScaleTril);
    return this.batchShape.length === 0 ? mvn : (mvn.expand(this.batchShape) as MultivariateNormalDist);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new ScaledMvnDist(this.loc, this.scale, this.unitTril, batchShape);
  }

  override rsample(key: Key, sampleShape: Shape = []): Value {
    const shape = this.extendedShape(sampleShape);
    const d = this.loc.shape[0];
    const n = sizeOf(shape) / d;
    const eps = normals(key, n * d);
    const m = this.loc.dataSync();
    const s = this.scale.dataSync();
    const l = this.unitTril.dataSync();
    const le = new Float64Array(n * d); // L ε per draw
    const y = new Float32Array(n * d);
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < d; i++) {
        let acc = 0;
        for (let j = 0; j <= i; j++) acc += l[i * d + j]! * eps[b * d + j]!;
        le[b * d + i] = acc;
        y[b * d + i] = m[i]! + s[i]! * acc;
      }
    }
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
      value: tf.tensor(y, [...shape], 'float32'),
      gradFunc: (dy: tf.Tensor): tf.Tensor[] => {
        void args;
        const g = dy.dataSync();
        const dm = new Float64Array(d);
        const ds = new Float64Array(d);
        const dl = new Float64Array(d * d);
        for (let b = 0; b < n; b++) {
          for (let i = 0; i < d; i++) {
            const gi = g[b * d + i]!;
            dm[i]! += gi;
            ds[i]! += gi * le[b * d + i]!;
            const gs = gi * s[i]!;
            for (let j = 0; j <= i; j++) dl[i * d + j]! += gs * eps[b * d + j]!;
          }
        }
        return [tf.tensor(Float32Array.from(dm), [d]), tf.tensor(Float32Array.from(ds), [d]), tf.tensor(Float32Array.from(dl), [d, d])];
      },
    }));
    const out = op(this.loc, this.scale, this.unitTril);
    drawNoise.set(out, { eps, params: [this.loc, this.scale, this.unitTril] });
    return out;
  }

  logProb(value: tf.Tensor): tf.Tensor {
    const own = drawNoise.get(value);
    // The ε-form holds only for a draw of these very parameters.
    if (own?.params[0] !== this.loc || own.params[1] !== this.scale || own.params[2] !== this.unitTril) return this.general().logProb(value);
    const eps = own.eps;
    const d = this.loc.shape[0];
    const n = eps.length / d;
    const s = this.scale.dataSync();
    const l = this.unitTril.dataSync();
    let logDet = 0;
    for (let i = 0; i < d; i++) logDet += Math.log(s[i]! * l[i * d + i]!);
    const out = new Float32Array(n);
    for (let b = 0; b < n; b++) {
      let sq = 0;
      for (let i = 0; i < d; i++) sq += eps[b * d + i]! ** 2;
      out[b] = -0.5 * sq - logDet - d * HALF_LOG_TWO_PI;
    }
    const shape = value.shape.slice(0, -1);
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
      value: tf.tensor(out, shape, 'float32'),
      gradFunc: (dy: tf.Tensor): tf.Tensor[] => {
        void args;
        let total = 0;
        for (const v of dy.dataSync()) total += v;
        const dl = new Float32Array(d * d);
        for (let i = 0; i < d; i++) dl[i * d + i] = -total / l[i * d + i]!;
        return [tf.tensor(Float32Array.from(s, (si) => -total / si), [d]), tf.tensor(dl, [d, d])];
      },
    }));
    return op(this.scale, this.unitTril);
  }

  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.loc, [...this.batchShape, ...this.eventShape]);
  }

  override get variance(): tf.Tensor {
    return this.general().variance;
  }

  override entropy(): tf.Tensor {
    return this.general().entropy();
  }
}
