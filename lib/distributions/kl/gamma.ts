/**
 * KL rules for the Gamma family and its special case Exponential: Gamma/Gamma,
 * Exponential/Exponential, Exponential/Gamma, Gamma/Exponential (torch's formulas).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { digamma, lgamma } from '../../ops/index.js';
import type { ExponentialDist } from '../families/continuous/exponential.js';
import type { GammaDist } from '../families/continuous/gamma.js';
import { registerKL } from './registry.js';

const EULER_GAMMA = 0.5772156649015329;

/**
 * `KL(Γ(αp, βp) ‖ Γ(αq, βq)) = αq log(βp/βq) + lgamma(αq) − lgamma(αp) + (αp − αq) ψ(αp)
 * + (βq − βp) αp/βp`.
 */
function klGammaGamma(pa: tf.Tensor, pb: tf.Tensor, qa: tf.Tensor | number, qb: tf.Tensor): tf.Tensor {
  const t1 = tf.mul(qa, tf.log(tf.div(pb, qb)));
  const t2 = tf.sub(typeof qa === 'number' ? 0 : lgamma(qa), lgamma(pa));
  const t3 = tf.mul(tf.sub(pa, qa), digamma(pa));
  const t4 = tf.mul(tf.sub(qb, pb), tf.div(pa, pb));
  return tf.add(tf.add(t1, t2), tf.add(t3, t4));
}

registerKL<GammaDist, GammaDist>('Gamma', 'Gamma', (p, q) => klGammaGamma(p.concentration, p.rate, q.concentration, q.rate));

/** `KL(Exp(λp) ‖ Exp(λq)) = log(λp/λq) + λq/λp − 1`. */
registerKL<ExponentialDist, ExponentialDist>('Exponential', 'Exponential', (p, q) => {
  const ratio = tf.div(q.rate, p.rate);
  return tf.sub(tf.sub(ratio, tf.log(ratio)), 1);
});

/** `KL(Exp(λ) ‖ Γ(α, β)) = −α log(β/λ) + β/λ + lgamma(α) + α γ − (1 + γ)` (γ Euler's constant). */
registerKL<ExponentialDist, GammaDist>('Exponential', 'Gamma', (p, q) => {
  const ratio = tf.div(q.rate, p.rate);
  const t1 = tf.neg(tf.mul(q.concentration, tf.log(ratio)));
  const t2 = tf.add(lgamma(q.concentration), tf.mul(q.concentration, EULER_GAMMA));
  return tf.sub(tf.add(tf.add(t1, ratio), t2), 1 + EULER_GAMMA);
});

/** `KL(Γ(α, β) ‖ Exp(λ))`: the Gamma/Gamma rule with `q = Γ(1, λ)` (torch: `−H(p) − log λ + λ α/β`). */
registerKL<GammaDist, ExponentialDist>('Gamma', 'Exponential', (p, q) => klGammaGamma(p.concentration, p.rate, 1, q.rate));
