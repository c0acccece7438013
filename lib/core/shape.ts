/**
 * Shapes: broadcasting with Pyro/NumPy semantics and small shape utilities.
 *
 * A shape is a readonly array of non-negative integers. Distributions follow Pyro:
 * a value has shape `sampleShape + batchShape + eventShape`.
 *
 * @module
 */
import { ignisError } from './errors.js';

/** A tensor shape. */
export type Shape = readonly number[];

/** `[2, 3]` → `"[2, 3]"`. */
export const showShape = (shape: Shape): string => `[${shape.join(', ')}]`;

/** Whether two shapes are equal. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The number of elements of a shape. */
export const sizeOf = (shape: Shape): number => shape.reduce((n, d) => n * d, 1);

/**
 * Broadcast shapes right-aligned (NumPy rules): dims must be equal or 1.
 * Returns `undefined` when they do not broadcast.
 */
export function tryBroadcastShapes(...shapes: readonly Shape[]): Shape | undefined {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const shape of shapes) {
    const offset = rank - shape.length;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      const current = out[offset + i]!;
      if (d === current || d === 1) continue;
      if (current !== 1) return undefined;
      out[offset + i] = d;
    }
  }
  return out;
}

/**
 * Broadcast shapes right-aligned, or throw `ShapeMismatch` naming `fn` and the shapes.
 *
 * @example
 * ```ts
 * broadcastShapes('Normal', [3], [2, 1]); // [2, 3]
 * ```
 */
export function broadcastShapes(fn: string, ...shapes: readonly Shape[]): Shape {
  const out = tryBroadcastShapes(...shapes);
  if (out === undefined) {
    throw ignisError('ShapeMismatch', {
      fn,
      what: 'shapes do not broadcast',
      detail: shapes.map(showShape).join(' vs '),
      hint: 'Dims are aligned from the right and must be equal or 1.',
    });
  }
  return out;
}

/** `shape` without its rightmost `n` dims. */
export const dropRight = (shape: Shape, n: number): Shape => shape.slice(0, shape.length - n);

/** The rightmost `n` dims of `shape`. */
export const takeRight = (shape: Shape, n: number): Shape => (n === 0 ? [] : shape.slice(-n));
