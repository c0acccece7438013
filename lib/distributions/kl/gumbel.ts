/**
 * KL rules involving the Gumbel family (torch's formulas): Gumbel/Gumbel, Normal/Gumbel,
 * Gumbel/Normal, Exponential/Gumbel, Gamma/Gumbel, Uniform/Gumbel. (Gumbel against the
 * half-line and interval families is `∞`: see `infinite.ts`.)
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { digamma, lgamma } from '../../ops/index.js';
import { EULER_GAMMA } from '../../ops/special/gamma64.js';
import type { ExponentialDist } from '../families/continuous/exponential.js';
import type { GammaDist } from '../families/continuous/gamma.js';
import type { GumbelDist } from '../families/continuous/gumbel.js';
import type { NormalDist } from '../families/continuous/normal.js';
import type { UniformDist } from '../families/continuous/uniform.js';
import { registerKL } from './registry.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * `KL(G(μp, βp) ‖ G(μq, βq)) = −log(βp/βq) − μq/βq + μp/βq + γ βp/βq
 * + exp(μq/βq + lgamma(1 + βp/βq) − μp/βq) − (1 + γ)`.
 */
registerKL<GumbelDist, GumbelDist>('Gumbel', 'Gumbel', (p, q) => {
  const ratio = tf.div(p.scale, q.scale);
  const shift = tf.div(tf.sub(p.loc, q.loc), q.scale);
  const t1 = tf.add(tf.neg(tf.log(ratio)), shift);
  const t3 = tf.exp(tf.sub(lgamma(tf.add(ratio, 1)), shift));
  return tf.sub(tf.add(tf.add(t1, tf.mul(ratio, EULER_GAMMA)), t3), 1 + EULER_GAMMA);
});

/**
 * `KL(N(m, s²) ‖ G(μ, β)) = −½ log(s²/β²) + (m − μ)/β + exp(−(m − μ)/β + s²/(2β²)) − ½(1 + log 2π)`.
 */
registerKL<NormalDist, GumbelDist>('Normal', 'Gumbel', (p, q) => {
  const shift = tf.div(tf.sub(p.loc, q.loc), q.scale);
  const spread = tf.square(tf.div(p.scale, q.scale));
  const t3 = tf.exp(tf.add(tf.neg(shift), tf.mul(spread, 0.5)));
  return tf.sub(tf.add(tf.sub(shift, tf.mul(tf.log(spread), 0.5)), t3), 0.5 + HALF_LOG_TWO_PI);
});

/**
 * `KL(G(μ, β) ‖ N(m, s²)) = −log(β/(s√(2π))) + (πβ/(2s))²/3 + ½((μ + βγ − m)/s)² − (γ + 1)`.
 */
registerKL<GumbelDist, NormalDist>('Gumbel', 'Normal', (p, q) => {
  const ratio = tf.div(p.scale, q.scale);
  const t1 = tf.sub(tf.log(ratio), HALF_LOG_TWO_PI);
  const t2 = tf.div(tf.square(tf.mul(ratio, Math.PI / 2)), 3);
  const t3 = tf.mul(tf.square(tf.div(tf.sub(tf.add(p.loc, tf.mul(p.scale, EULER_GAMMA)), q.loc), q.scale)), 0.5);
  return tf.sub(tf.add(tf.sub(t2, t1), t3), EULER_GAMMA + 1);
});

/** `KL(Exp(λ) ‖ G(μ, β)) = log(λβ) − 1 − μ/β + e^{μ/β} λβ/(λβ + 1) + 1/(λβ)`. */
registerKL<ExponentialDist, GumbelDist>('Exponential', 'Gumbel', (p, q) => {
  const product = tf.mul(p.rate, q.scale);
  const locRatio = tf.div(q.loc, q.scale);
  const t2 = tf.div(tf.mul(tf.exp(locRatio), product), tf.add(product, 1));
  return tf.add(tf.sub(tf.sub(tf.log(product), 1), locRatio), tf.add(t2, tf.reciprocal(product)));
});

/**
 * `KL(Γ(α, r) ‖ G(μ, β)) = (α − 1)ψ(α) − lgamma(α) − α + log(rβ) + α/(rβ)
 * + e^{μ/β} (1 + 1/(rβ))^{−α} − μ/β`.
 */
registerKL<GammaDist, GumbelDist>('Gamma', 'Gumbel', (p, q) => {
  const alpha = p.concentration;
  const product = tf.mul(p.rate, q.scale);
  const locRatio = tf.div(q.loc, q.scale);
  const t1 = tf.sub(tf.sub(tf.mul(tf.sub(alpha, 1), digamma(alpha)), lgamma(alpha)), alpha);
  const t2 = tf.add(tf.log(product), tf.div(alpha, product));
  const t3 = tf.sub(tf.mul(tf.exp(locRatio), tf.pow(tf.add(tf.reciprocal(product), 1), tf.neg(alpha))), locRatio);
  return tf.add(tf.add(t1, t2), t3);
});

/**
 * `KL(U(a, b) ‖ G(μ, β)) = log(β/(b − a)) + ½(h + l) − β/(b − a) (e^{−h} − e^{−l})` with
 * `h = (b − μ)/β`, `l = (a − μ)/β`.
 */
registerKL<UniformDist, GumbelDist>('Uniform', 'Gumbel', (p, q) => {
  const common = tf.div(q.scale, tf.sub(p.high, p.low));
  const high = tf.div(tf.sub(p.high, q.loc), q.scale);
  const low = tf.div(tf.sub(p.low, q.loc), q.scale);
  const t1 = tf.add(tf.log(common), tf.mul(tf.add(high, low), 0.5));
  return tf.sub(t1, tf.mul(common, tf.sub(tf.exp(tf.neg(high)), tf.exp(tf.neg(low)))));
});
