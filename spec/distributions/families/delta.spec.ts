/**
 * Delta: shapes for every eventDim, logProb (0/−∞ plus logDensity, summed over the event),
 * rsample returning v with gradients flowing to v, validation, expand, leaks.
 *
 * Gradients: `f(v) = Σ w ⊙ rsample(key, [S])` has `∂f/∂v = Σ_S w`; it is checked against
 * central finite differences of `f` evaluated through the library (float32, h = 0.5: `f` is
 * linear in v, so the only error is float32 rounding of sums of ≤ 60 terms, ~1e-6 relative;
 * tolerance rtol 1e-4).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { Delta, DeltaDist } from '../../../lib/distributions/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';
import { expectInvalid } from '../helpers/invalid.js';
import { shapeArb } from '../helpers/shapes.js';

describe('distributions/families/delta', () => {
  describe('Delta', () => {
    it('raises InvalidArgument naming eventDim beyond the rank of v, or a logDensity of the wrong shape', () => {
      expectInvalid(() => Delta([1, 2], { eventDim: 2 }), 'eventDim');
      expectInvalid(() => Delta([1, 2], { eventDim: -1 }), 'eventDim');
      expectInvalid(() => Delta([[1, 2]], { eventDim: 1, logDensity: [1, 2] }), 'logDensity');
    });
  });
});

describeBackends('distributions/families/delta', () => {
  describe('DeltaDist', () => {
    it('splits v into batch and event dims, and rsample/logProb have Pyro\'s shapes', () => {
      fc.assert(
        fc.property(shapeArb(3, 3), fc.nat(), shapeArb(2, 3), (vShape, e, sampleShape) => {
          tf.tidy(() => {
            const eventDim = e % (vShape.length + 1);
            const d = Delta(tf.ones(vShape), { eventDim });
            const batch = vShape.slice(0, vShape.length - eventDim);
            expect(d.batchShape).toEqual(batch);
            expect(d.eventShape).toEqual(vShape.slice(vShape.length - eventDim));
            const x = d.rsample(prngKey(1), sampleShape);
            expect(x.shape).toEqual([...sampleShape, ...vShape]);
            expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
            expect(d.mean.shape).toEqual(vShape);
            expect(d.variance.shape).toEqual(vShape);
            const big = d.expand([2, ...batch]);
            expect(big).toBeInstanceOf(DeltaDist);
            expect(big.rsample(prngKey(1)).shape).toEqual([2, ...vShape]);
          });
        }),
        { numRuns: 25 },
      );
    });

    it('logProb is logDensity where the whole event equals v, else −∞', () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 4 }), fc.double({ min: -3, max: 3, noNaN: true }), (v, ld) => {
          tf.tidy(() => {
            const x = v.map(Math.fround);
            const off = x.map((a, i) => (i === 0 ? a + 1 : a));
            const d = Delta(x, { eventDim: 1, logDensity: ld });
            const lp = d.logProb(tf.tensor([x, off])).dataSync();
            expect(closeness([lp[0]!], [Math.fround(ld)], 0, 0)).toBeUndefined();
            expect(lp[1]).toBe(-Infinity);
            const scalar = Delta(x).logProb(tf.tensor(off)).dataSync();
            expect(Array.from(scalar)).toEqual(off.map((_, i) => (i === 0 ? -Infinity : 0)));
          });
        }),
        { numRuns: 20 },
      );
    });

    it('rsample gradients w.r.t. v agree with finite differences of a fixed-key expectation', () => {
      tf.tidy(() => {
        const key = prngKey(3);
        const v0 = tf.tensor([[0.5, -1, 2], [1, 0, 3]]);
        const w = tf.tensor([[[1, 2, 3]], [[-1, 0.5, 2]]]); // [S=2, 1, 3] broadcast over the batch
        const f = (v: tf.Tensor): tf.Tensor => tf.sum(tf.mul(w, Delta(v, { eventDim: 1 }).rsample(key, [2])));
        const grad = tf.grad(f)(v0).dataSync();
        const base = v0.dataSync();
        const h = 0.5;
        const fd = Array.from(base, (_, i) => {
          const bump = (s: number): number => f(tf.tensor(Array.from(base, (b, j) => (j === i ? b + s * h : b)), v0.shape)).dataSync()[0]!;
          return (bump(1) - bump(-1)) / (2 * h);
        });
        expect(closeness(grad, fd, 1e-4, 1e-5)).toBeUndefined();
        expect(closeness(grad, [0, 2.5, 5, 0, 2.5, 5], 1e-6, 1e-6)).toBeUndefined();
      });
    });

    it('logProb passes gradients to logDensity, not to v', () => {
      tf.tidy(() => {
        const [gv, gl] = tf.grads((v: tf.Tensor, l: tf.Tensor) => tf.sum(Delta(v, { logDensity: l }).logProb(tf.tensor([1, 2]))))([
          tf.tensor([1, 2]),
          tf.tensor([0.3, 0.4]),
        ]);
        expect(Array.from(gv!.dataSync())).toEqual([0, 0]);
        expect(Array.from(gl!.dataSync())).toEqual([1, 1]);
      });
    });

    it('sample equals v without gradient; entropy is NotImplemented (as in Pyro)', () => {
      tf.tidy(() => {
        const d = Delta([1, 2, 3]);
        expect(Array.from(d.sample(prngKey(0), [2]).dataSync())).toEqual([1, 2, 3, 1, 2, 3]);
        expect(() => d.entropy()).toThrow(/NotImplemented|no entropy/);
        expect(Array.from(d.logDensity.dataSync())).toEqual([0, 0, 0]);
      });
    });

    it('leaks no tensors', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const d = Delta([1, 2], { logDensity: 0.5 }).expand([3, 2]);
        d.logProb(d.rsample(prngKey(1), [2]));
        void d.variance;
        tf.grad((v: tf.Tensor) => tf.sum(Delta(v).rsample(prngKey(1), [2])))(tf.tensor([1, 2]));
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
