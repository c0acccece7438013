/**
 * Float64 JavaScript twins of the transforms' forward maps, written independently from the
 * tfjs implementations (from the defining formulas), and a finite-difference log-Jacobian on
 * chosen free coordinates.
 */

export type Vec = number[];

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/** A transform's twin: flat input → flat output, and which coordinates are free on each side. */
export interface Twin {
  readonly forward: (x: Vec) => Vec;
  /** Indices of the input coordinates the map depends on (default: all). */
  readonly freeIn?: (n: number) => number[];
  /** Indices of the output coordinates forming the codomain's chart (default: all). */
  readonly freeOut?: (m: number) => number[];
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const sideOf = (n: number): number => Math.round(Math.sqrt(n));
/** Flat indices of the lower triangle (k = 0) or strict lower triangle (k = −1) of a d×d matrix, row-major. */
export const lowerIndices = (d: number, k: number): number[] => range(d * d).filter((f) => f % d - Math.floor(f / d) <= k);

export const elementwise = (f: (x: number) => number): Twin => ({ forward: (x) => x.map(f) });

export const TWINS = {
  exp: elementwise(Math.exp),
  softplus: elementwise(softplus),
  sigmoid: elementwise(sigmoid),
  affine: (loc: number, scale: number): Twin => elementwise((x) => loc + scale * x),
  stickBreaking: {
    forward: (x: Vec): Vec => {
      const k = x.length + 1;
      let remaining = 1;
      const y: Vec = [];
      x.forEach((xi, i) => {
        const z = sigmoid(xi - Math.log(k - 1 - i));
        y.push(z * remaining);
        remaining *= 1 - z;
      });
      return [...y, remaining];
    },
    freeOut: (m: number) => range(m - 1),
  },
  ordered: { forward: (x: Vec): Vec => x.map((_, i) => x[0]! + x.slice(1, i + 1).reduce((s, v) => s + Math.exp(v), 0)) },
  /** tanh, placed row-major in the strict lower triangle, then per-row stick-breaking (Stan). */
  corrCholesky: {
    forward: (x: Vec): Vec => {
      const d = Math.round(Math.sqrt(0.25 + 2 * x.length) + 0.5);
      const y = new Array<number>(d * d).fill(0);
      let k = 0;
      for (let i = 0; i < d; i++) {
        let remaining = 1;
        for (let j = 0; j < i; j++) {
          const r = Math.tanh(x[k++]!);
          y[i * d + j] = r * Math.sqrt(remaining);
          remaining *= 1 - r * r;
        }
        y[i * d + i] = Math.sqrt(remaining);
      }
      return y;
    },
    freeOut: (m: number) => lowerIndices(sideOf(m), -1),
  },
  lowerCholesky: {
    forward: (x: Vec): Vec => {
      const d = sideOf(x.length);
      return x.map((v, f) => (f % d === Math.floor(f / d) ? Math.exp(v) : f % d < Math.floor(f / d) ? v : 0));
    },
    freeIn: (n: number) => lowerIndices(sideOf(n), 0),
    freeOut: (m: number) => lowerIndices(sideOf(m), 0),
  },
  softplusLowerCholesky: {
    forward: (x: Vec): Vec => {
      const d = sideOf(x.length);
      return x.map((v, f) => (f % d === Math.floor(f / d) ? softplus(v) : f % d < Math.floor(f / d) ? v : 0));
    },
    freeIn: (n: number) => lowerIndices(sideOf(n), 0),
    freeOut: (m: number) => lowerIndices(sideOf(m), 0),
  },
  unitLowerCholesky: {
    forward: (x: Vec): Vec => {
      const d = sideOf(x.length);
      return x.map((v, f) => (f % d === Math.floor(f / d) ? 1 : f % d < Math.floor(f / d) ? v : 0));
    },
    freeIn: (n: number) => lowerIndices(sideOf(n), -1),
    freeOut: (m: number) => lowerIndices(sideOf(m), -1),
  },
  /** `L Lᵀ` with `L` the lower-Cholesky map of `x`. */
  positiveDefinite: {
    forward: (x: Vec): Vec => {
      const d = sideOf(x.length);
      const l = TWINS.lowerCholesky.forward(x);
      return range(d * d).map((f) => {
        const [i, j] = [Math.floor(f / d), f % d];
        let s = 0;
        for (let k = 0; k < d; k++) s += l[i * d + k]! * l[j * d + k]!;
        return s;
      });
    },
    freeIn: (n: number) => lowerIndices(sideOf(n), 0),
    freeOut: (m: number) => lowerIndices(sideOf(m), 0),
  },
  /** `loc + L x` with the lower triangle of `L`. */
  lowerCholeskyAffine: (loc: Vec, l: Vec): Twin => ({
    forward: (x) => loc.map((m, i) => m + x.reduce((s, xj, j) => s + (j <= i ? l[i * loc.length + j]! * xj : 0), 0)),
  }),
} as const;

/** log|det| of a square matrix by LU with partial pivoting, float64. */
export function logAbsDet(a: number[][]): number {
  const m = a.map((r) => [...r]);
  const n = m.length;
  let total = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]![c]!;
    total += Math.log(Math.abs(pivot));
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / pivot;
      for (let k = c; k < n; k++) m[r]![k] = m[r]![k]! - f * m[c]![k]!;
    }
  }
  return total;
}

/** `log|det ∂y_free/∂x_free|` by central differences (h = 1e-5, float64). */
export function fdLogAbsDetJacobian(twin: Twin, x: Vec): number {
  const out = twin.forward(x);
  const freeIn = twin.freeIn?.(x.length) ?? range(x.length);
  const freeOut = twin.freeOut?.(out.length) ?? range(out.length);
  const h = 1e-5;
  const columns = freeIn.map((k) => {
    const plus = [...x];
    const minus = [...x];
    plus[k] = plus[k]! + h;
    minus[k] = minus[k]! - h;
    const fp = twin.forward(plus);
    const fm = twin.forward(minus);
    return freeOut.map((o) => (fp[o]! - fm[o]!) / (2 * h));
  });
  const jacobian = freeOut.map((_, r) => columns.map((col) => col[r]!));
  return logAbsDet(jacobian);
}
