/**
 * The examples' data, from the portable generator of shared/bench/WORKLOADS.md (mulberry32
 * uniforms and Box–Muller normals, cosine branch), so Ignis and a Pyro script can use the very
 * same numbers.
 */

/** A mulberry32 stream: `uniform()` in [0, 1), `normal()` from two uniforms. */
export interface Rng {
  uniform(): number;
  normal(): number;
}

/** The mulberry32 stream of the uint32 `seed` (float64 arithmetic). */
export function mulberry32(seed: number): Rng {
  let a = seed | 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u1 = uniform();
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  };
  return { uniform, normal };
}

/** `n` draws of `draw`. */
export const draws = (n: number, draw: () => number): Float64Array => Float64Array.from({ length: n }, draw);

/** The seed example's data (WORKLOADS.md `seed_mvn`): seed 1, `normal() + 3`, 100 values. */
export function seedData(): Float64Array {
  const g = mulberry32(1);
  return draws(100, () => g.normal() + 3);
}

/** Linear-regression data (WORKLOADS.md `linreg`, seed 2): X [n, d] row-major, w_true [d], y [n] with b = 1, σ = 0.5. */
export function linregData(n: number, d: number): { readonly x: Float64Array; readonly wTrue: Float64Array; readonly y: Float64Array } {
  const g = mulberry32(2);
  const x = draws(n * d, () => g.normal());
  const wTrue = draws(d, () => g.normal());
  const eps = draws(n, () => g.normal());
  const y = Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j]! * wTrue[j]!;
    return s + 1 + 0.5 * eps[i]!;
  });
  return { x, wTrue, y };
}

/** Hierarchical data (WORKLOADS.md `hier_subsample`, seed 4): y [G] and known sigma [G], with mu = 1, tau = 2. */
export function hierData(groups: number): { readonly y: Float64Array; readonly sigma: Float64Array } {
  const g = mulberry32(4);
  const z = draws(groups, () => g.normal());
  const sigma = draws(groups, () => 0.5 + 1.5 * g.uniform());
  const eps = draws(groups, () => g.normal());
  return { y: Float64Array.from(z, (zi, i) => 1 + 2 * zi + sigma[i]! * eps[i]!), sigma };
}

/** A Gamma(shape α ≥ 1, rate 1) draw by Marsaglia and Tsang's method (normals and uniforms of `g`). */
function gammaDraw(g: Rng, alpha: number): number {
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = g.normal();
    const v = (1 + c * z) ** 3;
    if (v > 0 && Math.log(1 - g.uniform()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Poisson(λ) draw by inversion (sequential search; λ below ~700, where `e^−λ` is still a float64). */
function poissonDraw(g: Rng, rate: number): number {
  const u = g.uniform();
  let k = 0;
  let term = Math.exp(-rate);
  let cdf = term;
  while (u >= cdf && term > 0) {
    k++;
    term *= rate / k;
    cdf += term;
  }
  return k;
}

/**
 * Over-dispersed count data (the count-regression example, seed 5): X [n, d] standard normals
 * (row-major), `y_i ~ GammaPoisson(φ, φ/μ_i)` (a Poisson whose rate is Gamma with mean μ_i and
 * shape φ ≥ 1) with `log μ_i = b + x_i · w`.
 */
export function countData(n: number, w: readonly number[], b: number, phi: number): { readonly x: Float64Array; readonly mu: Float64Array; readonly y: Float64Array } {
  const g = mulberry32(5);
  const d = w.length;
  const x = draws(n * d, () => g.normal());
  const mu = Float64Array.from({ length: n }, (_, i) => Math.exp(w.reduce((s, wj, j) => s + x[i * d + j]! * wj, b)));
  const y = Float64Array.from(mu, (m) => poissonDraw(g, (gammaDraw(g, phi) * m) / phi));
  return { x, mu, y };
}
