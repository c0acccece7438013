/**
 * KL rules for `Independent`: Independent/Independent (Pyro's generalized rule) and
 * Independent/MultivariateNormal (Pyro's rule for a diagonal Normal or a Delta base).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ignisError } from '../../core/errors.js';
import { diagPart } from '../../ops/index.js';
import type { DeltaDist } from '../families/delta.js';
import type { Distribution } from '../distribution.js';
import { IndependentDist, sumRightmost } from '../wrappers/independent.js';
import type { MultivariateNormalDist } from '../families/multivariate/multivariate-normal.js';
import type { NormalDist } from '../families/continuous/normal.js';
import { broadcastIfNeeded } from '../util.js';
import { klDivergence, registerKL } from './registry.js';

const HALF_ONE_PLUS_LOG_TWO_PI = 0.5 * (1 + Math.log(2 * Math.PI));

/**
 * Pyro's `_kl_independent_independent`: the shared reinterpreted dims are summed, the rest is
 * left to the bases, so `KL(Normal.toEvent(1), Normal.toEvent(1)) = Σ KL(Normal, Normal)`;
 * mismatched dims leave e.g. KL(Independent(Normal, 1), Normal), which has no rule
 * (NotImplemented, as in Pyro).
 */
registerKL<IndependentDist, IndependentDist>('Independent', 'Independent', (p, q) => {
  const shared = Math.min(p.reinterpretedBatchNdims, q.reinterpretedBatchNdims);
  const strip = (d: IndependentDist): Distribution => {
    const rest = d.reinterpretedBatchNdims - shared;
    return rest > 0 ? new IndependentDist(d.base, rest) : d.base;
  };
  return sumRightmost(klDivergence(strip(p), strip(q)), shared);
});

/**
 * Pyro's `_kl_independent_mvn`: for `p = Delta(v, logDensity).toEvent(1)`,
 * `Σ logDensity − log q(v)` (Pyro's `−log q(v)` ignores the Delta's `logDensity`; both agree when
 * it is 0, see the Delta/any rule in `support.ts`); for
 * `p = Normal(μ, σ).toEvent(1)`,
 * `½ Σ σᵢ² (Σq⁻¹)ᵢᵢ − (d/2)(1 + log 2π) − log q(μ) − Σ log σᵢ`. Other bases: NotImplemented.
 */
registerKL<IndependentDist, MultivariateNormalDist>('Independent', 'MultivariateNormal', (p, q) => {
  const base = p.base;
  if (p.reinterpretedBatchNdims === 1 && base.family === 'Delta' && 'v' in base) {
    const delta = base as DeltaDist;
    return tf.sub(sumRightmost(delta.logDensity, 1), q.logProb(delta.v));
  }
  if (p.reinterpretedBatchNdims === 1 && base.family === 'Normal' && 'loc' in base && 'scale' in base) {
    const normal = base as NormalDist;
    const d = q.eventShape[0]!;
    const loc = broadcastIfNeeded(normal.loc, base.batchShape);
    const scale = broadcastIfNeeded(normal.scale, base.batchShape);
    const trace = tf.sum(tf.mul(tf.square(scale), diagPart(q.precisionMatrix)), -1);
    const logQ = q.logProb(loc);
    return tf.sub(tf.sub(tf.sub(tf.mul(trace, 0.5), d * HALF_ONE_PLUS_LOG_TWO_PI), logQ), tf.sum(tf.log(scale), -1));
  }
  throw ignisError('NotImplemented', {
    fn: 'klDivergence',
    what: `no rule for KL(p ‖ q) with p Independent(${base.family}, ${p.reinterpretedBatchNdims}) and q MultivariateNormal`,
    hint: 'Pyro implements Independent(Normal, 1) and Independent(Delta, 1) against a MultivariateNormal.',
  });
});
