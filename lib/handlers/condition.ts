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
 * @example
 * ```ts
 * const conditioned = condition(model, { obs: data });
 * const trace = simulate(conditioned, { key })();
 * ```
 * @category handlers
 * @since 0.1.0
 */
export function condition(data: SiteValues): <M extends AnyModel>(model: M) => M;
export function condition<M extends AnyModel>(model: M, data: SiteValues): M;
export function condition(...args: readonly unknown[]): unknown {
  return isDataFirst(args)
    ? conditionModel(args[0] as AnyModel, args[1] as SiteValues)
    : (model: AnyModel) => conditionModel(model, args[0] as SiteValues);
}
