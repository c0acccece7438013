/**
 * `AutoDiagonalNormal`: a mean-field Gaussian over the flattened unconstrained latents (Pyro's
 * `AutoDiagonalNormal`). No d×d matrix is ever built.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../core/effect.js';
import type { LatentRecord } from '../../core/site-types.js';
import { softplusPositive } from '../../distributions/constraints/index.js';
import { AffineTransform } from '../../distributions/transforms/affine.js';
import { Normal } from '../../distributions/families/continuous/normal.js';
import { type AutoContinuousMethods, type ContinuousFamily, autoContinuous } from './continuous.js';
import type { AutoGuide } from './guide.js';
import { type AutoMultivariateNormalOptions, checkInitScale } from './multivariate-normal.js';

/**
 * Options of {@link AutoDiagonalNormal}.
 *
 * @category autoguides
 * @since 0.1.0
 */
export type AutoDiagonalNormalOptions<Args extends readonly unknown[] = readonly unknown[]> = AutoMultivariateNormalOptions<Args>;

function diagonalFamily(initScale: number): ContinuousFamily {
  return {
    params: (d) => [
      { suffix: 'loc', init: (key, initLoc) => initLoc(key) },
      { suffix: 'scale', constraint: softplusPositive, init: () => tf.fill([d], initScale) },
    ],
    posterior: (v) => Normal(v.loc!, v.scale!).toEvent(1),
    locScale: (v) => ({ loc: v.loc!, scale: v.scale! }),
    transform: (v) => AffineTransform(v.loc!, v.scale!, 1),
  };
}

/**
 * A diagonal Gaussian guide over all continuous latent sites, flattened into one unconstrained
 * vector of size d (Pyro's `AutoDiagonalNormal`).
 *
 * Parameters: `AutoDiagonalNormal.loc` `[d]` (init by `initLocFn`, default `initToMedian`) and
 * `AutoDiagonalNormal.scale` `[d]` (`softplusPositive`, init `initScale` = 0.1). The posterior
 * is `Normal(loc, scale).toEvent(1)`, drawn as `_AutoDiagonalNormal_latent`; `getTransform` is
 * `AffineTransform(loc, scale, 1)`. It captures no correlations between latents.
 *
 * @example
 * ```ts
 * const guide = AutoDiagonalNormal(model, { initScale: 0.05 });
 * const svi = SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO());
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function AutoDiagonalNormal<M extends AnyModel>(
  model: M,
  options: AutoDiagonalNormalOptions<Parameters<M>> = {},
): AutoGuide<Parameters<M>, AutoContinuousMethods<Parameters<M>, LatentRecord<M>>> {
  const initScale = checkInitScale('AutoDiagonalNormal', options.initScale ?? 0.1);
  return autoContinuous(model, diagonalFamily(initScale), 'AutoDiagonalNormal', options);
}
