import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { block, hidePredicate } from '../../lib/handlers/block.js';
import { condition } from '../../lib/handlers/condition.js';
import { chain } from './fixtures.js';

const ALL = ['loc', 'a', 'b', 'items', 'c', 'y'] as const;

describe('handlers/block', () => {
  describe('block', () => {
    it('hides exactly the sites it selects (by name)', () => {
      fc.assert(
        fc.property(fc.subarray([...ALL]), (hide) => {
          tf.tidy(() => {
            const trace = simulate(block(chain, { hide }), { key: prngKey(0) })(tf.scalar(0));
            expect([...trace.sites.keys()]).toEqual(ALL.filter((n) => !hide.includes(n)));
          });
        }),
        { numRuns: 30 },
      );
    });

    it('exposes exactly the sites it selects, and hides by type', () => {
      fc.assert(
        fc.property(fc.subarray([...ALL]), (expose) => {
          tf.tidy(() => {
            const trace = simulate(block(chain, { expose }), { key: prngKey(0) })(tf.scalar(0));
            expect([...trace.sites.keys()]).toEqual(ALL.filter((n) => expose.includes(n)));
          });
        }),
        { numRuns: 30 },
      );
      tf.tidy(() => {
        const noParams = simulate(block(chain, { hideTypes: ['param', 'plate'] }), { key: prngKey(0) })(tf.scalar(0));
        expect([...noParams.sites.keys()]).toEqual(['a', 'b', 'c', 'y']);
        expect(simulate(block(chain), { key: prngKey(0) })(tf.scalar(0)).sites.size).toBe(0);
      });
    });

    it('hides sites from handlers outside it, which then leave them alone', () => {
      tf.tidy(() => {
        const m = condition(block(chain, { hide: ['a'] }), { a: tf.scalar(123) });
        const trace = simulate(m, { key: prngKey(0) })(tf.scalar(0));
        expect(trace.sites.has('a')).toBe(false);
        // b ~ Normal(a, 1) was drawn around the real a, not 123
        expect(Math.abs(trace.sites.get('b')!.value.dataSync()[0]!)).toBeLessThan(50);
      });
    });

    it('hideFn wins over lists', () => {
      const pred = hidePredicate({ hideFn: (m) => m.name === 'b', hide: ['a'] });
      expect(pred({ name: 'b' } as never)).toBe(true);
      expect(pred({ name: 'a' } as never)).toBe(false);
    });
  });
});
