/**
 * Site types: what the compiler knows about a model's sample sites, read off its effect row.
 *
 * A model's generator yields messages whose types carry, as phantoms, each sample site's name
 * (a string literal), its distribution's batch and event dim names, whether it is observed,
 * and the plates around it ({@link SampleMessage}'s `N, B, E, O, P`). From that row:
 *
 * - {@link Sites}`<M>` is a record `{ [name]: { batch, event, observed } }`, with each site's
 *   batch dims *placed* the way the interpreter places them: a type-level allocator mirrors
 *   `allocateDim` (outermost plate first; an explicit `dim` as given, otherwise the first free
 *   of -1, -2, … not claimed by an enclosing plate) and writes each plate's name at its dim,
 *   over the distribution's own batch names (an uncovered dim in between is `string`).
 * - {@link LatentNames}, {@link ObservedNames}, {@link ParamNames}; {@link SiteValue}.
 * - {@link GuideFor}`<M, G>`: the guide parameter type of `SVI`, which reduces to a branded
 *   error object naming the site when the guide lacks a latent site of the model or samples it
 *   with different event dims.
 * - {@link Conditioned}`<M, K>`: the model type after `condition` marks the sites `K` observed.
 *
 * Widening: a model that yields a sample message whose name is `string` (computed names, or
 * an autoguide's untyped effects) has {@link HasComputedNames}; then names are `string`, the
 * records are `Record<string, tf.Tensor>`, and every check accepts (the run-time checks
 * remain). Wide dims (`Dims`) likewise accept anything.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { BlockTag, Dims, Frames, ObservedValue, PlateTag, ReservedTag, Value } from './dims.js';
import type { Message, ModelEffects, ParamMessage, SampleMessage } from './effect.js';

/**
 * The effect row `Y` of a plate body as seen outside the plate `F`: every sample message gains
 * the frame, unless a `blockPlate` request for `F`'s name is pending in its frames (then the
 * request becomes a reserved frame: `F` keeps its dim but the site is not in it).
 */
export type InPlate<Y, F extends PlateTag> =
  Y extends SampleMessage<infer N, infer B, infer E, infer O, infer P> ? SampleMessage<N, B, E, O, Enter<P, F>> : Y;

/** `P` without its first `BlockTag<Name>`, or `undefined` when it has none. */
type Unblock<P extends Frames, Name extends string, Acc extends Frames = readonly []> = P extends readonly [infer H, ...infer R extends Frames]
  ? H extends BlockTag<infer BN>
    ? [BN, Name] extends [Name, BN]
      ? readonly [...Acc, ...R]
      : Unblock<R, Name, readonly [...Acc, H]>
    : Unblock<R, Name, readonly [...Acc, H & Frames[number]]>
  : undefined;

/** The frames `P` of a site inside the plate `F` (see {@link InPlate}); wide frames stay wide. */
type Enter<P extends Frames, F extends PlateTag> = number extends P['length']
  ? P
  : Unblock<P, F['name']> extends infer U extends Frames
    ? readonly [ReservedTag<F['name'], F['dim']>, ...U]
    : readonly [F, ...P];

/** Dims a plate may claim, in the order the allocator tries them (deeper nesting widens). */
type FreeDims = readonly [-1, -2, -3, -4, -5, -6, -7, -8];
/** The dim at 1-based position `i` from the right: `NegDim[1]` is -1. */
type NegDim = readonly [0, -1, -2, -3, -4, -5, -6, -7, -8];

type FirstFree<Taken extends number, L extends readonly number[] = FreeDims> = L extends readonly [
  infer H extends number,
  ...infer R extends readonly number[],
]
  ? H extends Taken
    ? FirstFree<Taken, R>
    : H
  : never;

/** A plate with its allocated dim. */
interface Placed {
  readonly name: string;
  readonly dim: number;
}

/** A placed frame for `F` at `D`, or none when `F` is reserved (blocked: it claims `D` but holds no site). */
type PlacedAs<F, D extends number> = F extends ReservedTag ? readonly [] : F extends PlateTag ? readonly [{ readonly name: F['name']; readonly dim: D }] : readonly [];

/**
 * Allocate dims to frames, outermost first, as the interpreter does; `Dims` when a dim is
 * computed. Pending `blockPlate` requests (a `strict` one unmatched is a run-time error) are skipped.
 */
type Allocate<P extends Frames, Taken extends number = never, Acc extends readonly Placed[] = readonly []> = P extends readonly [
  infer F,
  ...infer R extends Frames,
]
  ? F extends BlockTag
    ? Allocate<R, Taken, Acc>
    : F extends PlateTag | ReservedTag
      ? [F['dim']] extends [undefined]
        ? Allocate<R, Taken | FirstFree<Taken>, readonly [...Acc, ...PlacedAs<F, FirstFree<Taken>>]>
        : [F['dim']] extends [number]
          ? number extends F['dim']
            ? Dims
            : Allocate<R, Taken | F['dim'], readonly [...Acc, ...PlacedAs<F, F['dim']>]>
          : Dims
      : Dims
  : number extends P['length']
    ? Dims
    : Acc;

type NameAt<F extends readonly Placed[], D extends number> = F[number] extends infer X ? (X extends { readonly name: infer N extends string; readonly dim: D } ? N : never) : never;

/** Write plate names over the batch names `B` from the right (`C` counts positions, `Left` the plate dims still to place). */
type Place<B extends Dims, F extends readonly Placed[], Left extends number, C extends readonly unknown[] = readonly [unknown], Acc extends Dims = readonly []> = [
  B,
  Left,
] extends [readonly [], never]
  ? Acc
  : C['length'] extends 9
    ? Dims
    : Place<
        B extends readonly [...infer I extends Dims, string] ? readonly [...I] : readonly [],
        F,
        Exclude<Left, NegDim[C['length']]>,
        readonly [...C, unknown],
        readonly [[NameAt<F, NegDim[C['length']]>] extends [never] ? (B extends readonly [...Dims, infer L extends string] ? L : string) : NameAt<F, NegDim[C['length']]>, ...Acc]
      >;

/**
 * The batch dims of a site whose distribution has batch dims `B`, inside the plates `P`
 * (outermost first): wide when `B` or a plate's dim is.
 */
export type PlacedBatch<B extends Dims, P extends Frames> = P extends readonly []
  ? B
  : Dims extends B
    ? Dims
    : Allocate<P> extends infer F extends readonly Placed[]
      ? Place<B, F, F[number]['dim']>
      : Dims;

/**
 * What the compiler knows about one sample site.
 *
 * @category types
 * @since 0.1.0
 */
export interface SiteInfo<B extends Dims = Dims, E extends Dims = Dims, O extends boolean = boolean> {
  readonly batch: B;
  readonly event: E;
  readonly observed: O;
}

type SampleRow<M> = Extract<ModelEffects<M>, SampleMessage>;
type ParamRow<M> = Extract<ModelEffects<M>, ParamMessage>;

/**
 * Whether the model yields a sample site with a non-literal name (then all checks widen).
 *
 * @category types
 * @since 0.1.0
 */
export type HasComputedNames<M> = string extends SampleRow<M>['name'] ? true : false;

/**
 * The record of a model's sample sites: `{ [name]: SiteInfo<batch, event, observed> }`, batch
 * dims placed through the model's plates. A site sampled twice under one name (in two branches)
 * gets the union of both.
 *
 * @example
 * ```ts
 * function* model() {
 *   yield* plate('mini_batch', 4, { dim: -1 }, function* () {
 *     yield* plate('components', 3, { dim: -2 }, function* () {
 *       yield* sample('a', Normal(0, 1));
 *     });
 *   });
 * }
 * type A = Sites<typeof model>['a']; // { batch: readonly ['components', 'mini_batch']; event: readonly []; observed: false }
 * ```
 * @category types
 * @since 0.1.0
 */
export type Sites<M> = {
  readonly [S in SampleRow<M> as S['name']]: S extends SampleMessage<string, infer B, infer E, infer O, infer P> ? SiteInfo<PlacedBatch<B, P>, E, O> : never;
};

/** The site `K` of `M` (a wide `SiteInfo` when unknown). */
export type SiteAt<M, K> = Sites<M> extends infer S ? (K extends keyof S ? (S[K] extends SiteInfo ? S[K] : SiteInfo) : SiteInfo) : SiteInfo;

/** Names of every sample site of `M` (`string` with computed names). @category types @since 0.1.0 */
export type SiteNames<M> = HasComputedNames<M> extends true ? string : keyof Sites<M> & string;

/** Names of the sites of `M` that may be latent (not known to be observed). @category types @since 0.1.0 */
export type LatentNames<M> = HasComputedNames<M> extends true
  ? string
  : { readonly [K in keyof Sites<M>]: SiteAt<M, K>['observed'] extends true ? never : K }[keyof Sites<M>] & string;

/** Names of the sites of `M` known to be latent (what a guide must sample). */
export type RequiredLatentNames<M> = { readonly [K in keyof Sites<M>]: SiteAt<M, K>['observed'] extends false ? K : never }[keyof Sites<M>] & string;

/** Names of the sites of `M` that may be observed. @category types @since 0.1.0 */
export type ObservedNames<M> = HasComputedNames<M> extends true
  ? string
  : { readonly [K in keyof Sites<M>]: SiteAt<M, K>['observed'] extends false ? never : K }[keyof Sites<M>] & string;

/** Names of the param sites of `M` (`string` when computed, e.g. module weights). @category types @since 0.1.0 */
export type ParamNames<M> = ParamRow<M>['name'];

/** The value type of site `K` of `M`: `Value<batch, event>` (a plain tensor when unknown or wide). @category types @since 0.1.0 */
export type SiteValue<M, K> = SiteAt<M, K> extends SiteInfo<infer B, infer E> ? Value<B, E> : tf.Tensor;

/**
 * A record of tensors keyed by the latent sites of `M` (what an autoguide's `median` and
 * `quantiles` return): sites known to be latent are required keys, sites that may be observed
 * (an `obs` that may be undefined) optional ones; `Record<string, tf.Tensor>` when names are
 * computed.
 *
 * @category types
 * @since 0.1.0
 */
export type LatentRecord<M> = HasComputedNames<M> extends true
  ? Readonly<Record<string, tf.Tensor>>
  : [Exclude<LatentNames<M>, RequiredLatentNames<M>>] extends [never]
    ? Readonly<Record<RequiredLatentNames<M>, tf.Tensor>>
    : Readonly<Record<RequiredLatentNames<M>, tf.Tensor>> & Readonly<Partial<Record<Exclude<LatentNames<M>, RequiredLatentNames<M>>, tf.Tensor>>>;

/** Mark the sample messages named in `K` observed (all `boolean` when `K` is `string`). */
type Observe<Y, K extends string> =
  Y extends SampleMessage<infer N, infer B, infer E, infer O, infer P>
    ? SampleMessage<N, B, E, string extends K ? boolean : N extends K ? true : O, P>
    : Y;

/**
 * The type of `condition(model, data)` with `data`'s keys `K`: `M` with the sites `K` observed
 * (`M` itself when that changes nothing).
 *
 * @category types
 * @since 0.1.0
 */
export type Conditioned<M, K extends string> = [K & LatentNames<M>] extends [never]
  ? M
  : M extends (...args: infer A) => Generator<infer Y extends Message, infer R, infer Next>
    ? (...args: A) => Generator<Observe<Y, K>, R, Next>
    : M;

/**
 * What `condition`/`substitute` accept under key `K` (one of `Names`): a value aligned with the
 * site's dims ({@link ObservedValue}), a tensor for a param, or, for a key that names no site, a
 * string type whose text the compiler prints: `Ignis: 'bb' is not a site of the model`.
 */
export type GivenValue<M, K extends string, Names extends string> = string extends K
  ? tf.Tensor
  : K extends Names
    ? SiteAt<M, K> extends SiteInfo<infer B, infer E>
      ? ObservedValue<B, E>
      : tf.Tensor
    : `Ignis: '${K}' is not a site of the model`;

/** The data argument of `condition(model, data)`: keys among the sample sites of `M`. */
export type ConditionData<M, K extends string> = { readonly [P in K]?: GivenValue<M, P, SiteNames<M>> };

/** The data argument of `substitute(model, data)`: keys among the sample and param sites of `M`. */
export type SubstituteData<M, K extends string> = { readonly [P in K]?: GivenValue<M, P, SiteNames<M> | ParamNames<M>> };

/** Whether two event dims agree (either accepts the other: `string` matches any name, wide matches any rank). */
type EventsAgree<A, B> = [A] extends [B] ? true : [B] extends [A] ? true : false;

/** Latent sites in both whose event dims disagree. */
type EventMismatches<M, G> = {
  readonly [K in keyof Sites<M> & keyof Sites<G>]: SiteAt<M, K>['observed'] extends true
    ? never
    : EventsAgree<SiteAt<M, K>['event'], SiteAt<G, K>['event']> extends true
      ? never
      : K;
}[keyof Sites<M> & keyof Sites<G>];

/** The first problem of guide `G` for model `M`, as a branded object type, or `never`. */
export type GuideProblem<M, G> = true extends HasComputedNames<M> | HasComputedNames<G>
  ? never
  : [Exclude<RequiredLatentNames<M>, keyof Sites<G>>] extends [never]
    ? [EventMismatches<M, G>] extends [never]
      ? never
      : {
          readonly 'Ignis: event dims differ at site': EventMismatches<M, G>;
          readonly model: SiteAt<M, EventMismatches<M, G>>['event'];
          readonly guide: SiteAt<G, EventMismatches<M, G>>['event'];
        }
    : { readonly 'Ignis: guide lacks latent site': Exclude<RequiredLatentNames<M>, keyof Sites<G>> };

/**
 * The guide parameter type of `SVI(model, guide, …)`: `G` itself when it fits `M`, else a
 * branded object whose first key names the problem and the site, so the compiler's first
 * error line reads e.g. `… not assignable to parameter of type '{ readonly "Ignis: guide lacks
 * latent site": "b"; }'`. Checks: every site of `M` known to be latent is sampled by `G`, and
 * each such site has the same event dims on both sides (a wide side accepts).
 *
 * @category types
 * @since 0.1.0
 */
export type GuideFor<M, G> = [GuideProblem<M, G>] extends [never] ? G : GuideProblem<M, G>;
