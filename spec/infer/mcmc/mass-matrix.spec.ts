import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { choleskyLower, massMatrix } from '../../../lib/infer/mcmc/mass-matrix.js';
import { randomStream } from '../../../lib/infer/mcmc/random-stream.js';

describe('mass-matrix', () => {
  const inverse = Float64Array.from([2, 0.6, 0.6, 0.5]); // M⁻¹, SPD

  it('velocity is M⁻¹ r (dense and diagonal)', () => {
    const out = new Float64Array(2);
    massMatrix(inverse, 2, true).velocity(Float64Array.of(1, -2), out);
    expect(Array.from(out)).toEqual([2 - 1.2, 0.6 - 1]);
    massMatrix(Float64Array.of(2, 0.5), 2, false).velocity(Float64Array.of(1, -2), out);
    expect(Array.from(out)).toEqual([2, -1]);
  });

  it('momenta have covariance M = (M⁻¹)⁻¹ (sample covariance of 40000 draws within 3 %)', () => {
    const m = massMatrix(inverse, 2, true);
    const rng = randomStream(prngKey(0));
    const r = new Float64Array(2);
    let s00 = 0;
    let s01 = 0;
    let s11 = 0;
    const n = 40000;
    for (let i = 0; i < n; i++) {
      rng.normals(r);
      m.momentum(r);
      s00 += r[0]! * r[0]!;
      s01 += r[0]! * r[1]!;
      s11 += r[1]! * r[1]!;
    }
    const det = 2 * 0.5 - 0.36; // M = [[0.5, −0.6], [−0.6, 2]] / det
    expect(s00 / n / (0.5 / det)).toBeCloseTo(1, 1);
    expect(s01 / n / (-0.6 / det)).toBeCloseTo(1, 1);
    expect(s11 / n / (2 / det)).toBeCloseTo(1, 1);
  });

  it('choleskyLower factors A = L Lᵀ and rejects a matrix that is not positive definite', () => {
    const l = choleskyLower(inverse, 2, 'test');
    expect(l[0]! * l[0]!).toBeCloseTo(2, 14);
    expect(l[2]! * l[0]!).toBeCloseTo(0.6, 14);
    expect(l[2]! ** 2 + l[3]! ** 2).toBeCloseTo(0.5, 14);
    expect(() => choleskyLower(Float64Array.of(1, 2, 2, 1), 2, 'NUTS')).toThrow(/NUTS: the inverse mass matrix is not positive definite/);
  });
});
