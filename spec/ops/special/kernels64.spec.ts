import { describe, expect, it } from 'vitest';
import { digamma64, erf64, erfc64, erfinv64, lgamma64, ndtr64, ndtri64, polygamma64 } from '../../../lib/ops/index.js';
import { expectClose } from '../helpers/numeric.js';
import { gammaPoints } from '../helpers/points.js';
import { digammaRef, erfinvRef, erfSeriesRef, lgammaRef, ndtriRef, normalCdfRef, polygammaRef } from '../helpers/special-reference.js';

// The float64 scalar kernels, checked at float64 precision. Tolerances follow the accuracy of
// the independent references (checked against mpmath while writing them): lgamma 2e-14,
// polygamma 2e-15, erf series 1e-15 for |x| ≤ 2.5, Normal tail quadrature 2e-11, ndtri/erfinv 1e-12.
describe('ops/special/kernels64', () => {
  const x = Array.from(gammaPoints());

  describe('lgamma64', () => {
    it('matches the reference to 1e-13 relative (exact zeros at 1 and 2)', () => {
      expectClose(x.map(lgamma64), x.map(lgammaRef), { rtol: 1e-13 });
      expect([lgamma64(1), lgamma64(2), lgamma64(0), lgamma64(-3)]).toEqual([0, 0, Infinity, Infinity]);
    });
  });

  describe('digamma64 / polygamma64', () => {
    it('match the references to 1e-13 relative (1e-15 absolute near the digamma root)', () => {
      expectClose(x.map(digamma64), x.map(digammaRef), { rtol: 1e-13, atol: 1e-15 });
      for (const n of [1, 2, 3]) expectClose(x.map((v) => polygamma64(n, v)), x.map((v) => polygammaRef(n, v)), { rtol: 1e-13 }, `n=${n}`);
    });
  });

  describe('erf64 / erfc64 / ndtr64', () => {
    it('match the series and the tail quadrature', () => {
      // the alternating reference series cancels badly beyond |x| ≈ 2.5 (≈3e-14 at 3)
      const z = Array.from({ length: 101 }, (_, i) => -2.5 + i * 0.05);
      expectClose(z.map(erf64), z.map(erfSeriesRef), { rtol: 1e-14, atol: 1e-15 });
      const tail = [-3.5, -5, -8, -12, -20, -37];
      expectClose(tail.map(ndtr64), tail.map(normalCdfRef), { rtol: 1e-10 });
      expectClose([erfc64(5)], [1.5374597944280349e-12], { rtol: 1e-14 });
    });
  });

  describe('ndtri64 / erfinv64', () => {
    it('match the references to 1e-11 relative from 1e-300 to 1 − 1e-12', () => {
      const p = [1e-300, 1e-100, 1e-30, 1e-8, 0.001, 0.1, 0.3, 0.4999, 0.6, 0.9, 0.999, 1 - 1e-12];
      expectClose(p.map(ndtri64), p.map(ndtriRef), { rtol: 1e-11 });
      const y = [1e-300, 1e-12, 0.001, 0.3, 0.5, 0.9, 0.999, 1 - 1e-12, -0.7];
      expectClose(y.map(erfinv64), y.map(erfinvRef), { rtol: 1e-11 });
      expect([ndtri64(0), ndtri64(1), ndtri64(0.5), erfinv64(1), erfinv64(2)]).toEqual([-Infinity, Infinity, 0, Infinity, NaN]);
    });
  });
});
