/**
 * Plates in autoguides: the guide enters the model's plates around each site (same names,
 * sizes, dims and subsample sizes; Pyro's `_create_plates`), so that the model, replayed on
 * the guide's trace, uses the guide's subsample indices. Full-size parameters are gathered to
 * the subsample's rows.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Message, PlateFrame } from '../../core/effect.js';
import { plate } from '../../core/primitives.js';
import { gatherRows } from './gather-rows.js';
import type { LatentSite } from './prototype.js';

/**
 * Subsample indices by plate name, as the guide's plates resolved them.
 *
 * @category autoguides
 * @since 0.1.0
 */
export type PlateIndices = ReadonlyMap<string, tf.Tensor>;

/**
 * User-chosen subsample indices by plate name (Pyro's `create_plates`): a function of the
 * model's arguments. Use it when the model passes its own `subsample` indices to a plate, so
 * the guide uses the same ones.
 *
 * @category autoguides
 * @since 0.1.0
 */
export type CreatePlates = (...args: never[]) => Readonly<Record<string, tf.Tensor>>;

/**
 * Run `body` inside `frames` (outermost first), passing it the indices of every plate entered.
 * `given` overrides a plate's subsample indices (from {@link CreatePlates}).
 *
 * @category autoguides
 * @since 0.1.0
 */
export function* inPlates<R>(
  frames: readonly PlateFrame[],
  given: Readonly<Record<string, tf.Tensor>> | undefined,
  body: (indices: PlateIndices) => Generator<Message, R, unknown>,
  indices: PlateIndices = new Map(),
): Generator<Message, R, unknown> {
  const [frame, ...rest] = frames;
  if (frame === undefined) return yield* body(indices);
  const subsample = given?.[frame.name];
  const options = {
    dim: frame.dim,
    ...(subsample !== undefined ? { subsample } : frame.subsampleSize < frame.size ? { subsampleSize: frame.subsampleSize } : {}),
  };
  return yield* plate(frame.name, frame.size, options, function* (idx) {
    return yield* inPlates(rest, given, body, new Map([...indices, [frame.name, idx]]));
  });
}

/**
 * The rows of a full-size value (plate dims at full size) that the current subsample selects,
 * along each subsampled plate's dim; `eventDim` is the value's event rank. No kernel when no
 * plate of the site is subsampled.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function gatherSubsample(full: tf.Tensor, site: LatentSite, indices: PlateIndices, eventDim: number): tf.Tensor {
  let out = full;
  const batchRank = full.rank - eventDim;
  for (const f of site.plates) {
    const idx = indices.get(f.name);
    if (idx === undefined || idx.size === f.size) continue;
    out = gatherRows(out, idx, batchRank + f.dim);
  }
  return out;
}
