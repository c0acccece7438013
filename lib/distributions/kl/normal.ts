/**
 * KL rules for the location–scale families: Normal/Normal, Normal/Laplace,
 * HalfNormal/HalfNormal, LogNormal/LogNormal, Cauchy/Cauchy (torch's formulas).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CauchyDist } from '../cauchy.js';
import type { HalfNormalDist } from '../halfNormal.js';
import type { LaplaceDist } from '../laplace.js';
import type { LogNormalDist } from '../logNormal.js';
import type { NormalDist } from '../normal.js';
import { registerKL } from './registry.js';

/**
 * `KL(N(μp, σp²) ‖ N(μq, σq²)) = ½ (r² + t² − 1) − log r` with `r = σp/σq`,
 * `t = (μp − μq)/σq`. Also LogNormal/LogNormal (the KL is invariant under `exp`).
 */
export function klNormalNormal(pLoc: tf.Tensor, pScale: tf.Tensor, qLoc: tf.Tensor, qScale: tf.Tensor): tf.Tensor {
  const r = tf.div(pScale, qScale);
  const t = tf.div(tf.sub(pLoc, qLoc), qScale);
  return tf.sub(tf.sub(tf.mul(tf.add(tf.square(r), tf.square(t)), 0.5), tf.log(r)), 0.5);
}

registerKL<NormalDist, NormalDist>('Normal', 'Normal', (p, q) => klNormalNormal(p.loc, p.scale, q.loc, q.scale));

registerKL<LogNormalDist, LogNormalDist>('LogNormal', 'LogNormal', (p, q) => klNormalNormal(p.loc, p.scale, q.loc, q.scale));

/** `½ (r² − 1) − log r` with `r = σp/σq` (the Normal rule at `μ = 0`). */
registerKL<HalfNormalDist, HalfNormalDist>('HalfNormal', 'HalfNormal', (p, q) => {
  const r = tf.div(p.scale, q.scale);
  return tf.sub(tf.mul(tf.sub(tf.square(r), 1), 0.5), tf.log(r));
});

/** `log((σp + σq)² + (μp − μq)²) − log(4 σp σq)` (Chyzak & Nielsen 2019). */
registerKL<CauchyDist, CauchyDist>('Cauchy', 'Cauchy', (p, q) => {
  const t1 = tf.log(tf.add(tf.square(tf.add(p.scale, q.scale)), tf.square(tf.sub(p.loc, q.loc))));
  return tf.sub(t1, tf.log(tf.mul(tf.mul(p.scale, q.scale), 4)));
});

const HALF_LOG_HALF_PI_PLUS_ONE = 0.5 * (1 + Math.log(0.5 * Math.PI));
const SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * `KL(N(μp, σp²) ‖ Laplace(μq, bq)) = −log(σp/bq) + (σp √(2/π) e^(−δ²/2σp²) + δ erf(δ/(σp√2)))/bq
 * − ½(1 + log(π/2))` with `δ = μp − μq`.
 */
registerKL<NormalDist, LaplaceDist>('Normal', 'Laplace', (p, q) => {
  const diff = tf.sub(p.loc, q.loc);
  const z = tf.div(diff, p.scale);
  const t2 = tf.mul(tf.mul(p.scale, SQRT_TWO_OVER_PI), tf.exp(tf.mul(tf.square(z), -0.5)));
  const t3 = tf.mul(diff, tf.erf(tf.mul(z, Math.SQRT1_2)));
  const logRatio = tf.log(tf.div(p.scale, q.scale));
  return tf.sub(tf.sub(tf.div(tf.add(t2, t3), q.scale), logRatio), HALF_LOG_HALF_PI_PLUS_ONE);
});
