/**
 * Masked observations: `sample(name, fn, { obs, obsMask })`, Pyro's `obs_mask`
 * (`pyro/primitives.py`, `_masked_observe`). The statement becomes three sites:
 *
 * - `${name}_observed`: observed at `obs`, its log-density masked by `obsMask` (only the
 *   entries where `obsMask` is true count as likelihood);
 * - `${name}_unobserved`: a latent drawn from `fn`, masked by `¬obsMask` (only the missing
 *   entries count); a guide must provide it (autoguides see it as any other latent);
 * - `name`: a deterministic site, `where(obsMask, observed, unobserved)` (`obsMask` reshaped
 *   with one trailing size-1 dim per event dim), which is what the statement returns.
 *
 * `obsMask` is a bool tensor broadcastable to the site's batch shape (or a boolean). The
 * masked-out entries of `obs` are never used, but they must be finite, as in Pyro: a NaN there
 * makes the gradients NaN (fill missing data with any value in the support, e.g. 0).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, Value } from './dims.js';
import type { DeterministicMessage, InferConfig, Mask, Op, SampleMessage } from './effect.js';
import { ignisError, invalidArgument } from './errors.js';
import { effect } from './op.js';
import { showShape, tryBroadcastShapes } from './shape.js';
import type { Distribution } from './site-distribution.js';

/** The effect row of a masked observation named `N`. */
export type MaskedEffects<N extends string, B extends Dims, E extends Dims> =
  | SampleMessage<`${N}_observed`, B, E, true, readonly []>
  | SampleMessage<`${N}_unobserved`, B, E, false, readonly []>
  | DeterministicMessage<N>;

/** What `sample(name, fn, { obs, obsMask })` returns: an effect yielding the three sites, returning the interleaved value. */
export type MaskedSampleEffect<N extends string = string, B extends Dims = Dims, E extends Dims = Dims> = Op<Value<B, E>, MaskedEffects<N, B, E>>;

const and = (a: Mask, b: Mask): Mask => (a === true ? b : b === true ? a : a === false || b === false ? false : tf.logicalAnd(a, b));

function sampleMessage<N extends string>(name: N, fn: Distribution, value: tf.Tensor | undefined, mask: Mask, infer: InferConfig): SampleMessage<N> {
  return { type: 'sample', name, fn, value, isObserved: value !== undefined, scale: 1, mask, infer, plates: [], stop: false, key: undefined };
}

/** Check `obsMask` against the site's batch shape (from the drawn value): it must broadcast to it without growing it. */
function checkMaskShape(name: string, obsMask: tf.Tensor, value: tf.Tensor, eventRank: number): void {
  const batch = value.shape.slice(0, value.rank - eventRank);
  const joint = tryBroadcastShapes(obsMask.shape, batch);
  if (joint?.length === batch.length && joint.every((d, i) => d === batch[i])) return;
  throw ignisError('ShapeMismatch', {
    fn: 'sample',
    what: 'obsMask does not fit the site',
    site: name,
    detail: `obsMask shape ${showShape(obsMask.shape)} is not broadcastable to the batch shape ${showShape(batch)}`,
    hint: "Give obsMask the site's batch shape (one entry per observation, without the event dims).",
  });
}

/**
 * Pyro's masked observation (see the module notes): the three sites, returning
 * `where(obsMask, obs, ${name}_unobserved)`.
 */
export function maskedSample<N extends string, B extends Dims, E extends Dims>(
  name: N,
  fn: Distribution<B, E>,
  obs: tf.Tensor | undefined,
  obsMask: unknown,
  mask: Mask,
  infer: InferConfig,
): MaskedSampleEffect<N, B, E> {
  if (obs === undefined) throw invalidArgument('sample', 'obsMask', `of site '${name}' needs obs`, 'no obs', 'Pass obs (the data, any finite value where missing) with obsMask.');
  let keep: tf.Tensor;
  if (typeof obsMask === 'boolean') keep = tf.scalar(obsMask, 'bool');
  else if (obsMask instanceof tf.Tensor && obsMask.dtype === 'bool') keep = obsMask as tf.Tensor;
  else {
    const got = obsMask instanceof tf.Tensor ? `a ${obsMask.dtype} tensor` : typeof obsMask;
    throw invalidArgument('sample', 'obsMask', `of site '${name}' must be a bool tensor (or a boolean)`, got, 'E.g. tf.notEqual(data, missingValue), or cast with tf.cast(m, "bool").');
  }
  const eventRank = fn.eventShape.length;
  const observed = effect<tf.Tensor, SampleMessage<`${N}_observed`>>(sampleMessage(`${name}_observed`, fn as Distribution, obs, and(mask, keep), infer));
  return {
    *[Symbol.iterator]() {
      const o = yield* observed;
      const missing = tf.logicalNot(keep);
      const u = yield* effect<tf.Tensor, SampleMessage<`${N}_unobserved`>>(sampleMessage(`${name}_unobserved`, fn as Distribution, undefined, and(mask, missing), infer));
      checkMaskShape(name, keep, u, eventRank);
      const batchMask = eventRank === 0 ? keep : tf.reshape(keep, [...keep.shape, ...new Array<number>(eventRank).fill(1)]);
      const value = tf.where(batchMask, o, u);
      const result: tf.Tensor = yield* effect<tf.Tensor, DeterministicMessage<N>>({ type: 'deterministic', name, value, eventDim: eventRank, plates: [], stop: false, key: undefined });
      return result;
    },
  } as MaskedSampleEffect<N, B, E>;
}
