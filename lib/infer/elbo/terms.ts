/**
 * The terms an ELBO is made of: per-site log-densities of a trace pair, sums of them, and the
 * plate-aware downstream cost used by score-function (REINFORCE) gradients.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PlateFrame, SampleSite } from '../../core/effect.js';
import { type Trace, sampleSites, siteLogProb } from '../../core/trace.js';

/** A site and its (scaled, masked) log-density, of the site's batch shape. */
export interface SiteTerm {
  readonly site: SampleSite;
  readonly logProb: tf.Tensor;
}

/** The log-density terms of every sample site of a trace. */
export function siteTerms(trace: Trace): readonly SiteTerm[] {
  return sampleSites(trace).map((site) => ({ site, logProb: siteLogProb(site, trace) }));
}

/** `Σ_terms Σ logProb` as a scalar (0 for no terms). */
export function totalLogProb(terms: readonly SiteTerm[]): tf.Tensor {
  if (terms.length === 0) return tf.scalar(0);
  const sums = terms.map((t) => tf.sum(t.logProb));
  return sums.length === 1 ? sums[0]! : tf.addN(sums);
}

/**
 * Sum a log-density down to the dims of the `target` plates (keeping dims, so the result
 * broadcasts against a site inside those plates): dims of plates the term shares with the
 * target are kept, every other dim is summed.
 */
export function sumToPlates(logProb: tf.Tensor, termPlates: readonly PlateFrame[], target: readonly PlateFrame[]): tf.Tensor {
  const rank = logProb.rank;
  const kept = new Set(target.filter((f) => termPlates.some((t) => t.name === f.name)).map((f) => rank + f.dim));
  const summed = Array.from({ length: rank }, (_, axis) => axis).filter((axis) => !kept.has(axis));
  return summed.length === 0 ? logProb : tf.sum(logProb, summed, true);
}

/**
 * The downstream cost of a site for its score-function term, `log r = log p − log q`
 * summed to the site's plates (Pyro's `log_r.sum_to(cond_indep_stack)`): conditional
 * independence within a plate keeps each element's estimator free of the others' noise.
 */
export function logRatioAtPlates(model: readonly SiteTerm[], guide: readonly SiteTerm[], plates: readonly PlateFrame[]): tf.Tensor {
  const parts = [
    ...model.map((t) => sumToPlates(t.logProb, t.site.plates, plates)),
    ...guide.filter((t) => !t.site.isObserved).map((t) => tf.neg(sumToPlates(t.logProb, t.site.plates, plates))),
  ];
  return parts.reduce((a, b) => tf.add(a, b));
}
