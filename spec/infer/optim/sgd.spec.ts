import { describe, expect, it } from 'vitest';
import { SGD, type SGDOptions } from '../../../lib/infer/optim/sgd.js';
import { describeBackends } from '../../helpers/backends.js';
import { type Reference, type Values, expectMatchesReference, expectPureFusedAndLeakFree, firstStep, minimizeQuadratic } from './helpers.js';

/** torch.optim.SGD in float64, written from torch's documented algorithm. */
function sgdReference(o: Required<Omit<SGDOptions, 'lr'>> & { lr: number }): Reference {
  const buffers = new Map<string, number[]>();
  return (_t, params, grads) =>
    Object.fromEntries(
      Object.entries(params).map(([name, theta]) => {
        const g = theta.map((x, i) => grads[name]![i]! + o.weightDecay * x);
        let d = g;
        if (o.momentum !== 0) {
          const prev = buffers.get(name);
          const b = prev === undefined ? g : prev.map((bi, i) => o.momentum * bi + (1 - o.dampening) * g[i]!);
          buffers.set(name, b);
          d = o.nesterov ? g.map((gi, i) => gi + o.momentum * b[i]!) : b;
        }
        return [name, theta.map((x, i) => x - o.lr * d[i]!)];
      }),
    );
}

const INITIAL: Values = { a: [0.5, -1.5, 2], b: [0.25] };
// float32 parameters and slots, rounded once per step, against a float64 run: 6 steps stay well within 1e-6 relative.
const RTOL = 1e-6;

describeBackends('infer/optim/sgd', () => {
  describe('SGD', () => {
    const variants: readonly [string, Required<Omit<SGDOptions, 'lr'>>][] = [
      ['plain', { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 }],
      ['with weight decay', { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0.1 }],
      ['with momentum and dampening', { momentum: 0.9, dampening: 0.3, nesterov: false, weightDecay: 0.05 }],
      ['with Nesterov momentum', { momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0.02 }],
    ];
    for (const [label, o] of variants) {
      it(`matches torch's update in float64 for 6 steps (${label})`, () => {
        expectMatchesReference(SGD({ lr: 0.1, ...o }), sgdReference({ lr: 0.1, ...o }), INITIAL, 6, RTOL);
      });
    }

    it('minimizes a quadratic (plain, momentum, Nesterov) to within 1e-4', () => {
      const a = [1, 3, 0.5];
      const c = [2, -1, 0.5];
      for (const o of [{ lr: 0.3 }, { lr: 0.1, momentum: 0.9 }, { lr: 0.1, momentum: 0.9, nesterov: true }]) {
        minimizeQuadratic(SGD(o), 300, a, c).forEach((x, i) => expect(Math.abs(x - c[i]!)).toBeLessThan(1e-4));
      }
    });

    it('takes per-parameter options from a function of the name', () => {
      const optim = SGD((name) => ({ lr: name === 'a' ? 0.1 : 0.01 }));
      const out = firstStep(optim, { a: [1], b: [1] }, { a: [2], b: [2] });
      expect(out.a![0]).toBeCloseTo(1 - 0.1 * 2, 6);
      expect(out.b![0]).toBeCloseTo(1 - 0.01 * 2, 6);
    });

    it('follows a learning-rate schedule of the step', () => {
      const optim = SGD({ lr: (t) => 0.1 * t });
      expectMatchesReference(optim, (t, p, g) => Object.fromEntries(Object.entries(p).map(([n, v]) => [n, v.map((x, i) => x - 0.1 * t * g[n]![i]!)])), INITIAL, 4, RTOL);
    });

    it('never mutates its inputs, launches no kernel and leaks no tensor', async () => {
      await expectPureFusedAndLeakFree(SGD({ lr: 0.1 }));
      await expectPureFusedAndLeakFree(SGD({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1 }));
    });

    it('rejects invalid options naming the argument', () => {
      expect(() => SGD({ lr: -1 })).toThrow(/SGD: argument 'lr' must be positive/);
      expect(() => SGD({ lr: 0.1, nesterov: true })).toThrow(/SGD: argument 'nesterov' requires momentum > 0/);
    });
  });
});
