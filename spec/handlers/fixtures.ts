/** Small models shared by the handler specs. */
import * as tf from '@tensorflow/tfjs-core';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';

export const SITE_NAMES = ['a', 'b', 'c', 'y'] as const;

/** a → b → c (in a plate of 3) → y observed. */
export function* chain(y: tf.Tensor) {
  const loc = yield* param('loc', tf.scalar(0.5));
  const a = yield* sample('a', Normal(loc, 1));
  const b = yield* sample('b', Normal(a, 1));
  const c = yield* plate('items', 3, function* () {
    return yield* sample('c', Normal(b, 1));
  });
  yield* sample('y', Normal(tf.sum(c), 1), { obs: y });
  return { a, b, c };
}

export const scalarOf = (t: tf.Tensor): number => t.dataSync()[0]!;
