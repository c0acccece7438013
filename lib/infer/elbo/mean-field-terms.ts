/**
 * The terms of the mean-field ELBO (`TraceMeanFieldELBO`): per trace pair, the contributions in
 * the model's site order (`Σ log p` of observed and prior-drawn sites, `−Σ KL(q ‖ p)` of latent
 * sites whose pair of families has a rule, the Monte Carlo `log p − log q` otherwise, `−log q` of
 * guide-only sites), materialized either as tensors (with plates, for score-function terms and
 * higher-order gradients) or as density kernels for the one fused op.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SampleSite } from '../../core/effect.js';
import { IgnisError, ignisError } from '../../core/errors.js';
import { shapesEqual, showShape, tryBroadcastShapes } from '../../core/shape.js';
import { type Trace, sampleSites, scaleAndMask, siteLogProb } from '../../core/trace.js';
import { klKernel } from '../../distributions/density/index.js';
import type { Distribution } from '../../distributions/distribution.js';
import { ExpandedDist } from '../../distributions/wrappers/expanded.js';
import { findKLRule, klDivergence } from '../../distributions/kl/index.js';
import { MaskedDist } from '../../distributions/wrappers/masked.js';
import { broadcastIfNeeded } from '../../distributions/util.js';
import type { TracePair } from './elbo.js';
import { type WeightedKernel, siteKernel, tensorKernel } from './fused-total.js';
import { type ElboTerm, type SiteTerm, scoreFunctionTerms, termsAtPlates, totalOfTerms } from './terms.js';

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
  return findKLRule(q, p) !== undefined;
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

/**
 * One contribution to the mean-field ELBO: `sign · Σ log p` of a site, or `−Σ KL(q ‖ p)` of a
 * latent site whose pair of families has a rule (the Monte Carlo terms replace it when the rule
 * declines).
 */
export type MeanFieldPart =
  | { readonly kind: 'logp'; readonly site: SampleSite; readonly trace: Trace; readonly sign: 1 | -1 }
  | { readonly kind: 'kl'; readonly guideSite: SampleSite; readonly modelSite: SampleSite };

/** The contributions of one trace pair, in the model's site order, then the guide-only sites. */
export function meanFieldParts(pair: TracePair): readonly MeanFieldPart[] {
  const parts: MeanFieldPart[] = [];
  for (const site of sampleSites(pair.model)) {
    const guideSite = pair.guide.sites.get(site.name);
    if (site.isObserved || guideSite?.type !== 'sample') {
      parts.push({ kind: 'logp', site, trace: pair.model, sign: 1 });
    } else if (hasKLRule(guideSite.fn, site.fn)) {
      parts.push({ kind: 'kl', guideSite, modelSite: site });
    } else {
      parts.push({ kind: 'logp', site, trace: pair.model, sign: 1 }, { kind: 'logp', site: guideSite, trace: pair.guide, sign: -1 });
    }
  }
  for (const site of sampleSites(pair.guide)) {
    if (pair.model.sites.get(site.name)?.type !== 'sample') parts.push({ kind: 'logp', site, trace: pair.guide, sign: -1 });
  }
  return parts;
}

/** The mean-field ELBO terms of one trace pair, and the guide's log-densities for score functions. */
function meanFieldTerms(pair: TracePair): { readonly terms: readonly ElboTerm[]; readonly guide: readonly SiteTerm[] } {
  const guideLogProbs = new Map<string, tf.Tensor>();
  const logProb = (site: SampleSite, trace: Trace): tf.Tensor => {
    if (trace !== pair.guide) return siteLogProb(site, trace);
    const known = guideLogProbs.get(site.name);
    if (known !== undefined) return known;
    const lp = siteLogProb(site, trace);
    guideLogProbs.set(site.name, lp);
    return lp;
  };
  const logpTerm = (site: SampleSite, trace: Trace, sign: 1 | -1): ElboTerm => {
    const lp = logProb(site, trace);
    return { plates: site.plates, value: sign === 1 ? lp : tf.neg(lp) };
  };
  const terms: ElboTerm[] = [];
  for (const part of meanFieldParts(pair)) {
    if (part.kind === 'logp') {
      terms.push(logpTerm(part.site, part.trace, part.sign));
      continue;
    }
    const kl = siteKL(part.guideSite, part.modelSite);
    if (kl !== undefined) terms.push({ plates: part.guideSite.plates, value: negatedKL(kl, part.guideSite) });
    else terms.push(logpTerm(part.modelSite, pair.model, 1), logpTerm(part.guideSite, pair.guide, -1));
  }
  const scored = sampleSites(pair.guide).filter((s) => !s.isObserved && !s.fn.hasRsample);
  return { terms, guide: scored.map((site) => ({ site, logProb: logProb(site, pair.guide) })) };
}

/**
 * The kernels of one trace pair's `−ELBO · weight` (for the fused loss): analytic KL kernels
 * where `klKernel` has one (else the registry's KL tensor, else the Monte Carlo terms).
 */
export function meanFieldKernels(pair: TracePair, weight: number): readonly WeightedKernel[] {
  return meanFieldParts(pair).flatMap((part): readonly WeightedKernel[] => {
    if (part.kind === 'logp') return siteKernel(part.site, part.trace, -part.sign * weight);
    const { guideSite, modelSite } = part;
    if (guideSite.mask === true && typeof guideSite.scale === 'number') {
      const kernel = klKernel(guideSite.fn, modelSite.fn);
      if (kernel !== undefined) return [{ kernel, weight: weight * guideSite.scale }];
    }
    const kl = siteKL(guideSite, modelSite);
    if (kl !== undefined) return [tensorKernel(negatedKL(kl, guideSite), -weight)];
    return [...siteKernel(modelSite, pair.model, -weight), ...siteKernel(guideSite, pair.guide, weight)];
  });
}

/** One particle's mean-field ELBO and, when score-function terms exist, its surrogate. */
export function meanFieldParticle(pair: TracePair): { readonly elbo: tf.Tensor; readonly surrogate: tf.Tensor | undefined } {
  const { terms, guide } = meanFieldTerms(pair);
  const elbo = totalOfTerms(terms);
  const scores = scoreFunctionTerms(guide, (plates) => termsAtPlates(terms, plates));
  return { elbo, surrogate: scores === undefined ? undefined : tf.add(elbo, scores) };
}

