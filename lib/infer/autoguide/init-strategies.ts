/**
 * Initialization strategies (Pyro's `pyro.infer.autoguide.initialization`): where an
 * autoguide's location parameters start.
 *
 * A strategy maps a latent site of the model (its name and its distribution, broadcast to its
 * plates) and a key to an initial *constrained* value of the site's shape. Autoguides call it
 * while tracing the model in order, so a site's distribution already depends on the initial
 * values of the sites before it. Randomness comes only from the key, which is the key of the
 * guide parameter being initialized (so guides need no key at construction).
 *
 * Fallbacks follow Pyro's, and every built-in strategy ends at a feasible point: `initToMean`
 * falls back to `initToMedian` when the mean is missing, NaN or not a usable value (see
 * {@link whyInfeasible}); `initToMedian` to `initToFeasible` for multivariate sites (the
 * elementwise median of Dirichlet draws leaves the simplex), when the family cannot be sampled,
 * and when the median is not usable; `initToSample` and `initToUniform` to `initToFeasible`
 * when their draw is not usable (a Beta draw rounded to exactly 0); `initToValue` to
 * `initToUniform` for sites it has no value for (a given value that is not usable is the
 * user's to fix: the autoguide fails naming the site). A value the autoguide still rejects
 * (a user's own strategy) is retried with fresh keys, then the autoguide fails naming the site.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { type Key, uniforms } from '../../core/key.js';
import { type Shape, sizeOf } from '../../core/shape.js';
import { bijectTo } from '../../distributions/constraints/biject-to.js';
import type { Distribution } from '../../distributions/distribution.js';
import { isMultivariate, whyInfeasible } from './feasibility.js';

/**
 * The latent site a strategy initializes: its name and its distribution (broadcast to the
 * site's plates, so `fn.batchShape + fn.eventShape` is the value's shape).
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface InitSite {
  readonly name: string;
  readonly fn: Distribution;
}

/**
 * An initialization strategy: a function of the site and a key returning a constrained value
 * of shape `fn.batchShape + fn.eventShape`; `strategyName` names it in error messages.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface InitStrategy {
  (site: InitSite, key: Key): tf.Tensor;
  readonly strategyName: string;
}

const strategy = (strategyName: string, fn: (site: InitSite, key: Key) => tf.Tensor): InitStrategy =>
  Object.assign((site: InitSite, key: Key) => fn(site, key), { strategyName });

const valueShape = (fn: Distribution): Shape => [...fn.batchShape, ...fn.eventShape];

const isNotImplemented = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { tag?: unknown }).tag === 'NotImplemented';

/**
 * `value` if it can start the site, else `fallback`'s value. (The rejected value is left to the
 * caller's `tf.tidy`: it may be a tensor the distribution holds, e.g. a `Delta`'s draw.)
 */
function orElse(site: InitSite, key: Key, value: tf.Tensor, fallback: (site: InitSite, key: Key) => tf.Tensor): tf.Tensor {
  return whyInfeasible(site.fn, value) === undefined ? value : fallback(site, key);
}

/**
 * `bijectTo(support)(0)`: the image of the unconstrained origin, always in the support
 * (Pyro's `init_to_feasible`). Deterministic.
 *
 * @example
 * ```ts
 * AutoNormal(model, { initLocFn: initToFeasible() }); // LogNormal sites start at 1, Normal at 0
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function initToFeasible(): InitStrategy {
  return strategy('initToFeasible', ({ fn }) => {
    const t = bijectTo(fn.support);
    return t.forward(tf.zeros([...t.inverseShape(valueShape(fn))]));
  });
}

/**
 * Options of {@link initToUniform}.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface InitToUniformOptions {
  /** Half-width of the unconstrained interval (default 2). */
  readonly radius?: number;
}

/**
 * A uniform draw on `[−radius, radius]` in unconstrained space, mapped onto the support
 * (Pyro's `init_to_uniform`; radius 2 as in Stan).
 *
 * @example
 * ```ts
 * AutoDelta(model, { initLocFn: initToUniform({ radius: 1 }) });
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function initToUniform(options: InitToUniformOptions = {}): InitStrategy {
  const radius = options.radius ?? 2;
  if (!(radius >= 0 && Number.isFinite(radius))) throw invalidArgument('initToUniform', 'radius', 'must be a finite number ≥ 0', String(radius));
  const feasible = initToFeasible();
  return strategy('initToUniform', (site, key) => {
    const t = bijectTo(site.fn.support);
    const shape = t.inverseShape(valueShape(site.fn));
    const u = Float32Array.from(uniforms(key, sizeOf(shape)), (x) => (2 * x - 1) * radius);
    return orElse(site, key, tf.tidy(() => t.forward(tf.tensor(u, [...shape], 'float32'))), feasible);
  });
}

/**
 * A draw from the site's distribution (Pyro's `init_to_sample`), or {@link initToFeasible}'s
 * point when the draw cannot start the site (on the support's boundary in float32).
 *
 * @example
 * ```ts
 * AutoNormal(model, { initLocFn: initToSample() });
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function initToSample(): InitStrategy {
  const feasible = initToFeasible();
  return strategy('initToSample', (site, key) => orElse(site, key, site.fn.sample(key), feasible));
}

/** Elementwise lower median over the leading axis of `samples` `[n, ...shape]`, in JS. */
function medianOverFirstAxis(samples: tf.Tensor, shape: Shape): tf.Tensor {
  const n = samples.shape[0];
  const m = sizeOf(shape);
  const data = samples.dataSync();
  const out = new Float32Array(m);
  const column = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) column[i] = data[i * m + j]!;
    column.sort();
    out[j] = column[(n - 1) >> 1]!;
  }
  return tf.tensor(out, [...shape], 'float32');
}

/**
 * Options of {@link initToMedian}.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface InitToMedianOptions {
  /** How many draws the median is taken over (default 15). */
  readonly numSamples?: number;
}

/**
 * The elementwise median of `numSamples` draws (Pyro's `init_to_median`, the continuous
 * autoguides' default): robust for heavy tails, unlike the mean. As Pyro's, falls back to
 * {@link initToFeasible} for multivariate sites (an event dim of size > 1 after `toEvent`:
 * Dirichlet, MultivariateNormal), when the family cannot be sampled, and when the median is not
 * a usable value (outside the support, NaN). For an even count the lower median is taken (as torch).
 *
 * @example
 * ```ts
 * AutoMultivariateNormal(model, { initLocFn: initToMedian({ numSamples: 31 }) });
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function initToMedian(options: InitToMedianOptions = {}): InitStrategy {
  const numSamples = options.numSamples ?? 15;
  if (!Number.isInteger(numSamples) || numSamples < 1) {
    throw invalidArgument('initToMedian', 'numSamples', 'must be a positive integer', String(numSamples));
  }
  const feasible = initToFeasible();
  return strategy('initToMedian', (site, key) => {
    if (isMultivariate(site.fn)) return feasible(site, key);
    let samples: tf.Tensor;
    try {
      samples = site.fn.sample(key, [numSamples]);
    } catch (e) {
      if (isNotImplemented(e)) return feasible(site, key);
      throw e;
    }
    return orElse(site, key, medianOverFirstAxis(samples, valueShape(site.fn)), feasible);
  });
}

/**
 * The distribution's mean (Pyro's `init_to_mean`), falling back to {@link initToMedian} where
 * the mean is missing, NaN (e.g. Cauchy) or not a usable value.
 *
 * @example
 * ```ts
 * AutoDiagonalNormal(model, { initLocFn: initToMean() });
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function initToMean(): InitStrategy {
  const median = initToMedian();
  return strategy('initToMean', (site, key) => {
    let mean: tf.Tensor;
    try {
      mean = site.fn.mean;
    } catch (e) {
      if (isNotImplemented(e)) return median(site, key);
      throw e;
    }
    return orElse(site, key, tf.broadcastTo(mean, [...valueShape(site.fn)]), median);
  });
}

/**
 * Options of {@link initToValue}.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface InitToValueOptions {
  /** Constrained initial values by site name. */
  readonly values: Readonly<Record<string, tf.Tensor | number>>;
  /** The strategy for sites not in `values` (default {@link initToUniform}). */
  readonly fallback?: InitStrategy;
}

/**
 * Given values for named sites (broadcast to the site's shape), another strategy for the rest
 * (Pyro's `init_to_value`, falling back to `initToUniform`).
 *
 * @example
 * ```ts
 * AutoDelta(model, { initLocFn: initToValue({ values: { loc: 3, scale: tf.scalar(1) } }) });
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function initToValue(options: InitToValueOptions): InitStrategy {
  const fallback = options.fallback ?? initToUniform();
  return strategy('initToValue', (site, key) => {
    const given = options.values[site.name];
    if (given === undefined) return fallback(site, key);
    const t = typeof given === 'number' ? tf.scalar(given) : given;
    return tf.broadcastTo(t, [...valueShape(site.fn)]);
  });
}
