/**
 * The logistic quantile functions of Logistic and SkewLogistic, written to keep float32
 * accuracy in both tails.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { log1p } from '../../../ops/index.js';

/** `logit(q) = log q − log(1 − q)`, with `log(1 − q)` as `log1p(−q)`. */
export function logit(q: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.log(q), log1p(tf.neg(q))));
}

/**
 * `logit(q^{1/a})`, in log space: with `l = (log q)/a`, `l − log(−expm1(l))`. The direct
 * `q^{1/a}` rounds to 1 in float32 when it is within 6e-8 of 1 (large `a` or `q` near 1),
 * where the logit then is `+∞`; `l` keeps its relative accuracy there.
 */
export function logitOfRoot(q: tf.Tensor, a: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const l = tf.div(tf.log(q), a);
    return tf.sub(l, tf.log(tf.neg(tf.expm1(l))));
  });
}
