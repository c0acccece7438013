import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run, simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { seed } from '../../lib/handlers/seed.js';
import { chain } from './fixtures.js';

const draws = (t: { sites: ReadonlyMap<string, { value: tf.Tensor }> }): number[] =>
  ['a', 'b', 'c'].flatMap((n) => Array.from(t.sites.get(n)!.value.dataSync()));

describe('handlers/seed', () => {
  describe('seed', () => {
    it('makes a model runnable without a key, with the same draws on every run', () => {
      tf.tidy(() => {
        const seeded = seed(chain, 5);
        expect(draws(run(seeded, [tf.scalar(0)]))).toEqual(draws(run(seeded, [tf.scalar(0)])));
      });
    });

    it('overrides the interpreter key; the innermost seed wins; different seeds differ', () => {
      fc.assert(
        fc.property(fc.integer(), fc.integer(), fc.integer(), (s, k1, k2) => {
          tf.tidy(() => {
            const a = draws(simulate(seed(chain, s), { key: prngKey(k1) })(tf.scalar(0)));
            const b = draws(simulate(seed(chain, s), { key: prngKey(k2) })(tf.scalar(0)));
            expect(a).toEqual(b);
            expect(draws(run(seed(seed(chain, s), s + 1), [tf.scalar(0)]))).toEqual(a);
            expect(draws(run(seed(chain, s + 1), [tf.scalar(0)]))).not.toEqual(a);
          });
        }),
        { numRuns: 20 },
      );
    });
  });
});
