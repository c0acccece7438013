/**
 * What makes a value a usable initial value of a latent site, shared by the init strategies
 * (which fall back to a feasible point when their own value is not usable, as Pyro's do) and
 * by the autoguide's check of whatever a strategy returns.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { shapesEqual, showShape } from '../../core/shape.js';
import { bijectTo } from '../../distributions/constraints/biject-to.js';
import type { Distribution } from '../../distributions/distribution.js';
import { ExpandedDist } from '../../distributions/wrappers/expanded.js';
import { IndependentDist } from '../../distributions/wrappers/independent.js';
import { MaskedDist } from '../../distributions/wrappers/masked.js';
import type { Transform } from '../../distributions/transforms/transform.js';

const allFinite = (t: tf.Tensor): boolean => t.dataSync().every((x) => Number.isFinite(x));

/**
 * Why `value` cannot start the site of distribution `fn`, or `undefined` if it can: it must
 * have the site's shape, be finite, lie in the support with a finite log-density, and have a
 * finite unconstrained image under `transform` (default `bijectTo(fn.support)`; `null` for the
 * identity). Runs no kernels that outlive the call.
 *
 * @category autoguides
 * @since 0.2.0
 */
export function whyInfeasible(fn: Distribution, value: tf.Tensor, transform?: Transform | null): string | undefined {
  const shape = [...fn.batchShape, ...fn.eventShape];
  if (!shapesEqual(value.shape, shape)) return `the value has shape ${showShape(value.shape)}, the site ${showShape(shape)}`;
  if (!allFinite(value)) return 'the value is not finite';
  try {
    return tf.tidy(() => {
      if (!allFinite(fn.logProb(value))) return 'the log-density is not finite';
      const t = transform === undefined ? bijectTo(fn.support) : transform;
      if (t !== null && !allFinite(t.inverse(value))) return 'the unconstrained value is not finite';
      return undefined;
    });
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Whether the median of `fn` is undefined elementwise because its base family is multivariate
 * (Pyro's `_is_multivariate`: after `Independent`, `mask` and `expand` wrappers, an event dim of
 * size > 1):
 * the elementwise median of draws from a Dirichlet leaves the simplex.
 *
 * @category autoguides
 * @since 0.2.0
 */
export function isMultivariate(fn: Distribution): boolean {
  let d: Distribution = fn;
  // masks and expansions keep their base's event shape; only Independent adds event dims
  while (d instanceof IndependentDist || d instanceof MaskedDist || d instanceof ExpandedDist) d = d.base;
  return d.eventShape.some((n) => n > 1);
}
