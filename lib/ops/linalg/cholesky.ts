/**
 * Cholesky factorization as one custom op: float64 JS forward, float64 JS backward (Murray
 * 2016), and a differentiable backward built from `triangularSolve` when a higher-order
 * gradient is being recorded.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { recordingGradient, runCustomOp } from '../fused/custom-op.js';
import { sizeOf } from '../../core/shape.js';
import { batchLabel, squareSize, transposeLast2, withFloats } from '../internal/tensors.js';
import { choleskyBackward64, cholesky64, type PivotFailure } from './dense64.js';
import { phiMask } from './masks.js';
import { triangularSolve } from './triangular-solve.js';

function notPositiveDefinite(failure: PivotFailure, b: number, batch: readonly number[]): Error {
  const kind = Number.isNaN(failure.pivot) ? 'a NaN' : Number.isFinite(failure.pivot) ? 'a non-positive' : 'a non-finite';
  return invalidArgument(
    'cholesky',
    'A',
    'must be positive definite',
    `${kind} pivot ${failure.pivot} at row ${failure.row} of ${batchLabel(b, batch)}`,
    'Check how the matrix is built (symmetric, full rank) or add a small jitter to its diagonal.',
  );
}

/** ∂A from ∂L with tfjs ops and `triangularSolve`, so that it can itself be differentiated. */
function choleskyGradOps(l: tf.Tensor, dl: tf.Tensor): tf.Tensor {
  const d = l.shape[l.rank - 1]!;
  const p = tf.mul(tf.matMul(l, dl, true, false), phiMask(d));
  const s = triangularSolve(l, p, { transpose: true });
  const z = triangularSolve(l, transposeLast2(s), { transpose: true });
  return tf.mul(tf.add(z, transposeLast2(z)), 0.5);
}

/** ∂A from ∂L in float64 JS, using the float64 factor kept from the forward pass. */
function choleskyGradJs(l64: Float64Array, dl: tf.Tensor, d: number): tf.Tensor {
  const g = Float64Array.from(dl.dataSync());
  const out = new Float64Array(l64.length);
  for (let off = 0; off < l64.length; off += d * d) choleskyBackward64(l64, off, g, off, d, out, off);
  return tf.tensor(Float32Array.from(out), dl.shape, 'float32');
}

/**
 * Lower Cholesky factor `L` of a batch of symmetric positive-definite matrices: `A = L Lᵀ`.
 *
 * Maths: the input is read as `(A + Aᵀ)/2`, factorized in float64 and rounded once to float32.
 * The gradient `∂A = ½ (S + Sᵀ)`, `S = L⁻ᵀ Φ(Lᵀ ∂L) L⁻¹` (Φ: lower triangle, halved diagonal;
 * Murray 2016), is exactly the gradient of the computed function and is symmetric; it is
 * computed in float64 by Murray's unblocked reverse-mode algorithm (~d³/3 multiply-adds).
 * Second and higher derivatives work (the backward pass switches to differentiable ops when
 * tfjs records it).
 *
 * Gotchas: non-positive-definite input raises `IgnisError('InvalidArgument')` naming the
 * failing pivot and batch element (never NaN). Reads the whole input with `dataSync`, so it
 * synchronizes the backend. Cost ~d³/6 multiply-adds forward, ~d³/3 backward.
 *
 * @param a - `[..., d, d]` symmetric positive-definite matrices.
 * @returns `[..., d, d]` lower-triangular factors with positive diagonal.
 * @example
 * ```ts
 * const L = cholesky(tf.tensor2d([[4, 2], [2, 3]])); // [[2, 0], [1, 1.414]]
 * ```
 * @category ops
 * @since 0.1.0
 */
export function cholesky(a: tf.Tensor): tf.Tensor {
  const d = squareSize('cholesky', 'A', a);
  return withFloats([a], ([af]) => {
    const x = af!;
    const batch = x.shape.slice(0, -2);
    const dd = d * d;
    const src = Float64Array.from(x.dataSync());
    const l64 = new Float64Array(sizeOf(batch) * dd);
    for (let b = 0, off = 0; off < l64.length; b++, off += dd) {
      const failure = cholesky64(src, off, d, l64, off);
      if (failure !== undefined) throw notPositiveDefinite(failure, b, batch);
    }
    return runCustomOp([x], (save) => {
      const value = tf.tensor(Float32Array.from(l64), x.shape, 'float32');
      save([x]);
      return {
        value,
        // Higher order: recompute L from the saved input so that the tape links it to A.
        gradFunc: (dy, saved) => [recordingGradient() ? choleskyGradOps(cholesky(saved[0]!), dy) : choleskyGradJs(l64, dy, d)],
      };
    });
  });
}
