/**
 * `lgamma` as an elementwise float64 custom op.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { unaryOp } from '../fused/elementwise-ops.js';
import type { TensorLike } from '../internal/tensors.js';
import { lgamma64 } from './gamma64.js';
import { digamma } from './polygamma.js';

const lgammaOp = unaryOp(lgamma64, (x, _y, dy) => tf.mul(dy, digamma(x)));

/**
 * Log of the absolute value of the Gamma function, `log |Γ(x)|`, elementwise.
 *
 * Maths: float64 series on [0.5, 2.5] (exact zeros at 1 and 2, full relative accuracy near
 * them), recurrence + Stirling above, reflection below 0; rounded once to float32.
 * Gradient: `digamma(x)` (and higher orders through `polygamma`).
 * Gotchas: +Inf at 0, −1, −2, …; for x < 0 it is `log|Γ(x)|` (the sign of Γ is dropped).
 * Int tensors and numbers are accepted and cast to float32.
 *
 * @example
 * ```ts
 * lgamma(tf.tensor1d([0.5, 1, 10])); // [log √π, 0, log 9!]
 * ```
 * @category ops
 * @since 0.1.0
 */
export function lgamma(x: TensorLike): tf.Tensor {
  return lgammaOp(x);
}
