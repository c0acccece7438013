/**
 * Scenario 2: AutoMultivariateNormal on the seed example (the main example, `npm start`).
 *
 *   loc ~ Normal(0, 10),  scale ~ LogNormal(0, 1),  obs_i ~ Normal(loc, scale)  for 100 points
 *
 * The guide flattens every continuous latent into one unconstrained vector — here
 * `[loc, log(scale)]`, d = 2 — and fits `MultivariateNormal(loc, scaleTril = diag(scale) · L)`
 * with params `loc` (init: the prior median), `scale` (softplus-positive, init 0.1) and `L`
 * (unit lower Cholesky, init identity). 2000 steps of Adam (lr 0.005) on the ELBO, then the
 * posterior mean, covariance and correlation (of the unconstrained vector) and the 5/50/95%
 * quantiles of each site (constrained), checked against the exact posterior computed by
 * quadrature on a grid.
 *
 * Run: `npm start`, or `npx tsx examples/scenario2-auto-mvn.ts [--steps N] [--seed S] [--plot DIR]`
 * (the result of 2000 steps at lr 0.005 depends on the initial draw: seed 3, for one, has not
 * converged by then; more steps or a larger lr fix that).
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  Adam,
  AutoMultivariateNormal,
  LogNormal,
  type MultivariateNormalDist,
  Normal,
  Predictive,
  SVI,
  TraceELBO,
  formatShapes,
  plate,
  plotLoss,
  plotPairs,
  plotPosterior,
  prngKey,
  renderModelSvg,
  replay,
  sample,
  simulate,
} from '../lib/index.js';
import { checks, fmt, formatMatrix, isMain, meanOf, setup, writePlots } from './support/cli.js';
import { seedData } from './support/data.js';

/** The seed example. */
export function* model(x: tf.Tensor) {
  const loc = yield* sample('loc', Normal(0, 10));
  const scale = yield* sample('scale', LogNormal(0, 1));
  yield* plate('data', x.shape[0], function* () {
    yield* sample('obs', Normal(loc, scale), { obs: x });
  });
}

/**
 * The exact posterior by quadrature (float64) on a grid over `(loc, u = log scale)`, where the
 * density is `N(loc; 0, 10) · N(u; 0, 1) · Πᵢ N(xᵢ; loc, eᵘ)` (LogNormal(0, 1) in u is N(0, 1)):
 * the mean, covariance and correlation of `(loc, u)` and the quantiles of `loc` and `scale = eᵘ`.
 */
export function exactPosterior(data: Float64Array, qs: readonly number[]) {
  const n = data.length;
  const s1 = data.reduce((s, v) => s + v, 0);
  const s2 = data.reduce((s, v) => s + v * v, 0);
  const grid = (lo: number, hi: number, m: number) => Float64Array.from({ length: m }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / m);
  const locs = grid(2.5, 4, 600);
  const us = grid(-0.5, 0.4, 600);
  const logp = new Float64Array(locs.length * us.length);
  let max = -Infinity;
  locs.forEach((l, i) =>
    us.forEach((u, j) => {
      const sq = s2 - 2 * l * s1 + n * l * l; // Σ (xᵢ − loc)²
      const v = (-0.5 * l * l) / 100 - 0.5 * u * u - n * u - (0.5 * sq) / Math.exp(2 * u);
      logp[i * us.length + j] = v;
      max = Math.max(max, v);
    }),
  );
  const w = logp.map((v) => Math.exp(v - max));
  const total = w.reduce((s, v) => s + v, 0);
  const moment = (f: (l: number, u: number) => number) => locs.reduce((s, l, i) => us.reduce((t, u, j) => t + w[i * us.length + j]! * f(l, u), s), 0) / total;
  const mean = [moment((l) => l), moment((_, u) => u)] as const;
  const cov = [
    [moment((l) => (l - mean[0]) ** 2), moment((l, u) => (l - mean[0]) * (u - mean[1]))],
    [moment((l, u) => (l - mean[0]) * (u - mean[1])), moment((_, u) => (u - mean[1]) ** 2)],
  ];
  // The marginal CDF at the cells' upper edges, interpolated linearly inside the cell.
  const quantilesOf = (marginal: Float64Array, values: Float64Array): number[] => {
    const width = values[1]! - values[0]!;
    const cdf = new Float64Array(marginal.length);
    marginal.reduce((acc, v, i) => (cdf[i] = acc + v / total), 0);
    return qs.map((q) => {
      const i = cdf.findIndex((c) => c >= q);
      const below = i === 0 ? 0 : cdf[i - 1]!;
      return values[i]! - width / 2 + (width * (q - below)) / (cdf[i]! - below);
    });
  };
  const locMarginal = locs.map((_, i) => us.reduce((s, _u, j) => s + w[i * us.length + j]!, 0));
  const uMarginal = us.map((_, j) => locs.reduce((s, _l, i) => s + w[i * us.length + j]!, 0));
  return {
    mean,
    cov,
    correlation: cov[0]![1]! / Math.sqrt(cov[0]![0]! * cov[1]![1]!),
    quantiles: { loc: quantilesOf(locMarginal, locs), scale: quantilesOf(uMarginal, us).map(Math.exp) },
  };
}

/** Run the example: fit, print shapes, losses and the posterior, check it against the exact one. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = await setup('Scenario 2: AutoMultivariateNormal on the seed example', argv, { steps: 2000 });
  const data = seedData();
  const x = tf.tensor1d(Float32Array.from(data));
  console.log(`data: ${data.length} points from the mulberry32 stream of seed 1, sum ${data.reduce((s, v) => s + v, 0).toFixed(6)}`);

  const guide = AutoMultivariateNormal(model, { initScale: 0.1 });
  const svi = SVI(model, guide, Adam({ lr: 0.005 }), TraceELBO());
  const started = performance.now();
  const { params, state, losses } = svi.run(prngKey(options.seed), options.steps, [x], { progressBar: options.progress });
  const seconds = (performance.now() - started) / 1000;
  const every = Math.max(1, Math.floor(options.steps / 4));
  const marks = Array.from({ length: 5 }, (_, i) => Math.min(options.steps, i * every + 1));
  console.log(`loss: ${marks.map((s) => `step ${s}: ${fmt(losses[s - 1]!)}`).join(', ')}`);
  console.log(`${options.steps} steps in ${seconds.toFixed(2)} s (${((1000 * seconds) / Math.max(1, options.steps)).toFixed(2)} ms/step)\n`);

  tf.tidy(() => {
    const guideTrace = simulate(guide, { key: prngKey(1), params })(x);
    const modelTrace = simulate(replay(model, guideTrace), { key: prngKey(2) })(x);
    console.log(`guide shapes (the joint latent plus one Delta per site):\n${formatShapes(guideTrace)}\n`);
    console.log(`model shapes:\n${formatShapes(modelTrace)}\n`);
  });

  const qs = [0.05, 0.5, 0.95];
  const exact = exactPosterior(data, qs);
  const [mean, cov] = tf.tidy(() => {
    const posterior = guide.getPosterior(params) as MultivariateNormalDist;
    return [Array.from(posterior.mean.dataSync()), posterior.covarianceMatrix.arraySync() as number[][]];
  });
  const correlation = cov[0]![1]! / Math.sqrt(cov[0]![0]! * cov[1]![1]!);
  console.log('posterior of the unconstrained latent [loc, log(scale)]:');
  console.log(`  mean         [${mean.map(fmt).join(', ')}]   exact [${exact.mean.map(fmt).join(', ')}]`);
  console.log(`  covariance (fit, then exact):\n${formatMatrix(cov)}\n${formatMatrix(exact.cov)}`);
  console.log(`  correlation  ${fmt(correlation)}   exact ${fmt(exact.correlation)}`);
  const q = tf.tidy(() => {
    const quantiles = guide.quantiles(params, qs); // [3] per site
    return { loc: Array.from(quantiles.loc.dataSync()), scale: Array.from(quantiles.scale.dataSync()) };
  });
  console.log('quantiles (5%, 50%, 95%) of each site:');
  for (const site of ['loc', 'scale'] as const) {
    console.log(`  ${site.padEnd(6)} [${q[site].map(fmt).join(', ')}]   exact [${exact.quantiles[site].map(fmt).join(', ')}]`);
  }
  const samples = Predictive(model, { guide, params, numSamples: 1000, returnSites: ['loc', 'scale'] })(prngKey(3), x);
  console.log(`posterior mean of scale (1000 draws): ${fmt(meanOf(samples.scale!.dataSync()))}\n`);

  const check = checks();
  // The fitted Gaussian against the exact posterior. Measured at 2000 steps over seeds 0–2, 4–7:
  // quantiles within 0.025 of the exact ones; 0.05 is a third of the 5–95% interval of loc.
  qs.forEach((level, i) => {
    check.close(`loc ${level * 100}% quantile`, q.loc[i]!, exact.quantiles.loc[i]!, 0.05);
    check.close(`scale ${level * 100}% quantile`, q.scale[i]!, exact.quantiles.scale[i]!, 0.05);
  });
  check.close('posterior mean of loc', mean[0]!, exact.mean[0], 0.05);
  check.close('posterior mean of log(scale)', mean[1]!, exact.mean[1], 0.05);
  // Standard deviations within 25% (the Gaussian's width is fit from noisy single-sample gradients).
  check.close('posterior sd of loc / exact', Math.sqrt(cov[0]![0]!) / Math.sqrt(exact.cov[0]![0]!), 1, 0.25);
  check.close('posterior sd of log(scale) / exact', Math.sqrt(cov[1]![1]!) / Math.sqrt(exact.cov[1]![1]!), 1, 0.25);
  check.close('correlation of loc and log(scale)', correlation, exact.correlation, 0.2);

  await writePlots(options.plot, {
    'scenario2-model.svg': renderModelSvg(model, { args: [x], renderDistributions: true, renderShapes: true }),
    'scenario2-loss.svg': plotLoss(losses, { logScale: true, smooth: true, title: 'Scenario 2: −ELBO' }),
    'scenario2-posterior.svg': plotPosterior(samples),
    'scenario2-pairs.svg': plotPairs(samples),
  });
  tf.dispose([x, ...Object.values(samples), ...Object.values(params), ...Object.values(state.params), ...Object.values(state.optState).flatMap((s) => Object.values(s))]);
  return check.exitCode();
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
