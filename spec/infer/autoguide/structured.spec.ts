import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { plate, sample } from '../../../lib/core/primitives.js';
import { softplusLowerCholesky } from '../../../lib/distributions/constraints/structured.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';
import { Adam, ClippedAdam } from '../../../lib/infer/optim/adam.js';
import { SVI } from '../../../lib/infer/svi.js';
import { AutoStructured, type AutoStructuredOptions } from '../../../lib/infer/autoguide/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { tensorCountsOverSteps } from '../helpers/leaks.js';
import { disposeState, valuesOf } from './fixtures.js';

const Y = [1.2, -0.4, 2.0];
const SIGMA = 1;
const J = Y.length;

/** A conjugate Gaussian hierarchy: `mu ~ N(0, 1)`, plate groups: `theta ~ N(mu, 1)`, `y ~ N(theta, 1)`. */
function* hierarchy(y: tf.Tensor) {
  const mu = yield* sample('mu', Normal(0, 1));
  yield* plate('groups', J, function* () {
    const theta = yield* sample('theta', Normal(mu, 1));
    yield* sample('y', Normal(theta, SIGMA), { obs: y });
  });
}

/** The exact posterior of x = (mu, θ₁…θ_J): precision Λ, mean Λ⁻¹b, covariance Λ⁻¹ (float64 Gauss–Jordan), and log p(y). */
function exactPosterior(): { mean: number[]; cov: number[][]; logZ: number } {
  const n = J + 1;
  const lam = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? (i === 0 ? 1 + J : 1 + 1 / SIGMA ** 2) : i === 0 || j === 0 ? -1 : 0)));
  const b = [0, ...Y.map((y) => y / SIGMA ** 2)];
  const aug = lam.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const p = aug[c]![c]!;
    aug[c] = aug[c]!.map((v) => v / p);
    for (let r = 0; r < n; r++) if (r !== c) aug[r] = aug[r]!.map((v, k) => v - aug[r]![c]! * aug[c]![k]!);
  }
  const cov = aug.map((row) => row.slice(n));
  const mean = cov.map((row) => row.reduce((s, v, k) => s + v * b[k]!, 0));
  // log p(y) = log N(y; 0, 11ᵀ + (1 + σ²) I): det by the matrix determinant lemma, quadratic by Sherman–Morrison
  const c = 1 + SIGMA ** 2;
  const logDet = J * Math.log(c) + Math.log(1 + J / c);
  const sumY = Y.reduce((s, v) => s + v, 0);
  const quad = Y.reduce((s, v) => s + v * v, 0) / c - sumY ** 2 / (c * (c + J));
  return { mean, cov, logZ: -0.5 * (J * Math.log(2 * Math.PI) + logDet + quad) };
}

describeBackends('infer/autoguide/structured', () => {
  const exact = exactPosterior();
  const configs: readonly [string, AutoStructuredOptions][] = [
    ['normal conditionals, theta ← mu linear', { conditionals: { mu: 'normal', theta: 'normal' }, dependencies: { theta: { mu: 'linear' } } }],
    ['mvn conditionals, theta ← mu linear', { conditionals: 'mvn', dependencies: { theta: { mu: 'linear' } } }],
  ];
  for (const [label, options] of configs) {
    // The family holds the exact posterior (θ ⟂ θ' given mu, and θ | mu is linear-Gaussian),
    // so the fit reaches it: means and covariances within 0.04 (posterior variances 0.4 and
    // 0.6; the final iterate's Monte Carlo jitter at lr 0.002). The dependency is needed:
    // Cov(θᵢ, mu) = 0.2 and Cov(θᵢ, θⱼ) = 0.1, which a guide without it leaves at 0. The integrand
    // log p(y, z) − log q(z) is then log p(y) at every draw: one draw within 0.05 nats.
    it(`${label}: recovers the closed-form posterior mean and covariance and log p(y)`, () => {
      const y = tf.tensor1d(Y);
      const guide = AutoStructured(hierarchy, options);
      const svi = SVI(hierarchy, guide, ClippedAdam({ lr: 0.05, lrd: 0.04 ** (1 / 600) }), TraceELBO());
      const { params, state } = svi.run(prngKey(4), 600, [y]);
      const p = (name: string): number[] => valuesOf(params[`AutoStructured.${name}`]);
      const [sMu] = p('scales.mu');
      const [muLoc] = p('locs.mu');
      const w = p('deps.theta.mu');
      const sTheta = p('scales.theta');
      const lMu = options.conditionals === 'mvn' ? p('scaleTrils.mu')[0]! : 1;
      const lTheta = options.conditionals === 'mvn' ? valuesOf(params['AutoStructured.scaleTrils.theta']) : undefined;
      // implied guide moments: δ_mu = s_mu l_mu ε_mu; δ_θ = diag(s_θ) L_θ ε_θ + W δ_mu
      const varMu = (sMu! * lMu) ** 2;
      const thetaNoise = (i: number, j: number): number => {
        if (lTheta === undefined) return i === j ? sTheta[i]! ** 2 : 0;
        let s = 0;
        for (let k = 0; k < J; k++) s += lTheta[i * J + k]! * lTheta[j * J + k]!;
        return sTheta[i]! * sTheta[j]! * s;
      };
      expect(Math.abs(muLoc! - exact.mean[0]!)).toBeLessThan(0.04);
      expect(Math.abs(varMu - exact.cov[0]![0]!)).toBeLessThan(0.04);
      p('locs.theta').forEach((v, i) => expect(Math.abs(v - exact.mean[i + 1]!)).toBeLessThan(0.04));
      for (let i = 0; i < J; i++) {
        expect(Math.abs(w[i]! * varMu - exact.cov[i + 1]![0]!)).toBeLessThan(0.04);
        for (let j = 0; j < J; j++) expect(Math.abs(thetaNoise(i, j) + w[i]! * w[j]! * varMu - exact.cov[i + 1]![j + 1]!)).toBeLessThan(0.04);
      }
      expect(Math.abs(-svi.evaluate(state, y) - exact.logZ)).toBeLessThan(0.05);
      const median = guide.median(params);
      expect(valuesOf(median.theta)).toEqual(p('locs.theta').map(Math.fround));
      tf.dispose([y, ...Object.values(params), ...Object.values(median)]);
      disposeState(state);
    });
  }

  it('declares Pyro-named params (softplusLowerCholesky for mvn; zero-initialized deps) and no aux site for a delta', () => {
    const y = tf.tensor1d(Y);
    const svi = SVI(hierarchy, AutoStructured(hierarchy, { conditionals: { mu: 'delta', theta: 'mvn' }, dependencies: { theta: { mu: 'linear' } } }), Adam({ lr: 0.01 }), TraceELBO());
    const state = svi.init(prngKey(0), y);
    expect(Object.keys(state.params).sort()).toEqual(['AutoStructured.locs.mu', 'AutoStructured.locs.theta', 'AutoStructured.scaleTrils.theta', 'AutoStructured.scales.theta']);
    expect(state.specs['AutoStructured.scaleTrils.theta']!.constraint).toBe(softplusLowerCholesky);
    disposeState(state);
    const withDeps = SVI(hierarchy, AutoStructured(hierarchy, { conditionals: 'normal', dependencies: { theta: { mu: 'linear' } } }), Adam({ lr: 0.01 }), TraceELBO());
    const s2 = withDeps.init(prngKey(0), y);
    expect(valuesOf(withDeps.getParams(s2)['AutoStructured.deps.theta.mu'])).toEqual([0, 0, 0]);
    disposeState(s2);
    y.dispose();
  });

  it('rejects cycles, self-loops and unknown sites in dependencies, naming them', () => {
    const y = tf.tensor1d(Y);
    const init = (deps: AutoStructuredOptions['dependencies']) => () => SVI(hierarchy, AutoStructured(hierarchy, { dependencies: deps! }), Adam({ lr: 0.01 }), TraceELBO()).init(prngKey(0), y);
    expect(init({ theta: { mu: 'linear' }, mu: { theta: 'linear' } })).toThrow(/AutoStructured: argument 'dependencies' must not contain cycles/);
    expect(init({ mu: { mu: 'linear' } })).toThrow(/self-loops/);
    expect(init({ theta: { nu: 'linear' } })).toThrow(/site 'nu'/);
    y.dispose();
  });

  it('keeps numTensors flat across SVI steps', () => {
    const y = tf.tensor1d(Y);
    const svi = SVI(hierarchy, AutoStructured(hierarchy, { dependencies: { theta: { mu: 'linear' } } }), Adam({ lr: 0.01 }), TraceELBO());
    expect(tensorCountsOverSteps(svi, [y])).toEqual({ atStep10: 0, atStep40: 0 });
    y.dispose();
  });
});
