/**
 * MCMC on the workloads of shared/bench/MCMC.md (the bench's models and data, small runs): the
 * posterior mean of every latent element within Monte Carlo error of an exact reference, and the
 * centered funnel's divergences reported.
 *
 * References (spec/bench/mcmc/reference.json, float64): 2-D quadrature for eight schools and the
 * pumps (with the other latents integrated out in closed form), self-normalized importance
 * sampling with 100 000 draws for the logistic regression (its own error is far below the
 * chains'). Tolerance: `|mean − reference| ≤ 5 · sd / √ESS` per element (Pyro's ESS over the
 * chains); 5 standard errors over ~35 elements leaves no room for chance at a fixed key, while a
 * bias of the sampler (a wrong Jacobian, a wrong gradient, a wrong acceptance rule) moves a mean
 * by many.
 */
import { readFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { MCMC } from '../../../lib/infer/mcmc/mcmc.js';
import { NUTS } from '../../../lib/infer/mcmc/kernels.js';
import { mcmcWorkloadNamed } from '../../bench/mcmc/workloads.js';
import { onBackends } from '../../helpers/backends.js';
import { mcZ } from './helpers.js';

const Z = 5;

const REFERENCE = JSON.parse(readFileSync(new URL('../../bench/mcmc/reference.json', import.meta.url), 'utf8')) as Record<string, Record<string, { mean: number }>>;

/** Chains of element `i` of a `[C, N, ...]` site, as Float64Arrays. */
function elementChains(t: tf.Tensor, i: number): Float64Array[] {
  const [c, n] = t.shape as [number, number];
  const size = t.size / (c * n);
  const data = t.dataSync();
  return Array.from({ length: c }, (_, k) => Float64Array.from({ length: n }, (_, s) => data[(k * n + s) * size + i]!));
}

/** Element names `site` or `site[i]` of a `[C, N, ...]` site with at most one event dim, with their index. */
const elements = (site: string, t: tf.Tensor): [string, number][] =>
  t.rank === 2 ? [[site, 0]] : Array.from({ length: t.shape[2]! }, (_, i): [string, number] => [`${site}[${i}]`, i]);

/** Runs NUTS on a workload and returns the z-score of every latent element's mean against the reference. */
function zScores(name: string, numWarmup: number, numSamples: number, numChains: number, seed: number): Record<string, number> {
  const setup = mcmcWorkloadNamed(name)!.prepare();
  const result = MCMC(NUTS(setup.model), { numWarmup, numSamples, numChains }).run(prngKey(seed), ...setup.args);
  const reference = REFERENCE[name]!;
  const out: Record<string, number> = {};
  for (const [site, t] of Object.entries(result.chainSamples)) {
    for (const [element, i] of elements(site, t)) out[element] = mcZ(elementChains(t, i), reference[element]!.mean);
  }
  result.dispose();
  setup.dispose();
  return out;
}

describe('mcmc', () => {
  describe("MCMC on MCMC.md's workloads", () => {
    // the compiled potential is float64 JavaScript on either backend, but it is recorded from the backend's kernels
    onBackends(() => {
      it('eight_schools_noncentered: mu, tau, theta_tilde[j] within MC error of the quadrature posterior', () => {
        const z = zScores('eight_schools_noncentered', 300, 500, 2, 0);
        expect(Object.keys(z)).toHaveLength(10);
        for (const [element, score] of Object.entries(z)) expect(score, element).toBeLessThan(Z);
      });

      it('hier_poisson_pumps: alpha, beta, theta[i] within MC error of the quadrature posterior (12 positive latents)', () => {
        const z = zScores('hier_poisson_pumps', 300, 500, 2, 1);
        expect(Object.keys(z)).toHaveLength(12);
        for (const [element, score] of Object.entries(z)) expect(score, element).toBeLessThan(Z);
      });
    });

    it('logistic_regression: w[d], b within MC error of the importance-sampling posterior', () => {
      const z = zScores('logistic_regression', 200, 300, 1, 2);
      expect(Object.keys(z)).toHaveLength(11);
      for (const [element, score] of Object.entries(z)) expect(score, element).toBeLessThan(Z);
    });

    it('funnel_centered: reports its divergences (in the draws, the summary and per chain)', () => {
      // Pyro: 5 divergences in 4 × 1000 draws, 6 in 2000; the neck (v ≪ 0) cannot be entered
      const setup = mcmcWorkloadNamed('funnel_centered')!.prepare();
      const result = MCMC(NUTS(setup.model), { numWarmup: 300, numSamples: 1000 }).run(prngKey(0));
      const flagged = result.diagnostics.divergent[0]!.reduce((a, b) => a + b, 0);
      expect(flagged).toBeGreaterThan(0);
      expect(result.divergences).toBe(flagged);
      expect(result.chains[0]!.divergences).toBe(flagged);
      expect(result.summary()).toMatch(new RegExp(`Number of divergences: ${flagged}$`));
      result.dispose();
    });
  });
});
