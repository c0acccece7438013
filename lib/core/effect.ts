/**
 * Effects, messages and sites: the protocol between models, handlers and interpreters.
 *
 * A model is a function returning a generator. Each primitive (`sample`, `param`, `plate`,
 * `deterministic`, `factor`, `module`) returns an *effect*: an iterable value that yields one
 * {@link Message} and returns what the interpreter sends back, so `yield*` on it evaluates to
 * the effect's result type:
 *
 * ```ts
 * const x = yield* sample('x', Normal(0, 1)); // x: tf.Tensor
 * ```
 *
 * A message travels outwards through the handlers wrapping the model (each returns a new
 * message), reaches the interpreter, which resolves it into a {@link Site} (draws the value,
 * allocates plate dims, records it in the trace), and the site travels back inwards; the
 * effect's iterator returns the site's value to the model.
 *
 * Writing `yield` instead of `yield*` is a compile error (TS7057: the `yield` expression has
 * an implicit `any` type), so the star cannot be forgotten silently.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Constraint } from './constraint.js';
import type { Dims, Frames, siteTag } from './dims.js';
import type { Key } from './key.js';
import type { Distribution } from './site-distribution.js';

/** A log-density scale: a number or a tensor broadcastable with the site's batch shape. */
export type Scale = number | tf.Tensor;

/** A log-density mask: `true` (keep), `false` (drop), or a bool tensor. */
export type Mask = boolean | tf.Tensor;

/**
 * One (vectorized) plate a site sits in: its name, full `size`, the number of indices actually
 * used (`subsampleSize`, equal to `size` without subsampling), and the batch `dim` it claims
 * (negative, counted from the right).
 *
 * @category core
 * @since 0.1.0
 */
export interface PlateFrame {
  readonly name: string;
  readonly size: number;
  readonly subsampleSize: number;
  readonly dim: number;
}

/**
 * A sequential plate (Pyro's `for i in plate(...)`): it claims no batch dim, so its `dim` is
 * `undefined`, as Pyro records such frames with `dim=None`.
 *
 * @category core
 * @since 0.2.0
 */
export interface SequentialPlateFrame {
  readonly name: string;
  readonly size: number;
  readonly subsampleSize: number;
  readonly dim: undefined;
}

/**
 * One iteration of a sequential plate a site sits in: the plate's frame and the `index` the
 * iteration runs for. Sites in iterations of the same plate with different indices are
 * conditionally independent given the sites outside the plate (Pyro's `counter`; the index
 * rather than the iteration count, so two loops over the same plate agree on which iterations
 * belong together).
 *
 * @category core
 * @since 0.2.0
 */
export interface SequentialFrame extends SequentialPlateFrame {
  readonly index: number;
}

/**
 * A `blockPlate` request travelling with a message (Pyro's `block_plate`): the first enclosing
 * plate it matches (by `name`, or by `dim`) leaves the message alone and records itself as
 * `frame`; the interpreter raises for a `strict` request nothing matched.
 */
export interface PlateBlock {
  readonly name: string | undefined;
  readonly dim: number | undefined;
  readonly strict: boolean;
  /** The plate the request blocked, once matched. */
  readonly frame: PlateFrame | SequentialPlateFrame | undefined;
}

/**
 * Per-site inference hints (Pyro's `infer` dict). `isAuxiliary` marks guide-only sites that
 * the model does not have (they contribute `−log q` to the mean-field ELBO).
 *
 * @category core
 * @since 0.1.0
 */
export interface InferConfig {
  readonly isAuxiliary?: boolean;
  readonly [key: string]: unknown;
}

/** Fields every message carries. */
interface MessageBase {
  readonly name: string;
  /** The (vectorized) plates the site sits in, outermost first. */
  readonly plates: readonly PlateFrame[];
  /** The iterations of sequential plates the site sits in, outermost first (absent: none). */
  readonly sequential?: readonly SequentialFrame[];
  /** `blockPlate` requests (absent: none); see {@link PlateBlock}. */
  readonly blockedPlates?: readonly PlateBlock[];
  /** Set by `block`: handlers further out leave the message alone and it is not recorded. */
  readonly stop: boolean;
  /** A key for this site's randomness, set by the `seed` handler (else the interpreter's). */
  readonly key: Key | undefined;
}

/**
 * A `sample` statement on its way to the interpreter. The type parameters are phantom and
 * never affect run-time behaviour: `N` the site name, `B`/`E` the distribution's batch/event
 * dim names, `O` whether the site is observed (`boolean` when unknown), `P` the plates around
 * it (outermost first; see `site-types.ts`, distinct from the run-time `plates` field, which
 * `plate` fills on the way out).
 */
export interface SampleMessage<
  N extends string = string,
  B extends Dims = Dims,
  E extends Dims = Dims,
  O extends boolean = boolean,
  P extends Frames = Frames,
> extends MessageBase {
  readonly type: 'sample';
  readonly name: N;
  readonly fn: Distribution<B, E>;
  /** The value, if already known (observed, conditioned, replayed). */
  readonly value: tf.Tensor | undefined;
  readonly isObserved: boolean;
  readonly scale: Scale;
  readonly mask: Mask;
  readonly infer: InferConfig;
  /** Phantom observedness and plate frames; never present at run time. */
  readonly [siteTag]?: readonly [O, P];
}

/** A `param` statement on its way to the interpreter. */
export interface ParamMessage<N extends string = string> extends MessageBase {
  readonly type: 'param';
  readonly name: N;
  /** Initial value in constrained space, or a function of a key that returns one. */
  readonly init: tf.Tensor | ((key: Key) => tf.Tensor);
  readonly constraint: Constraint;
  /** How many rightmost dims form one event (for plates over params); default 0. */
  readonly eventDim: number | undefined;
  /** The constrained value, if provided by a handler or the interpreter's params. */
  readonly value: tf.Tensor | undefined;
}

/**
 * The entry into a `plate`: the interpreter allocates its dim and its (sub)sample indices at the
 * first entry of the run and keeps them for every later entry of the same name.
 */
export interface PlateMessage<N extends string = string> extends MessageBase {
  readonly type: 'plate';
  readonly name: N;
  readonly size: number;
  readonly subsampleSize: number | undefined;
  /** The requested dim (negative), or `undefined` for the next free one (always `undefined` when sequential). */
  readonly dim: number | undefined;
  /** The indices, if given by the user (`subsample`) or by a handler (replay). */
  readonly value: tf.Tensor | undefined;
  /** `false` for a sequential plate (its body runs once per index and claims no dim). */
  readonly vectorized: boolean;
}

/** A `deterministic` statement: a named value recorded in the trace. */
export interface DeterministicMessage<N extends string = string> extends MessageBase {
  readonly type: 'deterministic';
  readonly name: N;
  readonly value: tf.Tensor;
  readonly eventDim: number;
}

/**
 * Any message.
 *
 * @category core
 * @since 0.1.0
 */
export type Message = SampleMessage | ParamMessage | PlateMessage | DeterministicMessage;

/** A resolved sample statement, as recorded in a trace. */
export interface SampleSite<N extends string = string, B extends Dims = Dims, E extends Dims = Dims> extends SampleMessage<N, B, E> {
  readonly value: tf.Tensor;
}

/** A resolved param statement: `value` is in constrained space. */
export interface ParamSite<N extends string = string> extends ParamMessage<N> {
  /** What the program received: inside subsampled plates (with `eventDim`), the subsample's rows. */
  readonly value: tf.Tensor;
  /** The whole parameter, when `value` holds only subsampled rows and the whole was materialized. */
  readonly whole?: tf.Tensor;
}

/** A resolved plate entry: its frame and the indices used. */
export interface PlateSite<N extends string = string> extends PlateMessage<N> {
  readonly value: tf.Tensor;
  /** The plate's frame: a {@link PlateFrame}, or a {@link SequentialPlateFrame} (`dim` undefined) when sequential. */
  readonly frame: PlateFrame | SequentialPlateFrame;
}

/** A recorded deterministic value. */
export type DeterministicSite<N extends string = string> = DeterministicMessage<N>;

/**
 * Any resolved site.
 *
 * @category core
 * @since 0.1.0
 */
export type Site = SampleSite | ParamSite | PlateSite | DeterministicSite;

/** The site type a message resolves to. */
export type SiteOf<M extends Message> = M extends SampleMessage
  ? SampleSite
  : M extends ParamMessage
    ? ParamSite
    : M extends PlateMessage
      ? PlateSite
      : DeterministicSite;

/**
 * A value that `yield*` can run: it yields messages of type `Y` and returns an `A`.
 *
 * @category core
 * @since 0.1.0
 */
export interface Op<A, Y extends Message = Message> {
  [Symbol.iterator](): Iterator<Y, A, unknown>;
}

/**
 * A model (or guide): a function returning a generator of messages. Interpreters call it
 * afresh for every run, so a model must not keep state between calls.
 *
 * @category core
 * @since 0.1.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Model<Args extends readonly any[] = any[], R = unknown, Y extends Message = Message> = (...args: Args) => Generator<Y, R, unknown>;

/** The result of running a model. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelReturn<M> = M extends (...args: any[]) => Generator<any, infer R, any> ? R : never;

/** The arguments of a model. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelArgs<M> = M extends (...args: infer A) => Generator<any, any, any> ? A : never;

/** The messages a model yields (its "effect row"). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelEffects<M> = M extends (...args: any[]) => Generator<infer Y, any, any> ? Y : never;

/** Any model, whatever its arguments, result and effects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = Model<any, any, any>;
