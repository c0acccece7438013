/**
 * KL rules that depend on the support rather than on a density family: Uniform/Uniform and
 * the Delta/any rule (Pyro's, plus the Delta's `logDensity`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeltaDist } from '../families/delta.js';
import type { Distribution } from '../distribution.js';
import type { UniformDist } from '../families/continuous/uniform.js';
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
 * `KL(Delta(v, logDensity) ‖ q) = logDensity − log q(v)` for any `q` with a `logProb`: the exact
 * KL when the Delta carries a density (`E_p[log p − log q]` with `log p(v) = logDensity`).
 *
 * Differs from Pyro's `_kl_delta` (`−log q(v)`), which ignores the Delta's `logDensity`: the two
 * agree when `logDensity` is 0 (the default). Autoguides hand each site a Delta whose
 * `logDensity` carries the log-Jacobian of the bijection from the unconstrained space, and
 * `TraceMeanFieldELBO` needs it to give the same ELBO as `TraceELBO`.
 */
registerKL<DeltaDist, Distribution>('Delta', '*', (p, q) => tf.sub(p.logDensity, q.logProb(p.v)));
