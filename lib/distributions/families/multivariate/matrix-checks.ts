/**
 * Validation of matrix parameters (MultivariateNormal, LowRankMultivariateNormal): shapes
 * always, values in plain JavaScript when validation is on (no tfjs kernels).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../../core/errors.js';
import { showShape } from '../../../core/shape.js';
import { isValidationEnabled } from '../../util.js';

/** `m` must be `[..., d, d]`. */
export function checkSquareMatrix(family: string, arg: string, m: tf.Tensor, d: number): void {
  if (m.rank < 2 || m.shape[m.rank - 1] !== d || m.shape[m.rank - 2] !== d) {
    throw invalidArgument(family, arg, `must be a (batch of) ${d}×${d} matrices [..., ${d}, ${d}] matching 'loc'`, `shape ${showShape(m.shape)}`);
  }
}

/** Visit the (row, col) entries of each d×d matrix of `m`; stop at the first `bad` one. */
function firstBad(m: tf.Tensor, bad: (data: ArrayLike<number>, off: number, i: number, j: number, d: number) => boolean): string | undefined {
  const d = m.shape[m.rank - 1]!;
  const data = m.dataSync();
  for (let off = 0; off < data.length; off += d * d) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        if (bad(data, off, i, j, d)) return `entry (${i}, ${j}) = ${data[off + i * d + j]} of matrix ${off / (d * d)}`;
      }
    }
  }
  return undefined;
}

/** Lower triangular with a positive finite diagonal and finite entries (Pyro's `lower_cholesky`). */
export function checkLowerCholesky(family: string, arg: string, m: tf.Tensor): void {
  if (!isValidationEnabled()) return;
  // one plain loop (no call per entry): this runs on every SVI step of an MVN guide
  const d = m.shape[m.rank - 1]!;
  const a = m.dataSync();
  let bad = -1;
  for (let off = 0; off < a.length && bad < 0; off += d * d) {
    for (let i = 0; i < d && bad < 0; i++) {
      const row = off + i * d;
      for (let j = 0; j < i; j++) if (!Number.isFinite(a[row + j]!)) bad = row + j;
      const x = a[row + i]!;
      if (bad < 0 && !(x > 0 && Number.isFinite(x))) bad = row + i;
      for (let j = i + 1; j < d && bad < 0; j++) if (a[row + j] !== 0) bad = row + j;
    }
  }
  if (bad >= 0) {
    const within = bad % (d * d);
    const where = `entry (${Math.floor(within / d)}, ${within % d}) = ${a[bad]} of matrix ${Math.floor(bad / (d * d))}`;
    throw invalidArgument(family, arg, 'must be lower triangular with a positive diagonal', where);
  }
}

/**
 * Symmetric up to float32 rounding (`|Aᵢⱼ − Aⱼᵢ| ≤ 1e-6 + 1e-5 |Aⱼᵢ|`, torch's `isclose` with
 * `atol = 1e-6`) with finite entries. Positive definiteness is checked by the Cholesky factorization.
 */
export function checkSymmetric(family: string, arg: string, m: tf.Tensor): void {
  if (!isValidationEnabled()) return;
  const where = firstBad(m, (a, off, i, j, d) => {
    const x = a[off + i * d + j]!;
    const y = a[off + j * d + i]!;
    return !Number.isFinite(x) || Math.abs(x - y) > 1e-6 + 1e-5 * Math.abs(y);
  });
  if (where !== undefined) {
    throw invalidArgument(family, arg, 'must be symmetric positive definite', `${where} is not symmetric or not finite`);
  }
}
