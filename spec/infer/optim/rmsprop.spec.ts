import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { RMSProp, type RMSPropOptions } from '../../../lib/infer/optim/rmsprop.js';
import { describeBackends } from '../../helpers/backends.js';
import { type Reference, type Values, expectMatchesReference, expectPureFusedAndLeakFree, firstStep, minimizeQuadratic, toTensors } from './helpers.js';

type Full = Required<RMSPropOptions> & { lr: number };

/** torch.optim.RMSprop in float64, written from torch's documented algorithm. */
function rmspropReference(o: Full): Reference {
  const slots = new Map<string, { v: number[]; ga: number[]; b: number[] }>();
  return (_t, params, grads) =>
    Object.fromEntries(
      Object.entries(params).map(([name, theta]) => {
        const zero = theta.map(() => 0);
        const s = slots.get(name) ?? { v: zero, ga: zero, b: zero };
        const g = theta.map((x, i) => grads[name]![i]! + o.weightDecay * x);
        const v = s.v.map((vi, i) => o.alpha * vi + (1 - o.alpha) * g[i]! ** 2);
        const ga = o.centered ? s.ga.map((gi, i) => o.alpha * gi + (1 - o.alpha) * g[i]!) : s.ga;
        const avg = v.map((vi, i) => Math.sqrt(o.centered ? vi - ga[i]! ** 2 : vi) + o.eps);
        const b = o.momentum > 0 ? s.b.map((bi, i) => o.momentum * bi + g[i]! / avg[i]!) : s.b;
        slots.set(name, { v, ga, b });
        return [name, theta.map((x, i) => x - o.lr * (o.momentum > 0 ? b[i]! : g[i]! / avg[i]!))];
      }),
    );
}

const INITIAL: Values = { a: [0.5, -1.5, 2], b: [0.25] };
// float32 parameters and slots, rounded once per step, against a float64 run: 6 steps stay within 1e-6 relative.
const RTOL = 1e-6;

describeBackends('infer/optim/rmsprop', () => {
  describe('RMSProp', () => {
    const base: Full = { lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0 };
    const variants: readonly [string, Full, number][] = [
      ['defaults', base, RTOL],
      ['momentum and weight decay', { ...base, lr: 0.05, alpha: 0.9, momentum: 0.9, weightDecay: 0.1 }, RTOL],
      ['centered', { ...base, lr: 0.05, alpha: 0.9, centered: true }, RTOL],
      ['centered with momentum', { ...base, lr: 0.05, alpha: 0.8, centered: true, momentum: 0.5, eps: 1e-4 }, RTOL],
    ];
    for (const [label, o, rtol] of variants) {
      it(`matches torch's update in float64 for 6 steps (${label})`, () => {
        expectMatchesReference(RMSProp(o), rmspropReference(o), INITIAL, 6, rtol);
      });
    }

    it('minimizes a quadratic (plain, momentum, centered) to within 1e-2', () => {
      // RMSProp's steps keep a size of about lr near the optimum, so it hovers within ~lr of it.
      const c = [2, -1, 0.5];
      for (const o of [{ lr: 0.01 }, { lr: 0.005, momentum: 0.5 }, { lr: 0.01, centered: true }]) {
        minimizeQuadratic(RMSProp(o), 1000, [1, 3, 0.5], c).forEach((x, i) => expect(Math.abs(x - c[i]!)).toBeLessThan(1e-2));
      }
    });

    it('takes per-parameter options from a function of the name, slots included', () => {
      // First step: v = (1 − α) g², so θ − lr · g / (√(1 − α) |g| + ε).
      const optim = RMSProp((name) => (name === 'a' ? { lr: 0.1 } : { lr: 0.01, momentum: 0.5 }));
      const out = firstStep(optim, { a: [1], b: [1] }, { a: [2], b: [2] });
      expect(out.a![0]).toBeCloseTo(1 - (0.1 * 2) / (Math.sqrt(0.01) * 2 + 1e-8), 5);
      expect(out.b![0]).toBeCloseTo(1 - (0.01 * 2) / (Math.sqrt(0.01) * 2 + 1e-8), 5);
      const params = toTensors({ a: [1], b: [1] });
      const slots = RMSProp((name) => (name === 'a' ? {} : { centered: true, momentum: 0.9 })).init(params);
      expect(Object.keys(slots.a!)).toEqual(['squareAvg']);
      expect(Object.keys(slots.b!).sort()).toEqual(['gradAvg', 'momentumBuffer', 'squareAvg']);
      tf.dispose([...Object.values(params), ...Object.values(slots).flatMap((s) => Object.values(s))]);
    });

    it('never mutates its inputs, launches no kernel and leaks no tensor', async () => {
      await expectPureFusedAndLeakFree(RMSProp());
      await expectPureFusedAndLeakFree(RMSProp({ centered: true, momentum: 0.9, weightDecay: 0.1 }));
    });

    it('rejects invalid options naming the argument', () => {
      expect(() => RMSProp({ alpha: 1 })).toThrow(/RMSProp: argument 'alpha' must lie in \[0, 1\)/);
    });
  });
});
