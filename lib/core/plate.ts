/**
 * Plates: running a plate body, allocating batch dims, and broadcasting sites to plates.
 *
 * Pyro's semantics: a plate claims one batch dim counted from the right (`dim = -1` is the
 * rightmost). Without an explicit `dim`, a plate takes the first dim, from the right, that no
 * enclosing plate has claimed. Every sample site inside is broadcast so that its batch shape
 * has the plate's size at the plate's dim; a distribution whose batch dim there is neither 1
 * nor the plate size is a `ShapeMismatch`. A subsampled plate scales the log-densities inside
 * it by `size / subsampleSize`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { mapMessages } from './delegate.js';
import type { Message, PlateFrame, PlateMessage, PlateSite, Scale } from './effect.js';
import { ignisError } from './errors.js';
import { type Shape, showShape, tryBroadcastShapes } from './shape.js';
import type { Distribution } from './site-distribution.js';

/**
 * The generator behind `plate(...)`: yield the plate entry, then run the body with the
 * resolved indices, adding the plate's frame (and subsample scale) to every message the body
 * yields.
 */
export function* runPlate<N extends string, R, Y extends Message>(
  message: PlateMessage<N>,
  body: (indices: tf.Tensor) => Generator<Y, R, unknown>,
): Generator<Y | PlateMessage<N>, R, unknown> {
  const site = (yield message) as PlateSite;
  const { frame } = site;
  const scale = frame.size / frame.subsampleSize;
  return yield* mapMessages(body(site.value), (m: Y) => enterFrame(m, frame, scale));
}

/** Multiply two scales, staying in JS numbers when both are numbers. */
export function multiplyScales(a: Scale, b: Scale): Scale {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (a === 1) return b;
  if (b === 1) return a;
  return tf.mul(a, b);
}

function enterFrame<M extends Message>(message: M, frame: PlateFrame, scale: number): M {
  const plates = [frame, ...message.plates];
  if (message.type === 'sample' && scale !== 1) {
    return { ...message, plates, scale: multiplyScales(message.scale, scale) };
  }
  return { ...message, plates };
}

/**
 * The dim a plate claims: the requested one if free, else the first free dim from the right.
 * Throws when the requested dim is taken or the plate is nested in a plate of the same name.
 */
export function allocateDim(message: PlateMessage): number {
  const taken = new Map(message.plates.map((f) => [f.dim, f.name]));
  const clash = message.plates.find((f) => f.name === message.name);
  if (clash !== undefined) {
    throw ignisError('InvalidArgument', {
      fn: 'plate',
      what: `plate '${message.name}' is nested inside a plate of the same name`,
      hint: 'Give nested plates distinct names.',
    });
  }
  if (message.dim !== undefined) {
    const owner = taken.get(message.dim);
    if (owner !== undefined) {
      throw ignisError('InvalidArgument', {
        fn: 'plate',
        what: `dim ${message.dim} of plate '${message.name}' is already claimed by the enclosing plate '${owner}'`,
        hint: 'Give each nested plate its own dim (e.g. -1 and -2), or omit dim to take the next free one.',
      });
    }
    return message.dim;
  }
  let dim = -1;
  while (taken.has(dim)) dim--;
  return dim;
}

/**
 * The batch shape a distribution must have inside `plates` (Pyro's `BroadcastMessenger`):
 * each plate sets its dim to its (subsample) size; other dims keep the distribution's size.
 * Throws `ShapeMismatch` naming the plate, the site and the dim.
 */
export function plateBatchShape(
  fn: Distribution,
  plates: readonly PlateFrame[],
  site: string,
  table: () => string,
): Shape {
  const actual = fn.batchShape;
  const rank = Math.max(actual.length, ...plates.map((f) => -f.dim));
  const target: (number | undefined)[] = Array.from({ length: rank }, (_, i) => {
    const d = actual[i - (rank - actual.length)];
    return d === undefined || d === 1 ? undefined : d;
  });
  for (const f of plates) {
    const i = rank + f.dim;
    const current = target[i];
    if (current !== undefined && current !== f.subsampleSize) {
      throw ignisError('ShapeMismatch', {
        fn: 'plate',
        what: `shape mismatch inside plate '${f.name}'`,
        site,
        detail: `dim ${f.dim} has size ${current} but the plate has size ${f.subsampleSize} (distribution ${fn.family} with batch shape ${showShape(actual)})`,
        hint: `Make the distribution's batch dim ${f.dim} equal ${f.subsampleSize} or 1, or move the plate to another dim.`,
        table: table(),
      });
    }
    target[i] = f.subsampleSize;
  }
  return target.map((d, i) => d ?? actual[i - (rank - actual.length)] ?? 1);
}

/**
 * Check that a given (observed or replayed) value fits the site's broadcast batch shape:
 * its batch part must broadcast with it. Throws `ShapeMismatch` naming the site.
 */
export function checkValueFits(
  value: tf.Tensor,
  fn: Distribution,
  site: string,
  plates: readonly PlateFrame[],
  table: () => string,
): void {
  const eventRank = fn.eventShape.length;
  const event = value.shape.slice(value.rank - eventRank);
  const batch = value.shape.slice(0, value.rank - eventRank);
  const eventOk = value.rank >= eventRank && event.every((d, i) => d === fn.eventShape[i]);
  if (eventOk && tryBroadcastShapes(batch, fn.batchShape) !== undefined) return;
  const where = plates.length === 0 ? '' : ` inside plate${plates.length > 1 ? 's' : ''} ${plates.map((f) => `'${f.name}' (dim ${f.dim}, size ${f.subsampleSize})`).join(', ')}`;
  throw ignisError('ShapeMismatch', {
    fn: 'sample',
    what: 'value does not fit the distribution',
    site,
    detail: `value shape ${showShape(value.shape)} vs batch shape ${showShape(fn.batchShape)} and event shape ${showShape(fn.eventShape)}${where}`,
    hint: 'The value must have the event shape on the right and a batch part that broadcasts with the batch shape.',
    table: table(),
  });
}
