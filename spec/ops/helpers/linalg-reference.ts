/**
 * Float64 linear-algebra references for the tests, written independently of lib/ops/linalg
 * (column-oriented Cholesky–Crout, column-by-column substitution), on row-major batches.
 */
import { normals, rng } from './numeric.js';

/** A random symmetric positive-definite d×d matrix `X Xᵀ/d + I/2`, float32-representable. */
export function randomSpd(d: number, seed: number): Float64Array {
  const x = normals(d * d, rng(seed));
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k]! * x[j * d + k]!;
      const v = Math.fround(s / d + (i === j ? 0.5 : 0));
      a[i * d + j] = v;
      a[j * d + i] = v;
    }
  }
  return a;
}

/** A batch of random SPD matrices, concatenated. */
export function randomSpdBatch(batch: number, d: number, seed: number): Float64Array {
  const out = new Float64Array(batch * d * d);
  for (let b = 0; b < batch; b++) out.set(randomSpd(d, seed + 101 * b), b * d * d);
  return out;
}

/** A random well-conditioned triangular matrix (diagonal in [1, 2]), float32-representable. */
export function randomTriangular(d: number, lower: boolean, seed: number): Float64Array {
  const random = rng(seed);
  const z = normals(d * d, random);
  const t = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      if (i === j) t[i * d + j] = Math.fround(1 + random());
      else if (lower ? j < i : j > i) t[i * d + j] = Math.fround(z[i * d + j]! / Math.sqrt(d));
    }
  }
  return t;
}

/** Cholesky–Crout (column by column) of `(A + Aᵀ)/2` for each matrix in a batch. */
export function choleskyRef(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(a.length);
  for (let off = 0; off < a.length; off += d * d) {
    const sym = (i: number, j: number): number => 0.5 * (a[off + i * d + j]! + a[off + j * d + i]!);
    for (let j = 0; j < d; j++) {
      let s = sym(j, j);
      for (let k = 0; k < j; k++) s -= l[off + j * d + k]! ** 2;
      const ljj = Math.sqrt(s);
      l[off + j * d + j] = ljj;
      for (let i = j + 1; i < d; i++) {
        let t = sym(i, j);
        for (let k = 0; k < j; k++) t -= l[off + i * d + k]! * l[off + j * d + k]!;
        l[off + i * d + j] = t / ljj;
      }
    }
  }
  return l;
}

/** Solve `op(T) X = B` for one d×d triangular T and d×k B, reading only T's `lower`/upper triangle. */
export function triSolveRef(t: ArrayLike<number>, b: ArrayLike<number>, d: number, k: number, lower: boolean, transpose: boolean): Float64Array {
  const at = (i: number, j: number): number => {
    const [r, c] = transpose ? [j, i] : [i, j];
    const inside = lower ? c <= r : c >= r;
    return inside ? t[r * d + c]! : 0;
  };
  const forward = lower !== transpose;
  const x = new Float64Array(d * k);
  for (let col = 0; col < k; col++) {
    for (let s = 0; s < d; s++) {
      const i = forward ? s : d - 1 - s;
      let v = b[i * k + col]!;
      for (let j = 0; j < d; j++) if (j !== i) v -= at(i, j) * x[j * k + col]!;
      x[i * k + col] = v / at(i, i);
    }
  }
  return x;
}

/** `A B` for row-major A (n×m) and B (m×p). */
export function matmulRef(a: ArrayLike<number>, b: ArrayLike<number>, n: number, m: number, p: number): Float64Array {
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += a[i * m + k]! * b[k * p + j]!;
    c[i * p + j] = s;
  }
  return c;
}

/** Transpose of a row-major n×m matrix. */
export function transposeRef(a: ArrayLike<number>, n: number, m: number): Float64Array {
  const t = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) t[j * n + i] = a[i * m + j]!;
  return t;
}

/** Flat index into an operand of batch shape `shape` for flat index `q` of the broadcast batch `out`. */
export function broadcastFlat(q: number, shape: readonly number[], out: readonly number[]): number {
  let rest = q;
  let index = 0;
  let stride = 1;
  for (let i = out.length - 1; i >= 0; i--) {
    const coord = rest % out[i]!;
    rest = Math.floor(rest / out[i]!);
    const j = i - (out.length - shape.length);
    if (j >= 0) {
      const dim = shape[j]!;
      index += (dim === 1 ? 0 : coord) * stride;
      stride *= dim;
    }
  }
  return index;
}

/** Batched, broadcasting `op(L) X = B` by {@link triSolveRef}; returns X for the broadcast batch `out`. */
export function triSolveBatchRef(
  l: ArrayLike<number>, lBatch: readonly number[], b: ArrayLike<number>, bBatch: readonly number[],
  out: readonly number[], d: number, k: number, lower: boolean, transpose: boolean,
): Float64Array {
  const n = out.reduce((p, s) => p * s, 1);
  const x = new Float64Array(n * d * k);
  for (let q = 0; q < n; q++) {
    const li = broadcastFlat(q, lBatch, out);
    const bi = broadcastFlat(q, bBatch, out);
    const lm = Array.prototype.slice.call(l, li * d * d, (li + 1) * d * d) as number[];
    const bm = Array.prototype.slice.call(b, bi * d * k, (bi + 1) * d * k) as number[];
    x.set(triSolveRef(lm, bm, d, k, lower, transpose), q * d * k);
  }
  return x;
}
