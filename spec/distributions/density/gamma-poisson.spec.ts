/**
 * The NegativeBinomial and GammaPoisson density kernels (lib/distributions/density/gamma-poisson.ts):
 * `Σ log p` and its gradients against the families' own `logProb` (itself checked against Pyro's
 * float64 golden values) on both backends, the analytic partials against float64 central finite
 * differences of the kernel itself, and the fused ELBO total picking them up.
 *
 * Tolerances: against `logProb`, values rtol 1e-5 (the kernel sums in float64, the reference's
 * float32 lbeta/log chain has a few ulps per op) and gradients rtol 1e-4, atol 1e-5 (the
 * reference's float32 backward chain through digamma); against finite differences of the float64
 * kernel, rtol 1e-6, atol 1e-8 (Richardson-extrapolated central differences with steps 1e-4 of the
 * distance to the boundary: truncation O(h⁴·f⁽⁵⁾) ≲ 1e-7 absolute at p = 0.99, rounding
 * ε·|Σ log p|/h ≲ 1e-9).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Distribution, GammaPoisson, NegativeBinomial } from '../../../lib/distributions/index.js';
import { type DensityKernel, densityKernel, gammaPoissonDensity, negativeBinomialDensity } from '../../../lib/distributions/density/index.js';
import { TABLE_LIMIT } from '../../../lib/distributions/density/gamma-poisson.js';
import { fusedTotal } from '../../../lib/infer/elbo/fused-total.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';

const t = (values: number[] | number[][], shape?: number[]): tf.Tensor => tf.tensor(values, shape);

/** A case: the value (a count, no gradient), the parameters (differentiated) and the family. */
interface Case {
  readonly name: string;
  readonly value: () => tf.Tensor;
  readonly params: () => tf.Tensor[];
  readonly build: (ps: readonly tf.Tensor[]) => Distribution;
}

const COUNTS = (): tf.Tensor => t([[0, 1, 5], [3, 12, 0]]);

const CASES: readonly Case[] = [
  { name: 'NegativeBinomial, logits, broadcast', value: COUNTS, params: () => [t([0.5, 2, 7.5]), t([[0.3], [-1.2]])], build: ([r, l]) => NegativeBinomial(r!, { logits: l! }) },
  { name: 'NegativeBinomial, probs expanded by a plate', value: COUNTS, params: () => [tf.scalar(3), tf.scalar(0.35)], build: ([r, p]) => NegativeBinomial(r!, p!).expand([2, 3]) },
  { name: 'NegativeBinomial, probs, per element', value: COUNTS, params: () => [t([[1, 2, 3], [4, 5, 6]]), t([[0.1, 0.5, 0.9], [0.2, 0.7, 0.4]])], build: ([r, p]) => NegativeBinomial(r!, { probs: p! }) },
  { name: 'GammaPoisson, broadcast', value: COUNTS, params: () => [t([0.5, 2, 7.5]), t([[0.25], [3]])], build: ([a, b]) => GammaPoisson(a!, b!) },
  { name: 'Independent(GammaPoisson)', value: COUNTS, params: () => [tf.scalar(1.5), t([0.2, 1, 4])], build: ([a, b]) => GammaPoisson(a!, b!).expand([2, 3]).toEvent(1) },
];

const expectClose = (actual: tf.Tensor, expected: tf.Tensor, rtol: number, atol: number): void => {
  expect(actual.shape).toEqual(expected.shape);
  expect(closeness(actual.dataSync(), Array.from(expected.dataSync()), rtol, atol)).toBeUndefined();
};

const total = (kernel: DensityKernel, reference: () => tf.Scalar): tf.Scalar => fusedTotal([{ kernel, weight: 1 }], reference);

/** The kernel's value and analytic partials at float64 data (no tensors read). */
function evaluate64(kernel: DensityKernel, data: readonly Float64Array[]): { readonly value: number; readonly grads: readonly Float64Array[] } {
  const grads = data.map((d) => new Float64Array(d.length));
  return { value: kernel.evaluate(data, 1, grads), grads };
}

describeBackends('distributions/density/gamma-poisson', () => {
  describe('densityKernel', () => {
    for (const c of CASES) {
      it(`${c.name}: Σ log p and its parameters' gradients equal logProb's`, () => {
        tf.tidy(() => {
          const value = c.value();
          const ps = c.params();
          const reference = (xs: tf.Tensor[]): tf.Scalar => tf.sum(c.build(xs).logProb(value));
          const fused = (xs: tf.Tensor[]): tf.Scalar => total(densityKernel(c.build(xs), value)!, () => reference(xs));
          expectClose(fused(ps), reference(ps), 1e-5, 1e-6);
          const gf = tf.grads((...xs: tf.Tensor[]) => fused(xs))(ps);
          const gr = tf.grads((...xs: tf.Tensor[]) => reference(xs))(ps);
          gf.forEach((g, j) => expectClose(g, gr[j]!, 1e-4, 1e-5));
        });
      });
    }

    it('gives the count no gradient (discrete values carry none)', () => {
      tf.tidy(() => {
        const g = tf.grad((k: tf.Tensor) => total(densityKernel(GammaPoisson(2, 0.5).expand([3]), k)!, () => tf.scalar(0)))(t([0, 2, 7]));
        expect(Array.from(g.dataSync())).toEqual([0, 0, 0]);
      });
    });

    it('validates as logProb does (a count off the support raises)', () => {
      tf.tidy(() => {
        expect(() => densityKernel(NegativeBinomial(2, 0.3), t([1.5]))).toThrow(/NegativeBinomial.logProb: argument 'value' must be in the support/);
        expect(() => densityKernel(GammaPoisson(2, 1), t([-1]))).toThrow(/GammaPoisson.logProb: argument 'value' must be in the support/);
      });
    });

    it('is the point mass at 0 for totalCount 0 (log p(0) = 0, as logProb)', () => {
      tf.tidy(() => {
        const d = NegativeBinomial(0, 0.4);
        expect(total(densityKernel(d, tf.scalar(0))!, () => tf.scalar(0)).dataSync()[0]).toBe(0);
        expect(d.logProb(tf.scalar(0)).dataSync()[0]).toBe(0);
      });
    });

    it('leaks no tensor (building, evaluating, differentiating)', () => {
      const inputs = [t([0, 3, 9]), t([1, 2, 3]), tf.scalar(0.2)] as const;
      const [k, r0, l0] = inputs;
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) {
        tf.dispose(tf.grads((r: tf.Tensor, l: tf.Tensor) => total(densityKernel(NegativeBinomial(r, { logits: l }), k)!, () => tf.scalar(0)))([r0, l0]));
      }
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([...inputs]);
    });
  });
});

describe('distributions/density/gamma-poisson (float64)', () => {
  /**
   * Central differences of `f` at `x` in each coordinate of `which`, Richardson-extrapolated
   * (`(4 D(h/2) − D(h))/3`, error O(h⁴)), with the step `1e-4 · step(v)` scaled to the
   * coordinate's distance from its boundary (a rate of 0.05, a probability of 0.99).
   */
  const finiteDifference = (f: (x: readonly Float64Array[]) => number, x: readonly Float64Array[], which: number, step: (v: number) => number): Float64Array =>
    Float64Array.from(x[which]!, (v, i) => {
      const at = (delta: number): number => f(x.map((d, j) => (j === which ? Float64Array.from(d, (u, m) => (m === i ? u + delta : u)) : d)));
      const central = (h: number): number => (at(h) - at(-h)) / (2 * h);
      const h = 1e-4 * step(v);
      return (4 * central(h / 2) - central(h)) / 3;
    });

  type Step = (v: number) => number;
  const positive: Step = (v) => v;
  const kernels: readonly { name: string; build: (k: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => DensityKernel; b: fc.Arbitrary<number>; step: Step }[] = [
    { name: 'NegativeBinomial, logits', build: (k, a, b) => negativeBinomialDensity(k, a, b, 'logits', [4]), b: fc.double({ min: -4, max: 4, noNaN: true }), step: () => 1 },
    { name: 'NegativeBinomial, probs', build: (k, a, b) => negativeBinomialDensity(k, a, b, 'probs', [4]), b: fc.double({ min: 0.01, max: 0.99, noNaN: true }), step: (v) => Math.min(v, 1 - v) },
    { name: 'GammaPoisson', build: (k, a, b) => gammaPoissonDensity(k, a, b, [4]), b: fc.double({ min: 0.05, max: 20, noNaN: true }), step: positive },
  ];

  for (const c of kernels) {
    it(`${c.name}: the analytic partials equal central finite differences, with one shape (the tables) or one per count (property)`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 4, maxLength: 4 }),
          fc.array(fc.double({ min: 0.05, max: 30, noNaN: true }), { minLength: 1, maxLength: 1 }).chain((r) => fc.constantFrom(r, [r[0]!, 0.5, 7, 20])),
          fc.array(c.b, { minLength: 4, maxLength: 4 }),
          (ks, rs, bs) => {
            const kernel = c.build(tf.tensor(ks), tf.tensor(rs), tf.tensor(bs));
            const data = [Float64Array.from(ks), Float64Array.from(rs), Float64Array.from(bs)];
            const { grads } = evaluate64(kernel, data);
            const f = (x: readonly Float64Array[]): number => kernel.evaluate(x, 1, undefined);
            for (const j of [1, 2]) expect(closeness(grads[j]!, Array.from(finiteDifference(f, data, j, j === 1 ? positive : c.step)), 1e-6, 1e-8)).toBeUndefined();
            tf.dispose(kernel.inputs as tf.Tensor[]);
          },
        ),
        { numRuns: 30 },
      );
    });
  }

  it('gives from the tables (one shape, counts ≤ TABLE_LIMIT) the value and partials lgamma and digamma give (one shape per count); past the limit, the special functions', () => {
    const rate = 0.02;
    /** Value and partials of GammaPoisson at `ks` with the shape `r` once (`shared`) or per count. */
    const at = (ks: readonly number[], r: number, shared: boolean) => {
      const rs = shared ? Float64Array.of(r) : new Float64Array(ks.length).fill(r);
      const kernel = gammaPoissonDensity(tf.tensor([...ks]), tf.tensor(Float32Array.from(rs)), tf.scalar(rate), [ks.length]);
      const { value, grads } = evaluate64(kernel, [Float64Array.from(ks), rs, Float64Array.of(rate)]);
      tf.dispose(kernel.inputs as tf.Tensor[]);
      return { value, dr: grads[1]!.reduce((x, y) => x + y, 0), dRate: grads[2]![0]! };
    };
    const ks = [0, 1, 7, 250, 4000, TABLE_LIMIT];
    for (const r of [0.3, 2.5, 40]) {
      const [table, special] = [at(ks, r, true), at(ks, r, false)];
      // the recurrences' rounding grows like k·ε: relative 1e-11 at k = 65536
      expect(Math.abs(table.value - special.value)).toBeLessThan(1e-11 * Math.abs(special.value));
      expect(Math.abs(table.dr - special.dr)).toBeLessThan(1e-9 * (1 + Math.abs(special.dr)));
      expect(table.dRate).toBeCloseTo(special.dRate, 9);
      const past = [...ks, TABLE_LIMIT + 1];
      expect(at(past, r, true).value).toBe(at(past, r, false).value);
    }
  });

  it('equals closed forms: NegativeBinomial(2, 0.3) at 0 and 1 is 2 log 0.7 + log(2 · 0.3 · 0.7²)', () => {
    const nb = negativeBinomialDensity(tf.tensor([0, 1]), tf.scalar(2), tf.scalar(0.3), 'probs', [2]);
    const value = nb.evaluate([Float64Array.of(0, 1), Float64Array.of(2), Float64Array.of(0.3)], 1, undefined);
    expect(value).toBeCloseTo(2 * Math.log(0.7) + Math.log(2 * 0.3 * 0.49), 12);
    tf.dispose(nb.inputs as tf.Tensor[]);
  });

  it('agrees with the GammaPoisson ↔ NegativeBinomial identity, GammaPoisson(α, β) = NegativeBinomial(α, probs 1/(1 + β))', () => {
    const k = [0, 4, 40, 400];
    const [alpha, beta] = [2.5, 0.3];
    const gp = gammaPoissonDensity(tf.tensor(k), tf.scalar(alpha), tf.scalar(beta), [4]);
    const nb = negativeBinomialDensity(tf.tensor(k), tf.scalar(alpha), tf.scalar(Math.log(1 / beta)), 'logits', [4]);
    const data = (b: number): Float64Array[] => [Float64Array.from(k), Float64Array.of(alpha), Float64Array.of(b)];
    expect(evaluate64(gp, data(beta)).value).toBeCloseTo(evaluate64(nb, data(Math.log(1 / beta))).value, 10);
    tf.dispose([...gp.inputs, ...nb.inputs] as tf.Tensor[]);
  });
});
