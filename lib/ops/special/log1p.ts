/**
 * `log1p` that is accurate on every backend.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { unaryOp } from '../fused/elementwise-ops.js';
import { withFloats, type TensorLike } from '../internal/tensors.js';

const log1pJs = unaryOp(Math.log1p, (x, _y, dy) => tf.div(dy, tf.add(x, 1)));

/**
 * `log(1 + x)`, elementwise, accurate for tiny |x| on every backend.
 *
 * Maths: on `cpu` this is tfjs's kernel (float64 internally, correctly rounded); elsewhere it is
 * a float64 JS op (`Math.log1p`), because wasm's kernel computes `log(1 + x)` in float32
 * (`log1p(1e-7)` = 1.19e-7 there). Gradient: `1 / (1 + x)`.
 * Gotchas: −Inf at −1, NaN below. On non-cpu backends it reads the data to JS.
 *
 * @example
 * ```ts
 * log1p(tf.scalar(1e-7)); // 9.9999995e-8 on every backend
 * ```
 * @category ops
 * @since 0.1.0
 */
export function log1p(x: TensorLike): tf.Tensor {
  if (tf.getBackend() === 'cpu') return withFloats([x], ([t]) => tf.log1p(t!));
  return log1pJs(x);
}
