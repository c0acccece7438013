import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { pipe } from 'fp-ts/lib/function.js';
import { describe, expect, it } from 'vitest';
import type { Scale } from '../../lib/core/effect.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { sampleSites, siteLogProb } from '../../lib/core/trace.js';
import { mask } from '../../lib/handlers/mask.js';
import { scale } from '../../lib/handlers/scale.js';
import { chain } from './fixtures.js';

const asNumber = (s: Scale): number => (typeof s === 'number' ? s : s.dataSync()[0]!);
const positive = fc.double({ min: 1e-3, max: 1e3, noNaN: true });

describe('handlers/scale', () => {
  describe('scale', () => {
    it('scale(a) then scale(b) equals scale(a·b) on every site\'s scale', () => {
      fc.assert(
        fc.property(positive, positive, (a, b) => {
          tf.tidy(() => {
            const key = prngKey(0);
            const nested = simulate(pipe(chain, scale(a), scale(b)), { key })(tf.scalar(0));
            const once = simulate(scale(chain, a * b), { key })(tf.scalar(0));
            for (const site of sampleSites(once)) {
              const other = sampleSites(nested).find((s) => s.name === site.name)!;
              expect(asNumber(other.scale)).toBeCloseTo(asNumber(site.scale), 10);
            }
          });
        }),
      );
    });

    it('multiplies log-densities and rejects non-positive factors', () => {
      tf.tidy(() => {
        const key = prngKey(1);
        const plain = sampleSites(simulate(chain, { key })(tf.scalar(0)));
        const scaled = sampleSites(simulate(scale(chain, 0.25), { key })(tf.scalar(0)));
        plain.forEach((site, i) => {
          expect(tf.sum(siteLogProb(scaled[i]!)).dataSync()[0]).toBeCloseTo(0.25 * tf.sum(siteLogProb(site)).dataSync()[0]!, 4);
        });
      });
      expect(() => scale(chain, 0)).toThrow(/scale: argument 'factor' must be positive: got 0\. Consider using mask\(\) instead/);
    });
  });
});

describe('handlers/mask', () => {
  describe('mask', () => {
    it('zeroes masked log-densities and keeps the rest', () => {
      tf.tidy(() => {
        const key = prngKey(2);
        const dropped = sampleSites(simulate(mask(chain, false), { key })(tf.scalar(0)));
        dropped.forEach((site) => expect(Array.from(siteLogProb(site).dataSync()).every((v) => v === 0)).toBe(true));
        const partial = simulate(mask(chain, tf.tensor1d([true, false, true], 'bool')), { key })(tf.scalar(0));
        const c = sampleSites(partial).find((s) => s.name === 'c')!;
        const lp = Array.from(siteLogProb(c).dataSync());
        expect(lp[1]).toBe(0);
        expect(lp[0]).not.toBe(0);
      });
    });
  });
});
