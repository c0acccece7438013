/**
 * `AutoGuideList`: several guides side by side, each guiding its own part of the model (Pyro's
 * `AutoGuideList`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel, Message } from '../../core/effect.js';
import { invalidArgument } from '../../core/errors.js';
import type { ParamValues } from '../params.js';
import { type AutoGuide, type AutoGuideMethods, RENAME, type Renamable, type SiteValues, renamable } from './guide.js';
import type { Prototype } from './prototype.js';

/**
 * A part of an {@link AutoGuideList}: an autoguide or a hand-written guide with the model's arguments.
 *
 * @category autoguides
 * @since 0.1.0
 */
export type GuidePart<Args extends readonly unknown[]> =
  | AutoGuide<Args, Partial<AutoGuideMethods<Args>> & { readonly quantiles?: (params: ParamValues, qs: readonly number[]) => SiteValues }>
  | ((...args: Args) => Generator<Message, unknown, unknown>);

/**
 * Methods of {@link AutoGuideList}.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface AutoGuideListMethods<Args extends readonly unknown[]> {
  readonly guideName: string;
  /** The parts, in order, as the list runs them (autoguides renamed by position, see {@link AutoGuideList}). */
  readonly parts: readonly GuidePart<Args>[];
  /** A new list with `part` appended (the list itself is unchanged). */
  append(part: GuidePart<Args>): AutoGuide<Args, AutoGuideListMethods<Args>>;
  /** Trace the model for every autoguide part; returns their prototypes. */
  setup(...args: Args): readonly Prototype[];
  /** The medians of every part that has `median` (hand-written parts are skipped). */
  median(params: ParamValues): SiteValues;
  /** The quantiles of every part that has `quantiles`. */
  quantiles(params: ParamValues, qs: readonly number[]): SiteValues;
  /**
   * Release what the parts keep between runs: `dispose()` on every part that has it (each
   * autoguide part; see `AutoGuideMethods.dispose`). Idempotent; the list stays usable (its
   * parts trace the model again on their next run).
   */
  dispose(): void;
}

type Methods = Partial<AutoGuideMethods<readonly unknown[]>> & { readonly quantiles?: (params: ParamValues, qs: readonly number[]) => SiteValues };
const methodsOf = (part: unknown): Methods => part as Methods;

const isSiteValues = (x: unknown): x is SiteValues =>
  typeof x === 'object' && x !== null && !(x instanceof tf.Tensor) && Object.values(x).every((v) => v instanceof tf.Tensor);

/**
 * Options of {@link AutoGuideList}.
 *
 * @category autoguides
 * @since 0.2.0
 */
export interface AutoGuideListOptions {
  /** The prefix of the parts' names (default `'AutoGuideList'`; a list nested in a list gets its position's). */
  readonly name?: string;
}

/**
 * A guide made of parts run in order with the model's arguments (Pyro's `AutoGuideList`):
 * autoguides for some sites beside hand-written guides for others. Give each autoguide the
 * model with the other parts' sites hidden (`block(model, { hide: [...] })`), so that every
 * latent site is guided exactly once. Plates entered by several parts are shared (same dims,
 * same subsample). The guide returns the union of the parts' site values.
 *
 * Names, as Pyro's: each autoguide part is prefixed by its position, `AutoGuideList.<i>`, so two
 * parts of one kind need no names: `AutoGuideList.0.loc`, `AutoGuideList.1.locs.z`, the
 * auxiliary latent `_AutoGuideList.1_latent`; a list nested at position 1 prefixes its own
 * parts `AutoGuideList.1.0`, …. A part built with an explicit `name` keeps it (two parts with
 * the same explicit name are an `InvalidArgument`). Hand-written parts keep their own names.
 *
 * Gotchas: the list holds renamed copies of the parts — call `median`, `quantiles`, … on the
 * list or on `list.parts[i]`, not on the part you passed in (its names are the standalone
 * ones); `median`/`quantiles` skip hand-written parts.
 *
 * @example
 * ```ts
 * function* handGuide() {
 *   const p = yield* param('q', 0.5, { constraint: constraints.unitInterval });
 *   yield* sample('z', Bernoulli({ probs: p }));
 * }
 * const guide = AutoGuideList(model, [AutoNormal(block(model, { hide: ['z'] })), handGuide]);
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function AutoGuideList<M extends AnyModel>(
  model: M,
  given: readonly GuidePart<Parameters<M>>[] = [],
  options: AutoGuideListOptions = {},
): AutoGuide<Parameters<M>, AutoGuideListMethods<Parameters<M>>> {
  type Args = Parameters<M>;
  const listName = options.name ?? 'AutoGuideList';
  const parts = given.map((p, i) => ((p as Renamable)[RENAME]?.(`${listName}.${i}`) ?? p) as GuidePart<Args>);
  const names = parts.map((p) => methodsOf(p).guideName).filter((n): n is string => n !== undefined);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw invalidArgument('AutoGuideList', 'parts', 'must have distinct autoguide names (parameter prefixes)', `two parts named '${duplicate}'`, `Drop the explicit name of one of them (the list prefixes parts by position) or rename it.`);
  }

  function* guide(...args: Args) {
    const result: Record<string, tf.Tensor> = {};
    for (const part of parts) {
      const values: unknown = yield* (part as (...a: Args) => Generator<Message, unknown, unknown>)(...args);
      if (isSiteValues(values)) Object.assign(result, values);
    }
    return result as SiteValues;
  }

  const merge = (get: (m: Methods) => SiteValues | undefined): SiteValues => Object.assign({}, ...parts.map((p) => get(methodsOf(p)) ?? {})) as SiteValues;
  const methods: AutoGuideListMethods<Args> = {
    guideName: listName,
    parts,
    append: (part) => AutoGuideList(model, [...given, part], options),
    setup: (...args) => parts.flatMap((p) => methodsOf(p).setup?.(...args) ?? []),
    median: (params) => merge((m) => m.median?.(params)),
    quantiles: (params, qs) => merge((m) => m.quantiles?.(params, qs)),
    dispose: () => {
      for (const p of parts) methodsOf(p).dispose?.();
    },
  };
  return renamable(Object.assign(guide, methods), options, (name) => AutoGuideList(model, given, { ...options, name }));
}
