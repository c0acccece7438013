/**
 * The browser example: scenario 2 fit in the page. The same model, data and optimizer as
 * examples/scenario2-auto-mvn.ts, with a live loss plot (`plotLoss`), the model diagram
 * (`renderModelSvg`), the posterior (`plotPosterior`) and the `summary` table.
 *
 * Build and serve it with `npm run browser` (esbuild bundles this file and the page; the wasm
 * backend's `.wasm` files are served from `./wasm/`). URL options: `backend` (`wasm`, the
 * default, or `cpu`), `steps` (default 2000), `wasmPaths` (default `./wasm/`).
 *
 * The page publishes its result as `window.ignisResult` (and `data-status` on `<body>`) for
 * the headless-Chromium test in spec/examples/browser.spec.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  Adam,
  AutoMultivariateNormal,
  type BackendName,
  LogNormal,
  Normal,
  Predictive,
  SVI,
  type SVIRunner,
  type SVIState,
  TraceELBO,
  currentBackend,
  formatSummary,
  plate,
  plotLoss,
  plotPosterior,
  prngKey,
  renderModelSvg,
  sample,
  summary,
  useBackend,
} from '@ignis-ppl/core';
import { seedData } from '../../support/data.js';
import type { PageResult } from '../page-result.js';

declare global {
  interface Window {
    ignisResult?: PageResult;
  }
}

function* model(x: tf.Tensor) {
  const loc = yield* sample('loc', Normal(0, 10));
  const scale = yield* sample('scale', LogNormal(0, 1));
  yield* plate('data', x.shape[0], function* () {
    yield* sample('obs', Normal(loc, scale), { obs: x });
  });
}

const element = (id: string): HTMLElement => document.getElementById(id)!;
const status = (text: string): void => void (element('status').textContent = text);

/**
 * `steps` SVI updates that give the page back its event loop every `chunkMs` milliseconds,
 * so that it stays responsive and can draw. (The shape of `svi.runAsync`: switch to it once
 * it is on main.) Returns the final state, the losses and the time spent in updates.
 */
async function runInPage<Args extends readonly unknown[]>(
  svi: SVIRunner<Args>,
  key: ReturnType<typeof prngKey>,
  steps: number,
  args: Args,
  onChunk: (done: number, losses: Float64Array) => Promise<void>,
  chunkMs = 100,
): Promise<{ readonly state: SVIState; readonly losses: Float64Array; readonly updateMs: number }> {
  let state = svi.init(key, ...args);
  const losses = new Float64Array(steps);
  let updateMs = 0;
  for (let i = 0; i < steps; ) {
    const start = performance.now();
    do {
      const [next, loss] = svi.update(state, ...args);
      state = next;
      losses[i++] = loss;
    } while (i < steps && performance.now() - start < chunkMs);
    updateMs += performance.now() - start;
    await onChunk(i, losses);
    await new Promise((resolve) => setTimeout(resolve));
  }
  return { state, losses, updateMs };
}

async function main(): Promise<PageResult> {
  const query = new URLSearchParams(location.search);
  const backend = (query.get('backend') ?? 'wasm') as BackendName;
  const steps = Number(query.get('steps') ?? 2000);
  await useBackend(backend, { wasmPaths: query.get('wasmPaths') ?? './wasm/' });
  status(`fitting on the ${currentBackend()} backend…`);

  const x = tf.tensor1d(Float32Array.from(seedData()));
  element('model').innerHTML = await renderModelSvg(model, { args: [x], renderDistributions: true, renderShapes: true });
  const guide = AutoMultivariateNormal(model, { initScale: 0.1 });
  const svi = SVI(model, guide, Adam({ lr: 0.005 }), TraceELBO());
  let lastDraw = -Infinity;
  const drawLoss = async (done: number, losses: Float64Array): Promise<void> => {
    element('loss').innerHTML = await plotLoss(losses.subarray(0, done), { logScale: true, smooth: done >= 50, title: `−ELBO, step ${done} of ${steps}` });
  };
  const { state, losses, updateMs } = await runInPage(svi, prngKey(0), steps, [x], async (done, l) => {
    if (performance.now() - lastDraw < 400 && done < steps) return; // draw ~2.5 times a second
    status(`fitting on the ${currentBackend()} backend: step ${done} of ${steps}`);
    await drawLoss(done, l);
    lastDraw = performance.now();
  });
  await drawLoss(steps, losses);

  const params = svi.getParams(state);
  const q = guide.quantiles(params, [0.05, 0.5, 0.95]);
  const quantiles = { loc: Array.from(q.loc.dataSync()), scale: Array.from(q.scale.dataSync()) };
  const samples = Predictive(model, { guide, params, numSamples: 1000, returnSites: ['loc', 'scale'] })(prngKey(3), x);
  element('posterior').innerHTML = await plotPosterior(samples);
  element('summary').textContent = formatSummary(summary(samples));
  const msPerStep = updateMs / steps;
  status(`done: ${steps} steps on the ${currentBackend()} backend, ${msPerStep.toFixed(3)} ms per step`);
  tf.dispose([x, ...Object.values(q), ...Object.values(samples), ...Object.values(params), ...Object.values(state.params)]);
  return { status: 'done', backend: currentBackend(), steps, msPerStep, firstLoss: losses[0]!, lastLoss: losses[steps - 1]!, quantiles };
}

const publish = (result: PageResult): void => {
  window.ignisResult = result;
  document.body.dataset.status = result.status;
};
main().then(publish, (error: unknown) => {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  element('status').className = 'error';
  status(message);
  publish({ status: 'error', message });
});
