/**
 * `TraceGraphELBO`: the ELBO with dependency-aware Rao–Blackwellized score-function gradients
 * (Pyro's `TraceGraph_ELBO`; Schulman et al. 2015, "Gradient Estimation Using Stochastic
 * Computation Graphs"; Mnih & Gregor 2014 for baselines).
 *
 * Value: the same Monte Carlo `−ELBO` as {@link TraceELBO} for the same key. Gradient: of the
 * surrogate
 *
 *   Σ_model log p − Σ_{reparameterized guide sites} log q
 *     + Σ_{z non-reparameterized} Σ_plates(z) stopGradient(C_z − b_z) · log q_z − Σ_z Σ (stopGradient(C_z) − b_z)²,
 *
 * where the *downstream cost* `C_z` sums only the terms (`log p` of model sites, `−log q` of guide
 * sites) whose log-density depends on the draw of `z` — found by provenance on tfjs's tape
 * (`dependencies.ts`): `z`'s own terms, its descendants in the guide, and the model sites that
 * read it — each summed to the plates of `z` (conditional independence within a plate keeps each
 * element's score multiplied by its own costs only). Terms that do not depend on `z` (global
 * reparameterized latents, upstream sites) are left out: their expectation against the score is
 * zero, their noise is not. `−log q_z` itself enters only through `C_z` (Pyro's zero entropy term
 * for a non-reparameterized site).
 *
 * Baselines (`baselines.ts`, Pyro's `baseline` infer options): a site's
 * `infer: { baseline: { useDecayingAvgBaseline: true, baselineBeta: 0.9 } }` subtracts a running
 * average of `C_z` kept across SVI steps in `SVIState.elboState`; `baselineValue` (any tensor of the
 * site's batch shape, typically a network's output registered in the guide with `module`) or
 * `nnBaseline`/`nnBaselineInput` adds a trained baseline, whose square loss trains it. With
 * several particles the average moves particle by particle (as Pyro's param store does); it moves
 * only while a gradient is recorded (an SVI step), never in a plain evaluation.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SampleSite } from '../../core/effect.js';
import { isValidationEnabled } from '../../distributions/util.js';
import { stopGradient } from '../../ops/index.js';
import { averageKey, siteBaseline } from './baselines.js';
import { checkModelGuideMatch } from './check.js';
import { dependencyOracle } from './dependencies.js';
import { type ELBO, type ElboOptions, type ElboState, type TracePair, particlePairs, resolveElboOptions } from './elbo.js';
import { type SiteTerm, addAll, siteTerms, sumToPlates, totalLogProb } from './terms.js';
import { lossFromParticles } from './trace-elbo.js';

const NAME = 'TraceGraphELBO';

/** A signed cost term: `+log p` of a model site or `−log q` of a guide site. */
interface Cost {
  readonly term: SiteTerm;
  readonly sign: 1 | -1;
}

const isScored = (s: SampleSite): boolean => !s.isObserved && !s.fn.hasRsample;

/** One particle's ELBO, surrogate, and the estimator state after it. */
export interface GraphParticle {
  readonly elbo: tf.Tensor;
  readonly surrogate: tf.Tensor | undefined;
  /** The state with this particle's decaying averages (the input state when none moved). */
  readonly state: ElboState;
}

/** One particle's ELBO and surrogate (see the module notes), its baselines read from `state`. */
export function particleGraphElbo(pair: TracePair, state: ElboState = {}): GraphParticle {
  const model = siteTerms(pair.model);
  const guide = siteTerms(pair.guide).filter((t) => !t.site.isObserved);
  const elbo = tf.sub(totalLogProb(model), totalLogProb(guide));
  const scored = guide.filter((t) => isScored(t.site));
  if (scored.length === 0) return { elbo, surrogate: undefined, state };
  const sources = dependencyOracle(new Map(scored.map((t) => [t.site.value, t.site.name])));
  if (sources === undefined) return { elbo, surrogate: undefined, state }; // no gradient recorded: the value is all
  const costs: readonly (Cost & { readonly deps: ReadonlySet<string> })[] = [
    ...model.map((term) => ({ term, sign: 1 as const, deps: sources(term.logProb) })),
    ...guide.map((term) => ({ term, sign: -1 as const, deps: sources(term.logProb) })),
  ];
  const pathwise = tf.sub(totalLogProb(model), totalLogProb(guide.filter((t) => !isScored(t.site))));
  const parts: tf.Tensor[] = [pathwise];
  const averages: Record<string, tf.Tensor> = {};
  for (const z of scored) {
    const plates = z.site.plates;
    const downstream = costs
      .filter((c) => c.deps.has(z.site.name))
      .map((c) => {
        const summed = sumToPlates(c.term.logProb, c.term.site.plates, plates);
        return c.sign === 1 ? summed : tf.neg(summed);
      });
    const cost = stopGradient(tf.broadcastTo(addAll(downstream), z.logProb.shape));
    const baseline = siteBaseline(z.site, cost, state, NAME);
    // only a trained baseline carries a gradient to block; the average is a plain tensor
    const centred = baseline.value === undefined ? cost : tf.sub(cost, baseline.trained ? stopGradient(baseline.value) : baseline.value);
    const average = baseline.advance(centred);
    if (average !== undefined) averages[averageKey(z.site.name)] = average;
    parts.push(tf.sum(tf.mul(centred, z.logProb)));
    if (baseline.trained) parts.push(tf.neg(tf.sum(tf.square(tf.sub(cost, baseline.value!)))));
  }
  return { elbo, surrogate: tf.addN(parts), state: Object.keys(averages).length === 0 ? state : { ...state, ...averages } };
}

/**
 * The ELBO with dependency-aware score-function gradients and baselines (see the module notes).
 *
 * @example
 * ```ts
 * function* guide() {
 *   const logits = yield* param('logits', tf.zeros([N]));
 *   yield* plate('data', N, function* () {
 *     // a running average of z's downstream cost as its baseline (Pyro's use_decaying_avg_baseline)
 *     yield* sample('z', Bernoulli({ logits }), { infer: { baseline: { useDecayingAvgBaseline: true, baselineBeta: 0.9 } } });
 *   });
 * }
 * const svi = SVI(model, guide, Adam({ lr: 0.05 }), TraceGraphELBO());
 * ```
 * @category inference
 * @since 0.3.0
 */
export function TraceGraphELBO(options: ElboOptions = {}): ELBO {
  const resolved = resolveElboOptions(NAME, options);
  return {
    name: NAME,
    ...resolved,
    loss(input) {
      const pairs = particlePairs(input, resolved, NAME);
      if (isValidationEnabled()) checkModelGuideMatch(pairs[0]!.model, pairs[0]!.guide, NAME);
      const initial = input.elboState ?? {};
      let state = initial;
      const particles = pairs.map((pair) => {
        const particle = particleGraphElbo(pair, state);
        state = particle.state;
        return particle;
      });
      if (state !== initial && input.setElboState !== undefined) input.setElboState(state);
      return lossFromParticles(particles, resolved.numParticles);
    },
  };
}
