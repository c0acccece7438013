/**
 * `AutoLaplaceApproximation`: MAP in unconstrained space, then a Gaussian whose covariance is
 * the inverse Hessian of the negative log joint there (Pyro's `AutoLaplaceApproximation`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../core/effect.js';
import type { LatentRecord } from '../../core/site-types.js';
import { IgnisError, ignisError } from '../../core/errors.js';
import { prngKey } from '../../core/key.js';
import { cholesky, choleskyInverse } from '../../ops/index.js';
import { tracePair } from '../elbo/elbo.js';
import { siteTerms, totalLogProb } from '../elbo/terms.js';
import type { ParamValues } from '../params.js';
import { type AutoContinuousMethods, type ContinuousFamily, autoContinuous } from './continuous.js';
import type { AutoGuide, AutoGuideOptions, GuideFn } from './guide.js';
import { AutoMultivariateNormal } from './multivariate-normal.js';
import { SiteDeltaDist } from './site-delta.js';

/**
 * Options of {@link AutoLaplaceApproximation}.
 *
 * @category autoguides
 * @since 0.1.0
 */
export type AutoLaplaceApproximationOptions<Args extends readonly unknown[] = readonly unknown[]> = AutoGuideOptions<Args>;

/**
 * The Gaussian guide a Laplace approximation returns, with its parameter values.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface LaplaceResult<Args extends readonly unknown[]> {
  readonly guide: AutoGuide<Args, AutoContinuousMethods<Args>>;
  /** `AutoMultivariateNormal.loc`, `.scale`, `.scaleTril` (constrained values). */
  readonly params: ParamValues;
}

/**
 * Methods of {@link AutoLaplaceApproximation} beyond the continuous ones.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface LaplaceMethods<Args extends readonly unknown[]> {
  /**
   * The Gaussian approximation at the MAP point `params`: an `AutoMultivariateNormal` guide
   * and its parameters, with `loc` the MAP point and covariance `H⁻¹`, `H` the Hessian of
   * `−log p(x, T(u)) − log|det J_T(u)|` at `u = loc`.
   */
  laplaceApproximation(params: ParamValues, ...args: Args): LaplaceResult<Args>;
}

const laplaceFamily: ContinuousFamily = {
  params: () => [{ suffix: 'loc', init: (key, initLoc) => initLoc(key) }],
  posterior: (v) => new SiteDeltaDist(v.loc!, undefined, 1),
  locScale: (v) => ({ loc: v.loc!, scale: tf.zerosLike(v.loc!) }),
  transform: (_v, _d, guideName) => {
    throw ignisError('NotImplemented', {
      fn: `${guideName}.getTransform`,
      what: 'a point estimate has no transform from the base distribution',
      hint: 'Call laplaceApproximation(params, ...args) and use the returned AutoMultivariateNormal guide.',
    });
  },
};

/** The step of the finite differences of the gradient, in unconstrained space: 2⁻⁷ ≈ 0.0078, so `u ± k·h` is exact in float32. */
const FD_STEP = 2 ** -7;

/**
 * The Hessian of a scalar function of a vector: 5-point central differences of its
 * reverse-mode gradient along each coordinate (step `FD_STEP`), symmetrized. Nested
 * reverse-mode gradients would be exact, but tfjs drops second-order terms through ops that
 * save their outputs for the backward pass (`exp` among them), so they cannot be trusted.
 * The stencil is exact for quadratics (Gaussian posteriors) up to float32 rounding of the
 * gradient, and O(h⁴) otherwise.
 */
function hessian(f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor): Float64Array {
  const d = x.shape[0];
  const gradient = tf.grad(f);
  const base = Float64Array.from(x.dataSync());
  const h = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const [p2, p1, m1, m2] = [2, 1, -1, -2].map((k): Float64Array => {
      const g = tf.tidy(() => gradient(tf.tensor1d(Float32Array.from(base, (v, j) => (j === i ? v + k * FD_STEP : v)))));
      const values = Float64Array.from(g.dataSync());
      g.dispose();
      return values;
    });
    for (let j = 0; j < d; j++) h[i * d + j] = (-p2![j]! + 8 * p1![j]! - 8 * m1![j]! + m2![j]!) / (12 * FD_STEP);
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) h[i * d + j] = h[j * d + i] = 0.5 * (h[i * d + j]! + h[j * d + i]!);
  return h;
}

/**
 * A Laplace approximation guide (Pyro's `AutoLaplaceApproximation`): fit it like `AutoDelta`
 * (its posterior is a point mass at `AutoLaplaceApproximation.loc` in unconstrained space, with
 * the log-Jacobian, so SVI finds the MAP of the unconstrained density), then call
 * `laplaceApproximation(params, ...args)` for the Gaussian `N(loc, H⁻¹)` as an
 * `AutoMultivariateNormal` guide with its parameters.
 *
 * Gotchas: the Hessian takes 4d gradient evaluations (finite differences of the exact
 * gradient; fine for up to a few hundred latents) and must be positive definite (a true local
 * optimum), else `InvalidArgument`.
 *
 * @example
 * ```ts
 * const guide = AutoLaplaceApproximation(model);
 * const { params } = SVI(model, guide, Adam({ lr: 0.05 }), TraceELBO()).run(prngKey(0), 1000, [data]);
 * const laplace = guide.laplaceApproximation(params, data);
 * laplace.guide.quantiles(laplace.params, [0.05, 0.95]);
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function AutoLaplaceApproximation<M extends AnyModel>(
  model: M,
  options: AutoLaplaceApproximationOptions<Parameters<M>> = {},
): AutoGuide<Parameters<M>, AutoContinuousMethods<Parameters<M>, LatentRecord<M>> & LaplaceMethods<Parameters<M>>> {
  type Args = Parameters<M>;
  const extra = (guide: GuideFn<Args>, guideName: string): LaplaceMethods<Args> => ({
    laplaceApproximation: (params, ...args) => {
      const name = `${guideName}.loc`;
      const fn = `${guideName}.laplaceApproximation`;
      const loc = params[name];
      if (loc === undefined) throw ignisError('MissingSite', { fn, what: `parameter '${name}' is missing from the params`, hint: 'Pass the params of a fitted run.' });
      const negLogJoint = (u: tf.Tensor): tf.Scalar => {
        const pair = tracePair(model, guide, { ...params, [name]: u }, prngKey(0), args, fn);
        return tf.sub(totalLogProb(siteTerms(pair.guide)), totalLogProb(siteTerms(pair.model)));
      };
      const d = loc.shape[0];
      const h = tf.tensor(Float32Array.from(hessian(negLogJoint, loc)), [d, d], 'float32');
      const mvn = AutoMultivariateNormal(model, { ...(options.createPlates === undefined ? {} : { createPlates: options.createPlates }) });
      mvn.setup(...args);
      const out = tf.tidy(() => {
        let hTril: tf.Tensor;
        try {
          hTril = cholesky(h);
        } catch (e) {
          if (!(e instanceof IgnisError)) throw e;
          throw ignisError('InvalidArgument', { fn, what: 'the Hessian of the negative log joint is not positive definite', detail: e.message, hint: 'Fit the MAP point further (more steps) before the Laplace approximation.' });
        }
        const scaleTril = cholesky(choleskyInverse(hTril));
        const diag = tf.sum(tf.mul(scaleTril, tf.eye(d)), -1);
        return {
          [`${mvn.guideName}.loc`]: tf.clone(loc),
          [`${mvn.guideName}.scale`]: diag,
          [`${mvn.guideName}.scaleTril`]: tf.div(scaleTril, tf.reshape(diag, [d, 1])),
        };
      });
      h.dispose();
      return { guide: mvn, params: out };
    },
  });
  return autoContinuous(model, laplaceFamily, 'AutoLaplaceApproximation', options, extra);
}
