/**
 * Bayesian linear regression with an automatic mean-field guide.
 *
 *   w ~ Normal(0, 1)^D (one vector site: `.expand([D]).toEvent(1)`),  b ~ Normal(0, 10),
 *   sigma ~ HalfNormal(1),  y_n ~ Normal(x_n · w + b, sigma)  in plate data (N = 1000)
 *
 * with D = 50 features (the `linreg` workload of shared/bench/WORKLOADS.md). The guide is
 * `AutoNormal` (an independent Normal per unconstrained coordinate; `sigma` goes through
 * `exp`) and the loss `TraceMeanFieldELBO` (analytic KL for `w` and `b`). With 1000 points
 * the posterior concentrates on the least-squares fit, which is the check: b, sigma and w
 * against ordinary least squares computed exactly. It also shows `Predictive` for new inputs
 * and `saveParams` / `loadParams` (Pyro's param store on disk).
 *
 * Run: `npx tsx examples/linear-regression.ts [--steps N] [--plot DIR]`
 */
import * as tf from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import {
  ClippedAdam,
  AutoNormal,
  HalfNormal,
  Normal,
  Predictive,
  SVI,
  TraceMeanFieldELBO,
  formatShapes,
  loadParams,
  plate,
  plotLoss,
  prngKey,
  renderModelSvg,
  sample,
  saveParams,
  simulate,
} from '../lib/index.js';
import { checks, fmt, isMain, meanOf, setup, writePlots } from './support/cli.js';
import { fitAndReport } from './support/fit.js';
import { linregData } from './support/data.js';
import { inverse } from './support/linalg64.js';

const N = 1000;
const D = 50;

/** The regression model; `y` is optional so the same model predicts. */
export function* model(x: tf.Tensor, y?: tf.Tensor) {
  const w = yield* sample('w', Normal(0, 1).expand([D]).toEvent(1));
  const b = yield* sample('b', Normal(0, 10));
  const sigma = yield* sample('sigma', HalfNormal(1));
  const mean = tf.add(tf.squeeze(tf.matMul(x, tf.reshape(w, [D, 1])), [1]), b);
  yield* plate('data', x.shape[0], function* () {
    yield* sample('y', Normal(mean, sigma), y === undefined ? {} : { obs: y });
  });
}

/** Ordinary least squares with an intercept, in float64: [w, b] and the residual sd (divided by N − D − 1). */
function ols(x: Float64Array, y: Float64Array): { readonly w: number[]; readonly b: number; readonly sigma: number } {
  const row = (n: number): number[] => [...Array.from(x.subarray(n * D, (n + 1) * D)), 1];
  const xtx = Array.from({ length: D + 1 }, () => new Array<number>(D + 1).fill(0));
  const xty = new Array<number>(D + 1).fill(0);
  for (let n = 0; n < N; n++) {
    const r = row(n);
    r.forEach((ri, i) => {
      xty[i]! += ri * y[n]!;
      r.forEach((rj, j) => (xtx[i]![j]! += ri * rj));
    });
  }
  const inv = inverse(xtx);
  const beta = inv.map((r) => r.reduce((s, v, j) => s + v * xty[j]!, 0));
  const rss = Array.from({ length: N }, (_, n) => (y[n]! - row(n).reduce((s, v, j) => s + v * beta[j]!, 0)) ** 2).reduce((a, b) => a + b, 0);
  return { w: beta.slice(0, D), b: beta[D]!, sigma: Math.sqrt(rss / (N - D - 1)) };
}

/** Run the example: fit, print shapes and the posterior, check it against least squares. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = await setup('Bayesian linear regression (AutoNormal, TraceMeanFieldELBO)', argv, { steps: 1000 });
  const data = linregData(N, D);
  const x = tf.tensor2d(Float32Array.from(data.x), [N, D]);
  const y = tf.tensor1d(Float32Array.from(data.y));

  const guide = AutoNormal(model);
  // ClippedAdam, lr 0.05 decaying to 0.002 at the last step. The first gradients are in the
  // thousands (the loss starts at ~7e4): clipping them to ±10 keeps Adam's second-moment estimate
  // from remembering them for ~1000 steps (with plain Adam, sigma is still at ~1.2 after 1000 steps).
  const svi = SVI(model, guide, ClippedAdam({ lr: 0.05, lrd: 0.04 ** (1 / Math.max(1, options.steps)) }), TraceMeanFieldELBO());
  const { params, state, losses } = fitAndReport(svi, [x, y], options);
  tf.tidy(() => console.log(`model shapes:\n${formatShapes(simulate(model, { key: prngKey(1) })(x, y))}\n`));

  const [wQ, bQ, sigmaQ] = tf.tidy(() => {
    const q = guide.quantiles(params, [0.05, 0.5, 0.95]); // w [3, D], b [3], sigma [3]
    return [q.w.arraySync() as number[][], Array.from(q.b.dataSync()), Array.from(q.sigma.dataSync())] as const;
  });
  const median = wQ[1]!;
  const fit = ols(data.x, data.y);
  const rmse = (a: readonly number[], b: ArrayLike<number>): number => Math.sqrt(meanOf(a.map((v, i) => (v - b[i]!) ** 2)));
  console.log('posterior (5%, 50%, 95%) vs least squares:');
  console.log(`  b      [${bQ.map(fmt).join(', ')}]   OLS ${fmt(fit.b)}`);
  console.log(`  sigma  [${sigmaQ.map(fmt).join(', ')}]   OLS ${fmt(fit.sigma)}`);
  console.log(`  w[0:3] medians [${median.slice(0, 3).map(fmt).join(', ')}]   OLS [${fit.w.slice(0, 3).map(fmt).join(', ')}]   true [${Array.from(data.wTrue.subarray(0, 3), fmt).join(', ')}]`);
  console.log(`  RMSE of the w medians vs OLS ${fmt(rmse(median, fit.w))}, vs the true w ${fmt(rmse(median, data.wTrue))} (OLS vs true ${fmt(rmse(fit.w, data.wTrue))})`);

  // Predictions for two new inputs: the posterior predictive of y (no observations passed).
  const xNew = tf.tensor2d([new Array<number>(D).fill(0), Array.from(data.x.subarray(0, D))]);
  const predictive = Predictive(model, { guide, params, numSamples: 500, returnSites: ['y'] })(prngKey(2), xNew);
  const yNew = predictive.y!;
  const predMean = tf.tidy(() => Array.from(tf.mean(yNew, 0).dataSync()));
  console.log(`posterior predictive y (500 draws, shape [${yNew.shape.join(', ')}]): means [${predMean.map(fmt).join(', ')}] at x = 0 and x = x_0 (y_0 = ${fmt(data.y[0]!)})`);

  // Parameters to disk and back (here a string): the reloaded guide gives the same medians.
  const json = saveParams(params);
  const loaded = loadParams(json);
  if (E.isLeft(loaded)) throw new Error(loaded.left.message);
  const reloaded = guide.median(loaded.right);
  const sameMedians = Math.max(...Array.from(reloaded.w.dataSync(), (v, i) => Math.abs(v - median[i]!))) === 0;
  console.log(`saveParams: ${json.length} characters, ${Object.keys(params).length} params; loadParams gives the same medians: ${sameMedians}\n`);

  const check = checks();
  // 1000 points: the posterior sits within its own sd (b: 0.017, sigma: 0.012, each w: ~0.016) of the
  // least-squares fit (measured |diff| ≤ 0.0065 for b and sigma, RMSE 0.004–0.005 for w).
  check.close('posterior median of b vs OLS', bQ[1]!, fit.b, 0.02);
  check.close('posterior median of sigma vs OLS', sigmaQ[1]!, fit.sigma, 0.02);
  check.that('RMSE of the w medians vs OLS', rmse(median, fit.w) < 0.01, `${fmt(rmse(median, fit.w))} < 0.01`);
  check.that('the 90% interval of b covers the OLS b', bQ[0]! < fit.b && fit.b < bQ[2]!, `${fmt(fit.b)} in [${fmt(bQ[0]!)}, ${fmt(bQ[2]!)}]`);
  check.that('saved and reloaded params give the same medians', sameMedians, String(sameMedians));

  await writePlots(options.plot, {
    'linear-regression-model.svg': renderModelSvg(model, { args: [x, y], renderDistributions: true, renderShapes: true }),
    'linear-regression-loss.svg': plotLoss(losses, { logScale: true, smooth: true, title: 'Linear regression: −ELBO' }),
  });
  tf.dispose([x, y, xNew, ...Object.values(predictive), ...Object.values(loaded.right), ...Object.values(reloaded), ...Object.values(params)]);
  tf.dispose([...Object.values(state.params), ...Object.values(state.optState).flatMap((s) => Object.values(s))]);
  return check.exitCode();
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
