/**
 * `TransformedDistribution`: the distribution of `y = t_n(… t_1(x))` for `x ~ base` (Pyro's
 * `TransformedDistribution`).
 *
 * Shapes follow Pyro: with `T = ComposeTransform(transforms)`, the base is expanded to
 * `T.inverseShape(T.forwardShape(base shape))` and wrapped in `Independent` when `T`'s domain
 * has more event dims than the base; the event rank is
 * `max(T.codomainEventDim, base event rank + T.codomainEventDim − T.domainEventDim)`.
 * Density: `log p(y) = log p_base(x) − Σ log|det J_t|`, each term summed over the dims the
 * event adds to it.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, Value } from '../../core/dims.js';
import { invalidArgument } from '../../core/errors.js';
import type { Key } from '../../core/key.js';
import { type Shape, shapesEqual, showShape } from '../../core/shape.js';
import { type Constraint, independent } from '../constraints/index.js';
import { type Distribution, DistributionBase } from '../distribution.js';
import { IndependentDist, sumRightmost } from './independent.js';
import { ComposeTransform } from '../transforms/compose.js';
import type { Transform } from '../transforms/transform.js';
import { checkSupport } from '../util.js';
import './index.js';

/** The base distribution reshaped as Pyro does, and the batch and event shapes. */
function layout(base: Distribution, transforms: readonly Transform[]): { base: Distribution; batchShape: Shape; eventShape: Shape } {
  const t = ComposeTransform(transforms);
  const baseShape = [...base.batchShape, ...base.eventShape];
  const baseEventDim = base.eventShape.length;
  if (baseShape.length < t.domainEventDim) {
    throw invalidArgument(
      'TransformedDistribution',
      'base',
      `must have at least ${t.domainEventDim} dims (the transforms' domain event dims)`,
      `batch ${showShape(base.batchShape)}, event ${showShape(base.eventShape)}`,
    );
  }
  const forwardShape = t.forwardShape(baseShape);
  const expandedBaseShape = t.inverseShape(forwardShape);
  let reshaped = base;
  if (!shapesEqual(baseShape, expandedBaseShape)) {
    reshaped = base.expand(expandedBaseShape.slice(0, expandedBaseShape.length - baseEventDim));
  }
  const reinterpreted = t.domainEventDim - baseEventDim;
  if (reinterpreted > 0) reshaped = new IndependentDist(reshaped, reinterpreted);
  const eventDim = Math.max(t.codomainEventDim, baseEventDim + t.codomainEventDim - t.domainEventDim);
  const cut = forwardShape.length - eventDim;
  return { base: reshaped, batchShape: forwardShape.slice(0, cut), eventShape: forwardShape.slice(cut) };
}

/**
 * The distribution of `transforms` applied in order to draws of `base`.
 *
 * @category distributions
 * @since 0.1.0
 */
export class TransformedDist<B extends Dims = Dims, E extends Dims = Dims> extends DistributionBase<B, E> {
  /** The family name on the class too, so `registerKL(TransformedDist, ...)` resolves it. */
  static readonly family: string = 'TransformedDistribution';
  /** `'TransformedDistribution'`, or the name of a family built on it (`'Weibull'`, `'Pareto'`, …). */
  readonly family: string = 'TransformedDistribution';
  /** The base distribution, reshaped (expanded, `Independent`) as the transforms require. */
  readonly base: Distribution;
  readonly transforms: readonly Transform[];

  /** The wrapped distribution under Pyro's name (`base_dist`); the same object as `base`. */
  get baseDist(): Distribution {
    return this.base;
  }

  /** `base` must already be laid out (see {@link TransformedDistribution}). */
  constructor(base: Distribution, transforms: readonly Transform[], batchShape: Shape, eventShape: Shape) {
    super(batchShape, eventShape);
    this.base = base;
    this.transforms = transforms;
  }

  /** The last transform's codomain, made `independent` up to the event rank. */
  get support(): Constraint {
    const last = this.transforms[this.transforms.length - 1];
    if (last === undefined) return this.base.support;
    const extra = this.eventShape.length - last.codomainEventDim;
    return extra > 0 ? independent(last.codomain, extra) : last.codomain;
  }

  override get hasRsample(): boolean {
    return this.base.hasRsample;
  }

  override sample(key: Key, sampleShape?: Shape): Value<B, E> {
    return tf.tidy(() => this.push(this.base.sample(key, sampleShape)));
  }

  override rsample(key: Key, sampleShape?: Shape): Value<B, E> {
    return tf.tidy(() => this.push(this.base.rsample(key, sampleShape)));
  }

  private push(x: tf.Tensor): tf.Tensor {
    return this.transforms.reduce((v, t) => t.forward(v), x);
  }

  /** `log p_base(x) − Σₜ log|det Jₜ|`, inverting the transforms one by one. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    return tf.tidy(() => {
      let eventDim = this.eventShape.length;
      let y = value;
      let logDet: tf.Tensor | undefined;
      for (const t of [...this.transforms].reverse()) {
        const x = t.inverse(y);
        eventDim += t.domainEventDim - t.codomainEventDim;
        const term = sumRightmost(t.logAbsDetJacobian(x, y), eventDim - t.domainEventDim);
        logDet = logDet === undefined ? term : tf.add(logDet, term);
        y = x;
      }
      const baseLp = sumRightmost(this.base.logProb(y), eventDim - this.base.eventShape.length);
      return logDet === undefined ? baseLp : tf.sub(baseLp, logDet);
    });
  }

  /** The base's CDF at `t⁻¹(value)`, flipped (`1 − F`) when the transforms decrease. */
  override cdf(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const x = this.transforms.reduceRight((v, t) => t.inverse(v), value);
      return this.monotonize(this.base.cdf(x));
    });
  }

  /** `t(F⁻¹_base(q'))` with `q'` flipped when the transforms decrease. */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.transforms.reduce((v, t) => t.forward(v), this.base.icdf(this.monotonize(q))));
  }

  /** Pyro's `_monotonize_cdf`: `sign · (p − ½) + ½` with the product of the transforms' signs. */
  private monotonize(p: tf.Tensor): tf.Tensor {
    const sign = ComposeTransform(this.transforms).sign;
    if (sign === undefined) {
      throw invalidArgument('TransformedDistribution.cdf', 'transforms', 'must all be monotone (have a sign)', this.transforms.map((t) => t.name).join(', '));
    }
    if (sign === 1) return p;
    return tf.add(tf.mul(tf.sub(p, 0.5), sign), 0.5);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    let shape: Shape = [...batchShape, ...this.eventShape];
    for (const t of [...this.transforms].reverse()) shape = t.inverseShape(shape);
    const baseBatch = shape.slice(0, shape.length - this.base.eventShape.length);
    return new TransformedDist(this.base.expand(baseBatch), this.transforms, batchShape, this.eventShape);
  }
}

/**
 * The distribution of `y = transforms[n−1](… transforms[0](x))` with `x ~ base`.
 *
 * @example
 * ```ts
 * // LogNormal(0, 1) as a transformed Normal:
 * const d = TransformedDistribution(Normal(0, 1), [transforms.ExpTransform()]);
 * d.logProb(tf.scalar(1)); // −½ log 2π
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function TransformedDistribution(base: Distribution, transforms: Transform | readonly Transform[]): TransformedDist {
  const list: readonly Transform[] = 'forward' in transforms ? [transforms] : [...transforms];
  const { base: reshaped, batchShape, eventShape } = layout(base, list);
  return new TransformedDist(reshaped, list, batchShape, eventShape);
}
