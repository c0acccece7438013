/**
 * The `Reparam` protocol (Pyro's `pyro.infer.reparam.Reparam`) and what the reparameterizers
 * share: unwrapping `Independent`, wrapping back to an event dim, and the site that records the
 * reparameterized value.
 *
 * A reparameterizer rewrites one sample site `x ~ p` into new sites whose draws determine `x`
 * by a deterministic map. Its `apply` is a generator: it yields the messages of the new sites
 * (a param, a sample) outwards — through the handlers outside `reparam` to the interpreter —
 * and returns the message that replaces the original site: `x` recorded with Pyro's
 * `Delta(x, eventDim).mask(false)`, observed, so it contributes 0 to every log-density and no
 * guide is asked for it (Pyro's simulated `pyro.deterministic`).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Message, SampleMessage } from '../../core/effect.js';
import { type Distribution } from '../../distributions/distribution.js';
import { Delta } from '../../distributions/families/delta.js';
import { IndependentDist } from '../../distributions/wrappers/independent.js';

/**
 * A reparameterizer: rewrites a sample site into new sites (see the module notes).
 *
 * @category inference
 * @since 0.3.0
 */
export interface Reparam<S extends string = string, Keep extends boolean = boolean> {
  /**
   * Phantom, never present at run time: the suffix of the new latent site (`'_decentered'`) and
   * whether it keeps the site's dims (for the type of `reparam`'s result).
   */
  readonly [reparamTag]?: readonly [S, Keep];
  /** Pyro's class name, e.g. `'LocScaleReparam'` (for error messages). */
  readonly name: string;
  /**
   * Yield the new sites' messages outwards and return the message for the original site (the
   * message itself when the reparameterization is the identity).
   */
  apply(message: SampleMessage): Generator<Message, SampleMessage, unknown>;
}

/** The key of {@link Reparam}'s phantom. */
export declare const reparamTag: unique symbol;

/** A distribution with its `Independent` wrappers removed, and the event dim it had (Pyro's `_unwrap`). */
export function unwrapIndependent(fn: Distribution): { readonly fn: Distribution; readonly eventDim: number } {
  const eventDim = fn.eventShape.length;
  let inner = fn;
  while (inner instanceof IndependentDist) inner = inner.base;
  return { fn: inner, eventDim };
}

/** `fn` with its rightmost batch dims moved into the event until it has `eventDim` event dims (Pyro's `_wrap`). */
export function wrapToEvent(fn: Distribution, eventDim: number): Distribution {
  const missing = eventDim - fn.eventShape.length;
  return missing > 0 ? fn.toEvent(missing) : fn;
}

/**
 * The message replacing a reparameterized site: `value` observed under
 * `Delta(value, { eventDim }).mask(false)`, and the site's own mask `false`, so the ELBOs skip it
 * without a kernel. Every other field (plates, scale, key, …) is kept.
 */
export function deterministicSite(message: SampleMessage, value: tf.Tensor, eventDim: number): SampleMessage {
  return { ...message, fn: Delta(value, { eventDim }).mask(false), value, isObserved: true, mask: false };
}

/**
 * The message of a new sample site `name` beside `message`: same plates, scale, mask and key;
 * observed (with `value`) when the original was observed or given a value, as Pyro's
 * `pyro.sample(name, fn, obs=value, infer={"is_observed": is_observed})`.
 */
export function auxiliarySite(message: SampleMessage, name: string, fn: Distribution, value: tf.Tensor | undefined): SampleMessage {
  return { ...message, name, fn, value, isObserved: message.isObserved, infer: {} };
}
