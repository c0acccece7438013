/**
 * The auxiliary distribution of the flow guides (`AutoNormalizingFlow`, `AutoIAFNormal`): a
 * standard normal `ε ∈ ℝᵈ` pushed through a chain of bijections, `u = T_K ∘ … ∘ T_1 (ε)`,
 * remembering for each of its own draws the `ε` and the summed log-determinants, as Pyro's
 * transform caches do. Then
 *
 *     log q(u) = log N(ε; 0, I) − Σ_k log|det J_{T_k}|
 *              = −½‖ε‖² − (d/2) log 2π − Σ_k log|det J_{T_k}|,
 *
 * one kernel (the first term is JavaScript data: `ε` is a constant), with no inversion (an
 * autoregressive inverse needs `d` network passes). Any other value goes through
 * `TransformedDistribution.logProb` (inverting each transform).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Value } from '../../core/dims.js';
import { type Key, normals } from '../../core/key.js';
import { type Shape, sizeOf } from '../../core/shape.js';
import type { Distribution } from '../../distributions/distribution.js';
import { Normal } from '../../distributions/families/continuous/normal.js';
import type { Transform } from '../../distributions/transforms/transform.js';
import { TransformedDist } from '../../distributions/wrappers/transformed.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** One draw batch of a {@link FlowDist}: `log N(ε)` per draw (JS) and `Σ log|det J|` (a tensor of the same run). */
interface OwnDraw {
  readonly dist: FlowDist;
  readonly baseLogProb: Float32Array;
  readonly logDet: tf.Tensor | undefined;
}

const ownDraws = new WeakMap<tf.Tensor, OwnDraw>();

/**
 * `TransformedDistribution(Normal(0, 1).expand([d]).toEvent(1), transforms)` scoring its own
 * draws without inversion (see the module notes).
 *
 * @category autoguides
 * @since 0.2.0
 */
export class FlowDist extends TransformedDist {
  readonly latentDim: number;

  constructor(latentDim: number, transforms: readonly Transform[], batchShape: Shape = []) {
    const base: Distribution = Normal(0, 1).expand([...batchShape, latentDim]).toEvent(1);
    super(base, transforms, batchShape, [latentDim]);
    this.latentDim = latentDim;
  }

  /** `u = T(ε)`, remembering `ε`'s density and the log-determinants (no tidy: they live as long as the run). */
  override rsample(key: Key, sampleShape: Shape = []): Value {
    const shape = this.extendedShape(sampleShape);
    const d = this.latentDim;
    const n = sizeOf(shape) / d;
    const eps = normals(key, n * d);
    const baseLogProb = new Float32Array(n);
    for (let b = 0; b < n; b++) {
      let sq = 0;
      for (let i = 0; i < d; i++) sq += eps[b * d + i]! ** 2;
      baseLogProb[b] = -0.5 * sq - d * HALF_LOG_TWO_PI;
    }
    let u = tf.tensor(Float32Array.from(eps), [...shape], 'float32');
    let logDet: tf.Tensor | undefined;
    for (const t of this.transforms) {
      const step = t.forwardWithLogDet(u);
      logDet = logDet === undefined ? step.logAbsDetJacobian : tf.add(logDet, step.logAbsDetJacobian);
      u = step.y;
    }
    ownDraws.set(u, { dist: this, baseLogProb, logDet });
    return u;
  }

  override sample(key: Key, sampleShape?: Shape): Value {
    return tf.tidy(() => this.transforms.reduce((v, t) => t.forward(v), this.base.sample(key, sampleShape)));
  }

  /** Own draws: `log N(ε) − Σ log|det J|` (one kernel); other values: by inversion. */
  override logProb(value: tf.Tensor): tf.Tensor {
    const own = ownDraws.get(value);
    if (own?.dist !== this || own.logDet === undefined || own.logDet.isDisposed) return super.logProb(value);
    return tf.sub(tf.tensor(own.baseLogProb, value.shape.slice(0, -1), 'float32'), own.logDet);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new FlowDist(this.latentDim, this.transforms, batchShape);
  }
}
