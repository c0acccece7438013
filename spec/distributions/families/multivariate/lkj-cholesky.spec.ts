/**
 * LKJCholesky: validation, shapes (sample, expand, toEvent), draws in the support, the density
 * pulled back through `bijectTo(corrCholesky)` equal to a closed-form product of sech powers
 * (any D, η; float64 reference, rtol 1e-5, atol 1e-4: float32 sums of ≤ 10 log terms of size
 * ≤ 30 with x ≤ 3 in magnitude), the density normalizing (D = 2 on a grid through `bijectTo(corrCholesky)`, so the transform's log|det J|
 * is checked with it; D = 3, 4 by Monte Carlo), the draws following the density (the LKJ
 * marginal of every correlation), leaks. The golden values are in golden-wave2.spec.ts.
 *
 * References and tolerances:
 * - D = 2 grid: `∫ p(T(x)) |det J_T(x)| dx = 1` over x ∈ [−12, 12] (ρ = tanh x; the tails beyond
 *   carry < e^(−12) of the mass for η ≥ ½) by the trapezoid rule with 4801 points (error ~1e-7 on
 *   this smooth integrand); tolerance 1e-4 (float32 log-densities summed over the grid).
 * - D = 3, 4 Monte Carlo: rows are drawn uniformly in the unit ball (the strictly-lower part of a
 *   row of L), so `E[p(L) Π Vᵢ] = 1` (Vᵢ the volume of the unit ball of ℝⁱ); η ≥ 1 keeps the
 *   weight bounded. 5 standard errors (estimated from the weights).
 * - marginals: every `Ωᵢⱼ` (i ≠ j) of LKJ(D, η) has `(Ωᵢⱼ + 1)/2 ~ Beta(a, a)`, `a = η + (D − 2)/2`,
 *   so `E[Ωᵢⱼ²] = 1/(2a + 1)` and `E[Ωᵢⱼ⁴] = 3/((2a + 1)(2a + 3))`; 5 standard errors. Torch 1.13's
 *   sampler (rows from Beta(i − ½, …)) fails this for D ≥ 3 (E[Ω₂₀²] = 0.3 vs ¼ at D = 3, η = 1).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normals, prngKey, uniforms } from '../../../../lib/core/key.js';
import { LKJCholesky, LKJCholeskyDist, bijectTo, constraints, klDivergence } from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { expectInvalid } from '../../helpers/invalid.js';
import { logGamma64 } from '../../helpers/incomplete-gamma.js';
import { withinSE } from '../../helpers/monte-carlo.js';
import { closeness } from '../../../helpers/golden.js';
import { shapeArb } from '../../helpers/shapes.js';

/** Volume of the unit ball of ℝⁱ: `π^(i/2) / Γ(i/2 + 1)` (i ≤ 3 here). */
const ballVolume = (i: number): number => [1, 2, Math.PI, (4 * Math.PI) / 3][i]!;

/** `n` D×D matrices whose rows' strictly-lower parts are uniform in the unit ball (row-major, float64). */
function uniformRows(seed: number, n: number, d: number): Float64Array {
  const z = normals(prngKey(seed), n * d * d);
  const u = uniforms(prngKey(seed + 1), n * d);
  const out = new Float64Array(n * d * d);
  for (let r = 0; r < n * d; r++) {
    const i = r % d;
    const o = r * d;
    let norm2 = 0;
    for (let j = 0; j < i; j++) norm2 += z[o + j]! ** 2;
    const radius = i === 0 ? 0 : u[r]! ** (1 / i) / Math.sqrt(norm2);
    let sq = 0;
    for (let j = 0; j < i; j++) {
      out[o + j] = z[o + j]! * radius;
      sq += out[o + j]! ** 2;
    }
    out[o + i] = Math.sqrt(1 - sq);
  }
  return out;
}

describe('distributions/families/multivariate/lkj-cholesky', () => {
  describe('LKJCholesky', () => {
    it('raises InvalidArgument naming a dim below 2 or not an integer, and a concentration that is not positive', () => {
      expectInvalid(() => LKJCholesky(1), 'dim');
      expectInvalid(() => LKJCholesky(2.5), 'dim');
      expectInvalid(() => LKJCholesky(3, 0), 'concentration');
      expectInvalid(() => LKJCholesky(3, [1, NaN]), 'concentration');
    });

    it('a factory that throws leaks no tensor', () => {
      const before = tf.memory().numTensors;
      expect(() => LKJCholesky(3, [1, 0])).toThrow();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('raises InvalidArgument naming a value outside corrCholesky (a row that is not a unit vector)', () => {
      tf.tidy(() => expectInvalid(() => LKJCholesky(2).logProb(tf.tensor([[1, 0], [0.6, 0.7]])), 'value'));
    });

    it('has no KL rule, rsample, mean, variance or entropy (as torch)', () => {
      tf.tidy(() => {
        const d = LKJCholesky(3, 2);
        expect(d.hasRsample).toBe(false);
        for (const f of [() => d.rsample(prngKey(0)), () => d.mean, () => d.variance, () => d.entropy(), () => klDivergence(d, LKJCholesky(3, 1))]) {
          expect(f).toThrow(expect.objectContaining({ tag: 'NotImplemented' }));
        }
      });
    });
  });
});

describeBackends('distributions/families/multivariate/lkj-cholesky', () => {
  describe('LKJCholeskyDist', () => {
    it("has Pyro's shapes: sample, logProb, expand (keeps the family) and toEvent; draws are in corrCholesky", () => {
      fc.assert(
        fc.property(shapeArb(2, 3), shapeArb(2, 2), fc.integer({ min: 2, max: 4 }), (batch, sampleShape, dim) => {
          tf.tidy(() => {
            const d = LKJCholesky(dim, tf.add(tf.ones(batch), 0.5));
            expect([d.batchShape, d.eventShape]).toEqual([batch, [dim, dim]]);
            const l = d.sample(prngKey(1), sampleShape);
            expect(l.shape).toEqual([...sampleShape, ...batch, dim, dim]);
            expect(tf.all(constraints.corrCholesky.check(l)).dataSync()[0]).toBe(1);
            const lp = d.logProb(l);
            expect(lp.shape).toEqual([...sampleShape, ...batch]);
            const e = d.expand([2, ...batch]);
            expect(e).toBeInstanceOf(LKJCholeskyDist);
            expect(e.sample(prngKey(2)).shape).toEqual([2, ...batch, dim, dim]);
            const one = d.sample(prngKey(3));
            expect(closeness(e.logProb(one).dataSync(), Array.from(tf.broadcastTo(d.logProb(one), [2, ...batch]).dataSync()), 0, 0)).toBeUndefined();
            const i = d.toEvent(batch.length);
            expect(i.eventShape).toEqual([...batch, dim, dim]);
            const summed = tf.sum(lp, batch.map((_, k) => sampleShape.length + k));
            expect(closeness(i.logProb(l).dataSync(), Array.from(summed.dataSync()), 1e-6, 1e-5)).toBeUndefined();
          });
        }),
        { numRuns: 20 },
      );
    });

    it('pulled back through bijectTo(corrCholesky), the density is Π sech(xᵢⱼ)^(2η + D − 2 − j) / B((2η + D − 2 − j)/2, ½)', () => {
      // Row i's stick-breaking gives Lᵢᵢ = Π_j sech(xᵢⱼ) and |det J| = Π_j sech(xᵢⱼ)^(i + 1 − j), so the
      // exponent of sech(xᵢⱼ) is (2(η − 1) + D − 1 − i) + (i + 1 − j) and ∫ sech^a = B(a/2, ½). This checks
      // logProb (normalizer included) and the transform's log|det J| together, in closed form.
      const t = bijectTo(constraints.corrCholesky);
      const caseArb = fc.integer({ min: 2, max: 5 }).chain((dim) =>
        fc.tuple(
          fc.constant(dim),
          fc.double({ min: 0.3, max: 6, noNaN: true }).map(Math.fround),
          fc.array(fc.double({ min: -3, max: 3, noNaN: true }).map(Math.fround), { minLength: (dim * (dim - 1)) / 2, maxLength: (dim * (dim - 1)) / 2 }),
        ),
      );
      fc.assert(
        fc.property(caseArb, ([dim, eta, xs]) => {
          tf.tidy(() => {
            const x = tf.tensor(xs);
            const y = t.forward(x);
            const actual = tf.add(LKJCholesky(dim, eta).logProb(y), t.logAbsDetJacobian(x, y));
            let expected = 0;
            let k = 0;
            for (let i = 1; i < dim; i++) {
              for (let j = 0; j < i; j++) {
                const a = 2 * eta + dim - 2 - j;
                const logBeta = logGamma64(a / 2) + logGamma64(0.5) - logGamma64(a / 2 + 0.5);
                expected += -a * Math.log(Math.cosh(xs[k++]!)) - logBeta;
              }
            }
            expect(closeness(actual.dataSync(), [expected], 1e-5, 1e-4)).toBeUndefined();
          });
        }),
        { numRuns: 40 },
      );
    });

    it('D = 2: the density pulled back through bijectTo(corrCholesky) integrates to 1 (grid)', () => {
      // x ∈ [−8, 8]: beyond, tanh(x) is clamped at 1 − 2⁻²³ (as torch), so the pulled-back density
      // is no longer exact there. The exact mass inside is 1 − O(e⁻¹⁶) for η ≥ 1 and
      // (2/π) atan(sinh 8) for η = ½ (density sech(x)/π).
      const t = bijectTo(constraints.corrCholesky);
      for (const [eta, mass] of [[0.5, (2 / Math.PI) * Math.atan(Math.sinh(8))], [1, 1], [3, 1]] as const) {
        tf.tidy(() => {
          const n = 3201;
          const x = tf.linspace(-8, 8, n).reshape([n, 1]);
          const y = t.forward(x);
          const density = tf.exp(tf.add(LKJCholesky(2, eta).logProb(y), t.logAbsDetJacobian(x, y))).dataSync();
          const h = 16 / (n - 1);
          let integral = 0;
          for (let k = 0; k < n; k++) integral += (k === 0 || k === n - 1 ? 0.5 : 1) * density[k]! * h;
          expect(Math.abs(integral - mass), `η = ${eta}: ${integral} vs ${mass}`).toBeLessThan(1e-4);
        });
      }
    });

    it('D = 3, 4: the density integrates to 1 over the rows in unit balls (Monte Carlo, 5 SE)', () => {
      for (const [dim, eta] of [[3, 1], [3, 2.5], [4, 1.5]] as const) {
        tf.tidy(() => {
          const n = 20000;
          const rows = uniformRows(7 * dim, n, dim);
          const volume = Array.from({ length: dim }, (_, i) => ballVolume(i)).reduce((a, b) => a * b, 1);
          const lp = LKJCholesky(dim, eta).logProb(tf.tensor(Float32Array.from(rows), [n, dim, dim])).dataSync();
          const w = Array.from(lp, (v) => Math.exp(v) * volume);
          const mean = w.reduce((a, b) => a + b, 0) / n;
          const se = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) / n);
          expect(withinSE(mean, 1, se, `∫ LKJCholesky(${dim}, ${eta})`)).toBeUndefined();
        });
      }
    });

    it("draws follow the density: every correlation has the LKJ marginal's second moment (5 SE)", () => {
      for (const [dim, eta] of [[2, 0.5], [3, 1], [4, 2]] as const) {
        tf.tidy(() => {
          const n = 8000;
          const l = LKJCholesky(dim, eta).sample(prngKey(dim), [n]);
          const omega = tf.matMul(l, l, false, true).dataSync();
          const a = eta + (dim - 2) / 2;
          const m2 = 1 / (2 * a + 1);
          const se = Math.sqrt((3 / ((2 * a + 1) * (2 * a + 3)) - m2 * m2) / n);
          for (let i = 1; i < dim; i++) {
            for (let j = 0; j < i; j++) {
              let s = 0;
              for (let k = 0; k < n; k++) s += omega[k * dim * dim + i * dim + j]! ** 2 / n;
              expect(withinSE(s, m2, se, `E[Ω${i}${j}²] of LKJ(${dim}, ${eta})`)).toBeUndefined();
            }
          }
        });
      }
    });

    it('leaks no tensors (construction, draws, log-densities)', () => {
      const before = tf.memory().numTensors;
      const d = LKJCholesky(3, 2);
      const l = d.sample(prngKey(0), [4]);
      tf.dispose([d.logProb(l), l, d.concentration]);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
