/**
 * Plates in autoguides: the guide enters the model's plates around each site (same names,
 * sizes, dims and subsample sizes; Pyro's `_create_plates`), so that the model, replayed on
 * the guide's trace, uses the guide's subsample indices. Full-size parameters read inside
 * them get the subsample's rows from the interpreter (`core/param-rows.ts`).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Message, PlateFrame } from '../../core/effect.js';
import { plate } from '../../core/primitives.js';

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
 * Run `body` inside `frames` (outermost first). `given` overrides a plate's subsample indices (from {@link CreatePlates}).
 *
 * @category autoguides
 * @since 0.1.0
 */
export function* inPlates<R>(
  frames: readonly PlateFrame[],
  given: Readonly<Record<string, tf.Tensor>> | undefined,
  body: () => Generator<Message, R, unknown>,
): Generator<Message, R, unknown> {
  const [frame, ...rest] = frames;
  if (frame === undefined) return yield* body();
  const subsample = given?.[frame.name];
  const options = {
    dim: frame.dim,
    ...(subsample !== undefined ? { subsample } : frame.subsampleSize < frame.size ? { subsampleSize: frame.subsampleSize } : {}),
  };
  return yield* plate(frame.name, frame.size, options, function* () {
    return yield* inPlates(rest, given, body);
  });
}
