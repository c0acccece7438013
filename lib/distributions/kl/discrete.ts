/**
 * KL rules for the discrete families: Bernoulli/Bernoulli, Categorical/Categorical,
 * OneHotCategorical/OneHotCategorical, Poisson/Poisson, Geometric/Geometric (torch's formulas,
 * including its conventions at probabilities 0 and 1). torch registers no rule for
 * NegativeBinomial, GammaPoisson, BetaBinomial, Multinomial or the zero-inflated families:
 * `klDivergence` raises NotImplemented for them, as Pyro.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BernoulliDist } from '../families/discrete/bernoulli.js';
import type { CategoricalDist } from '../families/discrete/categorical.js';
import type { CategoricalParamsDist } from '../families/discrete/categorical-params.js';
import type { GeometricDist } from '../families/discrete/geometric.js';
import type { PoissonDist } from '../families/discrete/poisson.js';
import { log1p } from '../../ops/index.js';
import { registerKL } from './registry.js';

/** `where(cond, value, x)` with a number `value`, broadcast to `x`'s shape. */
const override = (cond: tf.Tensor, value: number, x: tf.Tensor): tf.Tensor =>
  tf.where(tf.broadcastTo(cond, x.shape), tf.fill(x.shape, value), x);

/** Where a Bernoulli puts all its mass on `value` (0 or 1): its probs equal it, or its logits are ∓∞. */
const certain = (d: BernoulliDist, value: 0 | 1): tf.Tensor =>
  d.parameterization === 'probs' ? tf.equal(d.probs, value) : tf.equal(d.logits, value === 1 ? Infinity : -Infinity);

/**
 * `KL = p (softplus(−ℓq) − softplus(−ℓp)) + (1 − p)(softplus(ℓq) − softplus(ℓp))` with logits ℓ;
 * the first term is ∞ where `q = 0` (and 0 where `p = 0`), the second ∞ where `q = 1` (0 where
 * `p = 1`). "Where q = 1" is read from the parameter, as torch does in float64 (probs exactly
 * 1, or logits +∞), not from a rounded `σ(ℓ)`: KL(Bernoulli(logits = −20) ‖ Bernoulli(logits = 20))
 * is 19.99999992, not ∞; `1 − p` is `σ(−ℓ)` from logits.
 */
registerKL<BernoulliDist, BernoulliDist>('Bernoulli', 'Bernoulli', (p, q) => {
  const [pl, ql] = [p.logits, q.logits];
  const raw1 = tf.mul(p.probs, tf.sub(tf.softplus(tf.neg(ql)), tf.softplus(tf.neg(pl))));
  const raw2 = tf.mul(p.probsComplement, tf.sub(tf.softplus(ql), tf.softplus(pl)));
  const t1 = override(certain(p, 0), 0, override(certain(q, 0), Infinity, raw1));
  const t2 = override(certain(p, 1), 0, override(certain(q, 1), Infinity, raw2));
  return tf.add(t1, t2);
});

/** `KL = Σₖ pₖ (log pₖ − log qₖ)`, with `∞` where `qₖ = 0 < pₖ` and `0` where `pₖ = 0`. */
function categoricalKL(p: CategoricalParamsDist, q: CategoricalParamsDist): tf.Tensor {
  const [pp, qp] = [p.probs, q.probs];
  const raw = tf.mul(pp, tf.sub(p.logits, q.logits));
  const t = override(tf.equal(pp, 0), 0, override(tf.equal(qp, 0), Infinity, raw));
  return tf.sum(t, -1);
}

registerKL<CategoricalDist, CategoricalDist>('Categorical', 'Categorical', categoricalKL);

/** The Categorical KL of the categories (torch's `_kl_onehotcategorical_onehotcategorical`). */
registerKL<CategoricalParamsDist, CategoricalParamsDist>('OneHotCategorical', 'OneHotCategorical', categoricalKL);

/** `KL = −H(p) − log(1 − q)/p − ℓq` (torch's, with `p`, `q` the success probabilities and `ℓq` q's logits). */
registerKL<GeometricDist, GeometricDist>('Geometric', 'Geometric', (p, q) =>
  tf.sub(tf.sub(tf.neg(p.entropy()), tf.div(log1p(tf.neg(q.probs)), p.probs)), q.logits),
);

/** `KL(Poisson(λp) ‖ Poisson(λq)) = λp (log λp − log λq) − (λp − λq)`. */
registerKL<PoissonDist, PoissonDist>('Poisson', 'Poisson', (p, q) =>
  tf.sub(tf.mul(p.rate, tf.sub(tf.log(p.rate), tf.log(q.rate))), tf.sub(p.rate, q.rate)),
);
