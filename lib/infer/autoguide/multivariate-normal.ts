/**
 * `AutoMultivariateNormal`: a full-covariance Gaussian over the flattened unconstrained
 * latents (Pyro's `AutoMultivariateNormal`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../core/effect.js';
import type { LatentRecord } from '../../core/site-types.js';
import { invalidArgument } from '../../core/errors.js';
import { softplusPositive } from '../../distributions/constraints/index.js';
import { unitLowerCholesky } from '../../distributions/constraints/structured.js';
import { MultivariateNormal } from '../../distributions/families/multivariate/multivariate-normal.js';
import { LowerCholeskyAffine } from '../../distributions/transforms/lower-cholesky-affine.js';
import { checkParam, isFiniteNumber, isPositive } from '../../distributions/util.js';
import { type AutoContinuousMethods, type ContinuousFamily, type FamilyValues, autoContinuous } from './continuous.js';
import type { AutoGuide, AutoGuideOptions } from './guide.js';
import { ScaledMvnDist } from './scaled-mvn.js';

/**
 * Options of {@link AutoMultivariateNormal}.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface AutoMultivariateNormalOptions<Args extends readonly unknown[] = readonly unknown[]> extends AutoGuideOptions<Args> {
  /** The initial marginal scale of every unconstrained coordinate (default 0.1). */
  readonly initScale?: number;
}

/** `diag(scale) · L` as one broadcast multiply, `scale[:, None] * L`. */
function scaleTrilOf(v: FamilyValues): tf.Tensor {
  const scale = v.scale!;
  return tf.mul(tf.reshape(scale, [scale.shape[0], 1]), v.scaleTril!);
}

/**
 * A positive, finite `initScale` (shared by the Gaussian guides).
 *
 * @category autoguides
 * @since 0.1.0
 */
export function checkInitScale(fn: string, initScale: number): number {
  if (!(initScale > 0 && Number.isFinite(initScale))) throw invalidArgument(fn, 'initScale', 'must be positive and finite', String(initScale));
  return initScale;
}

function mvnFamily(initScale: number): ContinuousFamily {
  return {
    params: (d) => [
      { suffix: 'loc', init: (key, initLoc) => initLoc(key) },
      { suffix: 'scale', constraint: softplusPositive, init: () => tf.fill([d], initScale) },
      { suffix: 'scaleTril', constraint: unitLowerCholesky, init: () => tf.eye(d) },
    ],
    posterior: (v) => MultivariateNormal(v.loc!, { scaleTril: scaleTrilOf(v) }),
    guideDist: (v) => {
      checkParam('MultivariateNormal', 'loc', v.loc!, 'must be finite', isFiniteNumber);
      checkParam('MultivariateNormal', 'scaleTril', v.scale!, 'must have a positive diagonal (scale)', isPositive);
      return new ScaledMvnDist(v.loc!, v.scale!, v.scaleTril!);
    },
    locScale: (v) => ({ loc: v.loc!, scale: tf.sqrt(tf.sum(tf.square(scaleTrilOf(v)), -1)) }),
    transform: (v) => LowerCholeskyAffine(v.loc!, scaleTrilOf(v)),
  };
}

/**
 * A multivariate normal guide over all continuous latent sites, flattened into one
 * unconstrained vector of size d (Pyro's `AutoMultivariateNormal`).
 *
 * Parameters (constrained values): `AutoMultivariateNormal.loc` `[d]` (init by `initLocFn`,
 * default `initToMedian`), `AutoMultivariateNormal.scale` `[d]` (`softplusPositive`, init
 * `initScale` = 0.1) and `AutoMultivariateNormal.scaleTril` `[d, d]` (`unitLowerCholesky`,
 * init identity). The posterior is `MultivariateNormal(loc, { scaleTril: diag(scale) · scaleTril })`,
 * drawn as the auxiliary site `_AutoMultivariateNormal_latent` (by fused kernels: see
 * `scaled-mvn.ts`); each model site then gets `bijectTo(support)` of its slice through a
 * `Delta` carrying `−log|det J|`.
 *
 * Gotchas: the d×d factor makes a step O(d²) (fine up to a few hundred latents; beyond, use
 * `AutoLowRankMultivariateNormal`); latent sites in subsampled plates are not supported
 * (`NotImplemented`); discrete latent sites neither.
 *
 * @example
 * ```ts
 * const guide = AutoMultivariateNormal(model);
 * const svi = SVI(model, guide, Adam({ lr: 0.005 }), TraceELBO());
 * const { params } = svi.run(prngKey(0), 2000, [data]);
 * guide.quantiles(params, [0.05, 0.5, 0.95]); // { loc: [3], scale: [3] }
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function AutoMultivariateNormal<M extends AnyModel>(
  model: M,
  options: AutoMultivariateNormalOptions<Parameters<M>> = {},
): AutoGuide<Parameters<M>, AutoContinuousMethods<Parameters<M>, LatentRecord<M>>> {
  const initScale = checkInitScale('AutoMultivariateNormal', options.initScale ?? 0.1);
  return autoContinuous(model, mvnFamily(initScale), 'AutoMultivariateNormal', options);
}
