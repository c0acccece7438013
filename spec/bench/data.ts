/**
 * The data of the five benchmark workloads (shared/bench/WORKLOADS.md), drawn from the portable
 * mulberry32 generator in float64 in the documented order, so Ignis and the Pyro peer fit the
 * same numbers; `checksums` are the float64 sums of the float32 roundings.
 */
import { draws, float32Sum, mulberry32 } from '../helpers/mulberry32.js';

/** seed_mvn: seed 1, `normal() + 3`, 100 values. */
export function seedData(): Float64Array {
  const g = mulberry32(1);
  return draws(100, () => g.normal() + 3);
}

/** Linear-regression data: X [n, d] row-major, w_true [d], y [n] (b = 1, σ = 0.5), seed 2. */
export interface LinregData {
  readonly x: Float64Array;
  readonly wTrue: Float64Array;
  readonly y: Float64Array;
}

/** linreg_*: seed 2; X (n·d normals), then w_true (d), then eps (n); `y = X w_true + 1 + 0.5 eps`. */
export function linregData(n = 1000, d = 50): LinregData {
  const g = mulberry32(2);
  const x = draws(n * d, g.normal);
  const wTrue = draws(d, g.normal);
  const eps = draws(n, g.normal);
  const y = Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j]! * wTrue[j]!;
    return s + 1 + 0.5 * eps[i]!;
  });
  return { x, wTrue, y };
}

/** Amortized-workload data: W [k, o], a_true [b, k], x [b, o] (noise sd 0.1), seed 3. */
export interface AmortizedData {
  readonly b: number;
  readonly k: number;
  readonly o: number;
  readonly w: Float64Array;
  readonly aTrue: Float64Array;
  readonly x: Float64Array;
}

/** amortized_mvn: seed 3; W (k·o), a_true (b·k), noise (b·o); `x = a_true W + 0.1 noise`. */
export function amortizedData(b = 256, k = 8, o = 16): AmortizedData {
  const g = mulberry32(3);
  const w = draws(k * o, g.normal);
  const aTrue = draws(b * k, g.normal);
  const noise = draws(b * o, g.normal);
  const x = Float64Array.from({ length: b * o }, (_, idx) => {
    const i = Math.floor(idx / o);
    const j = idx % o;
    let s = 0;
    for (let c = 0; c < k; c++) s += aTrue[i * k + c]! * w[c * o + j]!;
    return s + 0.1 * noise[idx]!;
  });
  return { b, k, o, w, aTrue, x };
}

/** Hierarchical data: y [G], sigma [G] (μ = 1, τ = 2), seed 4. */
export interface HierData {
  readonly y: Float64Array;
  readonly sigma: Float64Array;
}

/** hier_subsample: seed 4; z (G normals), sigma = 0.5 + 1.5 u (G uniforms), eps (G normals); `y = 1 + 2z + σ eps`. */
export function hierData(groups = 10000): HierData {
  const g = mulberry32(4);
  const z = draws(groups, g.normal);
  const sigma = draws(groups, () => 0.5 + 1.5 * g.uniform());
  const eps = draws(groups, g.normal);
  return { y: Float64Array.from(z, (zi, i) => 1 + 2 * zi + sigma[i]! * eps[i]!), sigma };
}

export { float32Sum };
