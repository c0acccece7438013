import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { pipe } from 'fp-ts/lib/function.js';
import { describe, expect, it } from 'vitest';
import type { SampleSite } from '../../lib/core/effect.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { sampleSites } from '../../lib/core/trace.js';
import { condition } from '../../lib/handlers/condition.js';
import { uncondition } from '../../lib/handlers/uncondition.js';
import { chain, SITE_NAMES } from './fixtures.js';

describe('handlers/condition', () => {
  describe('condition', () => {
    it('marks exactly the conditioned sites observed, with the given values, and leaves the rest as they were', () => {
      fc.assert(
        fc.property(fc.subarray(['a', 'b', 'c'] as const), fc.integer(), (names, seed) => {
          tf.tidy(() => {
            const data = Object.fromEntries(names.map((n, i) => [n, n === 'c' ? tf.fill([3], i + 0.25) : tf.scalar(i + 0.25)]));
            const key = prngKey(seed);
            const plain = simulate(chain, { key })(tf.scalar(1));
            const conditioned = simulate(condition(chain, data), { key })(tf.scalar(1));
            for (const site of sampleSites(conditioned)) {
              const given = data[site.name];
              if (given !== undefined) {
                expect(site.isObserved).toBe(true);
                expect(Array.from(site.value.dataSync())).toEqual(Array.from(given.dataSync()));
              } else {
                expect(site.isObserved).toBe((plain.sites.get(site.name) as SampleSite).isObserved);
              }
            }
            expect([...conditioned.sites.keys()]).toEqual([...plain.sites.keys()]);
          });
        }),
        { numRuns: 40 },
      );
    });

    it('is usable data-last with pipe, and the outermost condition wins', () => {
      tf.tidy(() => {
        const m = pipe(chain, condition({ a: tf.scalar(1) }), condition({ a: tf.scalar(2) }));
        const a = simulate(m, { key: prngKey(0) })(tf.scalar(0)).sites.get('a')!;
        expect(a.value.dataSync()[0]).toBe(2);
      });
    });
  });

  describe('uncondition', () => {
    it('draws observed sites and keeps the observation in infer', () => {
      tf.tidy(() => {
        const trace = simulate(uncondition(chain), { key: prngKey(3) })(tf.scalar(0.75));
        const y = trace.sites.get('y') as SampleSite;
        expect(y.isObserved).toBe(false);
        expect(y.value.dataSync()[0]).not.toBe(0.75);
        expect(y.infer.wasObserved).toBe(true);
        expect((y.infer.obs as tf.Tensor).dataSync()[0]).toBe(0.75);
        expect(SITE_NAMES.every((n) => trace.sites.has(n))).toBe(true);
      });
    });
  });
});
