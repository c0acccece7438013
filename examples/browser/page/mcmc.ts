/**
 * The parallel-chains page: NUTS on eight schools with `chainMethod: 'parallel'` — one module
 * Web Worker per core, each importing the model's module (`schools.ts`, built as its own file)
 * and Ignis's chain-worker entry (`@ignis-ppl/core/chain-worker`, built as `chain-worker.js`) —
 * with a progress bar per chain and a Stop button, then the same key with `'sequential'` on the
 * page (unless `?method=parallel`). It publishes both runs' draws and wall times as
 * `window.ignisMcmc` for spec/examples/browser-mcmc.spec.ts. URL options: `backend`, `chains`,
 * `warmup`, `samples`, `method`, `abort=1` (Stop at the first progress report), and `modelUrl`,
 * `workerEntry` (to see the errors of wrong URLs).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, MCMC, type MCMCResult, NUTS, currentBackend, prngKey, useBackend } from '@ignis-ppl/core';
import type { McmcPageResult } from '../mcmc-result.js';
import { eightSchools, schoolsData } from './schools.js';

declare global {
  interface Window {
    ignisMcmc?: McmcPageResult;
  }
}

const element = (id: string): HTMLElement => document.getElementById(id)!;
const status = (text: string): void => void (element('status').textContent = text);
const draws = (r: MCMCResult): Record<string, number[]> => Object.fromEntries(Object.entries(r.samples).map(([site, t]) => [site, Array.from(t.dataSync())]));

/** Both runs on the data `[y, sigma]`; `query` holds the URL options. */
async function runs(query: URLSearchParams, y: tf.Tensor, sigma: tf.Tensor): Promise<McmcPageResult> {
  const options = { numChains: Number(query.get('chains') ?? 4), numWarmup: Number(query.get('warmup') ?? 150), numSamples: Number(query.get('samples') ?? 150) };
  const bars = Array.from({ length: options.numChains }, (_, c) => {
    const row = element('chains').appendChild(document.createElement('div'));
    row.textContent = `chain ${c} `;
    return row.appendChild(document.createElement('progress'));
  });
  const progress = new Array<number>(options.numChains).fill(0);
  const progressReports = new Array<number>(options.numChains).fill(0);
  const firstProgressMs = new Array<number>(options.numChains).fill(NaN);
  const stop = new AbortController();
  const button = element('stop') as HTMLButtonElement;
  button.disabled = false;
  button.onclick = () => stop.abort(new Error('stopped (the Stop button)'));
  status(`running ${options.numChains} chains in Web Workers on ${currentBackend()}…`);
  const mcmc = MCMC(NUTS(eightSchools), {
    ...options,
    chainMethod: 'parallel',
    workerModel: { module: query.get('modelUrl') ?? new URL('./schools.js', import.meta.url), name: 'eightSchools' },
    workerEntry: query.get('workerEntry') ?? new URL('./chain-worker.js', import.meta.url),
  });
  let start = performance.now();
  const parallel = await mcmc
    .runAsync(prngKey(0), [y, sigma], {
      signal: stop.signal,
      onProgress: (chain, done, total) => {
        bars[chain]!.value = progress[chain] = done / total;
        progressReports[chain]! += 1;
        if (progressReports[chain] === 1) firstProgressMs[chain] = performance.now() - start;
        if (query.get('abort') === '1') stop.abort(new Error('stopped at the first progress report (?abort=1)'));
      },
    })
    .finally(() => void (button.disabled = true));
  const parallelMs = performance.now() - start;
  element('summary').textContent = parallel.summary();
  const result = {
    status: 'done',
    backend: currentBackend(),
    numChains: options.numChains,
    parallelMs,
    parallel: draws(parallel),
    treeDepth: parallel.diagnostics.treeDepth.map((d) => Array.from(d)),
    divergences: parallel.divergences,
    summary: parallel.summary(),
    progress,
    progressReports,
    firstProgressMs,
  } as const;
  parallel.dispose();
  if (query.get('method') === 'parallel') return result;

  status(`running the same chains one after another on the page…`);
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the page paint
  start = performance.now();
  const sequential = MCMC(NUTS(eightSchools), options).run(prngKey(0), y, sigma);
  const sequentialMs = performance.now() - start;
  const sequentialDraws = draws(sequential);
  sequential.dispose();
  status(`done on ${currentBackend()}: ${options.numChains} chains in Web Workers ${(parallelMs / 1000).toFixed(2)} s, one after another on the page ${(sequentialMs / 1000).toFixed(2)} s`);
  return { ...result, sequentialMs, sequential: sequentialDraws };
}

async function main(): Promise<McmcPageResult> {
  const query = new URLSearchParams(location.search);
  await useBackend((query.get('backend') ?? 'wasm') as BackendName, { wasmPaths: './wasm/' });
  const tensorsBefore = tf.memory().numTensors;
  const [y, sigma] = schoolsData();
  const tensors = () => ({ tensorsBefore, tensorsAfter: tf.memory().numTensors });
  try {
    const result = await runs(query, y, sigma);
    tf.dispose([y, sigma]);
    return { ...result, ...tensors() };
  } catch (error) {
    tf.dispose([y, sigma]);
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    element('status').className = 'error';
    status(message);
    return { status: 'error', message, ...tensors() };
  }
}

const publish = (result: McmcPageResult): void => {
  window.ignisMcmc = result;
  document.body.dataset.status = result.status;
};
main().then(publish, (error: unknown) => publish({ status: 'error', message: String(error) }));
