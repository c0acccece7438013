/**
 * What every autoguide shares: its type (a model-shaped generator function with methods
 * attached), its options, the memoized prototype, the lazily computed initial point, and
 * reading its parameters back from a params record.
 *
 * A guide is called with the model's arguments. Its first call traces the model once (the
 * prototype, kept in the guide's closure); methods such as `median(params)` need it, so call
 * them after the guide has run once (`SVI.init` runs it) or call `setup(...args)` first.
 * Parameters are `param(name, initFn)` whose `initFn` receives the parameter's key: that is
 * where init strategies draw, so no key is needed to build a guide.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel, Message } from '../../core/effect.js';
import { ignisError } from '../../core/errors.js';
import { tensorsReachable } from '../../core/keep.js';
import type { Key } from '../../core/key.js';
import type { ParamValues } from '../params.js';
import { type InitStrategy, initToMedian } from './init-strategies.js';
import { type InitPoint, initialPoint } from './init-point.js';
import { type Prototype, tracePrototype } from './prototype.js';

/** Site values by name, as a guide returns them. @category autoguides @since 0.1.0 */
export type SiteValues = Readonly<Record<string, tf.Tensor>>;

/**
 * The generator function of a guide for a model with arguments `Args`: usable as `SVI`'s guide.
 *
 * @category autoguides
 * @since 0.1.0
 */
export type GuideFn<Args extends readonly unknown[]> = (...args: Args) => Generator<Message, SiteValues, unknown>;

/**
 * Methods every autoguide has.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface AutoGuideMethods<Args extends readonly unknown[], R = SiteValues> {
  /** The guide's name and the prefix of its parameter names, e.g. `'AutoMultivariateNormal'`. */
  readonly guideName: string;
  /** Trace the model (once; later calls return the same prototype). */
  setup(...args: Args): Prototype;
  /** The prototype, if the guide has run or `setup` was called. */
  getPrototype(): Prototype | undefined;
  /**
   * The posterior median of every latent site, in constrained space (from constrained `params`).
   * Typed `R`: a record keyed by the model's latent site names (`LatentRecord<M>`) when they are literal.
   */
  median(params: ParamValues): R;
  /**
   * Release what the guide keeps between runs: the tensors its model created during the
   * prototype trace and its supports and transforms hold (e.g. the bounds of a
   * `Uniform(0, 10)` built in the model), which the guide keeps alive for its lifetime. Call
   * it when done with the guide (after `svi.run` and reading the results): afterwards
   * `tf.memory().numTensors` is back where it was before the guide first ran. Idempotent. The
   * guide stays usable: running it (or `setup`) traces the model again; a method that needs
   * the prototype before that raises `ReleasedState`. Tensors the model did not create (its
   * arguments, your own constants) are never disposed. Parameters live in SVI's state or your
   * params record, not in the guide: dispose those separately.
   */
  dispose(): void;
}

/**
 * An autoguide: a guide function with methods `M`.
 *
 * @category autoguides
 * @since 0.1.0
 */
export type AutoGuide<Args extends readonly unknown[], M = AutoGuideMethods<Args>> = GuideFn<Args> & M;

/**
 * Options of every autoguide.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface AutoGuideOptions<Args extends readonly unknown[] = readonly unknown[]> {
  /**
   * Where location parameters start. Defaults as Pyro's: `initToMedian()`, except `AutoNormal`'s
   * `initToFeasible()`.
   */
  readonly initLocFn?: InitStrategy;
  /**
   * Subsample indices for the guide's plates, by plate name, from the model's arguments
   * (Pyro's `create_plates`): needed when the model passes its own `subsample` to a plate.
   */
  readonly createPlates?: (...args: Args) => Readonly<Record<string, tf.Tensor>>;
  /**
   * The parameter-name prefix (default: the guide's class name). Inside an `AutoGuideList`, a
   * part without a `name` is prefixed by its position instead (`AutoGuideList.0`, as Pyro's).
   */
  readonly name?: string;
}

/**
 * The hook by which an `AutoGuideList` re-prefixes a part (Pyro names a part's parameters by
 * its position: `AutoGuideList.0.loc`): present on autoguides built without an explicit
 * `name`, it rebuilds the same guide under another prefix.
 *
 * @category autoguides
 * @since 0.2.0
 */
export const RENAME: unique symbol = Symbol('Ignis.autoguide.rename');

/**
 * A guide that can be rebuilt under another prefix (see {@link RENAME}).
 *
 * @category autoguides
 * @since 0.2.0
 */
export interface Renamable {
  readonly [RENAME]?: (name: string) => unknown;
}

/**
 * Attach the {@link RENAME} hook to `guide` unless the user named it (`options.name`): a guide
 * named by its user keeps that name everywhere.
 *
 * @category autoguides
 * @since 0.2.0
 */
export function renamable<G extends object>(guide: G, options: { readonly name?: string }, rebuild: (name: string) => unknown): G {
  return options.name === undefined ? Object.assign(guide, { [RENAME]: rebuild }) : guide;
}

/**
 * The memoized prototype of one guide.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface PrototypeMemo {
  get(args: readonly unknown[]): Prototype;
  peek(): Prototype | undefined;
  require(method: string): Prototype;
  /** Dispose the tensors the prototype owns and forget it (idempotent); `get` traces again. */
  release(): void;
}

/** The id the next tensor will get (tfjs ids increase): tensors with a larger id are newer. */
function nextTensorId(): number {
  const probe = tf.scalar(0);
  probe.dispose();
  return probe.id + 1;
}

/**
 * A prototype computed on first use and kept in the guide's closure. It owns the tensors its
 * sites' supports and transforms reach that were created during its trace (the model's own
 * constants, e.g. a `Uniform(0, 10)`'s bounds): `release` disposes exactly those, never a
 * tensor that existed before the trace (the model's arguments, the user's constants).
 *
 * @category autoguides
 * @since 0.1.0
 */
export function prototypeMemo(model: AnyModel, guideName: string, check?: (proto: Prototype) => void): PrototypeMemo {
  let proto: Prototype | undefined;
  let owned: tf.Tensor[] = [];
  let released = false;
  const release = (): void => {
    for (const t of owned) if (!t.isDisposed) t.dispose();
    owned = [];
    proto = undefined;
  };
  const get = (args: readonly unknown[]): Prototype => {
    if (proto === undefined) {
      const start = nextTensorId();
      const traced = tracePrototype(model, args, guideName);
      owned = tensorsReachable(traced.sites.map((s) => [s.support, s.transform])).filter((t) => t.id >= start);
      try {
        check?.(traced);
      } catch (e) {
        release();
        throw e;
      }
      proto = traced;
      released = false;
    }
    return proto;
  };
  return {
    get,
    peek: () => proto,
    require: (method) => {
      if (proto !== undefined) return proto;
      if (released) {
        throw ignisError('ReleasedState', {
          fn: `${guideName}.${method}`,
          what: 'the guide\'s prototype was released',
          detail: 'guide.dispose() disposed the tensors it kept',
          hint: 'Run the guide again or call guide.setup(...modelArgs) first (it traces the model again).',
        });
      }
      throw ignisError('InvalidArgument', {
        fn: `${guideName}.${method}`,
        what: 'the guide has not traced its model yet',
        hint: 'Run the guide once (SVI.init does) or call guide.setup(...modelArgs) first.',
      });
    },
    release: () => {
      if (proto !== undefined) released = true;
      release();
    },
  };
}

/**
 * The initial point of one guide run, computed on first use from the first key asked (the key
 * of the first parameter that needs it) and shared by the run's other parameters.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function lazyInitPoint(model: AnyModel, args: readonly unknown[], proto: Prototype, strategy: InitStrategy | undefined, caller: string): (key: Key) => InitPoint {
  let point: InitPoint | undefined;
  return (key) => (point ??= initialPoint(model, args, proto, strategy ?? initToMedian(), key, caller));
}

/**
 * The constrained value of the parameter `name` in `params`, or a `MissingSite` error naming it.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function paramOf(params: ParamValues, name: string, caller: string): tf.Tensor {
  const value = params[name];
  if (value === undefined) {
    throw ignisError('MissingSite', {
      fn: caller,
      what: `parameter '${name}' is missing from the params`,
      detail: `got ${Object.keys(params).length === 0 ? 'no params' : Object.keys(params).join(', ')}`,
      hint: 'Pass the constrained params of a run: svi.getParams(state) or the params svi.run returns.',
    });
  }
  return value;
}
