/**
 * `TraceMeanFieldELBO`: the ELBO with analytic KL divergences where a rule exists (NumPyro's
 * `TraceMeanField_ELBO`, Pyro's `TraceMeanField_ELBO`).
 *
 * For a guide trace and the model replayed on it, the ELBO is the sum of, for every model
 * sample site in order:
 * - observed: `Σ log p(x)` (scaled and masked);
 * - latent with a guide site, whose pair of families has a KL rule: `−Σ KL(q ‖ p)`, scaled and
 *   masked by the guide site's scale and mask (as a log-density is), of the guide site's
 *   batch shape;
 * - latent with a guide site and no KL rule: the Monte Carlo term `Σ (log p(z) − log q(z))`;
 * - latent without a guide site (drawn from the prior): `Σ log p(z)`;
 * and, for every guide sample site the model lacks (auxiliary sites, `infer.isAuxiliary`),
 * `−Σ log q(z)`.
 *
 * The analytic KL lowers the variance of the estimate and its gradient; it is exact under the
 * mean-field restriction (each guide site depends on no later latent site), which the
 * estimator checks, like NumPyro, by warning when the guide visits the shared sites in a
 * different order from the model.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SampleSite } from '../../core/effect.js';
import { IgnisError, ignisError } from '../../core/errors.js';
import { shapesEqual, showShape, tryBroadcastShapes } from '../../core/shape.js';
import { type Trace, sampleSites, scaleAndMask, siteLogProb } from '../../core/trace.js';
import type { Distribution } from '../../distributions/distribution.js';
import { ExpandedDist } from '../../distributions/expanded.js';
import { findKLRule, klDivergence } from '../../distributions/kl.js';
import { MaskedDist } from '../../distributions/masked.js';
import { broadcastIfNeeded, isValidationEnabled } from '../../distributions/util.js';
import { warnOnce } from '../warn.js';
import { checkModelGuideMatch } from './check.js';
import { type ELBO, type ElboOptions, type TracePair, particlePairs, resolveElboOptions } from './elbo.js';
import { type ElboTerm, type SiteTerm, scoreFunctionTerms, termsAtPlates, totalOfTerms } from './terms.js';
import { lossFromParticles } from './trace-elbo.js';

const NAME = 'TraceMeanFieldELBO';

/**
 * Whether `klDivergence(q, p)` has a rule to dispatch to (the registry's lookup, unwrapping the
 * generic expanded distribution and masked pairs the same way), without computing it.
 */
export function hasKLRule(q: Distribution, p: Distribution): boolean {
  if (q instanceof ExpandedDist) return hasKLRule(q.base, p);
  if (p instanceof ExpandedDist) return hasKLRule(q, p.base);
  if (q instanceof MaskedDist || p instanceof MaskedDist) {
    return q instanceof MaskedDist && p instanceof MaskedDist && hasKLRule(q.base, p.base);
  }
  return findKLRule(q.family, p.family) !== undefined;
}

/**
 * `KL(q ‖ p)` for a guide site against its model site, of the guide site's batch shape, or
 * `undefined` when no rule applies (a rule of the pair may still decline, e.g.
 * `Independent(Gamma, 1)` against a `MultivariateNormal`: `NotImplemented` means "no rule").
 */
function siteKL(guideSite: SampleSite, modelSite: SampleSite): tf.Tensor | undefined {
  if (!hasKLRule(guideSite.fn, modelSite.fn)) return undefined;
  let kl: tf.Tensor;
  try {
    kl = klDivergence(guideSite.fn, modelSite.fn);
  } catch (e) {
    if (e instanceof IgnisError && e.tag === 'NotImplemented') return undefined;
    throw e;
  }
  const batchShape = guideSite.fn.batchShape;
  const joint = tryBroadcastShapes(kl.shape, batchShape);
  if (joint === undefined || !shapesEqual(joint, batchShape)) {
    throw ignisError('ShapeMismatch', {
      fn: NAME,
      what: 'the KL divergence does not fit the guide site',
      site: guideSite.name,
      detail: `KL(${guideSite.fn.family} ‖ ${modelSite.fn.family}) has shape ${showShape(kl.shape)} but the guide site's batch shape is ${showShape(batchShape)}`,
      hint: 'Sample the guide site inside the same plates as the model site.',
    });
  }
  return broadcastIfNeeded(kl, batchShape);
}

/** `−KL` scaled and masked like the guide site's log-density (one kernel in the common cases). */
function negatedKL(kl: tf.Tensor, guideSite: SampleSite): tf.Tensor {
  if (guideSite.mask === true && typeof guideSite.scale === 'number') return guideSite.scale === 1 ? tf.neg(kl) : tf.mul(kl, -guideSite.scale);
  return tf.neg(scaleAndMask(kl, guideSite));
}

/** The mean-field ELBO terms of one trace pair, and the guide's log-densities for score functions. */
function meanFieldTerms(pair: TracePair): { readonly terms: readonly ElboTerm[]; readonly guide: readonly SiteTerm[] } {
  const guideLogProbs = new Map<string, tf.Tensor>();
  const logQ = (site: SampleSite): tf.Tensor => {
    const known = guideLogProbs.get(site.name);
    if (known !== undefined) return known;
    const lp = siteLogProb(site, pair.guide);
    guideLogProbs.set(site.name, lp);
    return lp;
  };
  const terms: ElboTerm[] = [];
  for (const site of sampleSites(pair.model)) {
    const guideSite = pair.guide.sites.get(site.name);
    if (site.isObserved || guideSite?.type !== 'sample') {
      terms.push({ plates: site.plates, value: siteLogProb(site, pair.model) });
      continue;
    }
    const kl = siteKL(guideSite, site);
    if (kl !== undefined) {
      terms.push({ plates: guideSite.plates, value: negatedKL(kl, guideSite) });
    } else {
      terms.push({ plates: site.plates, value: siteLogProb(site, pair.model) });
      terms.push({ plates: guideSite.plates, value: tf.neg(logQ(guideSite)) });
    }
  }
  for (const site of sampleSites(pair.guide)) {
    if (pair.model.sites.get(site.name)?.type !== 'sample') terms.push({ plates: site.plates, value: tf.neg(logQ(site)) });
  }
  const scored = sampleSites(pair.guide).filter((s) => !s.isObserved && !s.fn.hasRsample);
  return { terms, guide: scored.map((site) => ({ site, logProb: logQ(site) })) };
}

/** One particle's mean-field ELBO and, when score-function terms exist, its surrogate. */
export function meanFieldParticle(pair: TracePair): { readonly elbo: tf.Tensor; readonly surrogate: tf.Tensor | undefined } {
  const { terms, guide } = meanFieldTerms(pair);
  const elbo = totalOfTerms(terms);
  const scores = scoreFunctionTerms(guide, (plates) => termsAtPlates(terms, plates));
  return { elbo, surrogate: scores === undefined ? undefined : tf.add(elbo, scores) };
}

/**
 * Warn (once) when the guide visits the sample sites it shares with the model in a different
 * order (NumPyro's `_check_mean_field_requirement`): the same order is sufficient, though not
 * necessary, for the mean-field restriction the analytic KL terms rely on.
 */
export function checkMeanFieldOrder(model: Trace, guide: Trace, caller: string = NAME): void {
  const shared = (a: Trace, b: Trace): string[] => sampleSites(a).filter((s) => b.sites.get(s.name)?.type === 'sample').map((s) => s.name);
  const modelOrder = shared(model, guide);
  const guideOrder = shared(guide, model);
  if (modelOrder.every((name, i) => guideOrder[i] === name)) return;
  warnOnce(
    `${caller}: Failed to verify mean field restriction on the guide: model sites are visited in the order ` +
      `${modelOrder.join(', ')}, guide sites in the order ${guideOrder.join(', ')}. ` +
      'To eliminate this warning, ensure model and guide sites occur in the same order.',
  );
}

/**
 * The ELBO with analytic `KL(q ‖ p)` per latent site where a rule is registered, else the
 * Monte Carlo term (NumPyro's `TraceMeanField_ELBO`).
 *
 * `ELBO = Σ_obs log p(x|z) − Σ_latent KL(q_s ‖ p_s) − Σ_aux log q(z_aux)`, the KL of each
 * latent site scaled and masked like its guide site's log-density (so a subsampled plate
 * scales it by `size / subsampleSize`). Where no rule exists (see `registerKL`) the site
 * contributes `log p(z) − log q(z)` at the guide's draw, exactly as in `TraceELBO`.
 *
 * Gotchas:
 * - The analytic KL is exact only under the mean-field restriction: a guide site may depend on
 *   earlier latent sites (the KL is then evaluated at their draws) but not on later ones. A
 *   guide visiting the shared sites in a different order from the model triggers a warning.
 * - A guide `Delta(v, { logDensity })` (an autoguide's user-facing site) contributes
 *   `KL = logDensity − log p(v)`, so the log-Jacobian it carries is counted and the estimate
 *   equals `TraceELBO`'s (Pyro ignores the `logDensity` there).
 * - Unlike Pyro (which requires a fully reparameterized guide), non-reparameterizable guide
 *   sites are allowed: as in `TraceELBO`, each adds a score-function term whose cost is the
 *   mean-field ELBO's terms summed to the site's plates.
 * - The KL must have the guide site's batch shape (up to broadcasting): a guide site outside
 *   a plate its model site is in is a `ShapeMismatch`.
 *
 * @example
 * ```ts
 * const svi = SVI(model, guide, Adam({ lr: 0.01 }), TraceMeanFieldELBO({ numParticles: 4, vectorizeParticles: true }));
 * ```
 * @category inference
 * @since 0.1.0
 */
export function TraceMeanFieldELBO(options: ElboOptions = {}): ELBO {
  const resolved = resolveElboOptions(NAME, options);
  return {
    name: NAME,
    ...resolved,
    loss(input) {
      const pairs = particlePairs(input, resolved, NAME);
      if (isValidationEnabled()) {
        checkModelGuideMatch(pairs[0]!.model, pairs[0]!.guide, NAME);
        checkMeanFieldOrder(pairs[0]!.model, pairs[0]!.guide);
      }
      return lossFromParticles(pairs.map(meanFieldParticle), resolved.numParticles);
    },
  };
}
