/**
 * The wave-2 golden file's identities between the continuous families and their relatives
 * (`checks`, `kl.checks`) and its `transforms` cases for the Pareto support, on both backends:
 * each side computed by Ignis and compared with Pyro's float64 value. Tolerance WAVE2_TOL
 * (rtol 1e-5, atol 1e-6: float32 results of a few elementwise ops; see
 * spec/helpers/golden-wave2.ts).
 *
 * Checks that do not list their parameters use those of the family's first golden case, which
 * reproduce the listed values (Logistic and SkewLogistic: loc [0, 1, −2], scale [1, 0.5, 3];
 * AsymmetricLaplace and Laplace: the same; VonMises: loc [0, 1, −2], concentration [0.5, 4, 10]);
 * the KL check uses the `Chi2/Chi2` pair's degrees of freedom.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import {
  AsymmetricLaplace,
  Beta,
  Chi2,
  Exponential,
  Gamma,
  Kumaraswamy,
  Laplace,
  Logistic,
  Pareto,
  SkewLogistic,
  VonMises,
  Weibull,
  bijectTo,
  constraints,
  klDivergence,
} from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { flat } from '../../../helpers/golden.js';
import { WAVE2_TOL, expectCloseTo, wave2, wave2Check } from '../../../helpers/golden-wave2.js';

const array = (c: Readonly<Record<string, unknown>>, key: string): number[] => flat(c[key]);
const LOC = [0, 1, -2];
const SCALE = [1, 0.5, 3];

describeBackends('golden wave 2: identities of the continuous families', () => {
  it('Chi2(df).logProb = Gamma(df/2, 1/2).logProb', () => {
    const c = wave2Check('Chi2(df).log_prob');
    tf.tidy(() => {
      const [df, x] = [array(c, 'df'), tf.tensor(array(c, 'value'))];
      expectCloseTo(Chi2(df).logProb(x), c.chi2, WAVE2_TOL, 'chi2');
      expectCloseTo(Gamma(df.map((k) => k / 2), 0.5).logProb(x), c.gamma, WAVE2_TOL, 'gamma');
    });
  });

  it('SkewLogistic(loc, scale, 1) = Logistic(loc, scale)', () => {
    const c = wave2Check('SkewLogistic(loc, scale, asymmetry=1)');
    tf.tidy(() => {
      const x = tf.tensor(array(c, 'value'));
      expectCloseTo(SkewLogistic(LOC, SCALE, 1).logProb(x), c.skew_logistic, WAVE2_TOL, 'skew');
      expectCloseTo(SkewLogistic(LOC, SCALE).logProb(x), c.skew_logistic, WAVE2_TOL, 'skew, default asymmetry');
      expectCloseTo(Logistic(LOC, SCALE).logProb(x), c.logistic, WAVE2_TOL, 'logistic');
    });
  });

  it('AsymmetricLaplace(loc, scale, 1) = Laplace(loc, scale)', () => {
    const c = wave2Check('AsymmetricLaplace(loc, scale, asymmetry=1)');
    tf.tidy(() => {
      const x = tf.tensor(array(c, 'value'));
      expectCloseTo(AsymmetricLaplace(LOC, SCALE, 1).logProb(x), c.asymmetric_laplace, WAVE2_TOL, 'asymmetric');
      expectCloseTo(Laplace(LOC, SCALE).logProb(x), c.laplace, WAVE2_TOL, 'laplace');
    });
  });

  it('Weibull(scale, 1) = Exponential(1/scale)', () => {
    const c = wave2Check('Weibull(scale, concentration=1)');
    tf.tidy(() => {
      const [scale, x] = [array(c, 'scale'), tf.tensor(array(c, 'value'))];
      expectCloseTo(Weibull(scale, 1).logProb(x), c.weibull, WAVE2_TOL, 'weibull');
      expectCloseTo(Exponential(scale.map((s) => 1 / s)).logProb(x), c.exponential, WAVE2_TOL, 'exponential');
    });
  });

  it('Kumaraswamy(1, b) = Beta(1, b)', () => {
    const c = wave2Check('Kumaraswamy(1, b)');
    tf.tidy(() => {
      const [b, x] = [array(c, 'concentration0'), tf.tensor(array(c, 'value'))];
      expectCloseTo(Kumaraswamy(1, b).logProb(x), c.kumaraswamy, WAVE2_TOL, 'kumaraswamy');
      expectCloseTo(Beta(1, b).logProb(x), c.beta, WAVE2_TOL, 'beta');
    });
  });

  it("VonMises.logProb: Ignis' exact log I₀ is within WAVE2_TOL of both torch's polynomial value and the exact one", () => {
    const c = wave2Check('VonMises.log_prob');
    tf.tidy(() => {
      const lp = VonMises(LOC, [0.5, 4, 10]).logProb(tf.tensor(array(c, 'value')));
      expectCloseTo(lp, c.torch, WAVE2_TOL, 'torch');
      expectCloseTo(lp, c.exact_derived, WAVE2_TOL, 'exact');
    });
  });

  it('KL(Chi2(d1), Chi2(d2)) = KL(Gamma(d1/2, 1/2), Gamma(d2/2, 1/2))', () => {
    const c = wave2Check('KL(Chi2(d1), Chi2(d2))', 'kl');
    const pair = wave2.kl.pairs.find((g) => g.case.startsWith('Chi2/Chi2'))!;
    tf.tidy(() => {
      const [d1, d2] = [flat(pair.p.df), flat(pair.q.df)];
      expectCloseTo(klDivergence(Chi2(d1), Chi2(d2)), c.kl_chi2, WAVE2_TOL, 'chi2');
      const half = (d: number[]): number[] => d.map((k) => k / 2);
      expectCloseTo(klDivergence(Gamma(half(d1), 0.5), Gamma(half(d2), 0.5)), c.kl_gamma, WAVE2_TOL, 'gamma');
    });
  });

  for (const g of wave2.transforms.filter((tr) => String(tr.constraint).startsWith('greater_than_eq') || String(tr.constraint).startsWith('Pareto'))) {
    it(`transforms: ${String(g.case)}: bijectTo's forward, log|det J|, inverse and codomain check`, () => {
      tf.tidy(() => {
        const support = String(g.constraint).startsWith('Pareto') ? Pareto([0.5, 1, 3], 1).support : constraints.greaterThanEq(2);
        const t = bijectTo(support);
        const x = tf.tensor(flat(g.x));
        const y = t.forward(x);
        expectCloseTo(y, g.y, WAVE2_TOL, 'y');
        expectCloseTo(t.logAbsDetJacobian(x, y), g.log_abs_det_jacobian, WAVE2_TOL, 'log|det J|');
        expectCloseTo(t.inverse(tf.tensor(flat(g.y))), g.inverse_y, WAVE2_TOL, 'inverse');
        expect(Array.from(support.check(y).dataSync(), Boolean)).toEqual(g.codomain_check_y);
      });
    });
  }
});
