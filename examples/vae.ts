/**
 * A small variational autoencoder (Pyro's VAE tutorial, in miniature).
 *
 * 600 points in 8 dimensions lie near a curved 2-D surface: `x = 2·tanh(z A + c) + 0.1 ε`
 * with `z ~ N(0, I₂)`. The model has a neural decoder, the guide a neural encoder (an
 * amortized Normal over each point's 2-D code), both registered with `module` so their weights
 * are parameters; the data plate is subsampled (mini-batches of 100, the ELBO scaled by 6).
 * As in Pyro's tutorial, the encoder has named layers `fc1`, `fc21` (the code's loc) and `fc22`
 * (its scale) — params `encoder$$$fc21.weight`, … — and the trained networks are used outside
 * the guide with `bindModule`.
 *
 * It prints the shapes, the loss, the learned noise scale and the reconstruction error, and
 * checks that the VAE reconstructs the data better than the best LINEAR 2-D code (PCA with two
 * components, computed exactly) and learns the noise scale.
 *
 * Run: `npx tsx examples/vae.ts [--steps N] [--plot DIR]`
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  ClippedAdam,
  Dense,
  Net,
  Normal,
  Predictive,
  SVI,
  Serial,
  Tanh,
  TraceELBO,
  bindModule,
  constraints,
  formatShapes,
  module,
  param,
  plate,
  plotLoss,
  prngKey,
  renderModelSvg,
  replay,
  sample,
  simulate,
  tanh,
} from '../lib/index.js';
import { checks, fmt, isMain, meanOf, setup, writePlots } from './support/cli.js';
import { fitAndReport } from './support/fit.js';
import { mulberry32 } from './support/data.js';

const N = 600; // data points
const D = 8; // observed dims
const Z = 2; // code dims
const BATCH = 100; // mini-batch size
const NOISE = 0.1;
const H = 16; // hidden units of the encoder and the decoder
const LR0 = 0.02; // Adam's learning rate at the first step,
const LR1 = 0.001; // decaying geometrically to this at the last

/** The data (seed 6 stream): A [Z, D], c [D], then per point z [Z] and ε [D]. */
function makeData(): number[][] {
  const g = mulberry32(6);
  const a = Array.from({ length: Z }, () => Array.from({ length: D }, () => g.normal()));
  const c = Array.from({ length: D }, () => 0.5 * g.normal());
  return Array.from({ length: N }, () => {
    const z = Array.from({ length: Z }, () => g.normal());
    return c.map((cj, j) => 2 * Math.tanh(z.reduce((s, zk, k) => s + zk * a[k]![j]!, cj)) + NOISE * g.normal());
  });
}

const decoder = () => Serial(Dense(Z, H), Tanh, Dense(H, D));

/** Pyro's tutorial Encoder: `hidden = tanh(fc1(x))`, code loc `fc21(hidden)`, scale `softplus(fc22(hidden))`. */
const encoder = () =>
  Net({ fc1: Dense(D, H), fc21: Dense(H, Z), fc22: Dense(H, Z) }, ({ fc1, fc21, fc22 }) => (x: tf.Tensor) => {
    const hidden = tanh(fc1(x));
    return [fc21(hidden), tf.softplus(fc22(hidden))] as const;
  });

/** The generative model: z ~ N(0, I) per point, x ~ N(decoder(z), σ) with σ learned. */
export function* model(x: tf.Tensor) {
  const decode = yield* module('decoder', decoder());
  const sigma = yield* param('sigma', 1, { constraint: constraints.positive });
  yield* plate('data', N, { subsampleSize: BATCH }, function* (idx) {
    const z = yield* sample('z', Normal(0, 1).expand([Z]).toEvent(1));
    yield* sample('x', Normal(decode(z), sigma).toEvent(1), { obs: tf.gather(x, idx) });
  });
}

/** The amortized guide: each point's code from the encoder. */
export function* guide(x: tf.Tensor) {
  const net = yield* module('encoder', encoder());
  yield* plate('data', N, { subsampleSize: BATCH }, function* (idx) {
    const [loc, scale] = net(tf.gather(x, idx));
    yield* sample('z', Normal(loc, scale).toEvent(1));
  });
}

/** RMSE of the best rank-2 linear reconstruction (PCA), from the top two eigenvectors of the covariance. */
function pcaRmse(data: readonly (readonly number[])[]): number {
  const mean = data[0]!.map((_, j) => meanOf(data.map((r) => r[j]!)));
  const centered = data.map((r) => r.map((v, j) => v - mean[j]!));
  const cov = mean.map((_, i) => mean.map((_, j) => meanOf(centered.map((r) => r[i]! * r[j]!))));
  const total = cov.reduce((s, row, i) => s + row[i]!, 0);
  // Power iteration with deflation: the two largest eigenvalues (the variance PCA keeps).
  let m = cov.map((row) => [...row]);
  let kept = 0;
  for (let k = 0; k < 2; k++) {
    let v = mean.map((_, i) => 1 / Math.sqrt(D + i));
    for (let it = 0; it < 500; it++) {
      const w = m.map((row) => row.reduce((s, mij, j) => s + mij * v[j]!, 0));
      const norm = Math.hypot(...w);
      v = w.map((wi) => wi / norm);
    }
    const lambda = v.reduce((s, vi, i) => s + vi * m[i]!.reduce((t, mij, j) => t + mij * v[j]!, 0), 0);
    kept += lambda;
    m = m.map((row, i) => row.map((mij, j) => mij - lambda * v[i]! * v[j]!));
  }
  return Math.sqrt((total - kept) / D);
}

/** Run the example: fit the VAE, print shapes, loss and reconstruction, check against PCA. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = await setup('A small VAE: neural decoder in the model, neural encoder in the guide', argv, { steps: 1500 });
  const data = makeData();
  const x = tf.tensor2d(data);
  const svi = SVI(model, guide, ClippedAdam({ lr: LR0, lrd: (LR1 / LR0) ** (1 / Math.max(1, options.steps)) }), TraceELBO());
  const { params, state, losses } = fitAndReport(svi, [x], options, { label: 'loss per point:', per: N });

  tf.tidy(() => {
    const guideTrace = simulate(guide, { key: prngKey(1), params })(x);
    const modelTrace = simulate(replay(model, guideTrace), { key: prngKey(2), params })(x);
    console.log(`guide shapes:\n${formatShapes(guideTrace)}\n\nmodel shapes (the decoder's weights are params of the model):\n${formatShapes(modelTrace)}\n`);
  });

  // Reconstruct every point through its code's mean: x̂ = decoder(encoder_loc(x)).
  const rmse = tf.tidy(() => {
    const [loc] = bindModule('encoder', encoder(), params)(x);
    const xHat = bindModule('decoder', decoder(), params)(loc);
    return Math.sqrt(tf.mean(tf.square(tf.sub(xHat, x))).dataSync()[0]!);
  });
  const sigma = params.sigma!.dataSync()[0]!;
  const linear = pcaRmse(data);
  console.log(`reconstruction RMSE ${fmt(rmse)}; the best linear 2-D code (PCA) ${fmt(linear)}; the noise ${NOISE}`);
  console.log(`learned σ ${fmt(sigma)}`);

  // New data from the fitted model: the prior over codes through the learned decoder.
  const fresh = Predictive(model, { params, numSamples: 4, returnSites: ['x'] })(prngKey(7), x);
  console.log(`Predictive: x of shape [${fresh.x!.shape.join(', ')}] (4 draws of a mini-batch of ${BATCH})\n`);

  const check = checks();
  check.that('the VAE reconstructs better than the best linear 2-D code', rmse < 0.5 * linear, `RMSE ${fmt(rmse)} < 0.5 × PCA's ${fmt(linear)} (measured 0.107–0.113)`);
  // σ absorbs the noise (0.1) plus the decoder's misfit; measured 0.12–0.13 at 1000–1500 steps.
  check.that('learned σ is near the noise scale', sigma > 0.8 * NOISE && sigma < 2 * NOISE, `${fmt(sigma)} in [${fmt(0.8 * NOISE)}, ${fmt(2 * NOISE)}]`);

  await writePlots(options.plot, {
    'vae-model.svg': renderModelSvg(model, { args: [x], guide, params, renderDistributions: true, renderShapes: true }),
    'vae-loss.svg': plotLoss(losses, { logScale: true, smooth: true, title: 'VAE: −ELBO' }),
  });
  tf.dispose([x, ...Object.values(fresh), ...Object.values(params), ...Object.values(state.params), ...Object.values(state.optState).flatMap((s) => Object.values(s))]);
  return check.exitCode();
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
