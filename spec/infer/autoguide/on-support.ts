/**
 * A test distribution on any constraint: `x = T(u)`, `u ~ N(0, I)`, `T = bijectTo(support)`,
 * with density `p(x) = N(T⁻¹x; 0, I) · |det ∂T⁻¹/∂x|`. Every autoguide sees it as a latent
 * site with that support, and its exact posterior in unconstrained space is `N(0, I)` (on the
 * free coordinates): the MAP point of `AutoLaplaceApproximation` is `u = 0` with Hessian `I`.
 *
 * The constraint is built by `makeSupport` on every construction, so a support with tensor
 * bounds is created inside the model run (inside SVI's `tf.tidy`), as in a user's model.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, normals } from '../../../lib/core/key.js';
import type { Shape } from '../../../lib/core/shape.js';
import { type Constraint, DistributionBase, bijectTo } from '../../../lib/distributions/index.js';

export class OnSupportDist extends DistributionBase {
  readonly family = 'OnSupport';
  readonly support: Constraint;
  /** The unconstrained shape of one value. */
  readonly uShape: Shape;

  constructor(support: Constraint, valueShape: Shape) {
    super([], valueShape);
    this.support = support;
    this.uShape = bijectTo(support).inverseShape(valueShape);
  }

  override get hasRsample(): boolean {
    return true;
  }

  override rsample(key: Key, sampleShape: Shape = []): tf.Tensor {
    const shape = [...sampleShape, ...this.uShape];
    const n = shape.reduce((a, b) => a * b, 1);
    return tf.tidy(() => bijectTo(this.support).forward(tf.tensor(Float32Array.from(normals(key, n)), shape, 'float32')));
  }

  logProb(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const t = bijectTo(this.support);
      const u = t.inverse(x);
      const eventRank = this.uShape.length;
      const axes = Array.from({ length: eventRank }, (_, i) => u.rank - eventRank + i);
      const normal = tf.sum(tf.mul(tf.square(u), -0.5), axes);
      const logDet = t.logAbsDetJacobian(u, x);
      const extra = logDet.rank - (x.rank - this.eventShape.length);
      const perValue = extra > 0 ? tf.sum(logDet, Array.from({ length: extra }, (_, i) => logDet.rank - extra + i)) : logDet;
      return tf.sub(normal, perValue);
    });
  }
}

/** `OnSupportDist` on `makeSupport()` with values of `valueShape`. */
export const OnSupport = (makeSupport: () => Constraint, valueShape: Shape): OnSupportDist => new OnSupportDist(makeSupport(), valueShape);
