/**
 * `TraceELBO`: the standard Monte Carlo ELBO (Pyro's `Trace_ELBO`).
 *
 * `ELBO = E_q[log p(x, z) − log q(z)]`, estimated by drawing the guide, replaying the model
 * on it and summing every site's log-density (scaled and masked, so plates, subsampling and
 * `scale`/`mask` are honoured). Reparameterized guide sites carry pathwise gradients; each
 * non-reparameterizable latent guide site `s` (Bernoulli, Categorical, …) adds the
 * score-function term `stopGradient(log r_s) · log q_s` to a surrogate objective, where
 * `log r_s` is `log p − log q` summed to the plates of `s` (Ranganath et al. 2014, "Black Box
 * Variational Inference"; Pyro's plate-wise Rao–Blackwellization). The loss's *value* is
 * always the plain `−ELBO`; its *gradient* is the surrogate's.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { sampleSites } from '../../core/trace.js';
import { isValidationEnabled } from '../../distributions/util.js';
import { higherOrder } from '../../ops/fused/engine.js';
import { stopGradient } from '../../ops/index.js';
import { checkModelGuideMatch } from './check.js';
import { type ELBO, type ElboOptions, type TracePair, particlePairs, resolveElboOptions } from './elbo.js';
import { type WeightedKernel, fusedTotal, siteKernel } from './fused-total.js';
import { logRatioAtPlates, scoreFunctionTerms, siteTerms, totalLogProb } from './terms.js';

/** One particle's ELBO and, when score-function terms exist, its surrogate. */
export function particleElbo(pair: TracePair): { readonly elbo: tf.Tensor; readonly surrogate: tf.Tensor | undefined } {
  const model = siteTerms(pair.model);
  const guide = siteTerms(pair.guide);
  const elbo = tf.sub(totalLogProb(model), totalLogProb(guide));
  const scores = scoreFunctionTerms(guide, (plates) => logRatioAtPlates(model, guide, plates));
  return { elbo, surrogate: scores === undefined ? undefined : tf.add(elbo, scores) };
}

/**
 * Combine particles into the loss: value `−mean(elbo)`, gradient `−mean(surrogate)`. The
 * sum over pairs is divided by `numParticles` (a vectorized pair holds all particles in one
 * sum).
 */
export function lossFromParticles(parts: readonly { elbo: tf.Tensor; surrogate: tf.Tensor | undefined }[], numParticles: number): tf.Scalar {
  const elbo = parts.length === 1 ? parts[0]!.elbo : tf.addN(parts.map((p) => p.elbo));
  if (parts.every((p) => p.surrogate === undefined)) return tf.div<tf.Scalar>(tf.neg(elbo), numParticles);
  const surrogate = tf.addN(parts.map((p) => p.surrogate ?? p.elbo));
  // value of −elbo, gradient of −surrogate
  const objective = tf.sub(surrogate, stopGradient(tf.sub(surrogate, elbo)));
  return tf.div<tf.Scalar>(tf.neg(objective), numParticles);
}

/** Whether every latent guide site is reparameterized (no score-function term). */
export const fullyReparameterized = (pairs: readonly TracePair[]): boolean =>
  pairs.every((pair) => sampleSites(pair.guide).every((s) => s.isObserved || s.fn.hasRsample));

/**
 * The loss `−mean(elbo)` as one fused op (see `infer/elbo/fused-total.ts`): each model site's `Σ log p`
 * with weight `−1/numParticles`, each guide site's with `+1/numParticles`. Only for fully
 * reparameterized guides and first-order gradients.
 */
function fusedLoss(pairs: readonly TracePair[], numParticles: number): tf.Scalar {
  const w = 1 / numParticles;
  const terms: WeightedKernel[] = [];
  for (const pair of pairs) {
    for (const site of sampleSites(pair.model)) terms.push(...siteKernel(site, pair.model, -w));
    for (const site of sampleSites(pair.guide)) terms.push(...siteKernel(site, pair.guide, w));
  }
  return fusedTotal(terms, () => lossFromParticles(pairs.map(particleElbo), numParticles));
}

/**
 * The Monte Carlo ELBO with pathwise and score-function gradients.
 *
 * @example
 * ```ts
 * const svi = SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO({ numParticles: 4, vectorizeParticles: true }));
 * ```
 * @category inference
 * @since 0.1.0
 */
export function TraceELBO(options: ElboOptions = {}): ELBO {
  const resolved = resolveElboOptions('TraceELBO', options);
  return {
    name: 'TraceELBO',
    ...resolved,
    loss(input) {
      const pairs = particlePairs(input, resolved, 'TraceELBO');
      if (isValidationEnabled()) checkModelGuideMatch(pairs[0]!.model, pairs[0]!.guide, 'TraceELBO');
      if (!higherOrder() && fullyReparameterized(pairs)) return fusedLoss(pairs, resolved.numParticles);
      return lossFromParticles(pairs.map(particleElbo), resolved.numParticles);
    },
  };
}
