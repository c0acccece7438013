/**
 * Exact posterior summaries by quadrature (float64), for models whose posterior reduces to two
 * dimensions once conjugate parts are integrated out: the reference answers the MCMC example and
 * benchmark check sampled moments against.
 */

/** A 2-D grid posterior: normalized weights over `xs × ys` (row-major, `xs` outer). */
export interface Grid2 {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly weights: Float64Array;
}

/** `n` midpoints of `[lo, hi]`. */
export const midpoints = (lo: number, hi: number, n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / n);

/** Normalized weights `∝ exp(logDensity(x, y))` over the grid (the cell volume is constant). */
export function grid2(xs: Float64Array, ys: Float64Array, logDensity: (x: number, y: number) => number): Grid2 {
  const log = new Float64Array(xs.length * ys.length);
  let max = -Infinity;
  xs.forEach((x, i) =>
    ys.forEach((y, j) => {
      const v = logDensity(x, y);
      log[i * ys.length + j] = v;
      if (v > max) max = v;
    }),
  );
  const weights = log.map((v) => Math.exp(v - max));
  const total = weights.reduce((a, b) => a + b, 0);
  return { xs, ys, weights: weights.map((w) => w / total) };
}

/** `E f(x, y)` under the grid posterior. */
export function expect2(g: Grid2, f: (x: number, y: number) => number): number {
  let s = 0;
  g.xs.forEach((x, i) => g.ys.forEach((y, j) => (s += g.weights[i * g.ys.length + j]! * f(x, y))));
  return s;
}

/** Mean, sd and quantiles of a scalar summary. */
export interface Moments {
  readonly mean: number;
  readonly sd: number;
  readonly q05?: number;
  readonly q50?: number;
  readonly q95?: number;
}

/** Mean and sd from the first two moments. */
export const fromMoments = (m1: number, m2: number): Moments => ({ mean: m1, sd: Math.sqrt(Math.max(0, m2 - m1 * m1)) });

/** Quantiles of `g(x, y)` where the marginal along one grid axis is enough (`axis` 0: x, 1: y), mapped by `f`. */
export function marginalQuantiles(g: Grid2, axis: 0 | 1, f: (v: number) => number, qs: readonly number[]): number[] {
  const values = axis === 0 ? g.xs : g.ys;
  const mass = new Float64Array(values.length);
  g.xs.forEach((_, i) => g.ys.forEach((_, j) => (mass[axis === 0 ? i : j]! += g.weights[i * g.ys.length + j]!)));
  const step = values.length > 1 ? values[1]! - values[0]! : 0;
  return qs.map((q) => {
    // the CDF at cell edges, linear within a cell
    let acc = 0;
    for (let k = 0; k < values.length; k++) {
      if (acc + mass[k]! >= q) return f(values[k]! - step / 2 + (step * (q - acc)) / mass[k]!);
      acc += mass[k]!;
    }
    return f(values[values.length - 1]! + step / 2);
  });
}
