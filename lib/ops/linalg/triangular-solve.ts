/**
 * Batched triangular solve `op(L) X = B` as one custom op: float64 JS forward and backward,
 * and a differentiable backward (itself a triangular solve plus a matmul) when a higher-order
 * gradient is being recorded.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ignisError, invalidArgument } from '../../core/errors.js';
import { recordingGradient, runCustomOp } from '../fused/custom-op.js';
import { sizeOf } from '../../core/shape.js';
import { broadcastIndex, sumToShape } from '../fused/broadcast.js';
import { broadcastOrThrow, squareSize, withFloats } from '../internal/tensors.js';
import { dot64, triSolve64, type Flat } from './dense64.js';
import { triangleMask } from './masks.js';

/** Options of {@link triangularSolve}. @category ops @since 0.1.0 */
export interface TriangularSolveOptions {
  /** Read the lower (default) or the upper triangle of `L`; the other one is ignored. */
  readonly lower?: boolean;
  /** Solve with `Lᵀ` instead of `L` (default false). */
  readonly transpose?: boolean;
}

/** The shapes and batch walk of one solve. */
interface Plan {
  readonly d: number;
  readonly k: number;
  readonly batch: readonly number[];
  readonly iL: Int32Array;
  readonly iB: Int32Array;
}

function plan(l: tf.Tensor, b: tf.Tensor): Plan {
  const d = squareSize('triangularSolve', 'L', l);
  if (b.rank < 2) {
    throw invalidArgument('triangularSolve', 'B', 'must have shape [..., d, k] (use expandDims(b, -1) for a vector)', `shape [${b.shape.join(', ')}]`);
  }
  if (b.shape[b.rank - 2] !== d) {
    throw ignisError('ShapeMismatch', {
      fn: 'triangularSolve',
      what: `rows of 'B' must equal the size of 'L'`,
      detail: `L is [${l.shape.join(', ')}], B is [${b.shape.join(', ')}]`,
    });
  }
  const lBatch = l.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batch = broadcastOrThrow('triangularSolve', ['L', 'B'], lBatch, bBatch);
  return { d, k: b.shape[b.rank - 1]!, batch, iL: broadcastIndex(lBatch, batch), iB: broadcastIndex(bBatch, batch) };
}

/** ∂L and ∂B in float64 JS, summed over broadcast batch dims. */
function gradJs(p: Plan, lower: boolean, transpose: boolean, lData: Flat, x64: Float64Array, dy: tf.Tensor, lSize: number, bSize: number): [Float64Array, Float64Array] {
  const { d, k } = p;
  const g = Float64Array.from(dy.dataSync());
  const dL = new Float64Array(lSize);
  const dB = new Float64Array(bSize);
  const t = new Float64Array(d * k);
  for (let q = 0; q < p.iL.length; q++) {
    const lOff = p.iL[q]! * d * d;
    const bOff = p.iB[q]! * d * k;
    const xOff = q * d * k;
    triSolve64(lData, lOff, d, lower, !transpose, g, xOff, k, t, 0);
    for (let i = 0; i < d * k; i++) dB[bOff + i] = dB[bOff + i]! + t[i]!;
    // ∂op(L) = −∂B Xᵀ; ∂L is that (transposed when op = ᵀ), restricted to the read triangle.
    for (let i = 0; i < d; i++) {
      const jFrom = lower ? 0 : i;
      const jTo = lower ? i + 1 : d;
      for (let j = jFrom; j < jTo; j++) {
        const r = transpose ? j : i;
        const s = transpose ? i : j;
        dL[lOff + i * d + j] = dL[lOff + i * d + j]! - dot64(t, r * k, x64, xOff + s * k, k);
      }
    }
  }
  return [dL, dB];
}

/** ∂L and ∂B from differentiable ops (used when a higher-order gradient is recorded). */
function gradOps(l: tf.Tensor, b: tf.Tensor, x: tf.Tensor, dy: tf.Tensor, lower: boolean, transpose: boolean): tf.Tensor[] {
  const d = l.shape[l.rank - 1]!;
  const dB = triangularSolve(l, dy, { lower, transpose: !transpose });
  const outer = transpose ? tf.matMul(x, dB, false, true) : tf.matMul(dB, x, false, true);
  const dL = tf.mul(outer, triangleMask(d, d, 0, !lower, -1));
  return [sumToShape(dL, l.shape), sumToShape(dB, b.shape)];
}

/**
 * Solve `op(L) X = B` for X, where `L` is triangular and `op(L)` is `L` or `Lᵀ`.
 *
 * Maths: forward/back substitution in float64, O(d²k) per matrix. Gradients:
 * `∂B = op(L)⁻ᵀ ∂X` and `∂L = −∂B Xᵀ` (or `−X ∂Bᵀ` when transposed), restricted to the
 * triangle that is read. Higher-order gradients work.
 *
 * Gotchas: only the `lower` (default) or upper triangle of `L` is read; a zero on the diagonal
 * gives Inf/NaN (no check, as in LAPACK). Batch dims of `L` and `B` broadcast, and gradients
 * are summed back to each input's shape. `B` must be a matrix `[..., d, k]`; for a vector use
 * `expandDims(b, -1)` or {@link matvec}-style helpers.
 *
 * @param l - `[..., d, d]` triangular matrices.
 * @param b - `[..., d, k]` right-hand sides.
 * @returns `[...batch, d, k]` with `batch` the broadcast of both batch shapes.
 * @example
 * ```ts
 * const x = triangularSolve(L, B);                      // L X = B
 * const y = triangularSolve(L, B, { transpose: true }); // Lᵀ Y = B
 * ```
 * @category ops
 * @since 0.1.0
 */
export function triangularSolve(l: tf.Tensor, b: tf.Tensor, options: TriangularSolveOptions = {}): tf.Tensor {
  const lower = options.lower ?? true;
  const transpose = options.transpose ?? false;
  const p = plan(l, b);
  return withFloats([l, b], ([lf, bf]) => {
    const lt = lf!;
    const bt = bf!;
    const { d, k } = p;
    const lData = Float64Array.from(lt.dataSync());
    const bData = Float64Array.from(bt.dataSync());
    const x64 = new Float64Array(sizeOf(p.batch) * d * k);
    for (let q = 0; q < p.iL.length; q++) {
      triSolve64(lData, p.iL[q]! * d * d, d, lower, transpose, bData, p.iB[q]! * d * k, k, x64, q * d * k);
    }
    return runCustomOp([lt, bt], (save) => {
      const value = tf.tensor(Float32Array.from(x64), [...p.batch, d, k], 'float32');
      save([lt, bt]);
      return {
        value,
        gradFunc: (dy, saved) => {
          if (recordingGradient()) {
            // Recompute X from the saved inputs so that the tape links it to L and B.
            const [ls, bs] = [saved[0]!, saved[1]!];
            return gradOps(ls, bs, triangularSolve(ls, bs, { lower, transpose }), dy, lower, transpose);
          }
          const [dL, dB] = gradJs(p, lower, transpose, lData, x64, dy, lt.size, bt.size);
          return [tf.tensor(Float32Array.from(dL), lt.shape, 'float32'), tf.tensor(Float32Array.from(dB), bt.shape, 'float32')];
        },
      };
    });
  });
}
