/**
 * Phantom dimension names for batch and event dims.
 *
 * A distribution or a sampled value may carry, in its type only, the *names* of its batch
 * dims `B` and event dims `E` (never sizes): `Distribution<readonly ["mini_batch"], readonly ["components"]>`.
 * The tag is an optional symbol-keyed property, so any plain `tf.Tensor` is accepted where
 * dims are unannotated, and when `B` or `E` is left wide (the default) `Value` is exactly
 * `tf.Tensor`. Sizes are checked at run time (plates, `formatShapes`); names are checked by
 * the compiler where they are literal.
 *
 * Where the dims come from (all type-level, no run-time cost):
 * - a number parameter is a scalar (`readonly []`); a `Tagged<B, E>` tensor carries `[...B, ...E]`;
 *   a plain tensor or a nested array is *wide* (`Dims`);
 * - two parameters broadcast: `[]` with `X` gives `X`, equal dims give themselves, anything
 *   else is wide ({@link BroadcastDims});
 * - `toEvent(n)` moves the rightmost `n` batch names into the event ({@link ToEventDims}); with a
 *   wide batch the event still gets `n` unnamed dims (`string`), so the event *rank* is known;
 * - `expand(shape)` with a literal-length shape gives that many unnamed batch dims.
 *
 * Plates add their names to the batch dims of the sites inside them through the phantom
 * plate frames ({@link PlateTag}) of a model's effect row; see `site-types.ts`.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import { type IgnisError, invalidArgument } from './errors.js';

/** A tuple of dimension names, e.g. `readonly ["mini_batch", "components"]`. */
export type Dims = readonly string[];

/** The phantom key under which batch and event dim names are carried. Never present at run time. */
export declare const dimsTag: unique symbol;

/** A tensor tagged (in its type only) with batch dims `B` and event dims `E`. */
export type Tagged<B extends Dims, E extends Dims> = tf.Tensor & { readonly [dimsTag]?: readonly [B, E] };

/**
 * A value with batch dims `B` and event dims `E`. With wide dims (the default) it is a plain
 * `tf.Tensor`, so untyped code compiles unchanged.
 *
 * @category types
 * @since 0.1.0
 */
export type Value<B extends Dims = Dims, E extends Dims = Dims> = Dims extends B
  ? tf.Tensor
  : Dims extends E
    ? tf.Tensor
    : Tagged<B, E>;

/**
 * Name the dims of a tensor, checked: `Right(t)` typed `Tagged<B, E>` when its rank is the
 * number of names, else `Left` with an `InvalidArgument` error (the `Either` form of
 * {@link withDims}, for validating data at a boundary).
 *
 * @example
 * ```ts
 * pipe(decodeDims(ys, ['N']), E.map((y) => condition(model, { y })));
 * ```
 * @category types
 * @since 0.1.0
 */
export function decodeDims<const B extends Dims, const E extends Dims = readonly []>(t: tf.Tensor, batch: B, event?: E): Either<IgnisError, Tagged<B, E>> {
  return checkRank('decodeDims', t, [...batch, ...(event ?? [])]);
}

function checkRank<T extends tf.Tensor>(fn: string, t: tf.Tensor, names: Dims): Either<IgnisError, T> {
  return t.rank === names.length
    ? right(t as T)
    : left(invalidArgument(fn, 't', `must have rank ${names.length} (one dim per name: [${names.join(', ')}])`, `shape [${t.shape.join(', ')}]`));
}

/**
 * Name the dims of a tensor (the way data enters typed code): `withDims(ys, ['N'])` is `ys`
 * typed `Tagged<readonly ['N'], readonly []>`. Checks at run time that the rank is the number
 * of names (`InvalidArgument` otherwise); the tensor itself is returned unchanged.
 *
 * @example
 * ```ts
 * const x = withDims(tf.zeros([100, 3]), ['data'], ['features']); // Tagged<readonly ['data'], readonly ['features']>
 * ```
 * @category types
 * @since 0.1.0
 */
export function withDims<const B extends Dims, const E extends Dims = readonly []>(t: tf.Tensor, batch: B, event?: E): Tagged<B, E> {
  const decoded = checkRank<Tagged<B, E>>('withDims', t, [...batch, ...(event ?? [])]);
  if (isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

/** Whether `D` is wide (unannotated): `Dims` itself rather than a tuple of known length. */
export type IsWide<D extends Dims> = Dims extends D ? true : false;

/** `[...A, ...B]`, wide if either is. */
export type ConcatDims<A extends Dims, B extends Dims> = Dims extends A ? Dims : Dims extends B ? Dims : readonly [...A, ...B];

/** Broadcast of two batch dims: `[]` with `X` is `X`, equal dims are themselves, else wide. */
export type BroadcastDims<A extends Dims, B extends Dims> = A extends readonly []
  ? B
  : B extends readonly []
    ? A
    : [A] extends [B]
      ? [B] extends [A]
        ? A
        : Dims
      : Dims;

/** `n` unnamed dims, for `n` up to 4 (wide beyond). */
export type UnnamedDims<N extends number> = N extends keyof UnnamedLookup ? UnnamedLookup[N] : Dims;
type UnnamedLookup = readonly [readonly [], readonly [string], readonly [string, string], readonly [string, string, string], readonly [string, string, string, string]];

/** `[rest, rightmost K names]` of a known tuple `B` (needs `K ≤ B.length`). */
type SplitRight<B extends Dims, K extends number, R extends Dims = readonly []> = R['length'] extends K
  ? readonly [B, R]
  : B extends readonly [...infer I extends Dims, infer L extends string]
    ? SplitRight<readonly [...I], K, readonly [L, ...R]>
    : readonly [Dims, Dims];

/**
 * All dims of a tensor input `[batch, event]` as tagged (`[]` for a number, wide for plain tensors
 * and arrays), split so that the rightmost `R` names are the parameter's own event dims (`R` is
 * 1 for a vector parameter such as a `loc` of a MultivariateNormal, 2 for a matrix).
 */
export type ParamDims<T, R extends number = 0> = SplitRight<AllDims<T>, R> extends readonly [infer B extends Dims, infer E extends Dims]
  ? Dims extends AllDims<T>
    ? readonly [Dims, UnnamedDims<R>]
    : readonly [B, E]
  : readonly [Dims, Dims];

/** Every dim name of a tensor input, batch then event. */
type AllDims<T> = [T] extends [number]
  ? readonly []
  : [T] extends [Tagged<infer B extends Dims, infer E extends Dims>]
    ? ConcatDims<B, E>
    : Dims;

/** The batch dims a parameter contributes (its rightmost `R` dims are event dims). */
export type ParamBatch<T, R extends number = 0> = ParamDims<T, R>[0];

/**
 * The batch dims of a family from its parameters `Ps` (a tuple of their types), broadcast;
 * `R` is how many rightmost dims of each parameter are its own event dims (0 for scalar
 * families).
 */
export type FamilyBatch<Ps extends readonly unknown[], R extends number = 0> = Ps extends readonly [infer H, ...infer T]
  ? BroadcastDims<ParamBatch<H, R>, FamilyBatch<T, R>>
  : readonly [];

/** `0 | 1 | … | B.length`: the counts `toEvent` accepts on a known batch. */
type Counts<B extends Dims> = B extends readonly [unknown, ...infer R extends Dims] ? B['length'] | Counts<R> : 0;

/**
 * What `toEvent(n)` accepts, intersected with `n`'s literal type: on a known batch `B`, a
 * literal between 0 and `B.length` (a larger one fails with a message naming `B`; a
 * non-literal `number` is refused too, since it cannot be checked); on a wide batch any number
 * (checked at run time). An intersection rather than a conditional type, so that a
 * distribution with known dims stays assignable to a wide `Distribution`.
 */
export type ToEventCount<B extends Dims> = Dims extends B ? number : Counts<B> | { readonly 'Ignis: toEvent(n) moves at most the batch dims': B };

/**
 * `[batch, event]` after `toEvent(K)`: the rightmost `K` batch names move to the front of the
 * event. With a wide batch the batch stays wide and the event gains `K` unnamed dims; with a
 * non-literal `K` both are wide.
 */
export type ToEventDims<B extends Dims, E extends Dims, K extends number> = number extends K
  ? readonly [Dims, Dims]
  : Dims extends B
    ? readonly [Dims, ConcatDims<UnnamedDims<K>, E>]
    : SplitRight<B, K> extends readonly [infer Rest extends Dims, infer Moved extends Dims]
      ? readonly [Rest, ConcatDims<Moved, E>]
      : readonly [Dims, Dims];

/** The batch dims `expand(shape)` gives: one unnamed dim per entry of a literal-length shape, else wide. */
export type ExpandDims<S extends readonly number[]> = number extends S['length'] ? Dims : { readonly [I in keyof S]: string };

/** `B` and each of its suffixes (`['K', 'N']`, `['N']`, `[]`). */
type Suffixes<B extends Dims> = B extends readonly [string, ...infer T extends Dims] ? B | Suffixes<readonly [...T]> : readonly [];

/**
 * Batch dims that broadcast with `B` by name, as the run-time check of a given value does:
 * aligned from the right, one is a suffix of the other (`['N']` and `['K', 'N']` both fit
 * `['K', 'N']`; `['M']` does not).
 */
export type AlignedDims<B extends Dims> = readonly [...string[], ...B] | Suffixes<B>;

/**
 * The type a given value (an `obs`, a conditioned value) must have at a site with dims `B`,
 * `E`: exactly the event dims `E`, and batch dims aligned with `B` ({@link AlignedDims}; the
 * plates around a `sample` statement add dims on the left that it cannot see). A plain tensor
 * always fits; wide when `E` is.
 */
export type ObservedValue<B extends Dims, E extends Dims> = Dims extends E
  ? tf.Tensor
  : Dims extends B
    ? Tagged<Dims, E>
    : Tagged<AlignedDims<B>, E>;

/**
 * A plate around a site, in the types only: its name and its literal `dim` (or `undefined` for
 * the next free dim, `number` when computed). Phantom plate frames are kept outermost first.
 *
 * @category types
 * @since 0.1.0
 */
export interface PlateTag<N extends string = string, D extends number | undefined = number | undefined> {
  readonly name: N;
  readonly dim: D;
}

/**
 * A `blockPlate({ name })` request in the types: the enclosing plate named `N` is not added to
 * the sites inside (it becomes a {@link ReservedTag}).
 */
export interface BlockTag<N extends string = string> {
  readonly name: N;
  readonly blocked: true;
}

/** A plate blocked by `blockPlate`: it still claims its dim (allocation), but the site is not in it. */
export interface ReservedTag<N extends string = string, D extends number | undefined = number | undefined> {
  readonly name: N;
  readonly dim: D;
  readonly reserved: true;
}

/** Phantom plate frames, outermost first. */
export type Frames = readonly (PlateTag | BlockTag | ReservedTag)[];

/** The phantom key carrying a sample message's observedness and plate frames. Never present at run time. */
export declare const siteTag: unique symbol;
