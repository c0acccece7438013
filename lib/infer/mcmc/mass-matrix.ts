/**
 * The mass matrix `M` of HMC's kinetic energy `K(r) = ½ rᵀ M⁻¹ r`, held as its inverse `M⁻¹`
 * (what adaptation estimates: the posterior covariance of the unconstrained latents), diagonal
 * or dense, with the factor that draws momenta `r ~ N(0, M)`:
 *
 * - diagonal: `r = z / √(M⁻¹)`;
 * - dense: `M⁻¹ = L Lᵀ` (Cholesky), `r = L⁻ᵀ z` (so `Cov r = (L Lᵀ)⁻¹ = M`), `z ~ N(0, I)`.
 *
 * All in float64 over `Float64Array`s; nothing here allocates after construction.
 *
 * @module
 */
import { ignisError } from '../../core/errors.js';

/**
 * An inverse mass matrix and its momentum factor.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface MassMatrix {
  readonly dense: boolean;
  readonly dim: number;
  /** `M⁻¹`: `[dim]` (diagonal) or `[dim · dim]` row-major (dense). */
  readonly inverse: Float64Array;
  /** `out = M⁻¹ r` (the velocity, `∂K/∂r`). */
  velocity(r: Float64Array, out: Float64Array): void;
  /** `r ~ N(0, M)` from standard normals `z` (overwritten with `r`). */
  momentum(z: Float64Array): void;
}

/** The identity `M⁻¹` (diagonal, or dense), Stan's and Pyro's start. */
export function identityInverse(dim: number, dense: boolean): Float64Array {
  if (!dense) return new Float64Array(dim).fill(1);
  const m = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) m[i * dim + i] = 1;
  return m;
}

/** The lower Cholesky factor of a symmetric positive-definite `[n · n]` matrix (float64). */
export function choleskyLower(a: Float64Array, n: number, caller: string): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! ** 2;
    if (!(d > 0)) {
      throw ignisError('InvalidArgument', {
        fn: caller,
        what: 'the inverse mass matrix is not positive definite',
        detail: `pivot ${j} is ${d}`,
        hint: 'Pass a symmetric positive-definite inverseMassMatrix, or let warmup adapt it.',
      });
    }
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

function diagonalMass(inverse: Float64Array): MassMatrix {
  const dim = inverse.length;
  const scale = inverse.map((v) => 1 / Math.sqrt(v));
  return {
    dense: false,
    dim,
    inverse,
    velocity(r, out) {
      for (let i = 0; i < dim; i++) out[i] = inverse[i]! * r[i]!;
    },
    momentum(z) {
      for (let i = 0; i < dim; i++) z[i] = z[i]! * scale[i]!;
    },
  };
}

function denseMass(inverse: Float64Array, dim: number, caller: string): MassMatrix {
  const l = choleskyLower(inverse, dim, caller);
  return {
    dense: true,
    dim,
    inverse,
    velocity(r, out) {
      for (let i = 0; i < dim; i++) {
        let s = 0;
        const row = i * dim;
        for (let j = 0; j < dim; j++) s += inverse[row + j]! * r[j]!;
        out[i] = s;
      }
    },
    momentum(z) {
      // back substitution: Lᵀ r = z
      for (let i = dim - 1; i >= 0; i--) {
        let s = z[i]!;
        for (let k = i + 1; k < dim; k++) s -= l[k * dim + i]! * z[k]!;
        z[i] = s / l[i * dim + i]!;
      }
    },
  };
}

/**
 * The mass matrix with inverse `inverse` (`[dim]` diagonal or `[dim · dim]` dense).
 *
 * @category mcmc
 * @since 0.2.0
 */
export function massMatrix(inverse: Float64Array, dim: number, dense: boolean, caller = 'NUTS'): MassMatrix {
  return dense ? denseMass(inverse, dim, caller) : diagonalMass(inverse);
}
