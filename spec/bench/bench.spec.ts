/**
 * The benchmark harness (shared/bench/WORKLOADS.md): the data checksums, each workload run by
 * the protocol (one valid JSON line), a kernel budget per SVI step (so regressions fail), and
 * memory that does not grow with the number of steps. Fast: a few steps each; the long runs
 * are for the report (`npm run bench`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../lib/backend.js';
import { amortizedData, float32Sum, hierData, linregData, seedData } from './data.js';
import { jsonLine, runWorkload } from './protocol.js';
import { WORKLOADS } from './workloads/index.js';

/** Kernels per `svi.update` measured with `tf.profile` (cpu and wasm), plus a small margin. */
const KERNEL_BUDGET: Readonly<Record<string, number>> = {
  seed_mvn: 8,
  linreg_mvn: 22,
  linreg_meanfield: 26,
  amortized_mvn: 29,
  hier_subsample: 18,
};

describe('bench', () => {
  describe('data', () => {
    // WORKLOADS.md's checksums: float64 sums of the float32 data, "to ~1e-6 relative" (they match to the last digit).
    const close = (actual: number, expected: number): void => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));

    it('seed_mvn: sum_data', () => close(float32Sum(seedData()), 320.8001583814621));

    it('linreg: sum_X, sum_w_true, sum_y', () => {
      const d = linregData(1000, 50);
      close(float32Sum(d.x), 371.09616849182567);
      close(float32Sum(d.wTrue), 4.733611769974232);
      close(float32Sum(d.y), 538.0502645820379);
    });

    it('hier_subsample: sum_y, sum_sigma', () => {
      const d = hierData(10000);
      close(float32Sum(d.y), 10451.696952483398);
      close(float32Sum(d.sigma), 12501.29583543539);
    });

    it('amortized_mvn: shapes (W [8, 16], a_true [256, 8], x [256, 16]; WORKLOADS.md gives no checksum)', () => {
      const d = amortizedData();
      expect([d.w.length, d.aTrue.length, d.x.length]).toEqual([128, 2048, 4096]);
    });
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    describe(`workloads on ${backend}`, () => {
      beforeAll(async () => {
        await useBackend(backend);
      });
      afterAll(async () => {
        await useBackend('cpu');
      });

      for (const w of WORKLOADS) {
        it(`${w.name}: one valid JSON line by the protocol, within ${KERNEL_BUDGET[w.name]} kernels per step`, async () => {
          const result = await runWorkload(w, { steps: 5, warmup: 2, seed: 0 });
          const record = JSON.parse(jsonLine(result)) as Record<string, unknown>;
          for (const field of ['workload', 'backend', 'steps', 'warmup', 'sec_per_step', 'kernels_per_step', 'tensors_after', 'final_loss', 'loss_last100_mean', 'posterior', 'data']) {
            expect(record).toHaveProperty(field);
          }
          expect(record.workload).toBe(w.name);
          expect(record.backend).toBe(backend);
          expect(Number.isFinite(record.final_loss)).toBe(true);
          expect(result.kernels_per_step).toBeLessThanOrEqual(KERNEL_BUDGET[w.name]!);
        });
      }
    });
  }

  /**
   * WORKLOADS.md's posterior bars, on the default backend, each run a few seconds. Pyro's step
   * counts, except hier_subsample: Pyro's 30000-step figures (mu 1.04, tau 2.08) are for the
   * report (`npm run bench`); here 10000 steps must already be within the same 10%.
   * The timeout is for a shared machine (hier_subsample's 10000 steps took 180 s under a load
   * average of ~18 on 2 cores); nothing here asserts a time.
   */
  describe('posterior quality (wasm)', { timeout: 300_000 }, () => {
    beforeAll(async () => {
      await useBackend('wasm');
    });
    afterAll(async () => {
      await useBackend('cpu');
    });
    const run = async (name: string, steps: number): Promise<Readonly<Record<string, number>>> => {
      const w = WORKLOADS.find((x) => x.name === name)!;
      const result = await runWorkload(w, { steps, warmup: 20, seed: 0 });
      return result.posterior;
    };

    it('seed_mvn, 10000 steps: loc and scale medians within 0.05 of Pyro\'s 3.195 / 0.941', async () => {
      const p = await run('seed_mvn', 10000);
      expect(Math.abs(p.loc_median! - 3.195)).toBeLessThanOrEqual(0.05);
      expect(Math.abs(p.scale_median! - 0.941)).toBeLessThanOrEqual(0.05);
    });

    for (const name of ['linreg_mvn', 'linreg_meanfield']) {
      it(`${name}, 2000 steps: RMSE(median w, OLS) ≤ 0.02`, async () => {
        const p = await run(name, 2000);
        expect(p.rmse_w_ols).toBeLessThanOrEqual(0.02);
      });
    }

    it('hier_subsample, 10000 steps: mu and tau medians within 10% of Pyro\'s 1.04 / 2.08', async () => {
      const p = await run('hier_subsample', 10000);
      expect(Math.abs(p.mu_median! / 1.04 - 1)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(p.tau_median! / 2.08 - 1)).toBeLessThanOrEqual(0.1);
    });

    it('amortized_mvn, 2000 steps: encoder loc RMSE vs the exact posterior mean ≤ 0.06, mean scale within 25% of the exact sd', async () => {
      const p = await run('amortized_mvn', 2000);
      expect(p.loc_rmse_exact).toBeLessThanOrEqual(0.06);
      expect(Math.abs(p.scale_mean! / p.exact_sd_mean! - 1)).toBeLessThanOrEqual(0.25);
    });
  });

  describe('memory', () => {
    beforeAll(async () => {
      await useBackend('wasm');
    });
    afterAll(async () => {
      await useBackend('cpu');
    });

    for (const w of WORKLOADS) {
      it(`${w.name}: tensors_after is the same after 50 and 500 steps`, async () => {
        const short = await runWorkload(w, { steps: 50, warmup: 0, seed: 1 });
        const long = await runWorkload(w, { steps: 500, warmup: 0, seed: 1 });
        expect(long.tensors_after).toBe(short.tensors_after);
      });
    }
  });
});
