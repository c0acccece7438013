/**
 * The data of the scale workloads (shared/bench/SCALE.md), from the portable mulberry32 generator
 * in float64 (`Stream(s)` = a fresh stream seeded with `s`), cast to float32 at the end.
 */
import { mulberry32 } from '../../../examples/support/data.js';

/** `n` uniforms of a fresh stream `seed`, in float64. */
function uniforms(seed: number, n: number): Float64Array {
  const g = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = g.uniform();
  return out;
}

/** `n` Box–Muller normals (cosine branch) of a fresh stream `seed`, in float64. */
function normals(seed: number, n: number): Float64Array {
  const g = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = g.normal();
  return out;
}

/** Logistic-regression data: X [n, d] row-major, w_true [d], b_true, y [n] in {0, 1}. */
export interface LogregData {
  readonly n: number;
  readonly d: number;
  readonly x: Float32Array;
  readonly wTrue: Float64Array;
  readonly y: Float32Array;
}

const logregCache = new Map<string, LogregData>();

/**
 * logreg: `w_true = Stream(21).normals(d)`, `b_true = 0.5`, `X = Stream(22).normals(n·d)`,
 * `logit[i] = Σ_j X[i, j] w_true[j] (j ascending) + b_true` in float64,
 * `y[i] = Stream(23).uniforms(n)[i] < 1 / (1 + exp(−logit[i]))`. Made once per size (the
 * arrays must not be written).
 */
export function logregData(n: number, d = 10): LogregData {
  const key = `${n}x${d}`;
  const known = logregCache.get(key);
  if (known !== undefined) return known;
  const wTrue = normals(21, d);
  const x64 = normals(22, n * d);
  const u = uniforms(23, n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let logit = 0;
    for (let j = 0; j < d; j++) logit += x64[i * d + j]! * wTrue[j]!;
    logit += 0.5;
    y[i] = u[i]! < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  const made = { n, d, x: Float32Array.from(x64), wTrue, y };
  logregCache.set(key, made); // the two N = 1e6 configurations share it (2 s to draw)
  return made;
}

/** mvn data: the AR(1) Cholesky factor L [d, d] (ρ = 0.9) and y [d]. */
export interface MvnData {
  readonly d: number;
  readonly l: Float32Array;
  readonly y: Float32Array;
}

/**
 * mvn: `L[i, 0] = ρ^i`, `L[i, j] = ρ^(i−j) √(1 − ρ²)` (0 < j ≤ i), `e1 = Stream(31).normals(d)`,
 * `e2 = Stream(32).normals(d)`, `y[i] = Σ_{j≤i} L[i, j] e1[j] + e2[i]`, in float64.
 */
export function mvnData(d: number, rho = 0.9): MvnData {
  const l = new Float64Array(d * d);
  const c = Math.sqrt(1 - rho * rho);
  for (let i = 0; i < d; i++) {
    l[i * d] = rho ** i;
    for (let j = 1; j <= i; j++) l[i * d + j] = rho ** (i - j) * c;
  }
  const e1 = normals(31, d);
  const e2 = normals(32, d);
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += l[i * d + j]! * e1[j]!;
    y[i] = s + e2[i]!;
  }
  return { d, l: Float32Array.from(l), y: Float32Array.from(y) };
}

/** VAE data: `rows` binary images of 784 pixels, row-major. */
export interface VaeData {
  readonly rows: number;
  readonly pixels: number;
  readonly x: Float32Array;
}

/**
 * vae: 10 prototypes, `proto[k, p] = 0.9 if Stream(41).uniforms(10·784)[k·784 + p] < 0.2 else
 * 0.05`; row r takes 785 consecutive uniforms of Stream(42): `u0` picks `k = floor(10 u0)`, then
 * `x[r, p] = 1 if u[p + 1] < proto[k, p] else 0`.
 */
export function vaeData(rows: number, pixels = 784): VaeData {
  const protoU = uniforms(41, 10 * pixels);
  const proto = protoU.map((u) => (u < 0.2 ? 0.9 : 0.05));
  const g = mulberry32(42);
  const x = new Float32Array(rows * pixels);
  for (let r = 0; r < rows; r++) {
    const k = Math.floor(10 * g.uniform());
    for (let p = 0; p < pixels; p++) x[r * pixels + p] = g.uniform() < proto[k * pixels + p]! ? 1 : 0;
  }
  return { rows, pixels, x };
}
