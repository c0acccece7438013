import { describe, expect, it } from 'vitest';
import { welford } from '../../../lib/infer/mcmc/welford.js';

describe('welford', () => {
  const draws = [
    [1, 2],
    [3, -1],
    [0, 0],
    [2, 6],
  ].map((r) => Float64Array.from(r));
  // sample (co)variances (ddof 1): x = 1, 3, 0, 2: mean 1.5, Σ(x−m)² = 5 → 5/3; y = 2, −1, 0, 6:
  // mean 1.75, Σ(y−m)² = 28.75 → 28.75/3; Σ(x−mx)(y−my) = 0.5 → 1/6
  const shrink = 4 / 9;
  const ridge = 1e-3 * (5 / 9);

  it("diagonal: Stan's regularized variances n/(n+5)·S + 1e−3·5/(n+5)", () => {
    const w = welford(2, false);
    for (const d of draws) w.update(d);
    const c = w.covariance();
    expect(c[0]).toBeCloseTo(shrink * (5 / 3) + ridge, 14);
    expect(c[1]).toBeCloseTo(shrink * (28.75 / 3) + ridge, 14);
  });

  it('dense: the regularized covariance, symmetric, ridge on the diagonal only', () => {
    const w = welford(2, true);
    for (const d of draws) w.update(d);
    const c = w.covariance();
    expect(c[0]).toBeCloseTo(shrink * (5 / 3) + ridge, 14);
    expect(c[1]).toBeCloseTo(shrink / 6, 14);
    expect(c[2]).toBe(c[1]);
    expect(c[3]).toBeCloseTo(shrink * (28.75 / 3) + ridge, 14);
  });

  it('reset forgets the draws', () => {
    const w = welford(1, false);
    w.update(Float64Array.of(100));
    w.reset();
    w.update(Float64Array.of(1));
    w.update(Float64Array.of(3));
    expect(w.count()).toBe(2);
    expect(w.covariance()[0]).toBeCloseTo((2 / 7) * 2 + 1e-3 * (5 / 7), 14);
  });
});
