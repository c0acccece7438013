/**
 * The distribution interface (defined in `core/site-distribution.ts`, since sample sites carry
 * it; re-exported here) and the base class every family extends.
 *
 * Shapes follow Pyro exactly: a draw with `sampleShape` has shape
 * `sampleShape + batchShape + eventShape`; `logProb(value)` sums over the event dims and
 * returns shape `sampleShape + batchShape` (broadcast with the value's leading dims).
 *
 * Parameters are stored as given (not broadcast eagerly): `batchShape` is kept explicitly, so
 * `expand` is free for families that override {@link DistributionBase.withBatchShape}, and
 * tfjs broadcasts inside each computation. Plates rely on this: a site inside a plate of size
 * N is expanded to batch shape `[N]` on every model run.
 *
 * Reshaping wrappers (`toEvent` = `Independent`, the generic `expand`, `mask`) live in their own
 * files and install themselves here through {@link installWrappers}, to keep this module free
 * of import cycles.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, ExpandDims, ToEventCount, ToEventDims, Value, dimsTag } from '../core/dims.js';
import { ignisError, invalidArgument } from '../core/errors.js';
import type { Key } from '../core/key.js';
import { type Shape, shapesEqual, showShape } from '../core/shape.js';
import type { Distribution } from '../core/site-distribution.js';
import { stopGradient } from '../ops/index.js';
import type { Constraint } from './constraints/index.js';

export type { Distribution } from '../core/site-distribution.js';

/** The reshaping wrappers, installed by their own modules (see the module header). */
export interface Wrappers {
  readonly independent: (base: Distribution, reinterpretedDims: number) => Distribution;
  readonly expanded: (base: Distribution, batchShape: Shape) => Distribution;
  readonly masked: (base: Distribution, mask: boolean | tf.Tensor) => Distribution;
}

const installed: Partial<Record<keyof Wrappers, Wrappers[keyof Wrappers]>> = {};

/** Install a reshaping wrapper (called once by `wrappers/independent.ts`, `wrappers/expanded.ts`, `wrappers/masked.ts`). */
export function installWrappers(wrappers: Partial<Wrappers>): void {
  Object.assign(installed, wrappers);
}

function wrapper<K extends keyof Wrappers>(name: K): Wrappers[K] {
  const w = installed[name] as Wrappers[K] | undefined;
  if (w === undefined) {
    throw new Error(`distributions: the '${name}' wrapper is not loaded; import from 'lib/distributions/index.js'.`);
  }
  return w;
}

/**
 * Resolve `expand`'s target shape against a current batch shape (Pyro/torch rules): `-1`
 * keeps a dim, existing dims must equal the target or be 1, new dims go on the left.
 */
export function resolveExpandShape(fn: string, current: Shape, target: Shape): Shape {
  const offset = target.length - current.length;
  const bad = (): never => {
    throw invalidArgument(
      `${fn}.expand`,
      'batchShape',
      `must extend the batch shape ${showShape(current)} (equal dims or 1, new dims on the left)`,
      showShape(target),
    );
  };
  if (offset < 0) bad();
  return target.map((d, i) => {
    const j = i - offset;
    const old = j >= 0 ? current[j] : undefined;
    if (d === -1) return old ?? bad();
    if (!Number.isInteger(d) || d < 0) return bad();
    if (old !== undefined && old !== 1 && old !== d) return bad();
    return d;
  });
}

/**
 * The base class of every family: shapes, the reshaping methods, and `NotImplemented`
 * defaults for what a family lacks.
 *
 * A family sets `family`, `support`, `hasRsample`, implements `logProb` and `rsample` or
 * `sample`, and overrides `withBatchShape` so that `expand` keeps the family (needed for KL
 * dispatch and cheap plate broadcasting).
 *
 * @category distributions
 * @since 0.1.0
 */
export abstract class DistributionBase<B extends Dims = Dims, E extends Dims = Dims> implements Distribution<B, E> {
  abstract readonly family: string;
  abstract readonly support: Constraint;
  readonly batchShape: Shape;
  readonly eventShape: Shape;
  declare readonly [dimsTag]?: readonly [B, E];

  protected constructor(batchShape: Shape, eventShape: Shape) {
    this.batchShape = batchShape;
    this.eventShape = eventShape;
  }

  get hasRsample(): boolean {
    return false;
  }

  get isDiscrete(): boolean {
    return this.support.isDiscrete;
  }

  /** `sampleShape + batchShape + eventShape`. */
  protected extendedShape(sampleShape: Shape = []): Shape {
    return [...sampleShape, ...this.batchShape, ...this.eventShape];
  }

  protected notImplemented(what: string): never {
    throw ignisError('NotImplemented', { fn: `${this.family}.${what}`, what: `${this.family} has no ${what}` });
  }

  /** A draw without gradient: `stopGradient(rsample(key))` for reparameterizable families. */
  sample(key: Key, sampleShape?: Shape): Value<B, E> {
    if (this.hasRsample) return stopGradient(this.rsample(key, sampleShape));
    return this.notImplemented('sample');
  }

  rsample(_key: Key, _sampleShape?: Shape): Value<B, E> {
    throw ignisError('NotImplemented', {
      fn: `${this.family}.rsample`,
      what: `${this.family} has no reparameterized sampler`,
      hint: 'Use sample(); the ELBOs use the score-function estimator for such sites.',
    });
  }

  abstract logProb(value: tf.Tensor): tf.Tensor;

  get mean(): tf.Tensor {
    return this.notImplemented('mean');
  }

  get variance(): tf.Tensor {
    return this.notImplemented('variance');
  }

  get stddev(): tf.Tensor {
    return tf.sqrt(this.variance);
  }

  entropy(): tf.Tensor {
    return this.notImplemented('entropy');
  }

  cdf(_value: tf.Tensor): tf.Tensor {
    return this.notImplemented('cdf');
  }

  icdf(_q: tf.Tensor): tf.Tensor {
    return this.notImplemented('icdf');
  }

  expand<const S extends Shape, const Names extends ExpandDims<S> = ExpandDims<S>>(batchShape: S, names?: Names): Distribution<Names, E> {
    if (names !== undefined && names.length !== batchShape.length) {
      throw invalidArgument(`${this.family}.expand`, 'names', `must name each of the ${batchShape.length} dims of batchShape ${showShape(batchShape)}`, `[${names.join(', ')}]`);
    }
    const shape = resolveExpandShape(this.family, this.batchShape, batchShape);
    if (shapesEqual(shape, this.batchShape)) {
      return this as Distribution as Distribution<Names, E>;
    }
    return this.withBatchShape(shape) as Distribution<Names, E>;
  }

  /**
   * This distribution with a larger (already validated) batch shape. The default wraps it in
   * the generic expanded distribution; families override it to keep their own type.
   */
  protected withBatchShape(batchShape: Shape): Distribution {
    return wrapper('expanded')(this, batchShape);
  }

  toEvent<const K extends number = B['length']>(n?: K & ToEventCount<B>): Distribution<ToEventDims<B, E, K>[0], ToEventDims<B, E, K>[1]> {
    const count = n ?? this.batchShape.length;
    if (count === 0) return this;
    return wrapper('independent')(this, count);
  }

  mask(mask: boolean | tf.Tensor): Distribution<B, E> {
    if (mask === true) return this;
    return wrapper('masked')(this, mask) as Distribution<B, E>;
  }
}
