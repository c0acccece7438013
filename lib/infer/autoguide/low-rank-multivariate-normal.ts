/**
 * `AutoLowRankMultivariateNormal`: a Gaussian with low-rank-plus-diagonal covariance over the
 * flattened unconstrained latents (Pyro's `AutoLowRankMultivariateNormal`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../core/effect.js';
import type { LatentRecord } from '../../core/site-types.js';
import { invalidArgument } from '../../core/errors.js';
import { normals } from '../../core/key.js';
import { softplusPositive } from '../../distributions/constraints/index.js';
import { LowRankMultivariateNormal } from '../../distributions/families/multivariate/low-rank-multivariate-normal.js';
import { LowerCholeskyAffine } from '../../distributions/transforms/lower-cholesky-affine.js';
import { type AutoContinuousMethods, type ContinuousFamily, type FamilyValues, autoContinuous } from './continuous.js';
import type { AutoGuide } from './guide.js';
import { type AutoMultivariateNormalOptions, checkInitScale } from './multivariate-normal.js';

/**
 * Options of {@link AutoLowRankMultivariateNormal}.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface AutoLowRankMultivariateNormalOptions<Args extends readonly unknown[] = readonly unknown[]> extends AutoMultivariateNormalOptions<Args> {
  /** The rank of the covariance factor (default ⌈√d⌉). */
  readonly rank?: number;
}

/** `W · diag(scale)` rows: `covFactor * scale[:, None]`. */
const scaledFactor = (v: FamilyValues): tf.Tensor => tf.mul(v.covFactor!, tf.reshape(v.scale!, [v.scale!.shape[0], 1]));

function lowRankFamily(initScale: number, rankOption: number | undefined): ContinuousFamily {
  return {
    params: (d) => {
      const rank = rankOption ?? Math.ceil(Math.sqrt(d));
      return [
        { suffix: 'loc', init: (key, initLoc) => initLoc(key) },
        { suffix: 'scale', constraint: softplusPositive, init: () => tf.fill([d], Math.SQRT1_2 * initScale) },
        {
          suffix: 'covFactor',
          init: (key) => tf.tensor(Float32Array.from(normals(key, d * rank), (z) => z / Math.sqrt(rank)), [d, rank], 'float32'),
        },
      ];
    },
    posterior: (v) => LowRankMultivariateNormal(v.loc!, scaledFactor(v), tf.square(v.scale!)),
    locScale: (v) => ({ loc: v.loc!, scale: tf.mul(v.scale!, tf.sqrt(tf.add(tf.sum(tf.square(v.covFactor!), -1), 1))) }),
    transform: (v) => LowerCholeskyAffine(v.loc!, LowRankMultivariateNormal(v.loc!, scaledFactor(v), tf.square(v.scale!)).scaleTril),
  };
}

/**
 * A Gaussian guide with covariance `W Wᵀ + D` of rank `rank` plus diagonal over all continuous
 * latent sites (Pyro's `AutoLowRankMultivariateNormal`): O(d·rank) per step, for models with
 * many latents whose posterior correlations matter.
 *
 * Parameters: `.loc` `[d]` (init by `initLocFn`), `.scale` `[d]` (`softplusPositive`, init
 * `√½ · initScale`) and `.covFactor` `[d, rank]` (init `N(0, 1/rank)`, drawn from the param's
 * key). The posterior is `LowRankMultivariateNormal(loc, covFactor · diag(scale), scale²)`, so
 * each coordinate starts with a marginal scale of about `initScale`. `rank` defaults to
 * ⌈√d⌉ (Pyro rounds √d to the nearest integer).
 *
 * @example
 * ```ts
 * const guide = AutoLowRankMultivariateNormal(model, { rank: 3 });
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function AutoLowRankMultivariateNormal<M extends AnyModel>(
  model: M,
  options: AutoLowRankMultivariateNormalOptions<Parameters<M>> = {},
): AutoGuide<Parameters<M>, AutoContinuousMethods<Parameters<M>, LatentRecord<M>>> {
  const fn = 'AutoLowRankMultivariateNormal';
  const initScale = checkInitScale(fn, options.initScale ?? 0.1);
  const rank = options.rank;
  if (rank !== undefined && !(Number.isInteger(rank) && rank >= 1)) throw invalidArgument(fn, 'rank', 'must be a positive integer', String(rank));
  return autoContinuous(model, lowRankFamily(initScale, rank), fn, options);
}
