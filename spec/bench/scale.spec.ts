/**
 * The scale configurations (shared/bench/SCALE.md): the data checksums, each configuration run
 * by the protocol (one valid JSON line, a few steps), and a kernel budget per SVI step. The
 * long runs are for the report (`npm run bench -- scale`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../lib/backend.js';
import { jsonLine } from './protocol.js';
import { SCALE_CONFIGS } from './scale/configs.js';
import { logregData, mvnData, vaeData } from './scale/data.js';
import { runScale } from './scale/protocol.js';
import { float32Sum } from './data.js';

/** Kernels per `svi.update` measured with `tf.profile` on wasm, plus a small margin. */
const KERNEL_BUDGET: Readonly<Record<string, number>> = {
  logreg_n1e3: 22,
  logreg_n1e4: 22,
  logreg_n1e5: 22,
  logreg_n1e6: 22,
  logreg_n1e6_sub1024: 24,
  mvn_d10: 8,
  mvn_d50: 8,
  mvn_d200: 8,
  mvn_d500: 8,
  vae_400: 36,
  vae_100: 36,
};

describe('bench/scale', () => {
  describe('data', () => {
    // SCALE.md's checksums: float64 sums of the float32 data (they match to ~1e-13 relative; the
    // last digits of the d = 200 and 500 sum_L differ in the 13th digit from summation order).
    const close = (actual: number, expected: number): void => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));

    const logreg: readonly (readonly [number, number, number])[] = [
      [1e3, 145.64038491033716, 572],
      [1e4, 71.37176932996681, 5599],
      [1e5, 113.48189114290108, 55992],
      [1e6, 2564.625317718515, 559820],
    ];
    for (const [n, sumX, sumY] of logreg) {
      it(`logreg N=${n}: sum_w_true, sum_X, sum_y`, () => {
        const d = logregData(n);
        close(float32Sum(d.wTrue), -1.260764479637146);
        close(float32Sum(d.x), sumX);
        close(float32Sum(d.y), sumY);
      });
    }

    const mvn: readonly (readonly [number, number, number])[] = [
      [10, 21.71175642311573, 5.693948805332184],
      [50, 184.52906696056016, 7.3009839951992035],
      [200, 838.1907947243357, -59.46697218390182],
      [500, 2145.8604703846813, -211.9877611916745],
    ];
    for (const [d, sumL, sumY] of mvn) {
      it(`mvn d=${d}: sum_L, sum_y`, () => {
        const m = mvnData(d);
        close(float32Sum(m.l), sumL);
        close(float32Sum(m.y), sumY);
      });
    }

    it('vae: sum_x over 16 batches of 128 rows', () => close(float32Sum(vaeData(16 * 128).x), 353271));
  });

  describe('configurations on wasm', () => {
    beforeAll(async () => {
      await useBackend('wasm');
    });
    afterAll(async () => {
      await useBackend('cpu');
    });

    for (const c of SCALE_CONFIGS) {
      it(`${c.name}: one valid JSON line by the protocol, within ${KERNEL_BUDGET[c.name]} kernels per step`, async () => {
        const result = await runScale(c, { steps: 2, warmup: 1, repeats: 1, seed: 0 });
        const record = JSON.parse(jsonLine(result)) as Record<string, unknown>;
        for (const field of ['workload', 'backend', 'warmup', 'steps', 'repeats', 'ms_per_step', 'kernels_per_step', 'tensors_after', 'loss_tail_mean', 'data', 'pyro_ms_1t', 'pyro_ms_2t', 'loss_rel_diff']) {
          expect(record).toHaveProperty(field);
        }
        expect(record.workload).toBe(c.name);
        expect(Number.isFinite(result.loss_tail_mean)).toBe(true);
        expect(result.kernels_per_step).toBeLessThanOrEqual(KERNEL_BUDGET[c.name]!);
      });
    }
  });
});
