/**
 * `substitute`: give sample and param sites fixed values without observing them (NumPyro's
 * `substitute`).
 *
 * Values come from a record by site name or from a function of the message (returning
 * `undefined` to leave a site alone). Substituted sample sites stay latent: their
 * log-density still counts as prior. With nested `substitute`s the outermost wins.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AnyModel, ParamMessage, SampleMessage } from '../core/effect.js';
import { handle } from '../core/handler.js';
import type { SubstituteData } from '../core/site-types.js';
import type { SiteValues } from './condition.js';

/** A function choosing a value for a site, or `undefined` to leave it alone. */
export type SubstituteFn = (message: SampleMessage | ParamMessage) => tf.Tensor | undefined;

const substituteModel = <M extends AnyModel>(model: M, data: SiteValues | SubstituteFn): M => {
  const lookup: SubstituteFn = typeof data === 'function' ? data : (message) => data[message.name];
  return handle(model, () => ({
    sample: (message) => {
      const value = lookup(message);
      return value === undefined ? message : { ...message, value };
    },
    param: (message) => {
      const value = lookup(message);
      return value === undefined ? message : { ...message, value };
    },
  }));
};

/**
 * Substitute values for sites: `substitute(model, { w })` or `pipe(model, substitute(fn))`.
 *
 * Types: data-first with a record, each key must name a sample or param site of the model
 * (an unknown key is a compile error naming it) and each sample site's value fit its dims.
 *
 * @example
 * ```ts
 * const fixed = substitute(model, { loc: tf.scalar(3) });
 * ```
 * @category handlers
 * @since 0.1.0
 */
export function substitute(data: SiteValues | SubstituteFn): <M extends AnyModel>(model: M) => M;
export function substitute<M extends AnyModel, K extends string>(model: M, data: SubstituteFn | SubstituteData<M, K>): M;
export function substitute(...args: readonly unknown[]): unknown {
  return args.length >= 2
    ? substituteModel(args[0] as AnyModel, args[1] as SiteValues | SubstituteFn)
    : (model: AnyModel) => substituteModel(model, args[0] as SiteValues | SubstituteFn);
}
