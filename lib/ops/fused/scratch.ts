/**
 * Reusable float64 work arrays for the fused ops' partial derivatives.
 *
 * A fused op's forward pass fills one float64 array of partials per input, and its backward pass
 * reads each array once. Allocated afresh every step, these arrays (tens to hundreds of kB per
 * SVI step) live outside V8's heap, and freeing them is part of every garbage collection: on the
 * amortized workload a larger young generation alone (`--max-semi-space-size=64`) made a step
 * ~5 % faster. An op takes its arrays with {@link takeZeroed} and hands each back with
 * {@link giveBack} once the gradient that read it is built; an array never handed back (its
 * input was off the differentiation path) is simply collected.
 *
 * An array handed back must not be read or written again by its previous owner.
 *
 * @module
 */

import type * as tf from '@tensorflow/tfjs-core';
import { float32Tensor } from './broadcast.js';

/** Arrays below this length live inside V8's heap and are cheap to allocate. */
const MIN_LENGTH = 64;
/** At most this many free arrays are kept per length, and at most this many lengths. */
const PER_LENGTH = 8;
const LENGTHS = 32;

const free = new Map<number, Float64Array[]>();

/** A float64 array of `n` zeros, reused when one of that length was handed back. @internal */
export function takeZeroed(n: number): Float64Array {
  const reused = n >= MIN_LENGTH ? free.get(n)?.pop() : undefined;
  if (reused === undefined) return new Float64Array(n);
  reused.fill(0);
  return reused;
}

let sinkArray = new Float64Array(0);
const sinkBuffers = new WeakSet<ArrayBufferLike>();

/**
 * A float64 array of at least `n` elements that is never read: where a fused op must write the
 * partials of an input nobody asks a gradient of (see `onGradientPath` in `engine.ts`), without
 * allocating. Every caller shares it; its contents are garbage. @internal
 */
export function sink(n: number): Float64Array {
  if (sinkArray.length < n) {
    sinkArray = new Float64Array(Math.max(n, 2 * sinkArray.length));
    sinkBuffers.add(sinkArray.buffer);
  }
  return sinkArray.length === n ? sinkArray : sinkArray.subarray(0, n);
}

/** Whether `a` is (a view of) the {@link sink}: a kernel may skip writing its partials there. @internal */
export const isSink = (a: Float64Array | undefined): boolean => a !== undefined && sinkBuffers.has(a.buffer);

/** Hand `a` back for reuse (see the module notes: its owner must not touch it again). @internal */
export function giveBack(a: Float64Array): void {
  if (a.length < MIN_LENGTH || isSink(a)) return;
  let list = free.get(a.length);
  if (list === undefined) {
    if (free.size >= LENGTHS) return;
    free.set(a.length, (list = []));
  }
  if (list.length < PER_LENGTH && !list.includes(a)) list.push(a);
}

/** `a` as a float32 tensor of `shape` (a copy), `a` then handed back (see {@link giveBack}). @internal */
export function tensorGivingBack(a: Float64Array, shape: readonly number[]): tf.Tensor {
  const t = float32Tensor(a, shape);
  giveBack(a);
  return t;
}
