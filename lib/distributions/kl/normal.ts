/**
 * KL rules for the location–scale families: Normal/Normal, Normal/Laplace,
 * HalfNormal/HalfNormal, LogNormal/LogNormal, Cauchy/Cauchy (torch's formulas).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CauchyDist } from '../families/continuous/cauchy.js';
import type { HalfNormalDist } from '../families/continuous/half-normal.js';
import type { LaplaceDist } from '../families/continuous/laplace.js';
import type { LogNormalDist } from '../families/continuous/log-normal.js';
import type { NormalDist } from '../families/continuous/normal.js';
import { klNormalNormalFused } from './normal-kernel.js';
import { registerKL } from './registry.js';

/**
 * `KL(N(μp, σp²) ‖ N(μq, σq²)) = log(σq/σp) + (σp² + (μp − μq)²)/(2σq²) − ½`, as one fused
 * float64 op (see `normal-kernel.ts`). Also LogNormal/LogNormal (the KL is invariant under
 * `exp`) and HalfNormal/HalfNormal (`μ = 0`).
  *
  * @category distributions
  * @since 0.1.0
 */
export function klNormalNormal(pLoc: tf.Tensor | number, pScale: tf.Tensor, qLoc: tf.Tensor | number, qScale: tf.Tensor): tf.Tensor {
  const asTensor = (x: tf.Tensor | number): tf.Tensor => (typeof x === 'number' ? tf.scalar(x) : x);
  return klNormalNormalFused(asTensor(pLoc), pScale, asTensor(qLoc), qScale);
}

registerKL<NormalDist, NormalDist>('Normal', 'Normal', (p, q) => klNormalNormal(p.loc, p.scale, q.loc, q.scale));

registerKL<LogNormalDist, LogNormalDist>('LogNormal', 'LogNormal', (p, q) => klNormalNormal(p.loc, p.scale, q.loc, q.scale));

registerKL<HalfNormalDist, HalfNormalDist>('HalfNormal', 'HalfNormal', (p, q) => klNormalNormal(0, p.scale, 0, q.scale));

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
