/**
 * Laws of the wave-2 discrete families (spec/distributions/helpers/count-families.ts): shapes of
 * draws and masses for random batch and sample shapes, `expand`/`toEvent` composition, draws
 * inside the support, `logProb` normalizing over the enumerated support with the enumerated
 * moments equal to `mean`/`variance`, Monte Carlo moments of draws, `logProb` gradients against
 * finite differences, and memory.
 *
 * Tolerances, each with its reason:
 * - normalization: `|Σ_k p(k) − 1| ≤ 2e-5`. Each float32 mass carries a relative error of a few
 *   ulps of its log (|log p| ≤ ~20 where the mass matters: ≤ 2e-6), summed in float64; the
 *   truncated tail is below 1e-9 (count-families.ts).
 * - enumerated moments: `Σ k p(k)` and `Σ k² p(k) − mean²` against `mean`/`variance`, rtol
 *   1e-4 (the same per-mass errors, weighted by k and k², which reach ~50 mean² in these
 *   ranges; float32 closed forms are 1e-6).
 * - Monte Carlo: n = 20 000 draws, mean within 5 standard errors `σ/√n`, variance within 5
 *   standard errors `√((m₄ − s⁴)/n)` (m₄ the sample fourth central moment); fixed keys, so
 *   deterministic, and a correct sampler fails one such check with probability ≈ 6e-7.
 * - gradients: `d/dθ Σ logProb(x)` against central differences of the float32 `logProb` with
 *   h = 5e-3 (1 + |θ|): rounding error ≈ 4 ε₃₂ |f| / 2h ≈ 5e-4 for |f| ≤ 20, truncation
 *   O(h²); allowed `|g − FD| ≤ 3e-3 (1 + |FD|)`.
 * - `expand`/`toEvent`: sums of ≤ 12 float32 masses, rtol 1e-5.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prngKey, uniforms } from '../../../../lib/core/key.js';
import { type Shape, sizeOf, tryBroadcastShapes } from '../../../../lib/core/shape.js';
import { type Distribution, GammaPoisson, NegativeBinomial } from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { makeParams as makeRangeParams, shapeCases, smallShape } from '../../helpers/broadcast-params.js';
import { COUNT_FAMILIES, type CountFamily, VECTOR_FAMILIES } from '../../helpers/count-families.js';

const makeParams = (family: CountFamily, shapes: readonly Shape[], seed: number): tf.Tensor[] => makeRangeParams(family.params, shapes, seed);

/** All count vectors of `k` categories summing to `n`. */
function compositions(n: number, k: number): number[][] {
  if (k === 1) return [[n]];
  return Array.from({ length: n + 1 }, (_, x) => compositions(n - x, k - 1).map((rest) => [x, ...rest])).flat();
}

describeBackends('distributions/families/discrete laws', () => {
  describe('shapes and support of draws', () => {
    for (const family of COUNT_FAMILIES) {
      it(`${family.label}: draws are sampleShape + batchShape and in the support; logProb is sampleShape + batchShape; moments are batchShape`, () => {
        fc.assert(
          fc.property(shapeCases(family.params.length), ({ sampleShape, shapes, seed }) => {
            tf.tidy(() => {
              const d = family.build(makeParams(family, shapes, seed));
              const expected = tryBroadcastShapes(...shapes)!;
              expect([d.family, d.batchShape, d.eventShape]).toEqual([family.family, expected, []]);
              const x = d.sample(prngKey(seed), sampleShape);
              expect(x.shape).toEqual([...sampleShape, ...expected]);
              expect(tf.all(d.support.check(x)).dataSync()[0]).toBe(1);
              expect(d.logProb(x).shape).toEqual([...sampleShape, ...expected]);
              for (const m of [d.mean, d.variance, d.stddev]) expect(m.shape).toEqual(expected);
            });
          }),
          { numRuns: 12 },
        );
      });
    }

    for (const family of VECTOR_FAMILIES) {
      it(`${family.label}: draws are sampleShape + batchShape + [K], in the support, summing to totalCount`, () => {
        fc.assert(
          fc.property(smallShape, smallShape, fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.integer({ min: 1, max: 1000 }), (batch, sampleShape, k, logits, seed) => {
            tf.tidy(() => {
              const p = tf.tensor(Array.from(uniforms(prngKey(seed), sizeOf(batch) * k), (u) => 0.05 + u), [...batch, k]);
              const d = family.build(logits ? tf.log(p) : p, logits);
              expect([d.batchShape, d.eventShape]).toEqual([batch, [k]]);
              const x = d.sample(prngKey(seed), sampleShape);
              expect(x.shape).toEqual([...sampleShape, ...batch, k]);
              expect(tf.all(d.support.check(x)).dataSync()[0]).toBe(1);
              expect(Array.from(tf.sum(x, -1).dataSync()).every((s) => s === family.totalCount)).toBe(true);
              expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
              for (const m of [d.mean, d.variance]) expect(m.shape).toEqual([...batch, k]);
            });
          }),
          { numRuns: 12 },
        );
      });
    }
  });

  describe('expand and toEvent', () => {
    for (const family of COUNT_FAMILIES) {
      it(`${family.label}: expand keeps the class; toEvent(k) of an expanded distribution sums the k rightmost masses`, () => {
        fc.assert(
          fc.property(smallShape, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 1000 }), (batch, extra, seed) => {
            tf.tidy(() => {
              const d = family.build(makeParams(family, family.params.map(() => batch), seed));
              const expanded = d.expand([extra, ...batch]);
              expect(expanded.constructor).toBe(d.constructor);
              const x = expanded.sample(prngKey(seed), [2]);
              const lp = Array.from(expanded.logProb(x).dataSync());
              expect(lp).toEqual(Array.from(d.logProb(x).dataSync()));
              const event = expanded.toEvent(batch.length + 1);
              expect([event.batchShape, event.eventShape]).toEqual([[], [extra, ...batch]]);
              const block = extra * sizeOf(batch);
              const got = event.logProb(x).dataSync();
              [0, 1].forEach((i) => {
                const s = lp.slice(i * block, (i + 1) * block).reduce((a, b) => a + b, 0);
                expect(Math.abs(got[i]! - s)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(s)));
              });
            });
          }),
          { numRuns: 8 },
        );
      });
    }
  });

  describe('logProb normalizes over the support; the enumerated moments are mean and variance', () => {
    for (const family of COUNT_FAMILIES) {
      it(`${family.label}`, () => {
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
            tf.tidy(() => {
              const d = family.build(makeParams(family, family.params.map(() => [2]), seed));
              const kMax = family.supportMax;
              const ks = tf.reshape(tf.range(0, kMax + 1, 1, 'float32'), [kMax + 1, 1]);
              const mass = unvalidatedMass(d, ks, kMax);
              const [mean, variance] = [d.mean.dataSync(), d.variance.dataSync()];
              for (let b = 0; b < 2; b++) {
                let [total, m1, m2] = [0, 0, 0];
                for (let k = 0; k <= kMax; k++) {
                  const p = mass[k * 2 + b]!;
                  total += p;
                  m1 += k * p;
                  m2 += k * k * p;
                }
                expect(Math.abs(total - 1), `Σ p, batch ${b}`).toBeLessThanOrEqual(2e-5);
                expect(Math.abs(m1 - mean[b]!), `mean, batch ${b}`).toBeLessThanOrEqual(1e-4 * (1 + mean[b]!));
                expect(Math.abs(m2 - m1 * m1 - variance[b]!), `variance, batch ${b}`).toBeLessThanOrEqual(1e-4 * (1 + variance[b]!));
              }
            });
          }),
          { numRuns: 6 },
        );
      });
    }

    for (const family of VECTOR_FAMILIES) {
      it(`${family.label}: over every count vector of 3 categories`, () => {
        tf.tidy(() => {
          const d = family.build(tf.tensor([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]]), false);
          const values = compositions(family.totalCount, 3);
          const mass = tf.exp(d.logProb(tf.tensor(values.map((v) => [v, v])))).dataSync();
          const [mean, variance] = [d.mean.dataSync(), d.variance.dataSync()];
          for (let b = 0; b < 2; b++) {
            const total = values.reduce((s, _, i) => s + mass[i * 2 + b]!, 0);
            expect(Math.abs(total - 1)).toBeLessThanOrEqual(2e-5);
            for (let j = 0; j < 3; j++) {
              const m1 = values.reduce((s, v, i) => s + v[j]! * mass[i * 2 + b]!, 0);
              const m2 = values.reduce((s, v, i) => s + v[j]! ** 2 * mass[i * 2 + b]!, 0);
              expect(Math.abs(m1 - mean[b * 3 + j]!)).toBeLessThanOrEqual(1e-4);
              expect(Math.abs(m2 - m1 * m1 - variance[b * 3 + j]!)).toBeLessThanOrEqual(1e-4);
            }
          }
          const entropy = d.entropy().dataSync();
          for (let b = 0; b < 2; b++) {
            const h = -values.reduce((s, _, i) => s + mass[i * 2 + b]! * Math.log(mass[i * 2 + b]!), 0);
            expect(Math.abs(entropy[b]! - h), 'entropy = −Σ p log p').toBeLessThanOrEqual(1e-4);
          }
        });
      });
    }
  });

  describe('moments of draws', () => {
    const n = 20_000;
    const cases: readonly Distribution[] = COUNT_FAMILIES.map((f) => f.build(f.params.map((p) => tf.scalar(p.integer === true ? Math.round((p.min + p.max) / 2) : 0.5 * (p.min + p.max)))));
    cases.forEach((d, i) => {
      it(`${COUNT_FAMILIES[i]!.label}: sample mean and variance within 5 standard errors of mean and variance`, () => {
        tf.tidy(() => {
          const x = Float64Array.from(d.sample(prngKey(500 + i), [n]).dataSync());
          const [mean, variance] = [d.mean.dataSync()[0]!, d.variance.dataSync()[0]!];
          const m = x.reduce((s, v) => s + v, 0) / n;
          const s2 = x.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1);
          const m4 = x.reduce((s, v) => s + (v - m) ** 4, 0) / n;
          expect(Math.abs(m - mean), `mean ${m} vs ${mean}`).toBeLessThan(5 * Math.sqrt(variance / n));
          expect(Math.abs(s2 - variance), `variance ${s2} vs ${variance}`).toBeLessThan(5 * Math.sqrt((m4 - s2 * s2) / n));
        });
      });
    });
  });

  describe('logProb gradients', () => {
    for (const family of COUNT_FAMILIES) {
      it(`${family.label}: d/dθ Σ logProb(x) equals central differences`, () => {
        tf.tidy(() => {
          const theta = family.params.map((p) => (p.integer === true ? Math.round((p.min + p.max) / 2) : 0.4 * p.min + 0.6 * p.max));
          const x = tf.tensor([0, 1, 3, 7, 12].map((k) => Math.min(k, family.supportMax)));
          const f = (ps: readonly tf.Tensor[]): tf.Scalar => tf.sum(family.build(ps).logProb(x));
          for (const j of family.differentiable) {
            const at = (v: number): number => f(theta.map((w, i) => tf.scalar(i === j ? v : w))).dataSync()[0]!;
            const grad = tf.grad((t: tf.Tensor) => f(theta.map((v, i) => (i === j ? t : tf.scalar(v)))))(tf.scalar(theta[j]!)).dataSync()[0]!;
            const h = 5e-3 * (1 + Math.abs(theta[j]!));
            const fd = (at(theta[j]! + h) - at(theta[j]! - h)) / (2 * h);
            expect(Math.abs(grad - fd), `${family.params[j]!.name}: ${grad} vs ${fd}`).toBeLessThanOrEqual(3e-3 * (1 + Math.abs(fd)));
          }
        });
      });
    }
  });

  describe('memory', () => {
    it('leaks no tensors across construction, draws, masses, moments, gradients and expand', () => {
      const before = tf.memory().numTensors;
      for (const family of COUNT_FAMILIES) {
        tf.tidy(() => {
          const ps = makeParams(family, family.params.map(() => [3]), 5);
          const d = family.build(ps).expand([2, 3]);
          d.logProb(d.sample(prngKey(1), [2]));
          void [d.mean, d.variance, d.stddev];
          tf.grads((...qs: tf.Tensor[]) => tf.sum(family.build(qs).logProb(tf.zeros([3]))))(ps);
        });
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});

/** `exp(logProb(ks))` as float64 data (`[kMax + 1, 2]`); values above a BetaBinomial's count have mass 0. */
function unvalidatedMass(d: Distribution, ks: tf.Tensor, kMax: number): Float64Array {
  const bound = (d as unknown as { totalCount?: tf.Tensor }).totalCount;
  if (d.family !== 'BetaBinomial' || bound === undefined) return Float64Array.from(tf.exp(d.logProb(ks)).dataSync());
  const n = bound.dataSync();
  const clipped = tf.minimum(ks, tf.broadcastTo(bound, [kMax + 1, 2]));
  const lp = tf.exp(d.logProb(clipped)).dataSync();
  return Float64Array.from(lp, (p, i) => (Math.floor(i / 2) <= n[i % 2]! ? p : 0));
}

describe('distributions/families/discrete NegativeBinomial and GammaPoisson', () => {
  it('GammaPoisson(α, β) and NegativeBinomial(α, probs = 1/(1 + β)) are the same law (masses, moments)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.3, max: 6, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true }), (a, b) => {
        tf.tidy(() => {
          const ks = tf.tensor([0, 1, 2, 5, 10, 30]);
          const [gp, nb] = [GammaPoisson(a, b), NegativeBinomial(a, 1 / (1 + b))];
          const [x, y] = [gp.logProb(ks).dataSync(), nb.logProb(ks).dataSync()];
          x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(v))));
          expect(Math.abs(gp.mean.dataSync()[0]! - nb.mean.dataSync()[0]!)).toBeLessThanOrEqual(1e-5 * (1 + a / b));
        });
      }),
      { numRuns: 20 },
    );
  });
});
