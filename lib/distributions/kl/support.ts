/**
 * KL rules that depend on the support rather than on a density family: Uniform/Uniform and
 * Pyro's Delta/any rule.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeltaDist } from '../delta.js';
import type { Distribution } from '../distribution.js';
import type { UniformDist } from '../uniform.js';
import { broadcastShapes } from '../../core/shape.js';
import { registerKL } from './registry.js';

/** `log((bq − aq)/(bp − ap))`, and `∞` where `[ap, bp] ⊄ [aq, bq]`. */
registerKL<UniformDist, UniformDist>('Uniform', 'Uniform', (p, q) => {
  const kl = tf.log(tf.div(tf.sub(q.high, q.low), tf.sub(p.high, p.low)));
  const outside = tf.logicalOr(tf.greater(q.low, p.low), tf.less(q.high, p.high));
  const shape = [...broadcastShapes('klDivergence(Uniform, Uniform)', kl.shape, outside.shape)];
  return tf.where(tf.broadcastTo(outside, shape), tf.fill(shape, Infinity), tf.broadcastTo(kl, shape));
});

/**
 * Pyro's `_kl_delta`: `KL(Delta(v) ‖ q) = −log q(v)` for any `q` with a `logProb` (the Delta's
 * own `logDensity` is ignored, as in Pyro).
 */
registerKL<DeltaDist, Distribution>('Delta', '*', (p, q) => tf.neg(q.logProb(p.v)));
