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
import type { AutoGuide, AutoGuideMethods, SiteValues } from './guide.js';
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
  /** The parts, in order. */
  readonly parts: readonly GuidePart<Args>[];
  /** A new list with `part` appended (the list itself is unchanged). */
  append(part: GuidePart<Args>): AutoGuide<Args, AutoGuideListMethods<Args>>;
  /** Trace the model for every autoguide part; returns their prototypes. */
  setup(...args: Args): readonly Prototype[];
  /** The medians of every part that has `median` (hand-written parts are skipped). */
  median(params: ParamValues): SiteValues;
  /** The quantiles of every part that has `quantiles`. */
  quantiles(params: ParamValues, qs: readonly number[]): SiteValues;
}

type Methods = Partial<AutoGuideMethods<readonly unknown[]>> & { readonly quantiles?: (params: ParamValues, qs: readonly number[]) => SiteValues };
const methodsOf = (part: unknown): Methods => part as Methods;

const isSiteValues = (x: unknown): x is SiteValues =>
  typeof x === 'object' && x !== null && !(x instanceof tf.Tensor) && Object.values(x).every((v) => v instanceof tf.Tensor);

/**
 * A guide made of parts run in order with the model's arguments (Pyro's `AutoGuideList`):
 * autoguides for some sites beside hand-written guides for others. Give each autoguide the
 * model with the other parts' sites hidden (`block(model, { hide: [...] })`), so that every
 * latent site is guided exactly once. Plates entered by several parts are shared (same dims,
 * same subsample). The guide returns the union of the parts' site values.
 *
 * Gotchas: two autoguides of one kind need distinct `name`s (their parameter prefixes), else
 * `InvalidArgument`; `median`/`quantiles` skip hand-written parts.
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
  parts: readonly GuidePart<Parameters<M>>[] = [],
): AutoGuide<Parameters<M>, AutoGuideListMethods<Parameters<M>>> {
  type Args = Parameters<M>;
  const names = parts.map((p) => methodsOf(p).guideName).filter((n): n is string => n !== undefined);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw invalidArgument('AutoGuideList', 'parts', 'must have distinct autoguide names (parameter prefixes)', `two parts named '${duplicate}'`, `Pass { name: '${duplicate}2' } to one of them.`);
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
    guideName: 'AutoGuideList',
    parts,
    append: (part) => AutoGuideList(model, [...parts, part]),
    setup: (...args) => parts.flatMap((p) => methodsOf(p).setup?.(...args) ?? []),
    median: (params) => merge((m) => m.median?.(params)),
    quantiles: (params, qs) => merge((m) => m.quantiles?.(params, qs)),
  };
  return Object.assign(guide, methods);
}
