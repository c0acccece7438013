import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import { prngKey } from '../../../lib/core/key.js';
import { plate, sample } from '../../../lib/core/primitives.js';
import { Gamma } from '../../../lib/distributions/families/continuous/gamma.js';
import { HalfCauchy } from '../../../lib/distributions/families/continuous/half-cauchy.js';
import { LogNormal } from '../../../lib/distributions/families/continuous/log-normal.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import { initToValue } from '../../../lib/infer/autoguide/init-strategies.js';
import { MCMC } from '../../../lib/infer/mcmc/mcmc.js';
import { HMC, NUTS } from '../../../lib/infer/mcmc/kernels.js';
import { Predictive } from '../../../lib/infer/predictive.js';
import { mcZ } from './helpers.js';

const Z = 5; // |estimate − truth| ≤ 5 standard errors from the chains' ESS (see chain.spec.ts)

/** Eight schools, non-centered (MCMC.md). */
function* eightSchools(y: tf.Tensor, sigma: tf.Tensor) {
  const mu = yield* sample('mu', Normal(0, 5));
  const tau = yield* sample('tau', HalfCauchy(5));
  yield* plate('schools', 8, function* () {
    const thetaTilde = yield* sample('theta_tilde', Normal(0, 1));
    yield* sample('y', Normal(tf.add(mu, tf.mul(tau, thetaTilde)), sigma), { obs: y });
  });
}
const schoolsData = (): [tf.Tensor, tf.Tensor] => [tf.tensor1d([28, 8, -3, 7, -1, 1, 18, 12]), tf.tensor1d([15, 10, 16, 11, 9, 11, 10, 18])];

/** Chains of one scalar site from a result, as Float64Arrays. */
const siteChains = (t: tf.Tensor): Float64Array[] => {
  const [c, n] = t.shape as [number, number];
  const data = t.dataSync();
  return Array.from({ length: c }, (_, k) => Float64Array.from(data.subarray(k * n, (k + 1) * n)));
};

describe('mcmc', () => {
  describe('MCMC', () => {
    it('returns draws per site ([C·N, ...] and [C, N, ...]), per-draw diagnostics and the summary', () => {
      const [y, sigma] = schoolsData();
      const result = MCMC(NUTS(eightSchools), { numWarmup: 100, numSamples: 60, numChains: 2 }).run(prngKey(0), y, sigma);
      expect(result.samples.mu!.shape).toEqual([120]);
      expect(result.samples.theta_tilde!.shape).toEqual([120, 8]);
      expect(result.chainSamples.theta_tilde!.shape).toEqual([2, 60, 8]);
      expect(result.samples.tau!.dataSync().every((t) => t > 0)).toBe(true);
      expect(result.diagnostics.divergent).toHaveLength(2);
      expect(result.diagnostics.treeDepth[1]).toHaveLength(60);
      expect(result.diagnostics.stepSize[0]![0]).toBe(result.chains[0]!.stepSize);
      expect(result.chains[0]!.gradsSampling).toBe(result.diagnostics.numSteps[0]!.reduce((a, b) => a + b, 0));
      const table = result.summary();
      expect(table.split('\n')[1]).toBe('                    mean       std    median      5.0%     95.0%     n_eff     r_hat');
      expect(table).toMatch(/^theta_tilde\[7\]( +-?\d+\.\d\d){7}$/m); // the longest name sets the width
      expect(table).toMatch(/^ {12}mu( +-?\d+\.\d\d){7}$/m);
      expect(table).toMatch(new RegExp(`Number of divergences: ${result.divergences}$`));
      result.dispose();
      y.dispose();
      sigma.dispose();
    });

    it('leaves no tensors behind once the result is disposed', () => {
      const [y, sigma] = schoolsData();
      MCMC(NUTS(eightSchools), { numWarmup: 20, numSamples: 10 }).run(prngKey(1), y, sigma).dispose();
      const before = tf.memory().numTensors;
      MCMC(NUTS(eightSchools), { numWarmup: 50, numSamples: 50, numChains: 2 }).run(prngKey(1), y, sigma).dispose();
      expect(tf.memory().numTensors).toBe(before);
      y.dispose();
      sigma.dispose();
    });

    it('one key, the same draws bit for bit; another key, other draws', () => {
      const [y, sigma] = schoolsData();
      const mcmc = MCMC(NUTS(eightSchools), { numWarmup: 30, numSamples: 20, numChains: 2 });
      const draws = (seed: number): Float32Array => {
        const r = mcmc.run(prngKey(seed), y, sigma);
        const out = Float32Array.from(r.samples.theta_tilde!.dataSync());
        r.dispose();
        return out;
      };
      const a = draws(3);
      expect(draws(3)).toEqual(a);
      expect(draws(4)).not.toEqual(a);
      y.dispose();
      sigma.dispose();
    });

    it('constrained latents come back on their support with the right moments (LogNormal and Gamma priors, no data)', () => {
      // s ~ LogNormal(0, 0.5): E s = exp(0.125); g ~ Gamma(3, 2): E g = 1.5, sampled as log s, log g
      function* priors() {
        yield* sample('s', LogNormal(0, 0.5));
        yield* sample('g', Gamma(3, 2));
      }
      const result = MCMC(NUTS(priors), { numWarmup: 200, numSamples: 500, numChains: 2 }).run(prngKey(5));
      expect(mcZ(siteChains(result.chainSamples.s!), Math.exp(0.125))).toBeLessThan(Z);
      expect(mcZ(siteChains(result.chainSamples.g!), 1.5)).toBeLessThan(Z);
      result.dispose();
    });

    it('HMC samples a conjugate normal model (posterior mean within MC error)', () => {
      // mu ~ N(0, 10²), y_i ~ N(mu, 1), i < 5: posterior N(Σy / (5 + 0.01), 1 / 5.01)
      const data = tf.tensor1d([1.2, 0.8, 1.9, 1.4, 0.7]);
      function* conjugate(obs: tf.Tensor) {
        const mu = yield* sample('mu', Normal(0, 10));
        yield* plate('data', 5, function* () {
          yield* sample('y', Normal(mu, 1), { obs });
        });
      }
      // trajectory 1.5 in whitened units: a quarter period of the Gaussian's dynamics is ~1.6 (a length near
      // a half period, 2π/2, would make the chain antithetic, which Pyro's ESS cannot measure)
      const result = MCMC(HMC(conjugate, { trajectoryLength: 1.5 }), { numWarmup: 150, numSamples: 400, numChains: 2 }).run(prngKey(6), data);
      expect(mcZ(siteChains(result.chainSamples.mu!), 6 / 5.01)).toBeLessThan(Z);
      result.dispose();
      data.dispose();
    });

    it('Predictive works from the flattened MCMC samples', () => {
      const [y, sigma] = schoolsData();
      const result = MCMC(NUTS(eightSchools), { numWarmup: 30, numSamples: 25, numChains: 2 }).run(prngKey(7), y, sigma);
      const predictive = Predictive(eightSchools, { posteriorSamples: result.samples, returnSites: ['y'] });
      const out = predictive(prngKey(8), y, sigma);
      expect(out.y!.shape).toEqual([50, 8]);
      tf.dispose(out);
      result.dispose();
      y.dispose();
      sigma.dispose();
    });

    it('starts from the init strategy (initToValue) and rejects invalid options', () => {
      const [y, sigma] = schoolsData();
      const kernel = NUTS(eightSchools, { initStrategy: initToValue({ values: { mu: 100, tau: 1, theta_tilde: tf.zeros([8]) } }), adaptStepSize: false, stepSize: 1e-6 });
      const result = MCMC(kernel, { numWarmup: 0, numSamples: 1 }).run(prngKey(9), y, sigma);
      expect(result.samples.mu!.dataSync()[0]).toBeCloseTo(100, 2); // a tiny step barely moves it
      result.dispose();
      expect(() => MCMC(NUTS(eightSchools), { numWarmup: 10, numSamples: 0 })).toThrow(/MCMC: argument 'numSamples' must be an integer ≥ 1/);
      expect(() => MCMC(NUTS(eightSchools), { numWarmup: 10, numSamples: 10, chainMethod: 'parallel' })).toThrow(IgnisError);
      expect(() => NUTS(eightSchools, { targetAcceptProb: 1 })).toThrow(/NUTS: argument 'targetAcceptProb' must be in \(0, 1\)/);
      expect(() => HMC(eightSchools, { numSteps: 0 })).toThrow(/HMC: argument 'numSteps' must be a positive integer/);
      y.dispose();
      sigma.dispose();
    });
  });
});
