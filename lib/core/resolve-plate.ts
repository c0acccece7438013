/**
 * Resolving plate entries: a plate is declared once per run and keeps its dim and indices.
 *
 * The first entry of a plate name in a run allocates its dim (Pyro's `_DimAllocator`: the
 * requested one if free, else the first dim from the right that no enclosing plate claims) and
 * its indices (`0 … size−1`, a random subsample, or the given ones). Every later entry of the
 * same name, alone or with other plates, in any nesting (Pyro's reusable `x_axis =
 * pyro.plate(...)`; `with x_axis, y_axis:`), reuses them: the same dim, the same subsample, so
 * all sites of a plate line up. A later entry that contradicts the first (another size,
 * subsample size, dim or indices, or vectorized against sequential) is an `InvalidArgument`
 * naming the plate; so is a dim already claimed by an enclosing plate.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PlateFrame, PlateMessage, PlateSite, SequentialPlateFrame } from './effect.js';
import { ignisError } from './errors.js';
import { type FoldState, record, siteKey } from './fold.js';
import { subsample } from './key.js';
import { sharedRange } from '../ops/kernels/wasm-range.js';

const ranges = new Map<number, Int32Array>();

/**
 * A fresh `0 … n−1`: a copy of a cached one (uploading it costs less than a `Range` kernel). A
 * copy, because the cpu backend keeps the very array as the tensor's storage, which a user may
 * write through `dataSync()`. (Large plates on wasm share one heap buffer instead: `sharedRange`.)
 */
function rangeOf(n: number): Int32Array {
  const known = ranges.get(n);
  if (known !== undefined) return known.slice();
  if (ranges.size > 64) ranges.clear();
  const range = Int32Array.from({ length: n }, (_, i) => i);
  ranges.set(n, range);
  return range.slice();
}

const plateError = (name: string, what: string, detail: string, hint: string) => ignisError('InvalidArgument', { fn: 'plate', what, site: name, detail, hint });

/** The frames claiming dims around a plate entry: the enclosing plates and the plates a `blockPlate` inside hides. */
function enclosing(message: PlateMessage): readonly (PlateFrame | SequentialPlateFrame)[] {
  const blocked = message.blockedPlates?.flatMap((b) => (b.frame === undefined ? [] : [b.frame])) ?? [];
  return blocked.length === 0 ? message.plates : [...message.plates, ...blocked];
}

function checkNotNested(message: PlateMessage, frames: readonly (PlateFrame | SequentialPlateFrame)[]): void {
  if (frames.some((f) => f.name === message.name) || message.sequential?.some((f) => f.name === message.name) === true) {
    throw plateError(message.name, `plate '${message.name}' is nested inside itself`, 'an enclosing plate has the same name', 'Give nested plates distinct names.');
  }
}

/** Throw unless `dim` is free around the entry (no enclosing plate claims it). */
function checkDimFree(message: PlateMessage, dim: number, frames: readonly (PlateFrame | SequentialPlateFrame)[], kept: boolean): void {
  const owner = frames.find((f) => f.dim === dim);
  if (owner === undefined) return;
  throw plateError(
    message.name,
    `dim ${dim} of plate '${message.name}' is already claimed by the enclosing plate '${owner.name}'`,
    kept ? `plate '${message.name}' keeps the dim ${dim} of its first entry in this run` : `dim ${dim} was requested`,
    'Give each plate its own dim (e.g. -1 and -2), declared once: const xAxis = plate(name, size, { dim }).',
  );
}

/** The dim a first entry claims: the requested one if free, else the first free dim from the right. */
function allocateDim(message: PlateMessage, frames: readonly (PlateFrame | SequentialPlateFrame)[]): number {
  if (message.dim !== undefined) {
    checkDimFree(message, message.dim, frames, false);
    return message.dim;
  }
  let dim = -1;
  while (frames.some((f) => f.dim === dim)) dim--;
  return dim;
}

const sameIndices = (a: tf.Tensor, b: tf.Tensor): boolean => {
  if (a.size !== b.size || a.rank !== b.rank) return false;
  const x = a.dataSync();
  const y = b.dataSync();
  return x.every((v, i) => v === y[i]);
};

/** A later entry of a plate: check it agrees with the first, then reuse its dim and indices. */
function reenter(state: FoldState, known: PlateSite, message: PlateMessage): PlateSite {
  const { name } = message;
  const first = known.frame;
  const mismatch = (what: string, now: string, then: string) =>
    plateError(name, `plate '${name}' entered again with ${what}`, `${now} now, ${then} at its first entry in this run`, 'A plate is declared once per run: declare it once (const p = plate(...)) and enter it as often as needed.');
  if (message.vectorized !== known.vectorized) {
    throw plateError(name, `plate '${name}' used both vectorized and sequentially`, `first entered ${known.vectorized ? 'vectorized' : 'sequentially'}`, 'Use one plate name for one kind of plate.');
  }
  if (message.size !== known.size) throw mismatch('another size', `size ${message.size}`, `size ${known.size}`);
  if (message.subsampleSize !== undefined && message.subsampleSize !== first.subsampleSize) {
    throw mismatch('another subsample size', `subsample size ${message.subsampleSize}`, `subsample size ${first.subsampleSize}`);
  }
  if (message.dim !== undefined && message.dim !== first.dim) throw mismatch('another dim', `dim ${message.dim}`, `dim ${String(first.dim)}`);
  if (message.value !== undefined && message.value !== known.value && !sameIndices(message.value, known.value)) {
    throw mismatch('other subsample indices', `${message.value.size} given indices`, `${known.value.size} indices`);
  }
  const frames = enclosing(message);
  checkNotNested(message, frames);
  if (first.dim !== undefined) checkDimFree(message, first.dim, frames, true);
  if (known.stop && !message.stop) {
    // first entered under `block`, now visible: record it here
    const shown: PlateSite = { ...known, stop: false };
    state.plates.set(name, shown);
    return record(state, shown);
  }
  return known;
}

/**
 * Resolve a plate entry: the first entry of a name allocates its dim (vectorized plates only)
 * and its indices; later entries reuse them (see the module notes).
 */
export function resolvePlate(state: FoldState, message: PlateMessage): PlateSite {
  const known = state.plates.get(message.name);
  if (known !== undefined) return reenter(state, known, message);
  const frames = enclosing(message);
  checkNotNested(message, frames);
  const { name, size } = message;
  const dim = message.vectorized ? allocateDim(message, frames) : undefined;
  const subsampleSize = message.subsampleSize ?? size;
  const indices =
    message.value ??
    (subsampleSize < size ? tf.tensor1d(subsample(siteKey(state, message, 'a subsampled plate'), size, subsampleSize), 'int32') : (sharedRange(size) ?? tf.tensor1d(rangeOf(size), 'int32')));
  const frame: PlateFrame | SequentialPlateFrame = dim === undefined ? { name, size, subsampleSize, dim: undefined } : { name, size, subsampleSize, dim };
  const site = record(state, { ...message, dim, subsampleSize, value: indices, frame });
  state.plates.set(name, site);
  return site;
}
