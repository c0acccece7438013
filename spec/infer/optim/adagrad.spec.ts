import { describe, expect, it } from 'vitest';
import { Adagrad, type AdagradOptions } from '../../../lib/infer/optim/adagrad.js';
import { describeBackends } from '../../helpers/backends.js';
import { type Reference, type Values, expectMatchesReference, expectPureFusedAndLeakFree, firstStep, minimizeQuadratic } from './helpers.js';

/** torch.optim.Adagrad in float64, written from torch's documented algorithm. */
function adagradReference(o: Required<AdagradOptions> & { lr: number }): Reference {
  const sums = new Map<string, number[]>();
  return (t, params, grads) =>
    Object.fromEntries(
      Object.entries(params).map(([name, theta]) => {
        const g = theta.map((x, i) => grads[name]![i]! + o.weightDecay * x);
        const s = (sums.get(name) ?? theta.map(() => o.initialAccumulatorValue)).map((si, i) => si + g[i]! ** 2);
        sums.set(name, s);
        const clr = o.lr / (1 + (t - 1) * o.lrDecay);
        return [name, theta.map((x, i) => x - (clr * g[i]!) / (Math.sqrt(s[i]!) + o.eps))];
      }),
    );
}

const INITIAL: Values = { a: [0.5, -1.5, 2], b: [0.25] };
// float32 parameters and accumulators, rounded once per step, against a float64 run.
const RTOL = 1e-6;

describeBackends('infer/optim/adagrad', () => {
  describe('Adagrad', () => {
    const variants: readonly [string, Required<AdagradOptions> & { lr: number }][] = [
      ['defaults', { lr: 0.01, lrDecay: 0, eps: 1e-10, initialAccumulatorValue: 0, weightDecay: 0 }],
      ['lr decay, initial accumulator, weight decay', { lr: 0.5, lrDecay: 0.1, eps: 1e-6, initialAccumulatorValue: 0.3, weightDecay: 0.05 }],
    ];
    for (const [label, o] of variants) {
      it(`matches torch's update in float64 for 6 steps (${label})`, () => {
        expectMatchesReference(Adagrad(o), adagradReference(o), INITIAL, 6, RTOL);
      });
    }

    it('minimizes a quadratic to within 1e-4', () => {
      const c = [2, -1, 0.5];
      minimizeQuadratic(Adagrad({ lr: 0.5 }), 500, [1, 3, 0.5], c).forEach((x, i) => expect(Math.abs(x - c[i]!)).toBeLessThan(1e-4));
    });

    it('takes per-parameter options from a function of the name', () => {
      // First step from a zero accumulator: θ − lr · g / (|g| + ε) = θ − lr · sign(g).
      const out = firstStep(Adagrad((name) => ({ lr: name === 'a' ? 0.1 : 0.01 })), { a: [1], b: [1] }, { a: [2], b: [2] });
      expect(out.a![0]).toBeCloseTo(0.9, 6);
      expect(out.b![0]).toBeCloseTo(0.99, 6);
    });

    it('never mutates its inputs, launches no kernel and leaks no tensor', async () => {
      await expectPureFusedAndLeakFree(Adagrad({ lr: 0.1, initialAccumulatorValue: 0.1, weightDecay: 0.1 }));
    });

    it('rejects invalid options naming the argument', () => {
      expect(() => Adagrad({ lr: 0 })).toThrow(/Adagrad: argument 'lr' must be positive/);
      expect(() => Adagrad({ initialAccumulatorValue: -1 })).toThrow(/argument 'initialAccumulatorValue'/);
    });
  });
});
