/**
 * KL rules involving the Pareto family (torch's formulas): Pareto/Pareto, Pareto/Exponential,
 * Pareto/Gamma, Pareto/Normal, Uniform/Pareto, each `∞` where the first distribution's support
 * leaves the second's or its moments do not exist. (Pareto against the interval families and
 * the real-line families against Pareto are `∞`: see `infinite.ts`.)
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { lgamma, xlogy } from '../../ops/index.js';
import type { ExponentialDist } from '../families/continuous/exponential.js';
import type { GammaDist } from '../families/continuous/gamma.js';
import type { NormalDist } from '../families/continuous/normal.js';
import type { ParetoDist } from '../families/continuous/pareto.js';
import type { UniformDist } from '../families/continuous/uniform.js';
import { infiniteWhere } from './infinite.js';
import { registerKL } from './registry.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** `KL(P(xp, αp) ‖ P(xq, αq)) = αq log(xp/xq) − log(αq/αp) + αq/αp − 1`, `∞` where `xp < xq`. */
registerKL<ParetoDist, ParetoDist>('Pareto', 'Pareto', (p, q) => {
  const alphaRatio = tf.div(q.alpha, p.alpha);
  const kl = tf.sub(tf.add(tf.sub(tf.mul(q.alpha, tf.log(tf.div(p.scale, q.scale))), tf.log(alphaRatio)), alphaRatio), 1);
  return infiniteWhere(tf.less(p.scale, q.scale), kl);
});

/** `KL(P(xₘ, α) ‖ Exp(λ)) = log(α/(xₘλ)) − 1/α + λαxₘ/(α − 1) − 1`, `∞` where `α ≤ 1`. */
registerKL<ParetoDist, ExponentialDist>('Pareto', 'Exponential', (p, q) => {
  const t1 = tf.log(tf.div(p.alpha, tf.mul(p.scale, q.rate)));
  const t3 = tf.div(tf.mul(tf.mul(q.rate, p.alpha), p.scale), tf.sub(p.alpha, 1));
  return infiniteWhere(tf.lessEqual(p.alpha, 1), tf.sub(tf.add(tf.sub(t1, tf.reciprocal(p.alpha)), t3), 1));
});

/**
 * `KL(P(xₘ, α) ‖ Γ(a, r)) = log α − c + lgamma(a) − a log r + (1 − a)c + rαxₘ/(α − 1) − 1` with
 * `c = log xₘ + 1/α`; `∞` where `α ≤ 1`.
 */
registerKL<ParetoDist, GammaDist>('Pareto', 'Gamma', (p, q) => {
  const common = tf.add(tf.log(p.scale), tf.reciprocal(p.alpha));
  const t1 = tf.sub(tf.log(p.alpha), common);
  const t2 = tf.sub(lgamma(q.concentration), tf.mul(q.concentration, tf.log(q.rate)));
  const t3 = tf.mul(tf.sub(1, q.concentration), common);
  const t4 = tf.div(tf.mul(tf.mul(q.rate, p.alpha), p.scale), tf.sub(p.alpha, 1));
  return infiniteWhere(tf.lessEqual(p.alpha, 1), tf.sub(tf.add(tf.add(t1, t2), tf.add(t3, t4)), 1));
});

/**
 * `KL(P(xₘ, α) ‖ N(m, s²)) = log(√(2π) s α/xₘ) − 1/α + (α c²/(α − 2) + (α c − m)²)/(2s²) − 1`
 * with `c = xₘ/(α − 1)`; `∞` where `α ≤ 2`.
 */
registerKL<ParetoDist, NormalDist>('Pareto', 'Normal', (p, q) => {
  const common = tf.div(p.scale, tf.sub(p.alpha, 1));
  const t1 = tf.add(tf.log(tf.div(tf.mul(q.scale, p.alpha), p.scale)), HALF_LOG_TWO_PI);
  const t3 = tf.div(tf.mul(p.alpha, tf.square(common)), tf.sub(p.alpha, 2));
  const t4 = tf.square(tf.sub(tf.mul(p.alpha, common), q.loc));
  const kl = tf.sub(tf.add(tf.sub(t1, tf.reciprocal(p.alpha)), tf.div(tf.add(t3, t4), tf.mul(tf.square(q.scale), 2))), 1);
  return infiniteWhere(tf.lessEqual(p.alpha, 2), kl);
});

/**
 * `KL(U(a, b) ‖ P(xₘ, α)) = (α + 1)(b log b − a log a − (b − a))/(b − a) − log(α xₘ^α (b − a))`,
 * `∞` where `a < xₘ`.
 */
registerKL<UniformDist, ParetoDist>('Uniform', 'Pareto', (p, q) => {
  const width = tf.sub(p.high, p.low);
  const t1 = tf.add(tf.log(tf.mul(q.alpha, width)), tf.mul(q.alpha, tf.log(q.scale)));
  const t2 = tf.div(tf.sub(tf.sub(xlogy(p.high, p.high), xlogy(p.low, p.low)), width), width);
  return infiniteWhere(tf.less(p.low, q.scale), tf.sub(tf.mul(t2, tf.add(q.alpha, 1)), t1));
});
