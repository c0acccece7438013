/**
 * The auxiliary distribution of `AutoMultivariateNormal`'s guide: `MultivariateNormal(loc,
 * { scaleTril: diag(scale) · L })` with `L` unit lower-triangular, drawn and scored by two fused
 * custom ops instead of building `diag(scale) · L` and calling the general kernels.
 *
 * - `rsample`: `u = loc + scale ⊙ (L ε)` in ONE op (lib/ops `fusedOp`; float64 JS; gradients
 *   `∂loc = g`, `∂scaleᵢ = gᵢ (Lε)ᵢ`, `∂Lᵢⱼ = gᵢ scaleᵢ εⱼ` for `j ≤ i`); the draw remembers its
 *   `ε` (JS data, nothing to dispose).
 * - the log-density of its own draw, in `logProb` (one op) and in the ELBO's fused sum (a density
 *   kernel): since `L⁻¹ diag(scale)⁻¹ (u − loc) = ε` identically,
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
import { type Shape, shapesEqual, sizeOf, tryBroadcastShapes } from '../../core/shape.js';
import { type Constraint, realVector } from '../../distributions/constraints/index.js';
import { type Distribution, DistributionBase } from '../../distributions/distribution.js';
import { MultivariateNormalDist } from '../../distributions/families/multivariate/multivariate-normal.js';
import { broadcastIfNeeded } from '../../distributions/util.js';
import { registerDensityKernel } from '../../distributions/density/kernel.js';
import { float32Tensor } from '../../ops/fused/broadcast.js';
import { fusedOp } from '../../ops/fused/custom-op.js';
import { produceFrom, read, upload } from '../../ops/fused/host-data.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** The standard normals behind a draw and the parameters it was drawn from (JS data only). */
interface OwnDraw {
  readonly eps: Float64Array;
  readonly draws: number;
  readonly params: readonly [tf.Tensor, tf.Tensor, tf.Tensor];
}

const ownDraws = new WeakMap<tf.Tensor, OwnDraw>();

/** The draw's record when `value` is a draw of these very parameters that `dist` scores one density per draw. */
function ownDraw(value: tf.Tensor, dist: ScaledMvnDist): OwnDraw | undefined {
  const own = ownDraws.get(value);
  if (own?.params[0] !== dist.loc || own.params[1] !== dist.scale || own.params[2] !== dist.unitTril) return undefined;
  const batch = value.shape.slice(0, -1);
  const joint = tryBroadcastShapes(batch, dist.batchShape);
  return joint !== undefined && shapesEqual(joint, batch) ? own : undefined;
}

/** `Σᵢ log(scaleᵢ Lᵢᵢ)` and `½‖ε_b‖²` per draw. */
function epsForm(own: OwnDraw, s: ArrayLike<number>, l: ArrayLike<number>, d: number): { readonly logDet: number; readonly halfSq: Float64Array } {
  let logDet = 0;
  for (let i = 0; i < d; i++) logDet += Math.log(s[i]! * l[i * d + i]!);
  const halfSq = new Float64Array(own.draws);
  for (let b = 0; b < own.draws; b++) {
    let sq = 0;
    for (let i = 0; i < d; i++) sq += own.eps[b * d + i]! ** 2;
    halfSq[b] = 0.5 * sq;
  }
  return { logDet, halfSq };
}

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

  /** `u = loc + scale ⊙ (L ε)`, one fused op; the draw remembers its `ε` (see the module notes). */
  override rsample(key: Key, sampleShape: Shape = []): Value {
    const shape = this.extendedShape(sampleShape);
    const { loc, scale, unitTril } = this;
    const d = loc.shape[0];
    const n = sizeOf(shape) / d;
    const eps = normals(key, n * d);
    const y = fusedOp(
      [loc, scale, unitTril],
      () => {
        const le = new Float64Array(n * d); // L ε per draw
        let s = new Float64Array(0);
        // L is read where it lives (a heap view on wasm, valid only inside the fill)
        const value = produceFrom([loc, scale, unitTril], shape, (out, [m, sv, l]) => {
          s = Float64Array.from(sv!);
          for (let b = 0; b < n; b++) {
            const e = b * d;
            for (let i = 0; i < d; i++) {
              const row = i * d;
              let acc = 0;
              for (let j = 0; j <= i; j++) acc += l![row + j]! * eps[e + j]!;
              le[e + i] = acc;
              out[e + i] = m![i]! + s[i]! * acc;
            }
          }
        });
        return {
          value,
          gradients: [
            (dys) => {
              const g = read(dys[0]!);
              const dm = new Float64Array(d);
              for (let b = 0; b < n; b++) for (let i = 0; i < d; i++) dm[i]! += g[b * d + i]!;
              return float32Tensor(dm, [d]);
            },
            (dys) => {
              const g = read(dys[0]!);
              const ds = new Float64Array(d);
              for (let b = 0; b < n; b++) for (let i = 0; i < d; i++) ds[i]! += g[b * d + i]! * le[b * d + i]!;
              return float32Tensor(ds, [d]);
            },
            // ∂Lᵢⱼ = Σ_b g_bᵢ sᵢ ε_bⱼ (j ≤ i), summed over b in float64 per row, written into the output
            (dys) =>
              produceFrom([dys[0]!], [d, d], (dl, [g]) => {
                const acc = new Float64Array(d);
                for (let i = 0; i < d; i++) {
                  const row = i * d;
                  acc.fill(0, 0, i + 1);
                  for (let b = 0; b < n; b++) {
                    const gs = g![b * d + i]! * s[i]!;
                    const e = b * d;
                    for (let j = 0; j <= i; j++) acc[j]! += gs * eps[e + j]!;
                  }
                  for (let j = 0; j <= i; j++) dl[row + j] = acc[j]!;
                }
              }),
          ],
        };
      },
      () => {
        const e = tf.tensor(Float32Array.from(eps), [...shape], 'float32');
        return tf.add(loc, tf.reshape(tf.matMul(tf.reshape(e, [n, d]), this.unbroadcastedScaleTril, false, true), [...shape]));
      },
    );
    ownDraws.set(y, { eps, draws: n, params: [loc, scale, unitTril] });
    return y;
  }

  logProb(value: tf.Tensor): tf.Tensor {
    const own = ownDraw(value, this);
    if (own === undefined) return this.general().logProb(value);
    const { scale, unitTril } = this;
    const d = this.loc.shape[0];
    const shape = value.shape.slice(0, -1);
    return fusedOp(
      [scale, unitTril],
      () => {
        const [s, l] = [read(scale), read(unitTril)];
        const { logDet, halfSq } = epsForm(own, s, l, d);
        const lq = Float32Array.from(halfSq, (h) => -h - logDet - d * HALF_LOG_TWO_PI);
        const total = (dys: readonly tf.Tensor[]): number => Array.from(read(dys[0]!)).reduce((a, b) => a + b, 0);
        return {
          value: upload(lq, shape),
          gradients: [
            (dys) => float32Tensor(Float64Array.from({ length: d }, (_, i) => -total(dys) / s[i]!), [d]),
            (dys) => {
              const dl = new Float64Array(d * d);
              const t = total(dys);
              for (let i = 0; i < d; i++) dl[i * d + i] = -t / l[i * d + i]!;
              return float32Tensor(dl, [d, d]);
            },
          ],
        };
      },
      () => this.general().logProb(value),
    );
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

/** The ELBO's fused sum scores an own draw in ε-form on `scale` and `L` alone (no tensor per draw). */
registerDensityKernel(ScaledMvnDist, (dist, value) => {
  const own = ownDraw(value, dist);
  if (own === undefined) return undefined;
  const d = dist.loc.shape[0];
  return {
    inputs: [dist.scale, dist.unitTril],
    evaluate: ([s, l], weight, grads) => {
      const { logDet, halfSq } = epsForm(own, s!, l!, d);
      if (grads !== undefined) {
        for (let i = 0; i < d; i++) {
          grads[0]![i]! -= (weight * own.draws) / s![i]!;
          grads[1]![i * d + i]! -= (weight * own.draws) / l![i * d + i]!;
        }
      }
      return weight * (-halfSq.reduce((a, b) => a + b, 0) - own.draws * (logDet + d * HALF_LOG_TWO_PI));
    },
  };
});
