/**
 * `condition`: observe sites at given values (Pyro's `poutine.condition`).
 *
 * Every sample site named in `data` gets that value and becomes observed; its log-density
 * then counts as likelihood. Other sites are left as they were. With nested `condition`s
 * the outermost wins.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../core/effect.js';
import { handle, isDataFirst } from '../core/handler.js';
import type { ConditionData, Conditioned } from '../core/site-types.js';

/** Values by site name. */
export type SiteValues = Readonly<Record<string, tf.Tensor>>;

const conditionModel = <M extends AnyModel>(model: M, data: SiteValues): M =>
  handle(model, () => ({
    sample: (message) => {
      const value = data[message.name];
      return value === undefined ? message : { ...message, value, isObserved: true };
    },
  }));

/**
 * Condition sites on values: `condition(model, { y })` or `pipe(model, condition({ y }))`.
 *
 * Types: data-first, each key must name a sample site of the model and each value fit its
 * dims (a plain tensor always does); an unknown key is a compile error whose message reads
 * `… not assignable to type "Ignis: 'bb' is not a site of the model"`. The result's type marks
 * the conditioned sites observed (so `SVI` does not ask the guide for them). Data-last, the
 * keys cannot be checked against the model (it is not known yet), but the sites are still
 * marked observed. A `SiteValues` record with non-literal keys is accepted and marks every
 * site as possibly observed.
 *
 * @example
 * ```ts
 * const conditioned = condition(model, { obs: data });
 * const trace = simulate(conditioned, { key })();
 * ```
 * @category handlers
 * @since 0.1.0
 */
export function condition<K extends string>(data: Readonly<Record<K, tf.Tensor>>): <M extends AnyModel>(model: M) => Conditioned<M, K>;
export function condition<M extends AnyModel, K extends string>(model: M, data: ConditionData<M, K>): Conditioned<M, K>;
export function condition(...args: readonly unknown[]): unknown {
  return isDataFirst(args)
    ? conditionModel(args[0] as AnyModel, args[1] as SiteValues)
    : (model: AnyModel) => conditionModel(model, args[0] as SiteValues);
}
