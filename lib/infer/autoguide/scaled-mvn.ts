/**
 * The auxiliary distribution of `AutoMultivariateNormal`'s guide: `MultivariateNormal(loc,
 * { scaleTril: diag(scale) · L })` with `L` unit lower-triangular, drawn and scored by two fused
 * custom ops instead of building `diag(scale) · L` and calling the general kernels.
 *
 * - `rsample`: `u = loc + scale ⊙ (L ε)` and its log-density in ONE op with two outputs
 *   (lib/ops `fusedOp`; float64 JS; gradients `∂loc = g`, `∂scaleᵢ = gᵢ (Lε)ᵢ − g_q/scaleᵢ`,
 *   `∂Lᵢⱼ = gᵢ scaleᵢ εⱼ` for `j ≤ i`, `− g_q/Lᵢᵢ` on the diagonal). No tensor is saved for
 *   the backward pass (each saved tensor is an extra `Identity` kernel in tfjs).
 * - `logProb` of its own draw returns the second output: since `L⁻¹ diag(scale)⁻¹ (u − loc) = ε` identically,
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
import { fusedOp } from '../../ops/fused/custom-op.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** The log-density each fused draw computed alongside it, and the parameters it was drawn with, by the drawn tensor. */
const drawDensity = new WeakMap<tf.Tensor, { readonly logProb: tf.Tensor; readonly params: readonly tf.Tensor[] }>();

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

  /**
   * `u = loc + scale ⊙ (L ε)` and, from the same op, `log q(u)` in ε-form (what
   * {@link logProb} returns for this draw): one tape node whose gradients combine both outputs'.
   */
  override rsample(key: Key, sampleShape: Shape = []): Value {
    const shape = this.extendedShape(sampleShape);
    const { loc, scale, unitTril } = this;
    const d = loc.shape[0];
    const n = sizeOf(shape) / d;
    const eps = normals(key, n * d);
    const [y, logProb] = fusedOp<tf.Tensor[]>(
      [loc, scale, unitTril],
      () => {
        const m = loc.dataSync();
        const s = scale.dataSync();
        const l = unitTril.dataSync();
        let logDet = 0;
        for (let i = 0; i < d; i++) logDet += Math.log(s[i]! * l[i * d + i]!);
        const le = new Float64Array(n * d); // L ε per draw
        const y = new Float32Array(n * d);
        const lq = new Float32Array(n);
        for (let b = 0; b < n; b++) {
          let sq = 0;
          for (let i = 0; i < d; i++) {
            let acc = 0;
            for (let j = 0; j <= i; j++) acc += l[i * d + j]! * eps[b * d + j]!;
            le[b * d + i] = acc;
            y[b * d + i] = m[i]! + s[i]! * acc;
            sq += eps[b * d + i]! ** 2;
          }
          lq[b] = -0.5 * sq - logDet - d * HALF_LOG_TWO_PI;
        }
        /** Σ over draws of the log-density's output gradient. */
        const totalOf = (dy: tf.Tensor | null | undefined): number => {
          let total = 0;
          if (dy !== null && dy !== undefined) for (const v of dy.dataSync()) total += v;
          return total;
        };
        return {
          value: [tf.tensor(y, [...shape], 'float32'), tf.tensor(lq, shape.slice(0, -1), 'float32')],
          gradients: [
            (dys) => {
              const g = (dys[0] as tf.Tensor | null | undefined)?.dataSync();
              const dm = new Float32Array(d);
              if (g !== undefined) for (let b = 0; b < n; b++) for (let i = 0; i < d; i++) dm[i]! += g[b * d + i]!;
              return tf.tensor(dm, [d], 'float32');
            },
            (dys) => {
              const g = (dys[0] as tf.Tensor | null | undefined)?.dataSync();
              const total = totalOf(dys[1]);
              const ds = new Float64Array(d);
              for (let i = 0; i < d; i++) ds[i] = -total / s[i]!;
              if (g !== undefined) for (let b = 0; b < n; b++) for (let i = 0; i < d; i++) ds[i]! += g[b * d + i]! * le[b * d + i]!;
              return tf.tensor(Float32Array.from(ds), [d], 'float32');
            },
            (dys) => {
              const g = (dys[0] as tf.Tensor | null | undefined)?.dataSync();
              const total = totalOf(dys[1]);
              const dl = new Float64Array(d * d);
              for (let i = 0; i < d; i++) dl[i * d + i] = -total / l[i * d + i]!;
              if (g !== undefined) {
                for (let b = 0; b < n; b++) {
                  for (let i = 0; i < d; i++) {
                    const gs = g[b * d + i]! * s[i]!;
                    for (let j = 0; j <= i; j++) dl[i * d + j]! += gs * eps[b * d + j]!;
                  }
                }
              }
              return tf.tensor(Float32Array.from(dl), [d, d], 'float32');
            },
          ],
        };
      },
      () => {
        const e = tf.tensor(Float32Array.from(eps), [...shape], 'float32');
        const general = this.general();
        const draw = tf.add(loc, tf.reshape(tf.matMul(tf.reshape(e, [n, d]), general.unbroadcastedScaleTril, false, true), [...shape]));
        return [draw, general.logProb(draw)];
      },
    ) as [tf.Tensor, tf.Tensor];
    drawDensity.set(y, { logProb, params: [loc, scale, unitTril] });
    return y;
  }

  logProb(value: tf.Tensor): tf.Tensor {
    const own = drawDensity.get(value);
    // The ε-form holds only for a draw of these very parameters.
    if (own?.params[0] !== this.loc || own.params[1] !== this.scale || own.params[2] !== this.unitTril) return this.general().logProb(value);
    return own.logProb;
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
