/**
 * The point mass an autoguide hands each model site through: a `Delta` whose `logProb` of its
 * own value costs no kernel.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../core/shape.js';
import { DeltaDist } from '../../distributions/families/delta.js';
import type { Distribution } from '../../distributions/distribution.js';

/**
 * `Delta(v, { logDensity, eventDim })` (family `'Delta'`, the same density) with a fast path:
 * `logProb(x)` for `x` the very tensor `v` — what the guide trace records when no plate
 * broadcast was needed — is `logDensity` itself, with no equality test and no support check
 * (both would be kernels on every SVI step). Any other value takes `Delta`'s exact path.
 * `logDensity` is `−log|det J|` of the site's transform, so the guide's density of the
 * constrained value is exact; `undefined` means 0 (real-supported sites).
 *
 * @category autoguides
 * @since 0.1.0
 */
export class SiteDeltaDist extends DeltaDist {
  protected override withBatchShape(batchShape: Shape): Distribution {
    return new SiteDeltaDist(this.v, this.givenLogDensity, this.eventDim, batchShape);
  }

  override logProb(value: tf.Tensor): tf.Tensor {
    return value === this.v ? this.logDensity : super.logProb(value);
  }
}
