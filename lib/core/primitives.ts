/**
 * The primitives models are written with: `sample`, `param`, `plate`, `deterministic`,
 * `module`. Each returns an effect to be run with `yield*`. (`factor` observes a `Unit`
 * distribution, so it is defined beside it, in `distributions/families/unit.ts`: the core
 * imports nothing from the distributions.)
 *
 * ```ts
 * function* model(data: tf.Tensor) {
 *   const loc = yield* sample('loc', Normal(0, 10));
 *   const scale = yield* sample('scale', LogNormal(0, 1));
 *   yield* plate('data', data.shape[0]!, function* () {
 *     yield* sample('obs', Normal(loc, scale), { obs: data });
 *   });
 * }
 * ```
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type Constraint, real } from './constraint.js';
import type { Dims, ObservedValue, Value } from './dims.js';
import type { DeterministicMessage, InferConfig, Mask, Op, ParamMessage, SampleMessage } from './effect.js';
import { invalidArgument } from './errors.js';
import type { Key } from './key.js';
import { type MaskedSampleEffect, maskedSample } from './masked-sample.js';
import { checkName, checkOptions, effect } from './op.js';
import type { Distribution } from './site-distribution.js';
import { toTensor, type TensorInput } from './tensor-input.js';

export { plate, plates, type InPlates, type PlateBody, type PlateHandle, type PlateOptions, type SequentialBody } from './plate.js';

/**
 * Options of {@link sample}. `X` is the type of the given `obs` (inferred; it makes the site
 * observed in the model's type).
 */
export interface SampleOptions<B extends Dims = Dims, E extends Dims = Dims, X extends SampleObs<B, E> = SampleObs<B, E>, K extends Mask | undefined = Mask | undefined> {
  /**
   * An observed value: the site is conditioned on it and contributes `log p(obs)`. Its type
   * must have the distribution's event dims and batch dims ending with its batch dims (a plain
   * tensor always fits).
   */
  readonly obs?: X;
  /**
   * Pyro's `obs_mask`: a bool tensor broadcastable to the batch shape; where true the entry of
   * `obs` is observed, elsewhere it is imputed by a latent `${name}_unobserved` (see
   * `masked-sample.ts`). Needs `obs`.
   */
  readonly obsMask?: K;
  /** Inference hints, e.g. `{ isAuxiliary: true }`. */
  readonly infer?: InferConfig;
  /** Mask this site's log-density: where false it counts 0 (Pyro's `poutine.mask`). */
  readonly mask?: Mask;
}

const SAMPLE_OPTIONS: readonly string[] = ['obs', 'obsMask', 'infer', 'mask'];

/** What `sample` returns: a {@link SampleEffect}, or with an `obsMask` (`K`) a {@link MaskedSampleEffect}. */
export type SampleResult<N extends string, B extends Dims, E extends Dims, X, K> = [K] extends [undefined] ? SampleEffect<N, B, E, IsObserved<X>> : MaskedSampleEffect<N, B, E>;

/** What `obs` may be at a site with dims `B`, `E` (see {@link ObservedValue}). */
export type SampleObs<B extends Dims = Dims, E extends Dims = Dims> = ObservedValue<B, E> | number | undefined;

/** Whether an `obs` of type `X` makes a site observed: `false` without one, `boolean` if it may be undefined. */
export type IsObserved<X> = [X] extends [undefined] ? false : undefined extends X ? boolean : true;

/**
 * A `sample` effect: yields a {@link SampleMessage}, returns the site's value (typed with the
 * distribution's own dims: the plates around the statement are not visible here).
 */
export type SampleEffect<N extends string = string, B extends Dims = Dims, E extends Dims = Dims, O extends boolean = boolean> = SampleMessage<
  N,
  B,
  E,
  O,
  readonly []
> &
  Op<Value<B, E>, SampleMessage<N, B, E, O, readonly []>>;

/**
 * Draw (or observe) a random variable named `name` from `fn`.
 *
 * Inside plates the distribution is broadcast to the plates' batch shape; with `obs` the
 * site is observed and its value is `obs`; with `obs` and `obsMask`, Pyro's masked
 * observation: the sites `${name}_observed`, `${name}_unobserved` (a latent the guide must
 * provide) and the deterministic `name` holding the interleaved value (see `masked-sample.ts`).
 * An option Ignis does not know is an `InvalidArgument` (and a compile error in a literal).
 *
 * Types: the site's name, dims and observedness enter the model's effect row (see
 * `site-types.ts`); an `obs` whose dims are known and differ from the distribution's is a
 * compile error.
 *
 * @example
 * ```ts
 * const z = yield* sample('z', Normal(0, 1));
 * yield* sample('y', Normal(z, 1), { obs: y });
 * // Pyro's obs_mask: where isObserved is false, y is imputed by the latent 'y_unobserved'
 * const yFull = yield* sample('y', Normal(z, 1), { obs: yFilled, obsMask: isObserved });
 * ```
 * @category primitives
 * @since 0.1.0
 */
export function sample<N extends string, B extends Dims, E extends Dims, X extends SampleObs<B, E> = undefined, K extends Mask | undefined = undefined>(
  name: N,
  fn: Distribution<B, E>,
  options: SampleOptions<B, E, X, K> = {},
): SampleResult<N, B, E, X, K> {
  checkName('sample', name);
  if (typeof (fn as Partial<Distribution> | undefined)?.logProb !== 'function') {
    throw invalidArgument('sample', 'fn', `of site '${name}' must be a distribution`, typeof fn);
  }
  checkOptions('sample', options, SAMPLE_OPTIONS, name);
  const obs: tf.Tensor | number | undefined = options.obs;
  if (options.obsMask !== undefined) {
    return maskedSample(name, fn, obs === undefined ? undefined : toTensor(obs), options.obsMask, options.mask ?? true, options.infer ?? {}) as SampleResult<N, B, E, X, K>;
  }
  return effect<Value<B, E>, SampleMessage<N, B, E, IsObserved<X>, readonly []>>({
    type: 'sample',
    name,
    fn,
    value: obs === undefined ? undefined : toTensor(obs),
    isObserved: obs !== undefined,
    scale: 1,
    mask: options.mask ?? true,
    infer: options.infer ?? {},
    plates: [],
    stop: false,
    key: undefined,
  }) as SampleResult<N, B, E, X, K>;
}

/** Options of {@link param}. */
export interface ParamOptions {
  /** The constraint the value satisfies (default `real`); SVI optimises in unconstrained space. */
  readonly constraint?: Constraint;
  /**
   * How many rightmost dims form one event (for params inside plates). With it, a param read
   * inside a subsampled plate holds the plate at full size along `plate.dim − eventDim` and
   * returns the subsample's rows there (Pyro's rule; `core/param-rows.ts`).
   */
  readonly eventDim?: number;
}

/** A `param` effect: returns the parameter's (constrained) value. */
export type ParamEffect<N extends string = string> = ParamMessage<N> & Op<tf.Tensor, ParamMessage<N>>;

/**
 * A learnable parameter named `name`, initialised to `init` (in constrained space) the first
 * time it is seen. Interpreters substitute the current value (`simulate(model, { params })`).
 *
 * @example
 * ```ts
 * const loc = yield* param('loc', tf.zeros([3]));
 * const scale = yield* param('scale', tf.ones([3]), { constraint: constraints.positive });
 * // per-datum params: full size N, the current mini-batch's rows inside the plate
 * yield* plate('data', N, { subsampleSize: 64 }, function* () {
 *   const local = yield* param('local_loc', () => tf.zeros([N]), { eventDim: 0 }); // shape [64]
 * });
 * ```
 * @category primitives
 * @since 0.1.0
 */
export function param<N extends string>(
  name: N,
  init: TensorInput | ((key: Key) => tf.Tensor),
  options: ParamOptions = {},
): ParamEffect<N> {
  checkName('param', name);
  checkOptions('param', options, ['constraint', 'eventDim'], name);
  return effect<tf.Tensor, ParamMessage<N>>({
    type: 'param',
    name,
    init: typeof init === 'function' ? init : toTensor(init),
    constraint: options.constraint ?? real,
    eventDim: options.eventDim,
    value: undefined,
    plates: [],
    stop: false,
    key: undefined,
  });
}

/** A `deterministic` effect: returns its value. */
export type DeterministicEffect<N extends string = string> = DeterministicMessage<N> & Op<tf.Tensor, DeterministicMessage<N>>;

/**
 * Record a value computed from other sites under `name` (Pyro's `deterministic`), so it shows
 * in traces and `Predictive` output.
 *
 * @category primitives
 * @since 0.1.0
 */
export function deterministic<N extends string>(name: N, value: tf.Tensor, options: { readonly eventDim?: number } = {}): DeterministicEffect<N> {
  checkName('deterministic', name);
  checkOptions('deterministic', options, ['eventDim'], name);
  return effect<tf.Tensor, DeterministicMessage<N>>({
    type: 'deterministic',
    name,
    value,
    eventDim: options.eventDim ?? 0,
    plates: [],
    stop: false,
    key: undefined,
  });
}

/**
 * A network whose weights can become parameters: `params` gives each weight's initial value
 * (or a function of a key that draws one), `bind` returns the network computed with given
 * weights.
 *
 * @category primitives
 * @since 0.1.0
 */
export interface Module<F> {
  readonly params: Readonly<Record<string, tf.Tensor | ((key: Key) => tf.Tensor)>>;
  readonly bind: (weights: Readonly<Record<string, tf.Tensor>>) => F;
}

/** The separator between a module's name and its weight names in param site names. */
export const MODULE_SEPARATOR = '$$$';

/**
 * Register the weights of `net` as parameters named `name$$$weight` and return the network
 * bound to their current values (Pyro's `module`).
 *
 * @example
 * ```ts
 * const encode = yield* module('encoder', Serial(Dense(16, 64), Tanh, Dense(64, 8)));
 * const out = encode(x);
 * ```
 * @category primitives
 * @since 0.1.0
 */
export function* module<F>(name: string, net: Module<F>): Generator<ParamMessage, F, unknown> {
  checkName('module', name);
  const weights: Record<string, tf.Tensor> = {};
  for (const [weight, init] of Object.entries(net.params)) {
    weights[weight] = yield* param(`${name}${MODULE_SEPARATOR}${weight}`, init);
  }
  return net.bind(weights);
}
