/**
 * KL rules for Beta/Beta and Dirichlet/Dirichlet (torch's formulas).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { digamma, lgamma } from '../../ops/index.js';
import type { BetaDist } from '../families/continuous/beta.js';
import type { DirichletDist } from '../families/multivariate/dirichlet.js';
import { registerKL } from './registry.js';

/**
 * With `sp = ap + bp`, `sq = aq + bq`:
 * `KL = lgamma(aq) + lgamma(bq) + lgamma(sp) − lgamma(ap) − lgamma(bp) − lgamma(sq)
 * + (ap − aq) ψ(ap) + (bp − bq) ψ(bp) + (sq − sp) ψ(sp)`.
 */
registerKL<BetaDist, BetaDist>('Beta', 'Beta', (p, q) => {
  const [ap, bp, aq, bq] = [p.concentration1, p.concentration0, q.concentration1, q.concentration0];
  const sp = tf.add(ap, bp);
  const sq = tf.add(aq, bq);
  const t1 = tf.add(tf.add(lgamma(aq), lgamma(bq)), lgamma(sp));
  const t2 = tf.add(tf.add(lgamma(ap), lgamma(bp)), lgamma(sq));
  const t3 = tf.mul(tf.sub(ap, aq), digamma(ap));
  const t4 = tf.mul(tf.sub(bp, bq), digamma(bp));
  const t5 = tf.mul(tf.sub(sq, sp), digamma(sp));
  return tf.add(tf.add(tf.sub(t1, t2), tf.add(t3, t4)), t5);
});

/**
 * With `Sp = Σ αp`, `Sq = Σ αq`:
 * `KL = lgamma(Sp) − lgamma(Sq) − Σ (lgamma(αp) − lgamma(αq)) + Σ (αp − αq)(ψ(αp) − ψ(Sp))`.
 */
registerKL<DirichletDist, DirichletDist>('Dirichlet', 'Dirichlet', (p, q) => {
  const ap = p.concentration;
  const aq = q.concentration;
  const sp = tf.sum(ap, -1);
  const sq = tf.sum(aq, -1);
  const t1 = tf.sub(lgamma(sp), lgamma(sq));
  const t2 = tf.sum(tf.sub(lgamma(ap), lgamma(aq)), -1);
  const t4 = tf.sub(digamma(ap), tf.expandDims(digamma(sp), -1));
  return tf.add(tf.sub(t1, t2), tf.sum(tf.mul(tf.sub(ap, aq), t4), -1));
});
