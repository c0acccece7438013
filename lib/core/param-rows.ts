/**
 * Params inside subsampled plates, Pyro's rule: a `param` with an `eventDim`, read inside a plate
 * with `subsampleSize < size`, holds the plate at its *full* size along dim `plate.dim − eventDim`
 * and the program receives only the rows of the current subsample there,
 *
 *     value = P[…, idx, …]   (idx: the plate's subsample indices; a size-1 dim broadcasts).
 *
 * A params record may also know how to build those rows without materializing the whole
 * constrained parameter (`withRowSource`): when the constraint's bijection `T` acts elementwise,
 * `T(U)[idx] = T(U[idx])`, so the rows cost O(subsample) instead of O(full size). SVI's params
 * record does this; any other record is read whole and then gathered.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ignisError } from './errors.js';
import type { PlateFrame } from './effect.js';
import { gatherRows } from '../ops/gather-rows.js';

/** Select the current subsample's rows of a full-size tensor (the same map on every input). */
export type RowGather = (full: tf.Tensor) => tf.Tensor;

/** Builds param `name`'s subsampled rows from its unconstrained value, or `undefined` if it cannot. */
export type RowSource = (name: string, gather: RowGather) => tf.Tensor | undefined;

const sources = new WeakMap<object, RowSource>();

/** Attach `source` to a params record (which is returned): see the module notes. @internal */
export function withRowSource<P extends object>(params: P, source: RowSource): P {
  sources.set(params, source);
  return params;
}

/** The rows of param `name` built by the record's row source, if it has one that can. @internal */
export function rowsFromSource(params: object | undefined, name: string, gather: RowGather): tf.Tensor | undefined {
  return params === undefined ? undefined : sources.get(params)?.(name, gather);
}

/** A subsampled plate around a param, with the indices the interpreter drew for it. @internal */
export interface SubsampledFrame {
  readonly frame: PlateFrame;
  readonly indices: tf.Tensor;
}

/**
 * The map `P ↦ P[…, idx, …]` along every subsampled frame, checking that `P` holds each plate at
 * its full size (or 1, which broadcasts). Throws an error naming the param, the plate and the fix.
 * @internal
 */
export function rowGather(caller: string, param: string, eventDim: number, frames: readonly SubsampledFrame[]): RowGather {
  return (full) => {
    let out = full;
    for (const { frame, indices } of frames) {
      const axis = full.rank - eventDim + frame.dim;
      const rows = axis < 0 ? 1 : full.shape[axis]!;
      if (rows === 1) continue;
      if (rows !== frame.size) {
        throw ignisError('ShapeMismatch', {
          fn: caller,
          what: `invalid shape of param inside subsampled plate '${frame.name}'`,
          site: param,
          detail: `shape [${full.shape.join(', ')}] with eventDim ${eventDim} has ${rows} along dim ${frame.dim - eventDim}; plate '${frame.name}' has size ${frame.size} (subsample ${frame.subsampleSize})`,
          hint: `Give the param the plate's full size ${frame.size} (or 1 to broadcast): the interpreter selects the subsample's rows.`,
        });
      }
      out = gatherRows(out, indices, axis);
    }
    return out;
  };
}
