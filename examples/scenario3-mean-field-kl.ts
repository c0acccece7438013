/**
 * Scenario 3: the mean-field ELBO with analytic KL.
 *
 * `TraceMeanFieldELBO` replaces the Monte Carlo term `log p(z) − log q(z)` of every latent site
 * by `−KL(q ‖ p)` wherever a KL rule is registered for the pair of families. This example:
 *
 *   1. prints the KL identity for both parameterizations of a diagonal Gaussian:
 *      `KL(Normal(l1, s1).toEvent(1) ‖ Normal(l2, s2).toEvent(1))`
 *        = `KL(MVN(l1, diag s1²) ‖ MVN(l2, diag s2²))` = `Σ KL(Normal(l1ᵢ, s1ᵢ) ‖ Normal(l2ᵢ, s2ᵢ))`;
 *   2. shows that with no likelihood the loss IS the KL, exactly (no sampling noise);
 *   3. reads a site's distribution parameters from a trace, with gradients flowing:
 *      `tf.grad` of a function of `trace.sites.get('z').fn.loc`;
 *   4. fits a conjugate model with `TraceMeanFieldELBO` and checks the exact posterior, and
 *      shows the analytic KL's lower loss variance than `TraceELBO`'s.
 *
 * Run: `npx tsx examples/scenario3-mean-field-kl.ts [--steps N] [--plot DIR]`
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  Adam,
  ClippedAdam,
  type ELBO,
  type Message,
  MultivariateNormal,
  MultivariateNormalDist,
  Normal,
  SVI,
  type SVIState,
  TraceELBO,
  TraceMeanFieldELBO,
  constraints,
  diagEmbed,
  klDivergence,
  param,
  plate,
  plotLoss,
  prngKey,
  sample,
  simulate,
} from '../lib/index.js';
import { checks, fmt, isMain, meanOf, setup, writePlots } from './support/cli.js';
import { mulberry32 } from './support/data.js';

const L1 = [0.5, -1, 2];
const S1 = [0.8, 1.5, 0.3];
const L2 = [0, 0.5, 1.5];
const S2 = [1, 2, 0.5];

/** KL(N(l1, s1²) ‖ N(l2, s2²)) summed over coordinates, in float64. */
const klExact = (l1: readonly number[], s1: readonly number[], l2: readonly number[], s2: readonly number[]): number =>
  l1.reduce((s, _, i) => s + Math.log(s2[i]! / s1[i]!) + (s1[i]! ** 2 + (l1[i]! - l2[i]!) ** 2) / (2 * s2[i]! ** 2) - 0.5, 0);

const scalar = (t: tf.Tensor): number => {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
};

/** A diagonal Gaussian over z ∈ ℝ³, written either way. */
const diagonal = (loc: tf.Tensor | readonly number[], scale: tf.Tensor | readonly number[], form: 'independent' | 'mvn') => {
  const l = loc instanceof tf.Tensor ? loc : tf.tensor1d([...loc]);
  const s = scale instanceof tf.Tensor ? scale : tf.tensor1d([...scale]);
  return form === 'independent' ? Normal(l, s).toEvent(1) : MultivariateNormal(l, { covarianceMatrix: diagEmbed(tf.square(s)) });
};

/** The prior alone, no likelihood: z ~ N(L2, diag S2²), in the given form. */
const priorOnly = (form: 'independent' | 'mvn') =>
  function* () {
    yield* sample('z', diagonal(L2, S2, form));
  };

/** A guide with learnable loc and scale (init L1, S1) in the given form. */
const guideOf = (form: 'independent' | 'mvn') =>
  function* () {
    const loc = yield* param('loc', tf.tensor1d(L1));
    const scale = yield* param('scale', tf.tensor1d(S1), { constraint: constraints.positive });
    yield* sample('z', diagonal(loc, scale, form));
  };

const disposeState = (state: SVIState): void =>
  tf.dispose([...Object.values(state.params), ...Object.values(state.optState).flatMap((s) => Object.values(s))]);

type NoArgs = () => Generator<Message, void, unknown>;

/** The loss of `guide` against `model` at the guide's initial params (no step taken), for 200 keys. */
function lossesAtInit(model: NoArgs, guide: NoArgs, loss: ELBO): readonly number[] {
  const svi = SVI(model, guide, Adam({ lr: 0.01 }), loss);
  const state = svi.init(prngKey(0));
  const values = Array.from({ length: 200 }, (_, i) => svi.evaluate({ ...state, key: prngKey(i) }));
  disposeState(state);
  return values;
}

/** Mean and standard deviation. */
function meanSd(values: readonly number[]): { readonly mean: number; readonly sd: number } {
  const mean = meanOf(values);
  return { mean, sd: Math.sqrt(meanOf(values.map((v) => (v - mean) ** 2))) };
}

const N = 20; // observations
const SIGMA = 0.5;

/** The conjugate model: z ~ N(0, I₃), x_n ~ N(z, σ² I₃) for n in plate data. */
function* conjugate(x: tf.Tensor) {
  const z = yield* sample('z', Normal(0, 1).expand([3]).toEvent(1));
  yield* plate('data', N, function* () {
    yield* sample('x', Normal(z, SIGMA).toEvent(1), { obs: x });
  });
}

function* conjugateGuide(_x: tf.Tensor) {
  const loc = yield* param('loc', tf.zeros([3]));
  const scale = yield* param('scale', tf.ones([3]), { constraint: constraints.positive });
  yield* sample('z', Normal(loc, scale).toEvent(1));
}

/** Run the example: print the KL identities, the no-likelihood loss, trace gradients, and a fit; check each. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = await setup('Scenario 3: the mean-field ELBO with analytic KL', argv, { steps: 1000 });
  const check = checks();

  // 1. The KL identity, both parameterizations.
  const exact = klExact(L1, S1, L2, S2);
  // tf.tidy releases every tensor made inside (the distributions' parameters) once the numbers are read.
  const kl = tf.tidy(() => ({
    'KL(Normal.toEvent(1) ‖ Normal.toEvent(1))': scalar(klDivergence(diagonal(L1, S1, 'independent'), diagonal(L2, S2, 'independent'))),
    'KL(MVN(diag) ‖ MVN(diag))                ': scalar(klDivergence(diagonal(L1, S1, 'mvn'), diagonal(L2, S2, 'mvn'))),
    'Σ elementwise KL(Normal ‖ Normal)         ': scalar(tf.sum(klDivergence(Normal(L1, S1), Normal(L2, S2)))),
    'KL(Normal.toEvent(1) ‖ MVN(diag))        ': scalar(klDivergence(diagonal(L1, S1, 'independent'), diagonal(L2, S2, 'mvn'))),
  }));
  console.log(`1. KL between diagonal Gaussians (l1 = [${L1.join(', ')}], s1 = [${S1.join(', ')}]; l2 = [${L2.join(', ')}], s2 = [${S2.join(', ')}]):`);
  for (const [what, value] of Object.entries(kl)) console.log(`   ${what}  ${value.toFixed(6)}`);
  console.log(`   closed form (float64)                      ${exact.toFixed(6)}\n`);
  // float32: a KL of three terms of size ~1 agrees with the float64 value to ~3e-7; 1e-5 leaves room.
  for (const [what, value] of Object.entries(kl)) check.close(what.trim(), value, exact, 1e-5);
  console.log('');

  // 2. No likelihood: −ELBO = KL(q ‖ p), exactly, whatever the key; TraceELBO only on average.
  const pairs = {
    'guide Normal.toEvent(1), prior Normal.toEvent(1)': [priorOnly('independent'), guideOf('independent')],
    'guide MVN(diag),         prior MVN(diag)        ': [priorOnly('mvn'), guideOf('mvn')],
    'guide Normal.toEvent(1), prior MVN(diag)        ': [priorOnly('mvn'), guideOf('independent')],
  } as const;
  console.log('2. The loss of a model with no likelihood (the prior alone), over 200 keys:');
  console.log('                                                     TraceMeanFieldELBO       TraceELBO');
  const results = Object.entries(pairs).map(([what, [model, guide]]) => {
    const meanField = meanSd(lossesAtInit(model, guide, TraceMeanFieldELBO()));
    const trace = meanSd(lossesAtInit(model, guide, TraceELBO()));
    console.log(`   ${what}  ${meanField.mean.toFixed(6)} ± ${fmt(meanField.sd)}    ${trace.mean.toFixed(4)} ± ${fmt(trace.sd)}`);
    return { what, meanField, trace };
  });
  console.log('');
  for (const { what, meanField, trace } of results) {
    // float32: a KL of three terms of size ~1 agrees with the float64 value to ~1e-7; 1e-5 leaves room.
    check.close(`${what.trim()}: TraceMeanFieldELBO loss = KL`, meanField.mean, exact, 1e-5);
    check.that(`${what.trim()}: TraceMeanFieldELBO has no sampling noise`, meanField.sd === 0, `sd ${fmt(meanField.sd)}`);
    // The Monte Carlo estimate is unbiased: its mean over 200 keys within 4 standard errors of the KL.
    check.close(`${what.trim()}: TraceELBO loss, mean over 200 keys`, trace.mean, exact, (4 * trace.sd) / Math.sqrt(200));
  }
  console.log('');

  // 3. A site's distribution parameters, read from a trace, with gradients flowing.
  /** The guide's site 'z' for params loc and scale: a MultivariateNormal built from them. */
  const siteZ = (loc: tf.Tensor, scale: tf.Tensor): MultivariateNormalDist => {
    const trace = simulate(guideOf('mvn'), { key: prngKey(0), params: { loc, scale } })();
    const site = trace.sites.get('z');
    if (site?.type !== 'sample' || !(site.fn instanceof MultivariateNormalDist)) throw new Error("site 'z' is not a MultivariateNormal");
    return site.fn as MultivariateNormalDist; // instanceof narrows a generic class to <any, any>
  };
  const [gradLoc, gradScale] = tf.tidy(() => {
    const l2 = tf.tensor1d(L2);
    const s2 = tf.tensor1d(S2);
    const prior = MultivariateNormal(l2, { covarianceMatrix: diagEmbed(tf.square(s2)) });
    // ½ Σ ((fn.loc − l2) / s2)², the KL's location term: its gradient in loc is (l1 − l2) / s2².
    const locTerm = (loc: tf.Tensor): tf.Scalar => tf.mul(tf.sum(tf.square(tf.div(tf.sub(siteZ(loc, tf.tensor1d(S1)).loc, l2), s2))), 0.5);
    // The whole KL(fn ‖ prior) as a function of the scale param: ∂/∂s1 = s1 / s2² − 1 / s1.
    const klOfScale = (scale: tf.Tensor): tf.Scalar => tf.sum(klDivergence(siteZ(tf.tensor1d(L1), scale), prior));
    return [Array.from(tf.grad(locTerm)(tf.tensor1d(L1)).dataSync()), Array.from(tf.grad(klOfScale)(tf.tensor1d(S1)).dataSync())];
  });
  const gradients = {
    "∂/∂loc of ½Σ((fn.loc − l2)/s2)²": [gradLoc, L1.map((l, i) => (l - L2[i]!) / S2[i]! ** 2)],
    '∂/∂scale of KL(fn ‖ prior)     ': [gradScale, S1.map((s, i) => s / S2[i]! ** 2 - 1 / s)],
  } as const;
  console.log("3. Gradients through a trace's site (fn = trace.sites.get('z').fn, a MultivariateNormal):");
  for (const [what, [got, expected]] of Object.entries(gradients)) {
    console.log(`   ${what}  tf.grad [${got.map(fmt).join(', ')}]   closed form [${expected.map(fmt).join(', ')}]`);
  }
  console.log('');
  // Closed forms; float32 rounding, and the Cholesky of the guide's diagonal covariance, ~1e-6.
  for (const [what, [got, expected]] of Object.entries(gradients)) {
    got.forEach((v, i) => check.close(`${what.trim()} [${i}]`, v, expected[i]!, 1e-5));
  }
  console.log('');

  // 4. A fit: z ~ N(0, I), x_n ~ N(z, σ² I); the exact posterior is N(Σx/σ² / (1 + N/σ²), 1 / (1 + N/σ²)).
  const g = mulberry32(5);
  const zTrue = [1, -0.5, 2];
  const xData = Array.from({ length: N }, () => zTrue.map((z) => z + SIGMA * g.normal()));
  const precision = 1 + N / SIGMA ** 2;
  const postMean = zTrue.map((_, k) => xData.reduce((s, row) => s + row[k]!, 0) / SIGMA ** 2 / precision);
  const postSd = Math.sqrt(1 / precision);
  const x = tf.tensor2d(xData);

  // lr 0.05 decaying geometrically to 0.001 at the last step.
  const meanField = SVI(conjugate, conjugateGuide, ClippedAdam({ lr: 0.05, lrd: 0.02 ** (1 / Math.max(1, options.steps)) }), TraceMeanFieldELBO({ numParticles: 4, vectorizeParticles: true }));
  const { params, state, losses: trail } = meanField.run(prngKey(options.seed), options.steps, [x], { progressBar: options.progress });
  const loc = Array.from(params.loc!.dataSync());
  const sd = Array.from(params.scale!.dataSync());
  console.log(`4. Conjugate fit with TraceMeanFieldELBO, ${options.steps} steps: loss ${fmt(trail[0]!)} → ${fmt(meanOf(trail, Math.floor(options.steps * 0.9)))}`);
  console.log(`   posterior mean [${loc.map(fmt).join(', ')}]   exact [${postMean.map(fmt).join(', ')}]`);
  console.log(`   posterior sd   [${sd.map(fmt).join(', ')}]   exact ${fmt(postSd)} each\n`);
  // Within a fifth of the posterior sd (0.022; a KL cost of at most 0.02 nats per coordinate):
  // the final iterate's Monte Carlo jitter.
  loc.forEach((v, k) => check.close(`posterior mean of z[${k}]`, v, postMean[k]!, 0.2 * postSd));
  sd.forEach((v, k) => check.close(`posterior sd of z[${k}]`, v, postSd, 0.2 * postSd));


  await writePlots(options.plot, { 'scenario3-loss.svg': plotLoss(trail, { logScale: true, smooth: true, title: 'Scenario 3: −ELBO (TraceMeanFieldELBO)' }) });
  tf.dispose([x, ...Object.values(params)]);
  disposeState(state);
  return check.exitCode();
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
