/**
 * The polynomial elementary functions of the fused loops against float64 `Math` (the
 * reference), over dense grids; and the softplus loop built from them, after rounding to
 * float32, against the float64 softplus.
 */
import { describe, expect, it } from 'vitest';
import { expNegative, log1pUnit } from '../../../lib/ops/fused/fast-math.js';
import { softplusLoop } from '../../../lib/ops/fused/unary.js';

const grid = (from: number, to: number, n: number): Float64Array => Float64Array.from({ length: n + 1 }, (_, i) => from + ((to - from) * i) / n);
const relError = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);

describe('ops/fused/fast-math', () => {
  describe('expNegative', () => {
    it('matches Math.exp(−a) to 1e-8 relative over [0, 103] (below a sixth of a float32 ulp)', () => {
      let worst = 0;
      for (const a of grid(0, 103, 200_000)) worst = Math.max(worst, relError(expNegative(a), Math.exp(-a)));
      expect(worst).toBeLessThan(1e-8);
    });
    it('rounds to 0 in float32 beyond the smallest subnormal, and keeps NaN', () => {
      for (const a of [104, 200, 1e6, Infinity]) expect(Math.fround(expNegative(a))).toBe(0);
      expect(expNegative(NaN)).toBeNaN();
      expect(expNegative(0)).toBe(1);
    });
  });

  describe('log1pUnit', () => {
    it('matches Math.log1p to 1e-9 relative over [0, 1]', () => {
      let worst = 0;
      for (const t of grid(1e-12, 1, 200_000)) worst = Math.max(worst, relError(log1pUnit(t), Math.log1p(t)));
      expect(worst).toBeLessThan(1e-9);
      expect(log1pUnit(0)).toBe(0);
    });
  });

  describe('softplusLoop', () => {
    it('is within 1 float32 ulp of the float64 softplus and σ over [−110, 60], ±∞ and NaN included', () => {
      const xs = Float32Array.from([...grid(-110, 60, 100_000), Infinity, -Infinity, NaN, 0, -0]);
      const y = new Float32Array(xs.length);
      const dydx = new Float32Array(xs.length);
      softplusLoop(xs, y, dydx);
      const ulp = 2 ** -23; // relative spacing of float32 at the top of a binade
      let [worstY, worstD, worstTiny] = [0, 0, 0];
      for (let i = 0; i < xs.length - 5; i++) {
        const x = xs[i]!;
        const want = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        const sigma = 1 / (1 + Math.exp(-x));
        if (want > 1e-37) worstY = Math.max(worstY, relError(y[i]!, want));
        else worstTiny = Math.max(worstTiny, Math.abs(y[i]! - want)); // subnormal results: absolute
        if (sigma > 1e-37) worstD = Math.max(worstD, relError(dydx[i]!, sigma));
      }
      expect(worstY).toBeLessThanOrEqual(ulp);
      expect(worstD).toBeLessThanOrEqual(ulp);
      expect(worstTiny).toBeLessThan(1e-44);
      expect([...y.slice(-5)]).toEqual([Infinity, 0, NaN, Math.fround(Math.LN2), Math.fround(Math.LN2)]);
      expect([...dydx.slice(-5)]).toEqual([1, 0, NaN, 0.5, 0.5]);
    });
  });
});
