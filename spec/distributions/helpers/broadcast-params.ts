/**
 * Random parameters of broadcastable shapes for law-style tests of a family table: a batch
 * shape, per parameter that shape with some dims set to 1 or dropped on the left, and values
 * uniform in each parameter's range. Shared by the discrete and continuous laws.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { prngKey, uniforms } from '../../../lib/core/key.js';
import { type Shape, sizeOf } from '../../../lib/core/shape.js';

/** A parameter's range (`integer`: values rounded). */
export interface ParamRange {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}

/** Shapes of rank ≤ 2 with dims 1 … 3. */
export const smallShape = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 });

/** Parameters in `ranges` with the given shapes, uniform in each range (integers rounded). */
export function makeParams(ranges: readonly ParamRange[], shapes: readonly Shape[], seed: number): tf.Tensor[] {
  return ranges.map((spec, j) => {
    const u = uniforms(prngKey(seed * 31 + j), sizeOf(shapes[j]!));
    const values = Array.from(u, (v) => spec.min + (spec.max - spec.min) * v);
    return tf.tensor(spec.integer === true ? values.map(Math.round) : values, [...shapes[j]!]);
  });
}

/** Per parameter, the batch shape with some dims set to 1 or dropped on the left (broadcastable). */
export const paramShapes = (batch: Shape, masks: readonly (readonly boolean[])[], drops: readonly number[]): Shape[] =>
  masks.map((mask, j) => batch.map((d, i) => (mask[i] === true ? 1 : d)).slice(Math.min(drops[j]!, batch.length)));

/** A case of the shape law for `k` parameters. */
export interface ShapeCase {
  readonly sampleShape: Shape;
  /** Each parameter's shape (broadcastable to a common batch shape). */
  readonly shapes: readonly Shape[];
  readonly seed: number;
}

/** Arbitrary {@link ShapeCase}s for `k` parameters. */
export const shapeCases = (k: number): fc.Arbitrary<ShapeCase> =>
  fc
    .tuple(
      smallShape,
      smallShape,
      fc.array(fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }), { minLength: k, maxLength: k }),
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: k, maxLength: k }),
      fc.integer({ min: 1, max: 1000 }),
    )
    .map(([batch, sampleShape, masks, drops, seed]) => ({ sampleShape, shapes: paramShapes(batch, masks, drops), seed }));
