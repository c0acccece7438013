/**
 * The chi-squared distribution: `Gamma(df/2, rate 1/2)`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Shape } from '../../../core/shape.js';
import type { Distribution } from '../../distribution.js';
import type { TensorInput } from '../../util.js';
import { positiveParam } from './parameters.js';
import { GammaDist } from './gamma.js';
import '../../wrappers/index.js';

/**
 * The Chi2 family: a {@link GammaDist} with `concentration = df/2` and `rate = 1/2`, as Pyro's
 * `Chi2` subclasses `Gamma`. Construct it with {@link Chi2}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class Chi2Dist<B extends Dims = Dims, E extends Dims = readonly []> extends GammaDist<B, E> {
  static override readonly family: string = 'Chi2';
  override readonly family: string = 'Chi2';
  /** The degrees of freedom `k` (> 0). */
  readonly df: tf.Tensor;

  constructor(df: tf.Tensor, batchShape?: Shape) {
    super(tf.mul(df, 0.5), tf.scalar(0.5), batchShape ?? df.shape);
    this.df = df;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new Chi2Dist(this.df, batchShape);
  }
}

/**
 * A chi-squared distribution with `df` k > 0 degrees of freedom: the sum of the squares of `k`
 * standard normals (any real `k > 0` is allowed); support `x ≥ 0`.
 *
 * It is `Gamma(k/2, 1/2)` and behaves as one everywhere, as in Pyro: density
 * `p(x) = x^{k/2−1} e^{−x/2} / (2^{k/2} Γ(k/2))`, mean `k`, variance `2k`, Gamma's entropy,
 * implicitly reparameterized draws (gradients reach `df`), every Gamma KL rule (Chi2/Chi2 is
 * Gamma/Gamma), and `cdf`/`icdf` raise `NotImplemented` as Gamma's do.
 *
 * @example
 * ```ts
 * const d = Chi2(3);
 * d.mean; // 3
 * klDivergence(d, Gamma(1.5, 0.5)); // 0
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function Chi2<Df extends TensorInput>(df: Df): Chi2Dist<FamilyBatch<[Df]>, readonly []> {
  return new Chi2Dist<FamilyBatch<[Df]>, readonly []>(positiveParam('Chi2', 'df', df));
}
