/**
 * The MCMC.md workloads as the bench runs them: the data reproduce MCMC.md's checksums exactly
 * (the same posterior as Pyro's runs), and the potential's cost per leapfrog step stays where it
 * is: compiled to JavaScript for every workload (0 tfjs kernels per gradient), and a budget of
 * tfjs kernels for the fallback potential (`jitCompile: false`), as the SVI step's are tracked.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { withoutValidation } from '../../../lib/infer/mcmc/chain-setup.js';
import { potentialEnergy } from '../../../lib/infer/mcmc/potential.js';
import { onBackends } from '../../helpers/backends.js';
import { float32Sum } from '../data.js';
import { logisticData } from './models.js';
import { MCMC_WORKLOADS, mcmcWorkloadNamed } from './workloads.js';

/** tfjs kernels per `U`, `∇U` evaluation of the tfjs potential (measured; the same on cpu and wasm). */
const TFJS_KERNEL_BUDGET: Readonly<Record<string, number>> = {
  eight_schools_noncentered: 16,
  logistic_regression: 14,
  corr_gauss_2d: 1,
  corr_gauss_50d: 1,
  funnel_noncentered: 2,
  funnel_centered: 8,
  hier_poisson_pumps: 6,
  corr_gauss_2d_dense: 1,
  corr_gauss_50d_dense: 1,
};

/** The potential's implementation and its tfjs kernels per gradient evaluation. */
async function kernelsPerGradient(name: string, compile: boolean): Promise<{ readonly kind: string; readonly kernels: number }> {
  const setup = mcmcWorkloadNamed(name)!.prepare();
  try {
    const potential = potentialEnergy(setup.model, setup.args, 'NUTS', { compile });
    const evaluate = withoutValidation(potential.valueAndGrad);
    const point = new Float64Array(potential.dim).fill(0.1);
    const grad = new Float64Array(potential.dim);
    evaluate(point, grad);
    const profile = await tf.profile(() => {
      evaluate(point, grad);
    });
    return { kind: potential.implementation.kind, kernels: profile.kernels.length };
  } finally {
    setup.dispose();
  }
}

describe('bench/mcmc/workloads', () => {
  describe("data (MCMC.md's checksums)", () => {
    it('logistic_regression: sum_X, sum_w_true, sum_y, X[0][0..1], y[0..9] from mulberry32(5)', () => {
      const d = logisticData();
      expect(float32Sum(d.x)).toBe(-32.91858051523741);
      expect(float32Sum(d.wTrue)).toBe(-6.19970990717411);
      expect(float32Sum(d.y)).toBe(461);
      expect([Math.fround(d.x[0]!), Math.fround(d.x[1]!)]).toEqual([0.21789461374282837, -0.5038217306137085]);
      expect(Array.from(d.y.subarray(0, 10))).toEqual([0, 0, 0, 1, 0, 0, 1, 1, 0, 1]);
    });

    it('eight schools and pumps: sum_y 70, sum_sigma 100, sum_t 350.24000358581543, sum_x 75', () => {
      for (const [name, sums] of [
        ['eight_schools_noncentered', { sum_y: 70, sum_sigma: 100 }],
        ['hier_poisson_pumps', { sum_t: 350.24000358581543, sum_x: 75 }],
      ] as const) {
        const setup = mcmcWorkloadNamed(name)!.prepare();
        expect(setup.checksums).toEqual(sums);
        setup.dispose();
      }
    });
  });

  onBackends(() => {
    describe('the potential per leapfrog step', () => {
      for (const { name } of MCMC_WORKLOADS) {
        it(`${name}: compiled, 0 tfjs kernels; the tfjs potential within ${TFJS_KERNEL_BUDGET[name]} kernels`, async () => {
          expect(await kernelsPerGradient(name, true)).toEqual({ kind: 'compiled', kernels: 0 });
          const fallback = await kernelsPerGradient(name, false);
          expect(fallback.kind).toBe('tfjs');
          expect(fallback.kernels).toBeLessThanOrEqual(TFJS_KERNEL_BUDGET[name]!);
        });
      }
    });
  });
});
