/**
 * KL rules from Gamma to and from other families that Chi2 (a Gamma) needs, as torch registers
 * them: Gamma/Normal, Beta/Gamma, Uniform/Gamma. (Gamma/Gamma and the Exponential pairs are in
 * `gamma.ts`; Gamma/Gumbel in `gumbel.ts`; Pareto/Gamma in `pareto.ts`.)
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { digamma, lgamma, xlogy } from '../../ops/index.js';
import type { BetaDist } from '../families/continuous/beta.js';
import type { GammaDist } from '../families/continuous/gamma.js';
import type { NormalDist } from '../families/continuous/normal.js';
import type { UniformDist } from '../families/continuous/uniform.js';
import { infiniteWhere } from './infinite.js';
import { registerKL } from './registry.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** `−log Z` of the Gamma density, `α log r − lgamma(α)`, negated: `lgamma(α) − α log r`. */
const gammaLogNormalizer = (q: GammaDist): tf.Tensor => tf.sub(lgamma(q.concentration), tf.mul(q.concentration, tf.log(q.rate)));

/**
 * `KL(Γ(α, r) ‖ N(m, s²)) = log(r s) + ½ log 2π − α − lgamma(α) + (α − 1)ψ(α)
 * + (½(α² + α)/r² − mα/r + ½m²)/s²`.
 */
registerKL<GammaDist, NormalDist>('Gamma', 'Normal', (p, q) => {
  const [alpha, rate] = [p.concentration, p.rate];
  const t1 = tf.sub(tf.sub(tf.add(tf.log(tf.mul(rate, q.scale)), HALF_LOG_TWO_PI), alpha), lgamma(alpha));
  const t2 = tf.div(tf.mul(tf.add(tf.square(alpha), alpha), 0.5), tf.square(rate));
  const t3 = tf.div(tf.mul(q.loc, alpha), rate);
  const quadratic = tf.div(tf.add(tf.sub(t2, t3), tf.mul(tf.square(q.loc), 0.5)), tf.square(q.scale));
  return tf.add(tf.add(t1, tf.mul(tf.sub(alpha, 1), digamma(alpha))), quadratic);
});

/** `KL(B(a, b) ‖ Γ(α, r)) = −H(p) + lgamma(α) − α log r − (α − 1)(ψ(a) − ψ(a + b)) + r a/(a + b)`. */
registerKL<BetaDist, GammaDist>('Beta', 'Gamma', (p, q) => {
  const [a, b] = [p.concentration1, p.concentration0];
  const total = tf.add(a, b);
  const t3 = tf.mul(tf.sub(q.concentration, 1), tf.sub(digamma(a), digamma(total)));
  const t4 = tf.div(tf.mul(q.rate, a), total);
  return tf.add(tf.sub(tf.sub(gammaLogNormalizer(q), p.entropy()), t3), t4);
});

/**
 * `KL(U(a, b) ‖ Γ(α, r)) = −log(b − a) + lgamma(α) − α log r + (1 − α)(b log b − a log a − (b − a))/(b − a)
 * + r(a + b)/2`, `∞` where `a < 0`. With `0 log 0 = 0` (`xlogy`), so `a = 0` is finite; torch
 * computes `0 · log 0 = NaN` there.
 */
registerKL<UniformDist, GammaDist>('Uniform', 'Gamma', (p, q) => {
  const width = tf.sub(p.high, p.low);
  const entropyTerm = tf.div(tf.sub(tf.sub(xlogy(p.high, p.high), xlogy(p.low, p.low)), width), width);
  const kl = tf.add(
    tf.add(tf.sub(gammaLogNormalizer(q), tf.log(width)), tf.mul(tf.sub(1, q.concentration), entropyTerm)),
    tf.mul(tf.mul(q.rate, tf.add(p.high, p.low)), 0.5),
  );
  return infiniteWhere(tf.less(p.low, 0), kl);
});
