/**
 * Golden suite (spec/golden/pyro-1.8.6-wave2.json, Pyro 1.8.6 float64) for the wave-2 discrete
 * and count families — NegativeBinomial, GammaPoisson, BetaBinomial, Multinomial, Geometric,
 * OneHotCategorical, ZeroInflatedPoisson, ZeroInflatedNegativeBinomial — on both backends:
 * every `distributions` case (shapes, support, every listed quantity; the quantities Pyro does
 * not implement must raise NotImplemented), every `validation` case, every KL pair these
 * families own (including the pairs Pyro does not register), and every `checks` identity
 * between them. No case is excluded; a few FIELDS are (below, each with its reason): Pyro
 * 1.8.6's `ZeroInflatedDistribution` converts between `gate` and `gate_logits` with the
 * categorical (not the binary) conversions — `gate_logits = log(gate)` and
 * `gate = softmax(gate_logits)` over the batch — so its `gate_logits` (from `gate`) and its
 * `gate`, `mean`, `variance`, `stddev` (from `gate_logits`) are wrong (pyro#3301, fixed by
 * pyro#3303 in Pyro 1.9). Its `log_prob` uses the given parameter and is right. Ignis uses
 * `σ`/logit, and those fields are checked against their closed forms at the end of this file.
 * `gate` is compared broadcast to the batch shape (Pyro expands it; Ignis keeps parameters
 * unbroadcast).
 *
 * Tolerance: WAVE2_TOL (rtol 1e-5, atol 1e-6; reasons in spec/helpers/golden-wave2.ts). The
 * count coefficients use the float64 `lbeta` (NegativeBinomial, GammaPoisson, BetaBinomial) or
 * float64 log-factorials of the value (Multinomial), so large counts (Multinomial n = 200:
 * log 200! ≈ 863) do not cancel in float32; the Multinomial entropy's cancelling terms are
 * float64 too. The identities (`checks`) are compared with the same tolerance.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import {
  BetaBinomial,
  type Distribution,
  GammaPoisson,
  Geometric,
  Multinomial,
  NegativeBinomial,
  OneHotCategorical,
  Poisson,
  ZeroInflatedNegativeBinomial,
  ZeroInflatedPoisson,
  klDivergence,
} from '../../../../lib/distributions/index.js';
import type { ProbsOrLogits } from '../../../../lib/distributions/families/discrete/probs-logits.js';
import type { GateOrGateLogits } from '../../../../lib/distributions/families/discrete/zero-inflated.js';
import { describeBackends } from '../../../helpers/backends.js';
import { WAVE2_TOL, type Wave2Param, expectCloseTo, wave2Check } from '../../../helpers/golden-wave2.js';
import {
  type Wave2Params,
  describeWave2Distributions,
  describeWave2KL,
  describeWave2Validation,
} from '../../../helpers/golden-wave2-suites.js';

/** `probs`/`logits` as given (both or neither reach the factory, to test its refusal). */
const probsOrLogits = (p: Wave2Params): ProbsOrLogits => ({ probs: p.probs, logits: p.logits }) as ProbsOrLogits;
const gateOf = (p: Wave2Params): GateOrGateLogits => ({ gate: p.gate, gateLogits: p.gateLogits }) as GateOrGateLogits;
const count = (x: Wave2Param | undefined): number => x as number;

/** One builder per family, from any of its golden parameter sets. */
const BUILD: Readonly<Record<string, (p: Wave2Params) => Distribution>> = {
  NegativeBinomial: (p) => NegativeBinomial(p.totalCount!, probsOrLogits(p)),
  GammaPoisson: (p) => GammaPoisson(p.concentration!, p.rate!),
  BetaBinomial: (p) => BetaBinomial(p.concentration1!, p.concentration0!, p.totalCount),
  Multinomial: (p) => Multinomial(count(p.totalCount), probsOrLogits(p)),
  Geometric: (p) => Geometric(probsOrLogits(p)),
  OneHotCategorical: (p) => OneHotCategorical(probsOrLogits(p)),
  ZeroInflatedPoisson: (p) => ZeroInflatedPoisson(p.rate!, gateOf(p)),
  ZeroInflatedNegativeBinomial: (p) => ZeroInflatedNegativeBinomial(p.totalCount!, { ...probsOrLogits(p), ...gateOf(p) }),
};
const FAMILIES = new Set(Object.keys(BUILD));

const PYRO_3301 = 'Pyro 1.8.6 converts gate <-> gate_logits with log/softmax instead of logit/sigmoid (pyro#3301, fixed in 1.9 by pyro#3303)';
const GATE_FROM_LOGITS = { gate: PYRO_3301, mean: PYRO_3301, variance: PYRO_3301, stddev: PYRO_3301 };
const EXCLUDED_FIELDS: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
  ZeroInflatedPoisson: {
    'ZeroInflatedPoisson gate, value [2,3]': { gate_logits: PYRO_3301 },
    'ZeroInflatedPoisson gate_logits': GATE_FROM_LOGITS,
  },
  ZeroInflatedNegativeBinomial: { 'ZeroInflatedNegativeBinomial logits + gate_logits': GATE_FROM_LOGITS },
};

/** `gate` broadcast to the batch shape, as Pyro stores it. */
const gateField = (d: Distribution, name: string): tf.Tensor | undefined =>
  name === 'gate' ? tf.broadcastTo((d as unknown as { gate: tf.Tensor }).gate, [...d.batchShape]) : undefined;

for (const family of FAMILIES) {
  describeWave2Distributions({ family, build: BUILD[family]!, excludedFields: EXCLUDED_FIELDS[family] ?? {}, field: gateField });
  describeWave2Validation({ family, build: BUILD[family]! });
}

describeWave2KL({
  title: 'the discrete and count families',
  families: FAMILIES,
  builders: Object.fromEntries(Object.entries(BUILD).map(([name, build]) => [name, (p: Wave2Params) => build(p)])),
});

describeBackends('golden wave 2: checks between the discrete and count families', () => {
  const t = (x: unknown): tf.Tensor => tf.tensor(x as number[]);

  it('GammaPoisson(c, r) equals NegativeBinomial(c, probs = 1/(1 + r)): logProb, mean, variance', () => {
    const c = wave2Check('GammaPoisson(c, r) == NegativeBinomial');
    tf.tidy(() => {
      const rate = t(c.rate);
      const gp = GammaPoisson(t(c.concentration), rate);
      const nb = NegativeBinomial(t(c.concentration), tf.div(1, tf.add(1, rate)));
      const value = t(c.value);
      expectCloseTo(gp.logProb(value), c.log_prob_gamma_poisson, WAVE2_TOL, 'GammaPoisson logProb');
      expectCloseTo(nb.logProb(value), c.log_prob_negative_binomial, WAVE2_TOL, 'NegativeBinomial logProb');
      expectCloseTo(gp.mean, c.mean_gamma_poisson, WAVE2_TOL, 'GammaPoisson mean');
      expectCloseTo(nb.mean, c.mean_negative_binomial, WAVE2_TOL, 'NegativeBinomial mean');
      expectCloseTo(gp.variance, c.variance_gamma_poisson, WAVE2_TOL, 'GammaPoisson variance');
      expectCloseTo(nb.variance, c.variance_negative_binomial, WAVE2_TOL, 'NegativeBinomial variance');
    });
  });

  it('Multinomial(1, probs) equals OneHotCategorical(probs)', () => {
    const c = wave2Check('Multinomial(1, probs) == OneHotCategorical');
    tf.tidy(() => {
      const probs = [0.2, 0.3, 0.5];
      const value = t(c.value);
      expectCloseTo(Multinomial(1, probs).logProb(value), c.multinomial, WAVE2_TOL, 'Multinomial(1)');
      expectCloseTo(OneHotCategorical(probs).logProb(value), c.one_hot, WAVE2_TOL, 'OneHotCategorical');
    });
  });

  it('ZeroInflatedPoisson: gate and gateLogits = logit(gate) agree; gate 0 is the Poisson', () => {
    const c = wave2Check('ZeroInflatedPoisson: gate and gate_logits');
    tf.tidy(() => {
      const [rate, gate] = [[0.5, 3, 10], [0.1, 0.5, 0.9]];
      const value = t(c.value);
      const gateLogits = gate.map((g) => Math.log(g / (1 - g)));
      expectCloseTo(ZeroInflatedPoisson(rate, { gate }).logProb(value), c.zip_gate, WAVE2_TOL, 'gate');
      expectCloseTo(ZeroInflatedPoisson(rate, { gateLogits }).logProb(value), c.zip_gate_logits, WAVE2_TOL, 'gateLogits');
      expectCloseTo(ZeroInflatedPoisson(rate, { gate: 0 }).logProb(value), c.zip_gate0, WAVE2_TOL, 'gate 0');
      expectCloseTo(Poisson(rate).logProb(value), c.poisson, WAVE2_TOL, 'Poisson');
    });
  });

  it('KL(Independent(Geometric, 1)) is the sum of the elementwise Geometric KLs', () => {
    const c = wave2Check('KL(Independent(Geometric,1))', 'kl');
    tf.tidy(() => {
      const [p, q] = [[[0.1, 0.5, 0.9], [0.3, 0.3, 0.3]], [[0.3, 0.5, 0.2], [0.6, 0.1, 0.3]]];
      expectCloseTo(klDivergence(Geometric(p).toEvent(1), Geometric(q).toEvent(1)), c.kl_independent, WAVE2_TOL, 'Independent');
      expectCloseTo(tf.sum(klDivergence(Geometric(p), Geometric(q)), -1), c.kl_sum, WAVE2_TOL, 'sum');
    });
  });

  it('the zero-inflated gate fields excluded above (pyro#3301) equal their closed forms: gate = σ(s), gateLogits = logit(g), mean = (1 − g) μ, variance = (1 − g)(μ² + σ²) − mean²', () => {
    tf.tidy(() => {
      const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
      const zip = ZeroInflatedPoisson([2, 2], { gateLogits: [-1, 1.5] });
      const g = [-1, 1.5].map(sigmoid);
      const zipMean = g.map((gi) => (1 - gi) * 2);
      expectCloseTo(zip.gate, g, WAVE2_TOL, 'ZIP gate');
      expectCloseTo(zip.mean, zipMean, WAVE2_TOL, 'ZIP mean');
      expectCloseTo(zip.variance, g.map((gi, i) => (1 - gi) * (4 + 2) - zipMean[i]! ** 2), WAVE2_TOL, 'ZIP variance');
      expectCloseTo(ZeroInflatedPoisson([0.5, 3, 10], { gate: [0.1, 0.5, 0.9] }).gateLogits, [0.1, 0.5, 0.9].map((x) => Math.log(x / (1 - x))), WAVE2_TOL, 'ZIP gateLogits');
      // NegativeBinomial(3, logits ℓ): μ = 3e^ℓ, σ² = μ (1 + e^ℓ)
      const zinb = ZeroInflatedNegativeBinomial(3, { logits: [-1, 1], gateLogits: [0, -2] });
      const h = [0, -2].map(sigmoid);
      const mu = [-1, 1].map((l) => 3 * Math.exp(l));
      const zinbMean = h.map((hi, i) => (1 - hi) * mu[i]!);
      expectCloseTo(zinb.gate, h, WAVE2_TOL, 'ZINB gate');
      expectCloseTo(zinb.mean, zinbMean, WAVE2_TOL, 'ZINB mean');
      const second = h.map((hi, i) => (1 - hi) * (mu[i]! ** 2 + mu[i]! * (1 + Math.exp([-1, 1][i]!))));
      expectCloseTo(zinb.variance, second.map((s2, i) => s2 - zinbMean[i]! ** 2), WAVE2_TOL, 'ZINB variance');
    });
  });

  it('KL(OneHotCategorical) equals KL(Categorical) with the same probs', () => {
    const c = wave2Check('KL(OneHotCategorical) == KL(Categorical)', 'kl');
    tf.tidy(() => {
      const [p, q] = [[[0.2, 0.3, 0.5], [0.7, 0.2, 0.1]], [[0.3, 0.3, 0.4], [0.1, 0.1, 0.8]]];
      expectCloseTo(klDivergence(OneHotCategorical(p), OneHotCategorical(q)), c.kl_one_hot, WAVE2_TOL, 'OneHotCategorical');
      expect(c.kl_categorical).toEqual(c.kl_one_hot);
    });
  });
});
