/**
 * The browser example: scenario 2 fit in the page. The same model, data and optimizer as
 * examples/scenario2-auto-mvn.ts, with a live loss plot (`plotLoss`), the model diagram
 * (`renderModelSvg`), the posterior (`plotPosterior`) and the `summary` table. The fit is
 * `svi.runAsync`: it yields to the event loop between steps, `onStep` records the losses and
 * draws them, and the Stop button aborts it through an `AbortController`.
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
  type RunResult,
  SVI,
  SVIRunError,
  TraceELBO,
  currentBackend,
  disposeState,
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
 * Milliseconds per SVI update, timed from one `onStep` call to the next: a gap during which
 * `runAsync` gave the page its event loop back (a microtask queued in the previous call has
 * run) holds drawing and other tasks, not only an update, and is left out, as are the first
 * `warmUp` steps (kernel set-up). Returns the mean of the other gaps.
 */
function stepTimer(warmUp: number): { readonly onStep: (step: number) => void; readonly msPerStep: () => number } {
  let last = Number.NaN;
  let yielded = true;
  let total = 0;
  let count = 0;
  return {
    onStep: (step) => {
      const now = performance.now();
      if (!yielded && step > warmUp) {
        total += now - last;
        count += 1;
      }
      yielded = false;
      queueMicrotask(() => void (yielded = true));
      last = performance.now();
    },
    msPerStep: () => total / count,
  };
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
  const losses = new Float64Array(steps);
  const drawLoss = async (done: number): Promise<void> => {
    element('loss').innerHTML = await plotLoss(losses.subarray(0, done), { logScale: true, smooth: done >= 50, title: `−ELBO, step ${done} of ${steps}` });
  };
  let lastDraw = -Infinity;
  let drawing = false;
  const timer = stepTimer(Math.floor(steps / 10));
  const stop = new AbortController();
  const button = element('stop') as HTMLButtonElement;
  button.disabled = false;
  button.onclick = () => stop.abort();
  let result: RunResult;
  try {
    result = await svi.runAsync(prngKey(0), steps, [x], {
      signal: stop.signal,
      onStep: (step, loss) => {
        timer.onStep(step);
        losses[step - 1] = loss;
        // draw ~2.5 times a second, one drawing at a time (it runs while runAsync yields)
        if (drawing || performance.now() - lastDraw < 400) return;
        drawing = true;
        status(`fitting on the ${currentBackend()} backend: step ${step} of ${steps}`);
        void drawLoss(step).finally(() => {
          drawing = false;
          lastDraw = performance.now();
        });
      },
    });
  } catch (e) {
    if (!(e instanceof SVIRunError) || e.tag !== 'Cancelled') throw e;
    await drawLoss(e.losses.length);
    disposeState(e.state);
    tf.dispose(x);
    throw new Error(`stopped at step ${e.losses.length} of ${steps} (the Stop button)`);
  } finally {
    button.disabled = true;
  }
  const { state, params } = result;
  await drawLoss(steps);

  const q = guide.quantiles(params, [0.05, 0.5, 0.95]);
  const quantiles = { loc: Array.from(q.loc.dataSync()), scale: Array.from(q.scale.dataSync()) };
  const samples = Predictive(model, { guide, params, numSamples: 1000, returnSites: ['loc', 'scale'] })(prngKey(3), x);
  element('posterior').innerHTML = await plotPosterior(samples);
  element('summary').textContent = formatSummary(summary(samples));
  const msPerStep = timer.msPerStep();
  status(`done: ${steps} steps on the ${currentBackend()} backend, ${msPerStep.toFixed(3)} ms per step`);
  tf.dispose([x, ...Object.values(q), ...Object.values(samples), ...Object.values(params)]);
  disposeState(state);
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
