/**
 * MixtureSameFamily laws on both backends (the golden values are in
 * mixture-same-family-golden.spec.ts): draw and density shapes under random sample and batch
 * shapes (scalar and vector events), expand/toEvent, draws in the components' support, the
 * density integrating to 1 on a grid, Monte Carlo moments against mean/variance, logProb
 * gradients against finite differences, argument errors, and no leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Categorical, Gamma, MixtureSameFamily, Normal } from '../../../lib/distributions/index.js';
import { prngKey } from '../../../lib/core/key.js';
import { IgnisError } from '../../../lib/core/errors.js';
import { describeBackends } from '../../helpers/backends.js';
import { shapeArb } from '../helpers/shapes.js';
import { Z, columnMoments, withinSE } from '../helpers/monte-carlo.js';

/** A mixture of `k` Normals with batch shape `batch` and `event` event dims (a `toEvent` of a [D] batch). */
function gmm(batch: readonly number[], k: number, d?: number) {
  const shape = [...batch, k, ...(d === undefined ? [] : [d])];
  const size = shape.reduce((a, b) => a * b, 1);
  const loc = tf.tensor(Array.from({ length: size }, (_, i) => Math.sin(i) * 3), shape);
  const scale = tf.tensor(Array.from({ length: size }, (_, i) => 0.5 + (i % 3) * 0.4), shape);
  const components = d === undefined ? Normal(loc, scale) : Normal(loc, scale).toEvent(1);
  const logits = tf.tensor(Array.from({ length: k }, (_, i) => Math.cos(i)));
  return MixtureSameFamily(Categorical({ logits }), components);
}

describeBackends('MixtureSameFamily', () => {
  it('draws have shape sampleShape + batchShape + eventShape and logProb sampleShape + batchShape (fast-check)', () => {
    fc.assert(
      fc.property(shapeArb(2, 3), shapeArb(1, 3), fc.integer({ min: 1, max: 3 }), fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), (sampleShape, batch, k, d) => {
        tf.tidy(() => {
          const m = gmm(batch, k, d);
          const event = d === undefined ? [] : [d];
          expect([m.batchShape, m.eventShape]).toEqual([batch, event]);
          const x = m.sample(prngKey(1), sampleShape);
          expect(x.shape).toEqual([...sampleShape, ...batch, ...event]);
          expect(m.logProb(x).shape).toEqual([...sampleShape, ...batch]);
          expect([m.mean.shape, m.variance.shape]).toEqual([[...batch, ...event], [...batch, ...event]]);
        });
      }),
      { numRuns: 25 },
    );
  });

  it('expand keeps the family and the density; toEvent sums it', () => {
    tf.tidy(() => {
      const m = gmm([2], 3);
      const e = m.expand([4, 2]);
      expect([e.family, e.batchShape]).toEqual(['MixtureSameFamily', [4, 2]]);
      const x = tf.tensor([[0.3, -1], [2, 0.1], [-3, 1], [0, 0]]);
      expect(Array.from(e.logProb(x).dataSync())).toEqual(Array.from(m.logProb(x).dataSync()));
      expect(e.sample(prngKey(2), [5]).shape).toEqual([5, 4, 2]);
      const ind = m.toEvent(1);
      expect([ind.batchShape, ind.eventShape]).toEqual([[], [2]]);
      expect(ind.logProb(x).dataSync()[0]).toBeCloseTo(tf.sum(m.logProb(x), -1).dataSync()[0]!, 5);
    });
  });

  it("the support is the components'; draws lie in it (Gamma components)", () => {
    tf.tidy(() => {
      const components = Gamma(tf.tensor([0.5, 3]), tf.tensor([2, 1]));
      const m = MixtureSameFamily(Categorical([0.2, 0.8]), components);
      const x = m.sample(prngKey(3), [2000]);
      expect(m.support).toBe(components.support);
      expect(tf.all(m.support.check(x)).dataSync()[0]).toBe(1);
    });
  });

  it('the density integrates to 1 (trapezoid rule on [-25, 25], 20001 points: truncation and rule errors < 1e-8, float32 sums ~1e-5; bound 1e-4)', () => {
    tf.tidy(() => {
      const m = gmm([2], 3);
      const grid = tf.linspace(-25, 25, 20001);
      const p = tf.exp(m.logProb(tf.reshape(grid, [-1, 1]))); // [20001, 2]
      const h = 50 / 20000;
      const total = tf.sub(tf.mul(tf.sum(p, 0), h), tf.mul(tf.add(p.slice([0, 0], [1, 2]), p.slice([20000, 0], [1, 2])), h / 2));
      for (const v of total.dataSync()) expect(Math.abs(v - 1)).toBeLessThan(1e-4);
    });
  });

  it('Monte Carlo moments of 20000 draws match mean and variance (5 standard errors)', () => {
    tf.tidy(() => {
      const m = gmm([2], 3);
      const x = m.sample(prngKey(4), [20000]);
      const { mean, variance, n } = columnMoments(x);
      const mu = m.mean.dataSync();
      const v = m.variance.dataSync();
      for (let c = 0; c < 2; c++) {
        expect(withinSE(mean[c]!, mu[c]!, Math.sqrt(v[c]! / n), `mean[${c}]`)).toBeUndefined();
        // variance SE = √((μ₄ − σ⁴)/N) ≤ 4σ²/√N while the kurtosis μ₄/σ⁴ ≤ 17 (these mixtures: below 6)
        expect(Math.abs(variance[c]! - v[c]!)).toBeLessThan((Z * 4 * v[c]!) / Math.sqrt(n));
      }
    });
  });

  it('logProb gradients in the locs, scales and logits match central finite differences (float32, h = 1e-2, rtol 2e-3)', () => {
    const x = tf.tensor([0.3, -1.2, 2.5]);
    const f = (loc: tf.Tensor, scale: tf.Tensor, logits: tf.Tensor): tf.Scalar =>
      tf.sum<tf.Scalar>(MixtureSameFamily(Categorical({ logits }), Normal(loc, scale)).logProb(x));
    const args = [tf.tensor([-1, 0.5, 2]), tf.tensor([0.7, 1.1, 0.9]), tf.tensor([0.2, -0.3, 0.5])];
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => f(a, b, c))(args);
    args.forEach((_, which) => {
      const analytic = grads[which]!.dataSync();
      for (let i = 0; i < 3; i++) {
        const fd = tf.tidy(() => {
          const bump = (h: number): number => {
            const moved = args.map((a, j) => (j === which ? tf.add(a, tf.oneHot(i, 3).mul(h)) : a));
            return f(moved[0]!, moved[1]!, moved[2]!).dataSync()[0]!;
          };
          return (bump(1e-2) - bump(-1e-2)) / 2e-2;
        });
        expect(Math.abs(analytic[i]! - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
      }
    });
    tf.dispose([x, ...args, ...grads]);
  });

  it('rejects a mixture that is not a Categorical, a count mismatch, a batch that does not broadcast, a component without batch dims; no tensors leak', () => {
    const before = tf.memory().numTensors;
    const bad = [
      () => MixtureSameFamily(Normal(0, 1) as never, Normal(tf.tensor([0, 1]), 1)),
      () => MixtureSameFamily(Categorical([0.5, 0.5]), Normal(tf.tensor([0, 1, 2]), 1)),
      () => MixtureSameFamily(Categorical(tf.ones([3, 2])), Normal(tf.zeros([4, 2]), 1)),
      () => MixtureSameFamily(Categorical([1]), Normal(0, 1)),
    ];
    for (const f of bad) {
      expect(() => tf.tidy(() => void f())).toThrow(IgnisError);
      expect(() => tf.tidy(() => void f())).toThrow(expect.objectContaining({ tag: 'InvalidArgument' }));
    }
    tf.tidy(() => {
      const m = gmm([], 2);
      m.logProb(m.sample(prngKey(5), [3]));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
