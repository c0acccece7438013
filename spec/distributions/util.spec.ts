import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { boolean, greaterThan, independent, integerInterval, interval, positive, real, simplex } from '../../lib/distributions/constraints/index.js';
import { checkParam, checkSupport, elementwisePredicate, isFiniteNumber, isPositive } from '../../lib/distributions/util.js';
import { Independent } from '../../lib/distributions/wrappers/independent.js';
import { MaskedDist } from '../../lib/distributions/wrappers/masked.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';

describe('distributions/util', () => {
  describe('elementwisePredicate', () => {
    it('agrees with the constraints\' own tfjs checks', () => {
      const values = [-2, -0.5, 0, 0.3, 1, 1.5, 2, 3, NaN, Infinity];
      const cases = [real, positive, greaterThan(1), interval(0, 1), integerInterval(0, 2), boolean, independent(positive, 1)];
      for (const c of cases) {
        const ok = elementwisePredicate(c)!;
        const viaTf = tf.tidy(() => Array.from(c.check(tf.tensor(values, c.eventDim === 1 ? [values.length, 1] : [values.length])).dataSync()));
        expect(values.map((v) => (ok(v) ? 1 : 0)), c.name).toEqual(viaTf);
      }
    });

    it('declines constraints it cannot check elementwise', () => {
      expect(elementwisePredicate(simplex)).toBeUndefined();
      expect(elementwisePredicate(interval(tf.scalar(0), 1))).toBeUndefined();
    });
  });

  describe('checkSupport', () => {
    it('runs no tfjs kernel for an elementwise support', async () => {
      const x = tf.tensor1d([0.5, 2]);
      const profile = await tf.profile(() => {
        checkSupport('Normal', real, x);
        checkSupport('Gamma', positive, x);
      });
      expect(profile.kernels).toHaveLength(0);
      x.dispose();
    });

    it('names the family, the support and the first offending element', () => {
      const x = tf.tensor1d([0.5, -2]);
      expect(() => checkSupport('Gamma', positive, x)).toThrow(
        /Gamma\.logProb: argument 'value' must be in the support positive: got -2 \(element 1 of a value of shape \[2\]\)/,
      );
      x.dispose();
    });
  });

  describe('checkParam scans', () => {
    // the float32 loops (their own copy, see util.ts) against the predicate applied element by element
    const special = fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1e-45, 3.4e38, -1);
    const cases: readonly [string, (x: number) => boolean][] = [
      ['finite', isFiniteNumber],
      ['positive', isPositive],
      ['not NaN', elementwisePredicate(real)!],
      ['in [0, 1]', elementwisePredicate(interval(0, 1))!],
    ];
    it('name the first element failing the predicate, as a plain scan of the values does (float32 and int32 data)', () => {
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.float({ noDefaultInfinity: false }), special), { minLength: 1, maxLength: 80 }), fc.boolean(), (values, asInt) => {
          const t = asInt ? tf.tensor1d(values.map((v) => (Number.isFinite(v) ? Math.trunc(v) : 0)), 'int32') : tf.tensor1d(values);
          try {
            const stored = t.dataSync();
            for (const [what, ok] of cases) {
              const first = Array.from(stored).findIndex((v) => !ok(v));
              const check = () => checkParam('Test', 'x', t, what, ok);
              if (first < 0) expect(check).not.toThrow();
              else expect(check).toThrow(`(element ${first} of a tensor of shape [${values.length}])`);
            }
          } finally {
            t.dispose();
          }
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('validation memo', () => {
    it('reads a tensor that passed once no more (tensors are immutable; from 64 elements)', () => {
      const t = tf.fill([64], 2);
      checkParam('Normal', 'scale', t, 'must be positive', isPositive);
      checkSupport('Normal', positive, t);
      const read = vi.spyOn(t, 'dataSync');
      checkParam('Normal', 'scale', t, 'must be positive', isPositive);
      checkSupport('Normal', positive, t);
      expect(read).not.toHaveBeenCalled();
      t.dispose();
    });

    it('checks a variable every time (it can change)', () => {
      const v = tf.variable(tf.fill([64], 2));
      checkParam('Normal', 'scale', v, 'must be positive', isPositive);
      v.assign(tf.fill([64], -2));
      expect(() => checkParam('Normal', 'scale', v, 'must be positive', isPositive)).toThrow(/must be positive/);
      v.dispose();
    });

    it('keeps a predicate per constraint (the memo key)', () => {
      expect(elementwisePredicate(positive)).toBe(elementwisePredicate(positive));
    });
  });
});

describe('distributions/wrappers', () => {
  it("expose the wrapped distribution under Pyro's name baseDist", () => {
    const base = Normal(tf.zeros([2, 3]), 1);
    const independent = Independent(base, 1);
    const masked = new MaskedDist(base, false);
    expect(independent.baseDist).toBe(base);
    expect(masked.baseDist).toBe(masked.base);
    expect(masked.baseDist.family).toBe('Normal');
    base.loc.dispose();
  });
});
