/**
 * `mask`: drop the log-densities of sample sites where a mask is false (Pyro's
 * `poutine.mask`). Masks combine with the sites' own masks by logical and.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel, Mask } from '../core/effect.js';
import { handle, isDataFirst } from '../core/handler.js';

/** `a ∧ b` for masks, staying in booleans when possible. */
export function andMasks(a: Mask, b: Mask): Mask {
  if (a === true) return b;
  if (b === true) return a;
  if (a === false || b === false) return false;
  return tf.logicalAnd(a, b);
}

const maskModel = <M extends AnyModel>(model: M, value: Mask): M =>
  handle(model, () => ({
    sample: (message) => ({ ...message, mask: andMasks(message.mask, value) }),
  }));

/**
 * Mask log-densities: `mask(model, isObserved)` or `pipe(model, mask(false))`.
 *
 * @category handlers
 * @since 0.1.0
 */
export function mask(value: Mask): <M extends AnyModel>(model: M) => M;
export function mask<M extends AnyModel>(model: M, value: Mask): M;
export function mask(...args: readonly unknown[]): unknown {
  return isDataFirst(args) ? maskModel(args[0] as AnyModel, args[1] as Mask) : (model: AnyModel) => maskModel(model, args[0] as Mask);
}
