/**
 * Structured constraints: ordered vectors (event dim 1) and triangular, Cholesky and positive
 * definite matrices (event dim 2), as in Pyro's `constraints`.
 *
 * Their checks run per event in plain JavaScript (float64, one upload, no tfjs kernels): they
 * serve validation, not hot paths. Non-square matrices fail every matrix constraint.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../core/shape.js';
import { type Constraint, checkEvents, makeConstraint } from './constraint.js';

type MatrixTest = (a: ArrayLike<number>, off: number, d: number) => boolean;

/** A matrix constraint (event dim 2) from a per-matrix test on square matrices. */
function matrixConstraint(kind: string, test: MatrixTest): Constraint {
  const check = (v: tf.Tensor): tf.Tensor =>
    checkEvents(kind, v, 2, (a, off, shape: Shape) => shape[0] === shape[1] && test(a, off, shape[0]!));
  return makeConstraint(kind, kind, 2, check);
}

const isLowerTriangular: MatrixTest = (a, off, d) => {
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) if (a[off + i * d + j] !== 0) return false;
  return true;
};

const hasPositiveDiagonal: MatrixTest = (a, off, d) => {
  for (let i = 0; i < d; i++) if (!(a[off + i * d + i]! > 0)) return false;
  return true;
};

const hasUnitDiagonal: MatrixTest = (a, off, d) => {
  for (let i = 0; i < d; i++) if (a[off + i * d + i] !== 1) return false;
  return true;
};

/** Symmetric as torch's `isclose(A, Aᵀ, atol=1e-6)` (rtol 1e-5), and the float64 Cholesky succeeds. */
const isPositiveDefinite: MatrixTest = (a, off, d) => {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const x = a[off + i * d + j]!;
      const y = a[off + j * d + i]!;
      if (!(Math.abs(x - y) <= 1e-6 + 1e-5 * Math.abs(y))) return false;
    }
  }
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = a[off + j * d + j]!;
    for (let k = 0; k < j; k++) s -= l[j * d + k]! ** 2;
    if (!(s > 0) || !Number.isFinite(s)) return false;
    const ljj = Math.sqrt(s);
    l[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[off + i * d + j]!;
      for (let k = 0; k < j; k++) t -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = t / ljj;
    }
  }
  return true;
};

/** Rows of unit Euclidean norm, within torch's tolerance `10 · d · eps(float32)`. */
const hasUnitRows: MatrixTest = (a, off, d) => {
  const tol = 10 * d * 1.1920928955078125e-7;
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += a[off + i * d + j]! ** 2;
    if (!(Math.abs(Math.sqrt(s) - 1) <= tol)) return false;
  }
  return true;
};

const both =
  (...tests: readonly MatrixTest[]): MatrixTest =>
  (a, off, d) =>
    tests.every((t) => t(a, off, d));

/**
 * Lower-triangular square matrices (entries above the diagonal exactly 0), event dim 2.
 *
 * @category constraints
 * @since 0.1.0
 */
export const lowerTriangular: Constraint = matrixConstraint('lowerTriangular', isLowerTriangular);

/**
 * Lower-triangular matrices with a positive diagonal (Pyro's `lower_cholesky`): Cholesky
 * factors of covariance matrices, e.g. `MultivariateNormal`'s `scaleTril`. `bijectTo` maps a
 * square matrix onto it with `LowerCholeskyTransform` (exp on the diagonal).
 *
 * @category constraints
 * @since 0.1.0
 */
export const lowerCholesky: Constraint = matrixConstraint('lowerCholesky', both(isLowerTriangular, hasPositiveDiagonal));

/**
 * Lower-triangular matrices with ones on the diagonal (Pyro's `unit_lower_cholesky`), the
 * constraint of `AutoMultivariateNormal`'s `scaleTril` parameter.
 *
 * @category constraints
 * @since 0.1.0
 */
export const unitLowerCholesky: Constraint = matrixConstraint('unitLowerCholesky', both(isLowerTriangular, hasUnitDiagonal));

/**
 * The same set as {@link lowerCholesky}, mapped from unconstrained space with softplus (not
 * exp) on the diagonal (Pyro's `softplus_lower_cholesky`).
 *
 * @category constraints
 * @since 0.1.0
 */
export const softplusLowerCholesky: Constraint = matrixConstraint(
  'softplusLowerCholesky',
  both(isLowerTriangular, hasPositiveDiagonal),
);

/**
 * Symmetric positive definite matrices (Pyro's `positive_definite`): symmetric within
 * `1e-6 + 1e-5·|a|` and with a successful Cholesky factorization (float64).
 *
 * @category constraints
 * @since 0.1.0
 */
export const positiveDefinite: Constraint = matrixConstraint('positiveDefinite', isPositiveDefinite);

/**
 * Cholesky factors of correlation matrices (Pyro's `corr_cholesky`): lower triangular with a
 * positive diagonal and rows of unit norm (within `10·d·eps`, as torch).
 *
 * @category constraints
 * @since 0.1.0
 */
export const corrCholesky: Constraint = matrixConstraint(
  'corrCholesky',
  both(isLowerTriangular, hasPositiveDiagonal, hasUnitRows),
);

function vectorConstraint(kind: string, ok: (a: ArrayLike<number>, off: number, n: number) => boolean): Constraint {
  const check = (v: tf.Tensor): tf.Tensor => checkEvents(kind, v, 1, (a, off, shape) => ok(a, off, shape[0]!));
  return makeConstraint(kind, kind, 1, check);
}

const isIncreasing = (a: ArrayLike<number>, off: number, n: number): boolean => {
  for (let i = 1; i < n; i++) if (!(a[off + i]! > a[off + i - 1]!)) return false;
  return true;
};

/**
 * Strictly increasing vectors (Pyro's `ordered_vector`), event dim 1; an empty vector passes.
 *
 * @category constraints
 * @since 0.1.0
 */
export const orderedVector: Constraint = vectorConstraint('orderedVector', isIncreasing);

/**
 * Strictly increasing vectors of positive numbers (Pyro's `positive_ordered_vector`).
 *
 * @category constraints
 * @since 0.1.0
 */
export const positiveOrderedVector: Constraint = vectorConstraint(
  'positiveOrderedVector',
  (a, off, n) => isIncreasing(a, off, n) && (n === 0 || a[off]! > 0),
);
