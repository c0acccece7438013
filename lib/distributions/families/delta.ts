/**
 * The Delta (point mass) distribution at `v`, with an optional `logDensity` and `eventDim`
 * (Pyro's `Delta`): how autoguides and auxiliary guides hand a value computed elsewhere to a
 * model site.
 *
 * Shapes: batch shape `v.shape[:rank − eventDim]`, event shape the rightmost `eventDim` dims.
 * Density: `log p(x) = Σ_event log[x = v] + logDensity`, i.e. `logDensity` where `x` equals `v`
 * on the whole event, else `−∞`. `rsample` returns `v` broadcast to
 * `sampleShape + batchShape + eventShape`, so gradients flow to `v`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, ParamBatch, ToEventDims, Value } from '../../core/dims.js';
import { invalidArgument } from '../../core/errors.js';
import type { Key } from '../../core/key.js';
import { type Shape, dropRight, shapesEqual, showShape, takeRight, tryBroadcastShapes } from '../../core/shape.js';
import { type Constraint, independent, real } from '../constraints/index.js';
import { type Distribution, DistributionBase } from '../distribution.js';
import { sumRightmost } from '../wrappers/independent.js';
import { type TensorInput, broadcastIfNeeded, checkSupport, logProbShape, toTensor, construct } from '../util.js';
import '../wrappers/index.js';

/**
 * The Delta family. Construct it with {@link Delta}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class DeltaDist<B extends Dims = Dims, E extends Dims = Dims> extends DistributionBase<B, E> {
  readonly family = 'Delta';
  readonly support: Constraint;
  /** The location of the point mass (unbroadcast). */
  readonly v: tf.Tensor;
  /** How many rightmost dims of `v` form one event. */
  readonly eventDim: number;
  /** The given log-density (broadcastable to the batch shape), or `undefined` for 0. */
  protected readonly givenLogDensity: tf.Tensor | undefined;

  constructor(v: tf.Tensor, logDensity: tf.Tensor | undefined, eventDim: number, batchShape?: Shape) {
    super(batchShape ?? dropRight(v.shape, eventDim), takeRight(v.shape, eventDim));
    this.v = v;
    this.eventDim = eventDim;
    this.givenLogDensity = logDensity;
    this.support = independent(real, eventDim);
  }

  /** The log-density added where `x = v`, of the batch shape (zeros when none was given). */
  get logDensity(): tf.Tensor {
    if (this.givenLogDensity === undefined) return tf.zeros([...this.batchShape]);
    return broadcastIfNeeded(this.givenLogDensity, this.batchShape);
  }

  override get hasRsample(): boolean {
    return true;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new DeltaDist(this.v, this.givenLogDensity, this.eventDim, batchShape);
  }

  /**
   * `v` broadcast to `sampleShape + batchShape + eventShape` (gradients flow to `v`). When no
   * broadcast is needed this is `v` itself (no kernel): do not dispose it separately.
   */
  override rsample(_key: Key, sampleShape: Shape = []): Value<B, E> {
    return broadcastIfNeeded(this.v, this.extendedShape(sampleShape));
  }

  /** `Σ_event log[x = v] + logDensity` (0 or −∞, plus the log-density; no gradient to `v`). */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, this.eventDim);
    const hit = tf.log(tf.cast(tf.equal(value, this.v), 'float32'));
    const lp = sumRightmost(hit, this.eventDim);
    return broadcastIfNeeded(this.givenLogDensity === undefined ? lp : tf.add(lp, this.givenLogDensity), shape);
  }

  /** `E[x] = v`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.v, [...this.batchShape, ...this.eventShape]);
  }

  /** `Var[x] = 0`. */
  override get variance(): tf.Tensor {
    return tf.zeros([...this.batchShape, ...this.eventShape]);
  }

  /** `0`: the standard deviation of a point mass. */
  override get stddev(): tf.Tensor {
    return tf.zeros([...this.batchShape, ...this.eventShape]);
  }
}

/** Options of {@link Delta}. `K` is the literal type of `eventDim` (it sets the phantom event dims). */
export interface DeltaOptions<K extends number = number> {
  /** Added to the log-density where `x = v` (broadcastable to the batch shape); default 0. */
  readonly logDensity?: TensorInput;
  /** How many rightmost dims of `v` form one event; default 0. */
  readonly eventDim?: K;
}

/** Phantom `[batch, event]` dims of `Delta(v, { eventDim: K })`: the rightmost `K` dims of `v` are the event. */
type DeltaDims<V, K extends number> = ToEventDims<ParamBatch<V>, readonly [], K>;

/**
 * A point mass at `v`: `Delta(v, { logDensity?, eventDim? })`.
 *
 * Gotchas: `logProb` is `−∞` off `v` (compare with exactly the value you sampled); the
 * gradient flows to `v` through `rsample` and to `logDensity` through `logProb`, never to `v`
 * through `logProb` (as in Pyro); no `entropy` or `cdf` (Pyro raises NotImplemented too).
 *
 * @example
 * ```ts
 * const d = Delta(tf.tensor([1, 2, 3]), { logDensity: 1.5, eventDim: 1 }); // batch [], event [3]
 * d.logProb(tf.tensor([[1, 2, 3], [1, 2, 4]])); // [1.5, -Infinity]
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Delta<V extends TensorInput, const K extends number = 0>(
  v: V,
  options: DeltaOptions<K> = {},
): DeltaDist<DeltaDims<V, K>[0], DeltaDims<V, K>[1]> {
  return construct(() => {
    const vT = toTensor(v);
    const eventDim: number = options.eventDim ?? 0;
    if (!Number.isInteger(eventDim) || eventDim < 0 || eventDim > vT.rank) {
      throw invalidArgument('Delta', 'eventDim', `must be an integer between 0 and the rank of v (${vT.rank})`, String(eventDim));
    }
    const batchShape = dropRight(vT.shape, eventDim);
    const logDensity = options.logDensity === undefined ? undefined : toTensor(options.logDensity);
    if (logDensity !== undefined) {
      const joint = tryBroadcastShapes(logDensity.shape, batchShape);
      if (joint === undefined || !shapesEqual(joint, batchShape)) {
        throw invalidArgument(
          'Delta',
          'logDensity',
          `must broadcast to the batch shape ${showShape(batchShape)}`,
          `shape ${showShape(logDensity.shape)}`,
        );
      }
    }
    return new DeltaDist<DeltaDims<V, K>[0], DeltaDims<V, K>[1]>(vT, logDensity, eventDim, batchShape);
  });
}
