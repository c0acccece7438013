import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { SampleSite } from '../../lib/core/effect.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { param, sample } from '../../lib/core/primitives.js';
import { inferConfig } from '../../lib/handlers/infer-config.js';
import { intervene } from '../../lib/handlers/intervene.js';
import { lift } from '../../lib/handlers/lift.js';
import { substitute } from '../../lib/handlers/substitute.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { chain, scalarOf } from './fixtures.js';

describe('handlers/intervene', () => {
  describe('intervene', () => {
    it('records the intervened site as drawn but gives downstream sites the intervention', () => {
      function* m() {
        const x = yield* sample('x', Normal(0, 1));
        const y = yield* sample('y', Normal(x, 1e-3));
        return { x, y };
      }
      tf.tidy(() => {
        const trace = simulate(intervene(m, { x: tf.scalar(100) }), { key: prngKey(0) })();
        expect(Math.abs(scalarOf(trace.sites.get('x')!.value))).toBeLessThan(10);
        expect(scalarOf(trace.returnValue.x)).toBe(100);
        expect(scalarOf(trace.returnValue.y)).toBeCloseTo(100, 1);
      });
    });
  });
});

describe('handlers/substitute', () => {
  describe('substitute', () => {
    it('sets sample and param values without observing them; a function chooses per site', () => {
      tf.tidy(() => {
        const t = simulate(substitute(chain, { a: tf.scalar(4), loc: tf.scalar(-2) }), { key: prngKey(0) })(tf.scalar(0));
        const a = t.sites.get('a') as SampleSite;
        expect([scalarOf(a.value), a.isObserved, scalarOf(t.sites.get('loc')!.value)]).toEqual([4, false, -2]);
        const byFn = simulate(substitute(chain, (m) => (m.name === 'b' ? tf.scalar(9) : undefined)), { key: prngKey(0) })(tf.scalar(0));
        expect(scalarOf(byFn.sites.get('b')!.value)).toBe(9);
      });
    });
  });
});

describe('handlers/inferConfig', () => {
  describe('inferConfig', () => {
    it('merges hints into sample sites', () => {
      tf.tidy(() => {
        const t = simulate(inferConfig(chain, (m) => (m.name === 'a' ? { isAuxiliary: true } : {})), { key: prngKey(0) })(tf.scalar(0));
        expect((t.sites.get('a') as SampleSite).infer.isAuxiliary).toBe(true);
        expect((t.sites.get('b') as SampleSite).infer.isAuxiliary).toBeUndefined();
      });
    });
  });
});

describe('handlers/lift', () => {
  describe('lift', () => {
    it('turns params into latent samples from the prior, broadcast to the init shape', () => {
      function* m() {
        const w = yield* param('w', tf.zeros([4]));
        const s = yield* param('s', tf.scalar(1));
        return { w, s };
      }
      tf.tidy(() => {
        const t = simulate(lift(m, { w: Normal(0, 1) }), { key: prngKey(1) })();
        const w = t.sites.get('w') as SampleSite;
        expect(w.type).toBe('sample');
        expect(w.fn.batchShape).toEqual([4]);
        expect(w.value.shape).toEqual([4]);
        expect(t.sites.get('s')!.type).toBe('param');
      });
    });
  });
});
