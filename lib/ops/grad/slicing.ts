/**
 * Differentiable slicing helpers built on kernels that have gradients on every backend
 * (`Slice`, `GatherV2` — the latter needs the wasm `UnsortedSegmentSum` repair).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ignisError, invalidArgument } from '../../core/errors.js';
import { sizeOf } from '../../core/shape.js';

/** Options of {@link sliceAlong}: Python `range(begin, end, step)` semantics along one axis. @category ops @since 0.1.0 */
export interface SliceAlongOptions {
  /** First index (default 0, or the last one when `step < 0`); negative counts from the end. */
  readonly begin?: number;
  /** One past the last index (default: the end of the axis in the step's direction); negative counts from the end. */
  readonly end?: number;
  /** Non-zero stride (default 1). */
  readonly step?: number;
}

/** The indices `range(begin, end, step)` along an axis of length n, Python-style. */
function rangeIndices(n: number, options: SliceAlongOptions): number[] {
  const step = options.step ?? 1;
  if (!Number.isInteger(step) || step === 0) throw invalidArgument('sliceAlong', 'step', 'must be a non-zero integer', String(step));
  const norm = (i: number, lo: number, hi: number): number => Math.min(Math.max(i < 0 ? i + n : i, lo), hi);
  const begin = options.begin === undefined ? (step > 0 ? 0 : n - 1) : norm(options.begin, step > 0 ? 0 : -1, step > 0 ? n : n - 1);
  const end = options.end === undefined ? (step > 0 ? n : -1) : norm(options.end, step > 0 ? 0 : -1, step > 0 ? n : n - 1);
  const out: number[] = [];
  for (let i = begin; step > 0 ? i < end : i > end; i += step) out.push(i);
  return out;
}

/**
 * Strided slice along one axis, differentiable on every backend: `x[..., begin:end:step, ...]`.
 *
 * Maths: `step = 1` uses `tf.slice`; other steps use `tf.gather` with the index list, whose
 * gradient scatters back (a replacement for `tf.stridedSlice`, which has no gradient in tfjs
 * 4.22 unless `registerGradientRepairs` ran).
 * Gotchas: Python semantics, including negative indices and negative steps; an empty range
 * gives a size-0 axis.
 *
 * @example
 * ```ts
 * sliceAlong(x, -1, { step: 2 });          // even columns
 * sliceAlong(x, 0, { begin: -1, step: -1 }); // rows reversed
 * ```
 * @category ops
 * @since 0.1.0
 */
export function sliceAlong(x: tf.Tensor, axis: number, options: SliceAlongOptions = {}): tf.Tensor {
  const ax = axis < 0 ? axis + x.rank : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= x.rank) {
    throw invalidArgument('sliceAlong', 'axis', `must be an integer in [${-x.rank}, ${x.rank})`, String(axis));
  }
  const idx = rangeIndices(x.shape[ax]!, options);
  const first = idx[0];
  if ((options.step ?? 1) === 1 && first !== undefined) {
    const begin = x.shape.map((_, i) => (i === ax ? first : 0));
    const size = x.shape.map((s, i) => (i === ax ? idx.length : s));
    return tf.slice(x, begin, size);
  }
  return tf.tidy(() => tf.gather(x, tf.tensor1d(idx, 'int32'), ax));
}

/**
 * Pick elements along the last axis by per-row indices: `out[..., j] = x[..., indices[..., j]]`
 * (NumPy `take_along_axis(x, indices, -1)`, PyTorch `gather(x, -1, indices)`), differentiable
 * with respect to `x` on every backend.
 *
 * Maths: one flat `tf.gather` with offsets `row · n`; the gradient scatter-adds into `x`.
 * Gotchas: `indices` must be int32 with the same leading dims as `x`; out-of-range indices
 * are not checked (tfjs's gather behaviour applies).
 *
 * @example
 * ```ts
 * takeAlongLastAxis(logits, tf.expandDims(labels, -1)); // [..., 1]: the logit of each label
 * ```
 * @category ops
 * @since 0.1.0
 */
export function takeAlongLastAxis(x: tf.Tensor, indices: tf.Tensor): tf.Tensor {
  const lead = x.shape.slice(0, -1);
  const iLead = indices.shape.slice(0, -1);
  if (x.rank < 1 || indices.rank !== x.rank || lead.some((s, i) => s !== iLead[i])) {
    throw ignisError('ShapeMismatch', {
      fn: 'takeAlongLastAxis',
      what: "'indices' must have the leading dims of 'x'",
      detail: `x is [${x.shape.join(', ')}], indices is [${indices.shape.join(', ')}]`,
    });
  }
  if (indices.dtype !== 'int32') throw invalidArgument('takeAlongLastAxis', 'indices', 'must be int32', indices.dtype);
  const n = x.shape[x.rank - 1]!;
  const rows = sizeOf(lead);
  const k = indices.shape[indices.rank - 1]!;
  return tf.tidy(() => {
    const offsets = tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(n, 'int32'));
    const flatIdx = tf.add(tf.reshape(indices, [rows, k]), tf.expandDims(offsets, 1));
    const picked = tf.gather(tf.reshape(x, [-1]), tf.reshape(flatIdx, [-1]));
    return tf.reshape(picked, [...lead, k]);
  });
}
