import { describe, expect, it } from 'vitest';
import { prngKey, splitKey } from '../../../lib/core/key.js';
import { adaptationSchedule } from '../../../lib/infer/mcmc/adaptation-schedule.js';
import { type ChainResult, runChain } from '../../../lib/infer/mcmc/chain.js';
import { pyroEss, pyroSplitRHat } from '../../../lib/infer/mcmc/diagnostics/pyro-stats.js';
import type { PotentialFn } from '../../../lib/infer/mcmc/integrator.js';
import { HMC, NUTS } from '../../../lib/infer/mcmc/kernels.js';
import { column, equicorrelated, gaussianPotential, mcZ } from './helpers.js';

// Every Monte Carlo check below is |estimate − truth| ≤ 5 standard errors, the standard error
// from the chains' own ESS (Pyro's estimator): a correct sampler fails one with probability
// ~6e-7 per check, and the draws are fixed by the keys, so the tests are deterministic.
const Z = 5;

const noModel = (): never => {
  throw new Error('not used');
};

function chains(potential: PotentialFn, d: number, kernel: ReturnType<typeof NUTS>, warmup: number, samples: number, n: number, seed = 0): ChainResult[] {
  return splitKey(prngKey(seed), n).map((key, c) =>
    runChain(potential, { settings: kernel.settings, numWarmup: warmup, numSamples: samples, init: new Float64Array(d).fill(c % 2 === 0 ? 1.5 : -1.5), key, caller: 'NUTS' }),
  );
}

/** Mean, covariance and correlation checks of draws against N(0, cov). */
function expectMoments(results: readonly ChainResult[], d: number, cov: Float64Array, pairs: readonly (readonly [number, number])[]): void {
  const draws = results.map((r) => r.draws);
  for (let j = 0; j < d; j++) expect(mcZ(column(draws, d, j), 0)).toBeLessThan(Z);
  for (const [i, j] of pairs) {
    const products = draws.map((x) => Float64Array.from({ length: x.length / d }, (_, t) => x[t * d + i]! * x[t * d + j]!));
    expect(mcZ(products, cov[i * d + j]!)).toBeLessThan(Z);
  }
}

describe('chain', () => {
  describe('runChain (NUTS) on Gaussian targets with known moments', () => {
    it('2-D, correlation 0.99, diagonal mass matrix: means and covariances within MC error, R-hat < 1.01', () => {
      const { cov, precision } = equicorrelated(2, 0.99);
      const results = chains(gaussianPotential(precision, 2), 2, NUTS(noModel), 500, 1000, 4);
      expectMoments(results, 2, cov, [
        [0, 0],
        [1, 1],
        [0, 1],
      ]);
      for (let j = 0; j < 2; j++) expect(pyroSplitRHat(column(results.map((r) => r.draws), 2, j))).toBeLessThan(1.01);
      // Pyro: 14.5 leapfrog steps per draw on this target (MCMC.md); the same algorithm lands near it
      const steps = results.flatMap((r) => Array.from(r.numSteps)).reduce((a, b) => a + b) / 4000;
      expect(steps).toBeGreaterThan(8);
      expect(steps).toBeLessThan(25);
    });

    it('50-D, all correlations 0.99, dense mass matrix: means and covariances within MC error', () => {
      const d = 50;
      const { cov, precision } = equicorrelated(d, 0.99);
      const results = chains(gaussianPotential(precision, d), d, NUTS(noModel, { fullMass: true }), 500, 600, 2, 1);
      expectMoments(results, d, cov, [
        [0, 0],
        [7, 7],
        [49, 49],
        [0, 1],
        [3, 40],
        [10, 48],
      ]);
      for (const j of [0, 25, 49]) expect(pyroSplitRHat(column(results.map((r) => r.draws), d, j))).toBeLessThan(1.01);
      // the adapted M⁻¹ estimates Σ: its correlations are near 0.99 (its scale, set by the one
      // long direction, is estimated from a few effective draws and is left unchecked)
      const inv = results[0]!.inverseMassMatrix;
      expect(inv[0 * d + 1]! / Math.sqrt(inv[0]! * inv[d + 1]!)).toBeGreaterThan(0.97);
    });

    it('50-D, correlations 0.99, diagonal mass matrix: mixes badly and the diagnostics show it (as Pyro: ESS 3, R-hat 2.84)', () => {
      const d = 50;
      const { precision } = equicorrelated(d, 0.99);
      const results = chains(gaussianPotential(precision, d), d, NUTS(noModel, { maxTreeDepth: 6 }), 150, 150, 2, 2);
      const x0 = column(results.map((r) => r.draws), d, 0);
      expect(pyroEss(x0)).toBeLessThan(30); // of 300 draws
    });

    it('a diagonal Gaussian with scales 0.1, 1, 10: the adapted M⁻¹ is near the variances', () => {
      const scales = [0.1, 1, 10];
      const precision = new Float64Array(9);
      scales.forEach((s, i) => (precision[i * 3 + i] = 1 / (s * s)));
      const [r] = chains(gaussianPotential(precision, 3), 3, NUTS(noModel), 1000, 200, 1, 3);
      // the last window has 500 draws of ESS ~ several hundred: the variance within ±35 %
      scales.forEach((s, i) => expect(r!.inverseMassMatrix[i]! / (s * s)).toBeGreaterThan(0.65));
      scales.forEach((s, i) => expect(r!.inverseMassMatrix[i]! / (s * s)).toBeLessThan(1.35));
    });
  });

  describe('runChain (HMC)', () => {
    it('samples a 2-D correlated Gaussian within MC error', () => {
      const { cov, precision } = equicorrelated(2, 0.9);
      const kernel = HMC(noModel, { numSteps: 10 });
      const results = splitKey(prngKey(4), 2).map((key) =>
        runChain(gaussianPotential(precision, 2), { settings: kernel.settings, numWarmup: 300, numSamples: 1500, init: new Float64Array([1, -1]), key, caller: 'HMC' }),
      );
      expectMoments(results, 2, cov, [
        [0, 0],
        [0, 1],
      ]);
      expect(results[0]!.treeDepth.every((t) => t === 0)).toBe(true);
    });
  });

  describe('step-size adaptation', () => {
    for (const target of [0.65, 0.8, 0.95]) {
      it(`reaches targetAcceptProb ${target} within ±0.05 (mean acceptance since the last restart of dual averaging)`, () => {
        const { precision } = equicorrelated(10, 0.5);
        const warmup = 600;
        const [r] = chains(gaussianPotential(precision, 10), 10, NUTS(noModel, { targetAcceptProb: target }), warmup, 50, 1, 5);
        const schedule = adaptationSchedule(warmup);
        const from = schedule[schedule.length - 2]!.end + 1; // dual averaging restarted after the last slow window
        const window = r!.warmupAcceptProb.subarray(from);
        const mean = window.reduce((a, b) => a + b) / window.length;
        expect(Math.abs(mean - target)).toBeLessThan(0.05);
      });
    }
  });

  describe('divergences', () => {
    it('flags trajectories whose energy error exceeds 1000 and keeps the chain finite', () => {
      // a quartic well: U = x⁴ explodes for a large step; adaptation off, ε = 3
      const potential: PotentialFn = (q, g) => {
        g[0] = 4 * q[0]! ** 3;
        return q[0]! ** 4;
      };
      const kernel = NUTS(noModel, { stepSize: 3, adaptStepSize: false, adaptMassMatrix: false });
      const r = runChain(potential, { settings: kernel.settings, numWarmup: 0, numSamples: 50, init: new Float64Array([0.5]), key: prngKey(6), caller: 'NUTS' });
      expect(r.divergent.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
      expect(r.draws.every(Number.isFinite)).toBe(true);
    });
  });

  describe('determinism', () => {
    it('the same key gives the same draws bit for bit; another key other draws', () => {
      const { precision } = equicorrelated(3, 0.5);
      const run = (seed: number): Float64Array =>
        runChain(gaussianPotential(precision, 3), { settings: NUTS(noModel).settings, numWarmup: 50, numSamples: 50, init: new Float64Array(3), key: prngKey(seed), caller: 'NUTS' }).draws;
      expect(run(7)).toEqual(run(7));
      expect(run(7)).not.toEqual(run(8));
    });
  });
});
