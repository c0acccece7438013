/**
 * `RenyiELBO`: the variational Rényi bound (Li & Turner 2016, "Rényi Divergence Variational
 * Inference"); with `alpha = 0`, the importance-weighted bound of Burda et al. 2016 (IWAE).
 *
 * With `n` particles `z_i ~ q` and log-weights `w_i = log p(x, z_i) − log q(z_i)` (every site
 * scaled and masked, summed over all dims but the particle dim),
 * `ELBO_α = (1/(1−α)) · (logsumexp_i((1−α) w_i) − log n)`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { float64Sum, float64SumKeeping } from '../../core/float64-sum.js';
import type { PlateFrame } from '../../core/effect.js';
import { invalidArgument } from '../../core/errors.js';
import { broadcastIfNeeded, isValidationEnabled } from '../../distributions/util.js';
import { stopGradient } from '../../ops/index.js';
import { PARTICLE_PLATE, checkModelGuideMatch } from './check.js';
import { type ELBO, type ElboOptions, type TracePair, particlePairs, resolveElboOptions } from './elbo.js';
import { type SiteTerm, addAll, siteTerms, totalLogProb } from './terms.js';

const NAME = 'RenyiELBO';

/**
 * Options of {@link RenyiELBO}.
 *
 * @category inference
 * @since 0.1.0
 */
export interface RenyiOptions extends ElboOptions {
  /** The order α of the Rényi divergence, any finite number but 1 (default 0: IWAE). */
  readonly alpha?: number;
  /** Particles per loss evaluation (default 2). */
  readonly numParticles?: number;
}

/** Log-weights `w` of shape `[n]` and, when the guide has score-function sites, their `Σ log q` per particle. */
interface Weights {
  readonly logWeights: tf.Tensor;
  readonly scoredLogQ: tf.Tensor | undefined;
}

/**
 * A site's log-density summed over every dim but the particle plate's (a scalar outside it),
 * accumulated in float64.
 */
function perParticle(logProb: tf.Tensor, plates: readonly PlateFrame[]): tf.Tensor {
  const frame = plates.find((f) => f.name === PARTICLE_PLATE);
  if (frame === undefined) return float64Sum([logProb]);
  return logProb.rank === 1 ? logProb : float64SumKeeping(logProb, logProb.rank + frame.dim);
}

const isScored = (t: SiteTerm): boolean => !t.site.isObserved && !t.site.fn.hasRsample;

/** The weights of one vectorized pair: every term reduced to the particle dim. */
function vectorizedWeights(pair: TracePair, n: number): Weights {
  const model = siteTerms(pair.model);
  const guide = siteTerms(pair.guide);
  const sum = (terms: readonly SiteTerm[]): tf.Tensor => addAll(terms.map((t) => perParticle(t.logProb, t.site.plates)));
  const logWeights = broadcastIfNeeded(tf.sub(sum(model), sum(guide)), [n]);
  const scored = guide.filter(isScored);
  return { logWeights, scoredLogQ: scored.length === 0 ? undefined : broadcastIfNeeded(sum(scored), [n]) };
}

/** The weights of looped pairs: one scalar per pair, stacked. */
function loopedWeights(pairs: readonly TracePair[]): Weights {
  const parts = pairs.map((pair) => {
    const model = siteTerms(pair.model);
    const guide = siteTerms(pair.guide);
    const scored = guide.filter(isScored);
    return { w: tf.sub(totalLogProb(model), totalLogProb(guide)), scored: scored.length === 0 ? undefined : totalLogProb(scored) };
  });
  const stack = (ts: readonly tf.Tensor[]): tf.Tensor => (ts.length === 1 ? tf.reshape(ts[0]!, [1]) : tf.stack([...ts]));
  const anyScored = parts.some((p) => p.scored !== undefined);
  return {
    logWeights: stack(parts.map((p) => p.w)),
    scoredLogQ: anyScored ? stack(parts.map((p) => p.scored ?? tf.scalar(0))) : undefined,
  };
}

/** `(1/(1−α)) · (logsumexp((1−α) w) − log n)` over the last axis (`w` itself for one particle). */
function renyiBound(logWeights: tf.Tensor, alpha: number, n: number): tf.Tensor {
  if (n === 1) return tf.squeeze(logWeights, [-1]);
  const oneMinus = 1 - alpha;
  const lse = tf.logSumExp(oneMinus === 1 ? logWeights : tf.mul(logWeights, oneMinus), -1);
  const centred = tf.sub(lse, Math.log(n));
  return oneMinus === 1 ? centred : tf.mul(centred, 1 / oneMinus);
}

/**
 * VIMCO's leave-one-out baselines (Mnih & Rezende 2016), generalized to any α: for particle
 * `i`, the bound with `w_i` replaced by the mean of the other log-weights. Independent of
 * `z_i`, so subtracting it keeps the score-function estimator unbiased. Zero for one particle.
 */
function leaveOneOutBaselines(logWeights: tf.Tensor, alpha: number, n: number): tf.Tensor {
  if (n === 1) return tf.zeros([1]);
  const w = stopGradient(logWeights);
  const othersMean = tf.div(tf.sub(tf.sum(w), w), n - 1); // [n]
  const eye = tf.tensor2d(Float32Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0)), [n, n]);
  // row i: w with its i-th entry replaced by the mean of the others
  const replaced = tf.add(tf.mul(tf.sub(1, eye), tf.reshape(w, [1, n])), tf.mul(eye, tf.reshape(othersMean, [n, 1])));
  return renyiBound(replaced, alpha, n);
}

/**
 * The loss from the weights: value `−ELBO_α`. The gradient of the bound itself is the
 * reparameterized estimator `Σ_i w̄_i ∇w_i` with normalized weights
 * `w̄_i = softmax((1−α) w)_i`; score-function sites add `Σ_i (ELBO_α − baseline_i) ∇log q(z_i)`.
 */
function renyiLoss({ logWeights, scoredLogQ }: Weights, alpha: number, n: number): tf.Scalar {
  const bound = renyiBound(logWeights, alpha, n);
  if (scoredLogQ === undefined) return tf.neg<tf.Scalar>(bound as tf.Scalar);
  const advantage = tf.sub(stopGradient(bound), leaveOneOutBaselines(logWeights, alpha, n));
  const score = tf.sum(tf.mul(stopGradient(advantage), scoredLogQ));
  // value of the bound (score − stopGradient(score) is exactly 0), gradient of bound + score
  return tf.neg<tf.Scalar>(tf.add<tf.Scalar>(bound, tf.sub(score, stopGradient(score))));
}

/**
 * The Rényi α-divergence bound: `alpha = 0` (default) is the importance-weighted bound (IWAE),
 * tighter than the ELBO and increasing in the number of particles; `alpha → 1` is the ELBO
 * (`alpha = 1` itself is rejected: use `TraceELBO`, whose gradients have lower variance).
 *
 * `ELBO_α = (1/(1−α)) · (logsumexp_i((1−α) w_i) − log n)`,
 * `w_i = log p(x, z_i) − log q(z_i)`; for `α ≥ 0` it lower-bounds `log p(x)`, and with
 * `numParticles = 1` it equals the single-particle ELBO for every α.
 *
 * Gradients: reparameterized sites differentiate through the normalized importance weights
 * (as Pyro). Non-reparameterizable guide sites (Bernoulli, Categorical, …) add the
 * score-function term `Σ_i stopGradient(ELBO_α − b_i) · log q(z_i)` with VIMCO's leave-one-out
 * baselines `b_i` (Mnih & Rezende 2016): an unbiased gradient of the finite-`n` bound. This
 * differs from Pyro, whose `(α/(1−α)) Σ_i w̄_i ∇log q(z_i)` is the self-normalized gradient of
 * the exact α-divergence, biased for finite `n` and zero in expectation for `α = 0`.
 *
 * Gotchas: the bound is not a sum over data points, so subsampled plates only scale the
 * log-densities (the estimate of `log p(x)` is then not a bound); with `vectorizeParticles`
 * every site must sit inside the particle plate's dim `−(maxPlateNesting + 1)` as in
 * `TraceELBO`.
 *
 * @example
 * ```ts
 * const svi = SVI(model, guide, Adam({ lr: 0.01 }), RenyiELBO({ alpha: 0, numParticles: 8, vectorizeParticles: true }));
 * ```
 * @category inference
 * @since 0.1.0
 */
export function RenyiELBO(options: RenyiOptions = {}): ELBO {
  const alpha = options.alpha ?? 0;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha === 1) {
    throw invalidArgument(NAME, 'alpha', 'must be a finite number other than 1', String(alpha), 'For alpha = 1 (the standard ELBO) use TraceELBO.');
  }
  const resolved = resolveElboOptions(NAME, {
    numParticles: options.numParticles ?? 2,
    ...(options.vectorizeParticles === undefined ? {} : { vectorizeParticles: options.vectorizeParticles }),
  });
  const n = resolved.numParticles;
  return {
    name: NAME,
    ...resolved,
    loss(input) {
      const pairs = particlePairs(input, resolved, NAME);
      if (isValidationEnabled()) checkModelGuideMatch(pairs[0]!.model, pairs[0]!.guide, NAME);
      const weights = resolved.vectorizeParticles && n > 1 ? vectorizedWeights(pairs[0]!, n) : loopedWeights(pairs);
      return renyiLoss(weights, alpha, n);
    },
  };
}
