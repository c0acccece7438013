/**
 * Running plate bodies: the generators behind `plate(...)`, a plate handle and its
 * `.sequential(...)` form.
 *
 * Each yields the plate's entry message (the interpreter resolves its dim and indices), then
 * runs the body, adding the plate's frame to every message the body yields on its way out:
 *
 * - vectorized: the frame joins the message's `plates` (the site is broadcast along its dim);
 * - sequential: the body runs once per (sub)sampled index `i`, and the iteration's frame
 *   (`dim` undefined, `index` i) joins the message's `sequential` frames (Pyro's
 *   `cond_indep_stack` entries with `dim=None`).
 *
 * Either way a subsampled plate scales the log-densities inside it by `size / subsampleSize`.
 * A message carrying a `blockPlate` request that matches the plate passes it untouched (no
 * frame, no scale), and the request records the plate it matched.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { mapMessages } from './delegate.js';
import type { Message, PlateBlock, PlateFrame, PlateMessage, PlateSite, Scale, SequentialFrame, SequentialPlateFrame } from './effect.js';

/** Multiply two scales, staying in JS numbers when both are numbers. */
export function multiplyScales(a: Scale, b: Scale): Scale {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (a === 1) return b;
  if (b === 1) return a;
  return tf.mul(a, b);
}

const matches = (block: PlateBlock, frame: PlateFrame | SequentialPlateFrame): boolean =>
  block.frame === undefined && (block.name === undefined ? block.dim !== undefined && block.dim === frame.dim : block.name === frame.name);

/** The message with the first `blockPlate` request matching `frame` marked matched, or `undefined` if none matches. */
function blocked<M extends Message>(message: M, frame: PlateFrame | SequentialPlateFrame): M | undefined {
  const blocks = message.blockedPlates;
  if (blocks === undefined) return undefined;
  const i = blocks.findIndex((b) => matches(b, frame));
  if (i < 0) return undefined;
  return { ...message, blockedPlates: blocks.map((b, j) => (j === i ? { ...b, frame } : b)) };
}

function enterFrame<M extends Message>(message: M, frame: PlateFrame, scale: number): M {
  if (message.blockedPlates !== undefined) {
    const passed = blocked(message, frame);
    if (passed !== undefined) return passed;
  }
  const plates = [frame, ...message.plates];
  return message.type === 'sample' && scale !== 1 ? { ...message, plates, scale: multiplyScales(message.scale, scale) } : { ...message, plates };
}

function enterIteration<M extends Message>(message: M, frame: SequentialFrame, scale: number): M {
  if (message.blockedPlates !== undefined) {
    const passed = blocked(message, frame);
    if (passed !== undefined) return passed;
  }
  const sequential = message.sequential === undefined ? [frame] : [frame, ...message.sequential];
  return message.type === 'sample' && scale !== 1 ? { ...message, sequential, scale: multiplyScales(message.scale, scale) } : { ...message, sequential };
}

/** The generator behind a vectorized plate: enter it, then run `body` with its indices inside its frame. */
export function* runPlate<N extends string, R, Y extends Message>(
  message: PlateMessage<N>,
  body: (indices: tf.Tensor) => Generator<Y, R, unknown>,
): Generator<Y | PlateMessage<N>, R, unknown> {
  const site = (yield message) as PlateSite;
  const frame = site.frame as PlateFrame;
  const scale = frame.size / frame.subsampleSize;
  return yield* mapMessages(body(site.value), (m: Y) => enterFrame(m, frame, scale));
}

/**
 * The generator behind a sequential plate: enter it, then run `body(i)` once per (sub)sampled
 * index `i`, in the order of the indices; returns the bodies' results in that order.
 */
export function* runSequential<N extends string, R, Y extends Message>(
  message: PlateMessage<N>,
  body: (index: number) => Generator<Y, R, unknown>,
): Generator<Y | PlateMessage<N>, readonly R[], unknown> {
  const site = (yield message) as PlateSite;
  const frame = site.frame as SequentialPlateFrame;
  const scale = frame.size / frame.subsampleSize;
  const indices = site.value.dataSync();
  const results: R[] = [];
  for (const index of indices) {
    const iteration: SequentialFrame = { name: frame.name, size: frame.size, subsampleSize: frame.subsampleSize, dim: undefined, index };
    results.push(yield* mapMessages(body(index), (m: Y) => enterIteration(m, iteration, scale)));
  }
  return results;
}
