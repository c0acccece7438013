/**
 * The {@link Distribution} interface: what a `sample` site's distribution offers. It lives in
 * the core because effects, sites and plates carry distributions; the families, the base class
 * they extend (`DistributionBase`) and the reshaping wrappers are in `distributions/`, which
 * re-exports this interface.
 *
 * Shapes follow Pyro exactly: a draw with `sampleShape` has shape
 * `sampleShape + batchShape + eventShape`; `logProb(value)` sums over the event dims and
 * returns shape `sampleShape + batchShape` (broadcast with the value's leading dims).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Constraint } from './constraint.js';
import type { Dims, ExpandDims, ToEventCount, ToEventDims, Value, dimsTag } from './dims.js';
import type { Key } from './key.js';
import type { Shape } from './shape.js';

/**
 * A probability distribution with Pyro's batch/event shape semantics.
 *
 * `B` and `E` are phantom batch and event dim *names* (see `core/dims.ts`); they default to
 * wide, and then every value is a plain `tf.Tensor`.
 *
 * @category distributions
 * @since 0.1.0
 */
export interface Distribution<B extends Dims = Dims, E extends Dims = Dims> {
  /** The family name, e.g. `'Normal'`; the KL registry dispatches on it. */
  readonly family: string;
  readonly batchShape: Shape;
  readonly eventShape: Shape;
  /** The set of values with positive density. */
  readonly support: Constraint;
  /** Whether `rsample` exists (draws differentiable w.r.t. the parameters). */
  readonly hasRsample: boolean;
  /** Whether the support is discrete. */
  readonly isDiscrete: boolean;
  /** A draw of shape `sampleShape + batchShape + eventShape`, with no gradient. */
  sample(key: Key, sampleShape?: Shape): Value<B, E>;
  /** A reparameterized draw: gradients flow to the parameters. */
  rsample(key: Key, sampleShape?: Shape): Value<B, E>;
  /** Log-density (or log-mass) of `value`, summed over event dims. */
  logProb(value: tf.Tensor): tf.Tensor;
  /** Mean, of shape `batchShape + eventShape`. */
  readonly mean: tf.Tensor;
  /** Variance, of shape `batchShape + eventShape`. */
  readonly variance: tf.Tensor;
  /** Standard deviation, `√variance`. */
  readonly stddev: tf.Tensor;
  /** Entropy `−E[log p(x)]`, of shape `batchShape`. */
  entropy(): tf.Tensor;
  /** Cumulative distribution function, where a closed form exists. */
  cdf(value: tf.Tensor): tf.Tensor;
  /** Inverse CDF (quantile function), where a closed form exists. */
  icdf(q: tf.Tensor): tf.Tensor;
  /**
   * The same distribution broadcast to a larger batch shape (`-1` keeps a dim). Types: a
   * literal-length shape gives that many unnamed batch dims (`expand([d])`: `readonly [string]`),
   * or the given `names`, one per dim (`expand([K, B], ['components', 'mini_batch'])`).
   */
  expand<const S extends Shape, const Names extends ExpandDims<S> = ExpandDims<S>>(batchShape: S, names?: Names): Distribution<Names, E>;
  /**
   * Move the rightmost `n` batch dims into the event (`Independent`). Default: all of them.
   * Types: the rightmost `n` batch names move to the event; on known batch dims `n` must be
   * at most their number (a compile error otherwise).
   */
  toEvent<const K extends number = B['length']>(n?: K & ToEventCount<B>): Distribution<ToEventDims<B, E, K>[0], ToEventDims<B, E, K>[1]>;
  /** Mask log-densities: where `mask` is false the log-density is 0 (Pyro's `.mask`). */
  mask(mask: boolean | tf.Tensor): Distribution<B, E>;
  /** Phantom batch and event dim names; never present at run time. */
  readonly [dimsTag]?: readonly [B, E];
}
