/**
 * Piecewise results: moments that are a value where a condition on the parameters holds and a
 * constant (`∞`, NaN) elsewhere (Pyro's StudentT and InverseGamma), and half-line densities that
 * are `−∞` below 0.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../../core/shape.js';
import { broadcastIfNeeded, isValidationEnabled } from '../../util.js';

/**
 * `value` where `condition` holds, else `fallback`, all broadcast to `shape`. Gradients flow to
 * `value` only where `condition` holds.
 */
export function whereElse(condition: tf.Tensor, value: tf.Tensor, fallback: number, shape: Shape): tf.Tensor {
  return tf.where(broadcastIfNeeded(condition, shape), broadcastIfNeeded(value, shape), tf.fill([...shape], fallback));
}

/**
 * `lp` where `value ≥ 0`, else `−∞` (torch's HalfNormal and HalfCauchy). Only needed with
 * validation off: with it on, negative values were already rejected by the support check, so
 * this adds no kernels on the hot path.
 */
export function negativeToMinusInfinity(lp: tf.Tensor, value: tf.Tensor): tf.Tensor {
  if (isValidationEnabled()) return lp;
  return tf.where(tf.greaterEqual(value, 0), lp, tf.fill(lp.shape, -Infinity));
}
