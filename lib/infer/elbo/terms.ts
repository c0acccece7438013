/**
 * The terms an ELBO is made of: per-site log-densities of a trace pair, sums of them, and the
 * plate-aware downstream cost used by score-function (REINFORCE) gradients.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PlateFrame, SampleSite } from '../../core/effect.js';
import { float64Sum } from '../../core/float64-sum.js';
import { shapesEqual } from '../../core/shape.js';
import { type Trace, sampleSites, siteLogProb } from '../../core/trace.js';
import { stopGradient } from '../../ops/index.js';

/** A site and its (scaled, masked) log-density, of the site's batch shape. */
export interface SiteTerm {
  readonly site: SampleSite;
  readonly logProb: tf.Tensor;
}

/** The log-density terms of every sample site of a trace. */
export function siteTerms(trace: Trace): readonly SiteTerm[] {
  return sampleSites(trace).map((site) => ({ site, logProb: siteLogProb(site, trace) }));
}

/** `Σ_terms Σ logProb` as a scalar (0 for no terms), accumulated in float64. */
export function totalLogProb(terms: readonly { readonly logProb: tf.Tensor }[]): tf.Tensor {
  return float64Sum(terms.map((t) => t.logProb));
}

/** `Σ tensors` with broadcasting, in as few kernels as possible (0 for none). */
export function addAll(tensors: readonly tf.Tensor[]): tf.Tensor {
  if (tensors.length === 0) return tf.scalar(0);
  if (tensors.length === 1) return tensors[0]!;
  const shape = tensors[0]!.shape;
  const sameShape = tensors.every((t) => shapesEqual(t.shape, shape));
  return sameShape ? tf.addN([...tensors]) : tensors.reduce((a, b) => tf.add(a, b));
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

/**
 * A signed contribution to an ELBO, of the batch shape of the site it comes from, with that
 * site's plates: a log-density `log p`, `−log q`, `log p − log q`, or `−KL(q ‖ p)`.
 */
export interface ElboTerm {
  readonly plates: readonly PlateFrame[];
  readonly value: tf.Tensor;
}

/** `Σ_terms Σ value` as a scalar (0 for no terms), accumulated in float64. */
export function totalOfTerms(terms: readonly ElboTerm[]): tf.Tensor {
  return float64Sum(terms.map((t) => t.value));
}

/** `Σ_terms value` summed to the dims of `plates` (the downstream cost of a site in `plates`). */
export function termsAtPlates(terms: readonly ElboTerm[], plates: readonly PlateFrame[]): tf.Tensor {
  return addAll(terms.map((t) => sumToPlates(t.value, t.plates, plates)));
}

/**
 * The score-function (REINFORCE) part of a surrogate objective: for every latent guide site `s`
 * without `rsample`, `Σ stopGradient(cost(plates of s)) · log q_s`, where `cost` is the ELBO's
 * terms summed to those plates (`logRatioAtPlates` for `TraceELBO`). `undefined` when every
 * latent guide site is reparameterized.
 */
export function scoreFunctionTerms(guide: readonly SiteTerm[], cost: (plates: readonly PlateFrame[]) => tf.Tensor): tf.Tensor | undefined {
  const scored = guide.filter((t) => !t.site.isObserved && !t.site.fn.hasRsample);
  if (scored.length === 0) return undefined;
  const scores = scored.map((t) => tf.sum(tf.mul(stopGradient(cost(t.site.plates)), t.logProb)));
  return scores.length === 1 ? scores[0]! : tf.addN(scores);
}
