/**
 * Gradients of the second wave's continuous families where their code computes them, on both
 * backends:
 *
 * - `logProb` with respect to every parameter and the value, against central differences of
 *   the same float32 `logProb` (h = 3e-3 · max(0.1, |θ|)): the difference carries a truncation
 *   error `h² |f'''|/6` (≲ 1e-3 relative at the steepest point used, a Kumaraswamy with b < 1 at
 *   x = 0.9) and float32 noise `|f| 2⁻²³/h` (≲ 3e-4), so `|g − FD| ≤ 1e-3 (1 + |FD|)`. This covers the custom ops on these paths (`logBesselI0`'s
 *   gradient, `xlogy`, the log-space Kumaraswamy terms, `logSigmoid`, `where`).
 * - the float64 moment ops' gradients (Kumaraswamy `mean` and `variance`, VonMises `variance`),
 *   with the same bound.
 * - Chi2's implicitly reparameterized draws (Gamma's sampler through `df/2`): the mean of
 *   `∂x/∂df` over 20 000 draws is `∂E[X]/∂df = 1`, within 5 standard errors. (The pathwise
 *   families are checked by fixed-key differences in laws.spec.ts.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { prngKey } from '../../../../lib/core/key.js';
import {
  AsymmetricLaplace,
  Chi2,
  type Distribution,
  Gumbel,
  Kumaraswamy,
  Logistic,
  Pareto,
  SkewLogistic,
  VonMises,
  Weibull,
} from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { withinSE } from '../../helpers/monte-carlo.js';

interface Case {
  readonly family: string;
  readonly params: readonly number[];
  readonly build: (ps: readonly tf.Tensor[]) => Distribution;
  /** Values (in the support, away from its edges and kinks). */
  readonly values: readonly number[];
}

const CASES: readonly Case[] = [
  { family: 'Gumbel', params: [0.3, 1.4], build: ([a, b]) => Gumbel(a!, b!), values: [-1, 0.5, 3] },
  { family: 'Logistic', params: [-0.5, 0.8], build: ([a, b]) => Logistic(a!, b!), values: [-2, 0, 1.5] },
  { family: 'SkewLogistic', params: [0.2, 1.3, 2.5], build: ([a, b, c]) => SkewLogistic(a!, b!, c), values: [-1.5, 0.4, 2] },
  { family: 'AsymmetricLaplace', params: [0.5, 1.2, 1.7], build: ([a, b, c]) => AsymmetricLaplace(a!, b!, c!), values: [-1, 0.1, 2.5] },
  { family: 'Weibull', params: [1.5, 2.2], build: ([a, b]) => Weibull(a!, b!), values: [0.4, 1.3, 2.6] },
  { family: 'Pareto', params: [0.8, 2.5], build: ([a, b]) => Pareto(a!, b!), values: [1, 1.7, 4] },
  { family: 'Kumaraswamy', params: [1.8, 0.7], build: ([a, b]) => Kumaraswamy(a!, b!), values: [0.1, 0.5, 0.9] },
  { family: 'Chi2', params: [3.5], build: ([a]) => Chi2(a!), values: [0.5, 2, 6] },
  { family: 'VonMises', params: [0.4, 2.5], build: ([a, b]) => VonMises(a!, b!), values: [-2, 0.3, 3] },
];

/** `|g − FD| ≤ 1e-3 (1 + |FD|)` for `f` at `theta` in coordinate `j` (see the module header). */
function expectGradient(f: (ps: readonly tf.Tensor[]) => tf.Tensor, theta: readonly number[], j: number, what: string): void {
  tf.tidy(() => {
    const at = (v: number): number => f(theta.map((w, i) => tf.scalar(i === j ? v : w))).dataSync()[0]!;
    const grad = tf.grad((t: tf.Tensor) => f(theta.map((w, i) => (i === j ? t : tf.scalar(w)))))(tf.scalar(theta[j]!)).dataSync()[0]!;
    const h = 3e-3 * Math.max(0.1, Math.abs(theta[j]!));
    const fd = (at(theta[j]! + h) - at(theta[j]! - h)) / (2 * h);
    expect(Math.abs(grad - fd), `${what}: ${grad} vs ${fd}`).toBeLessThanOrEqual(1e-3 * (1 + Math.abs(fd)));
  });
}

describeBackends('distributions/continuous wave-2 gradients', () => {
  for (const c of CASES) {
    it(`${c.family}: d logProb / d(parameters, value) equal central differences`, () => {
      for (const j of c.params.keys()) {
        expectGradient((ps) => tf.sum(c.build(ps).logProb(tf.tensor(c.values))), c.params, j, `${c.family} parameter ${j}`);
      }
      const params = c.params.map((p) => tf.scalar(p));
      for (const x of c.values) {
        expectGradient(([v]) => c.build(params).logProb(v!), [x], 0, `${c.family} value ${x}`);
      }
      tf.dispose(params);
    });
  }

  it('Kumaraswamy mean and variance, VonMises variance: gradients of the float64 ops equal central differences', () => {
    const kumaraswamy = [
      (ps: readonly tf.Tensor[]) => Kumaraswamy(ps[0]!, ps[1]!).mean,
      (ps: readonly tf.Tensor[]) => Kumaraswamy(ps[0]!, ps[1]!).variance,
    ];
    for (const [k, f] of kumaraswamy.entries()) {
      for (const theta of [[0.6, 2.5], [4, 0.8]]) for (const j of [0, 1]) expectGradient(f, theta, j, `Kumaraswamy ${k} at ${theta.join(', ')}`);
    }
    for (const kappa of [0.3, 2, 25]) expectGradient(([k]) => VonMises(0, k!).variance, [kappa], 0, `VonMises variance at κ=${kappa}`);
  });

  it('Chi2: E[∂x/∂df] over implicitly reparameterized draws is ∂E[X]/∂df = 1', () => {
    for (const [i, df] of [0.6, 4].entries()) {
      tf.tidy(() => {
        const n = 20_000;
        // batch [n], one draw per element: the gradient's i-th element is ∂xᵢ/∂dfᵢ
        const each = Float64Array.from(tf.grad((k: tf.Tensor) => tf.sum(Chi2(k).rsample(prngKey(900 + i))))(tf.fill([n], df)).dataSync());
        const mean = each.reduce((s, v) => s + v, 0) / n;
        const se = Math.sqrt(each.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) / n);
        expect(withinSE(mean, 1, se, `df=${df}`)).toBeUndefined();
      });
    }
  });
});
