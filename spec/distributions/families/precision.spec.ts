/**
 * Precision and validation of the families against float64 (issue 16.7), on both backends.
 *
 * 1. Every row of precision-references.ts (mpmath, 50 digits, on float32-rounded inputs: the
 *    values Pyro computes in float64): saturation at large logits (Bernoulli(logits ±20, ±50)
 *    variance, stddev, entropy, log-mass; Binomial, Geometric, Categorical and OneHotCategorical
 *    likewise), cancellation near
 *    the support's edges (Binomial(10, 0.999).logProb(10); Φ(−6), Φ(−10); Laplace and Cauchy
 *    tails; Exponential and HalfNormal near 0), large-parameter lgamma differences (Gamma,
 *    InverseGamma, Beta, Dirichlet log-densities; Gamma, Beta, StudentT(10⁶) entropies), with
 *    ordinary-regime rows of the same families as controls.
 *    Tolerance: rtol 2e-6 — the float32 result rounding (6e-8) plus the float32 arguments'
 *    rounding amplified by the condition number of the quantity (the worst row, LogNormal
 *    cdf(10⁻⁴) = 1.6e-20, measures 9.7e-7: `log x` is a float32 and Φ's relative condition
 *    number at z = −9.2 is z² ≈ 85). Before the fix the rows of this table were off by 1.3e-5 to
 *    100% relative (0 for 2e-9, −∞ for −17.7), so each fails at 2e-6. One row has its own
 *    tolerance: Dirichlet([1000, 1000, 1000]).logProb is −20.6 from lgamma terms of ~1.7e4
 *    (computed in float64 and rounded once each, then summed in float32: 4 ulps of 1.7e4 / 20.6
 *    ≈ 4e-6 relative); measured 5.2e-6, asserted 1e-5.
 * 2. `cdf` validates its value as `logProb` does (torch's `_validate_sample` in `cdf`): a value
 *    off the support raises `InvalidArgument` naming `<Family>.cdf`, never a "probability"
 *    outside [0, 1].
 * 3. klDivergence(Bernoulli(logits −20) ‖ Bernoulli(logits 20)) = 19.99999991755385 (mpmath,
 *    `p log(p/q) + (1−p) log((1−p)/(1−q))`), finite, within rtol 1e-6 (a float32 result
 *    of 20 has ulp 1.9e-6 / 20 ≈ 1e-7).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  type Distribution,
  Dirichlet,
  Exponential,
  Gamma,
  Geometric,
  HalfCauchy,
  HalfNormal,
  InverseGamma,
  klDivergence,
  Laplace,
  LogNormal,
  Normal,
  OneHotCategorical,
  Poisson,
  StudentT,
  Uniform,
} from '../../../lib/distributions/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { PRECISION_ROWS, type PrecisionRow } from './precision-references.js';

type P = PrecisionRow[1];
const num = (p: P, k: string): number => p[k] as number;

/** How to build each family of the table from its parameters. */
const BUILD: Readonly<Record<string, (p: P) => Distribution>> = {
  Bernoulli: (p) => Bernoulli('logits' in p ? { logits: num(p, 'logits') } : { probs: num(p, 'probs') }),
  Binomial: (p) => Binomial(num(p, 'totalCount'), 'logits' in p ? { logits: num(p, 'logits') } : { probs: num(p, 'probs') }),
  Categorical: (p) => Categorical({ logits: p.logits as readonly number[] as number[] }),
  Poisson: (p) => Poisson(num(p, 'rate')),
  Geometric: (p) => Geometric('logits' in p ? { logits: num(p, 'logits') } : { probs: num(p, 'probs') }),
  OneHotCategorical: (p) => OneHotCategorical({ logits: p.logits as readonly number[] as number[] }),
  Normal: (p) => Normal(num(p, 'loc'), num(p, 'scale')),
  LogNormal: (p) => LogNormal(num(p, 'loc'), num(p, 'scale')),
  Exponential: (p) => Exponential(num(p, 'rate')),
  Laplace: (p) => Laplace(num(p, 'loc'), num(p, 'scale')),
  Cauchy: (p) => Cauchy(num(p, 'loc'), num(p, 'scale')),
  HalfNormal: (p) => HalfNormal(num(p, 'scale')),
  HalfCauchy: (p) => HalfCauchy(num(p, 'scale')),
  Gamma: (p) => Gamma(num(p, 'concentration'), num(p, 'rate')),
  InverseGamma: (p) => InverseGamma(num(p, 'concentration'), num(p, 'rate')),
  Beta: (p) => Beta(num(p, 'concentration1'), num(p, 'concentration0')),
  StudentT: (p) => StudentT(num(p, 'df'), num(p, 'loc'), num(p, 'scale')),
  Dirichlet: (p) => Dirichlet(p.concentration as readonly number[] as number[]),
};

/** The row's quantity, computed in a tidy and read back as a number. */
function compute([family, parameters, quantity, value]: PrecisionRow): number {
  return tf.tidy(() => {
    const d = BUILD[family]!(parameters);
    const at = (): tf.Tensor => tf.tensor(value as number | number[]);
    const result =
      quantity === 'logProb' ? d.logProb(at()) : quantity === 'cdf' ? d.cdf(at()) : quantity === 'icdf' ? d.icdf(at()) : quantity === 'entropy' ? d.entropy() : d[quantity];
    return result.dataSync()[0]!;
  });
}

const rtolOf = ([family, parameters]: PrecisionRow): number =>
  family === 'Dirichlet' && (parameters.concentration as readonly number[])[0] === 1000 ? 1e-5 : 2e-6;

describeBackends('distributions/families precision against float64', () => {
  it(`${PRECISION_ROWS.length} rows of saturating, cancelling and large-parameter cases match float64 within rtol 2e-6`, () => {
    const before = tf.memory().numTensors;
    const failures = PRECISION_ROWS.flatMap((row) => {
      const got = compute(row);
      const error = Math.abs(got - row[4]) / Math.abs(row[4]);
      return error <= rtolOf(row) ? [] : [`${row[0]} ${JSON.stringify(row[1])} ${row[2]}(${JSON.stringify(row[3])}): got ${got}, float64 ${row[4]} (rel ${error.toExponential(1)})`];
    });
    expect(failures).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the table covers every family it builds, and every row is finite and nonzero', () => {
    expect(new Set(PRECISION_ROWS.map((r) => r[0]))).toEqual(new Set(Object.keys(BUILD)));
    for (const row of PRECISION_ROWS) expect(Number.isFinite(row[4]) && row[4] !== 0, JSON.stringify(row)).toBe(true);
  });

  it('cdf validates its value as logProb does: off the support is InvalidArgument naming <Family>.cdf', () => {
    const cases: readonly (readonly [Distribution, number])[] = [
      [HalfNormal(1), -1],
      [Exponential(2), -0.5],
      [Uniform(0, 10), -1],
      [Uniform(0, 10), 11],
      [HalfCauchy(1), -1],
      [LogNormal(0, 1), -1],
      [Normal(0, 1), NaN],
      [Laplace(0, 1), NaN],
      [Cauchy(0, 1), NaN],
    ];
    for (const [d, x] of cases) {
      const value = tf.scalar(x);
      const before = tf.memory().numTensors;
      const call = (): unknown => d.cdf(value);
      expect(call, `${d.family}.cdf(${x})`).toThrow(IgnisError);
      expect(call, `${d.family}.cdf(${x})`).toThrow(new RegExp(`${d.family}\\.cdf: argument 'value' must be in the support`));
      expect(tf.memory().numTensors, `${d.family}.cdf(${x}) leaks`).toBe(before);
      value.dispose();
    }
    tf.tidy(() => {
      expect(Array.from(HalfNormal(1).cdf(tf.tensor([0, 1e30])).dataSync())).toEqual([0, 1]);
      expect(Array.from(Uniform(0, 10).cdf(tf.tensor([0, 10])).dataSync())).toEqual([0, 1]);
    });
  });

  it('klDivergence(Bernoulli(logits −20) ‖ Bernoulli(logits 20)) is 19.99999991755385, not ∞, either way round', () => {
    tf.tidy(() => {
      const [a, b] = [Bernoulli({ logits: -20 }), Bernoulli({ logits: 20 })];
      for (const kl of [klDivergence(a, b), klDivergence(b, a)]) {
        expect(Math.abs(kl.dataSync()[0]! - 19.99999991755385) / 20).toBeLessThan(1e-6);
      }
      // p certain at 0: KL = −log(1 − q) = softplus(20) = 20.000000002061153; q certain where p is not: ∞.
      expect(Math.abs(klDivergence(Bernoulli({ logits: -Infinity }), Bernoulli({ logits: 20 })).dataSync()[0]! - 20.000000002061153) / 20).toBeLessThan(1e-6);
      expect(klDivergence(Bernoulli({ probs: 0.5 }), Bernoulli({ logits: Infinity })).dataSync()[0]).toBe(Infinity);
    });
  });
});
