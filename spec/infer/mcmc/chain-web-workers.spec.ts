/**
 * The page's side of parallel chains in Web Workers, under Node with a stand-in `Worker`
 * (fixtures/fake-web-worker.ts) that runs the worker's own code in this process: draws,
 * progress, worker lifetimes and every error a page can meet. spec/examples/browser-mcmc.spec.ts
 * runs the real thing in Chromium.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type IgnisError } from '../../../lib/core/errors.js';
import { prngKey } from '../../../lib/core/key.js';
import { runChainsInWebWorkers } from '../../../lib/infer/mcmc/chain-web-workers.js';
import { NUTS } from '../../../lib/infer/mcmc/kernels.js';
import { MCMC, type MCMCOptions } from '../../../lib/infer/mcmc/mcmc.js';
import { FakeWorker } from './fixtures/fake-web-worker.js';
import { eightSchools, schoolsData } from './fixtures/models.js';

const workerModel = { module: new URL('./fixtures/models.ts', import.meta.url), name: 'eightSchools' };
const small = { numWarmup: 20, numSamples: 10, numChains: 3, chainMethod: 'parallel', workerModel } as const satisfies MCMCOptions;

/** The rejection of `promise` (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<IgnisError> {
  return promise.then(
    () => expect.fail('resolved'),
    (e: unknown) => e as IgnisError,
  );
}

describe('chain-web-workers', () => {
  beforeEach(() => {
    FakeWorker.reset();
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
  });
  afterEach(async () => {
    await Promise.all(FakeWorker.created.map((w) => w.served));
    vi.unstubAllGlobals();
  });

  describe('MCMC.runAsync with chainMethod parallel', () => {
    it("gives run's sequential draws bit for bit, reports each chain's progress, terminates its workers and leaves no tensors", async () => {
      const [y, sigma] = schoolsData();
      const before = tf.memory().numTensors;
      const sequential = MCMC(NUTS(eightSchools), { ...small, chainMethod: 'sequential' }).run(prngKey(5), y, sigma);
      const progress: number[][] = [[], [], []];
      const parallel = await MCMC(NUTS(eightSchools), small).runAsync(prngKey(5), [y, sigma], { onProgress: (c, done, total) => progress[c]!.push(done / total) });
      for (const site of ['mu', 'tau', 'theta_tilde']) expect(parallel.samples[site]!.dataSync(), site).toEqual(sequential.samples[site]!.dataSync());
      expect(parallel.diagnostics).toEqual(sequential.diagnostics);
      // 3 chains on 2 workers (hardwareConcurrency 2): chains 0 and 2 share one; all terminated
      expect(FakeWorker.created.map((w) => [w.options, w.terminated])).toEqual([
        [{ type: 'module', name: 'ignis chains 0, 2' }, true],
        [{ type: 'module', name: 'ignis chain 1' }, true],
      ]);
      expect(FakeWorker.created[0]!.url).toMatch(/^file:.*\/lib\/infer\/mcmc\/web-chain-worker\.ts$/);
      for (const p of progress) expect(p.at(-1)).toBe(1);
      sequential.dispose();
      parallel.dispose();
      await Promise.all(FakeWorker.created.map((w) => w.served));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([y, sigma]);
    });

    it('uses workerEntry when given, made absolute', async () => {
      FakeWorker.reset('script-fails');
      const [y, sigma] = schoolsData();
      const error = await rejection(MCMC(NUTS(eightSchools), { ...small, numChains: 1, workerEntry: 'file:///assets/../chain-worker.js' }).runAsync(prngKey(0), [y, sigma]));
      expect(FakeWorker.created[0]!.url).toBe('file:///chain-worker.js');
      expect(error.message).toMatch(/^MCMC\.runAsync: the worker of chain 0 could not load its script file:\/\/\/chain-worker\.js: the browser gave no reason \(a 404, .*\)\. Serve Ignis's chain-worker module .* and pass its URL as MCMC's workerEntry\.$/);
      tf.dispose([y, sigma]);
    });

    it('names the chains and the module when the model module lacks the export, and terminates every worker', async () => {
      const [y, sigma] = schoolsData();
      const wrong = { module: new URL('./fixtures/no-model.ts', import.meta.url), name: 'notAModel' };
      const error = await rejection(MCMC(NUTS(eightSchools), { ...small, workerModel: wrong }).runAsync(prngKey(0), [y, sigma]));
      expect(error.tag).toBe('InvalidArgument');
      expect(error.message).toMatch(/^MCMC\.runAsync: the worker of chains? [\d, ]+ could not load the model from file:.*\/no-model\.ts: Error: the module .*no-model\.ts has no function export 'notAModel'/);
      expect(error.message).toMatch(/workerModel\.module must be the URL of an ES module the page can fetch .* exports the function 'notAModel'/);
      expect(FakeWorker.created.every((w) => w.terminated)).toBe(true);
      tf.dispose([y, sigma]);
    });

    it('names the module URL that fails to load', async () => {
      const [y, sigma] = schoolsData();
      const missing = { module: new URL('./fixtures/missing-module.ts', import.meta.url), name: 'model' };
      const error = await rejection(MCMC(NUTS(eightSchools), { ...small, numChains: 1, workerModel: missing }).runAsync(prngKey(0), [y, sigma]));
      expect(error.message).toMatch(/^MCMC\.runAsync: the worker of chain 0 could not load the model from file:.*\/missing-module\.ts: /);
      tf.dispose([y, sigma]);
    });

    it('says what to do when module workers cannot be created', async () => {
      FakeWorker.reset('constructor-throws');
      const [y, sigma] = schoolsData();
      const error = await rejection(MCMC(NUTS(eightSchools), small).runAsync(prngKey(0), [y, sigma]));
      expect(error.tag).toBe('NotImplemented');
      expect(error.message).toMatch(/^MCMC\.runAsync: the worker of chains 0, 2 could not be created from file:.*: TypeError: Module scripts are not supported .*Module workers \(\{ type: 'module' \}\) need Chrome 80, Firefox 114 or Safari 15.*chainMethod 'sequential'/);
      tf.dispose([y, sigma]);
    });

    it('is cancelled by its signal, terminating the workers', async () => {
      const [y, sigma] = schoolsData();
      const controller = new AbortController();
      const error = await rejection(
        MCMC(NUTS(eightSchools), small).runAsync(prngKey(0), [y, sigma], { signal: controller.signal, onProgress: () => controller.abort(new Error('the user left')) }),
      );
      expect(error.tag).toBe('Cancelled');
      expect(error.message).toBe('MCMC.runAsync: cancelled: the user left. The chain workers were terminated; no draws are returned.');
      expect(FakeWorker.created.length).toBeGreaterThan(0);
      expect(FakeWorker.created.every((w) => w.terminated)).toBe(true);
      // an aborted signal creates no worker
      FakeWorker.reset();
      const again = await rejection(MCMC(NUTS(eightSchools), small).runAsync(prngKey(0), [y, sigma], { signal: controller.signal }));
      expect(again.tag).toBe('Cancelled');
      expect(FakeWorker.created).toEqual([]);
      tf.dispose([y, sigma]);
    });
  });

  describe('runChainsInWebWorkers', () => {
    const jobs = (): Parameters<typeof runChainsInWebWorkers>[1] => {
      const [y, sigma] = schoolsData();
      const settings = NUTS(eightSchools).settings;
      const job = { model: eightSchools, args: [y, sigma], settings, numWarmup: 2, numSamples: 2, init: new Float64Array(10) };
      return [0, 1].map((c) => ({ ...job, key: prngKey(c) }));
    };

    it('reports the failure a worker posts, naming its chain and stage', async () => {
      const j = jobs();
      const cases = [
        [{ type: 'error', stage: 'chain', chain: 1, message: 'RangeError: boom' }, /^MCMC\.runAsync: chain 1 failed in its worker: RangeError: boom\.$/],
        [{ type: 'error', stage: 'backend', message: 'no wasm' }, /^MCMC\.runAsync: the worker of chain 0 could not select the 'cpu' backend: no wasm\. Serve/],
        [{ type: 'done' }, /^MCMC\.runAsync: the worker of chain 0 ended without the result of chain 0\.$/],
      ] as const;
      for (const [reply, expected] of cases) {
        FakeWorker.reset({ reply });
        const error = await rejection(runChainsInWebWorkers(workerModel, j, { tick: () => undefined }));
        expect(error.message).toMatch(expected);
        expect(FakeWorker.created.every((w) => w.terminated)).toBe(true);
      }
      tf.dispose(j[0]!.args as tf.Tensor[]);
    });

    it('needs a Worker', async () => {
      vi.stubGlobal('Worker', undefined);
      const j = jobs();
      const error = await rejection(runChainsInWebWorkers(workerModel, j, { tick: () => undefined }));
      expect(error.message).toBe("MCMC.runAsync: chainMethod 'parallel' needs Web Workers, and this environment has no Worker. Use chainMethod 'sequential'.");
      tf.dispose(j[0]!.args as tf.Tensor[]);
    });
  });

  describe('MCMC.runAsync with chainMethod sequential', () => {
    it('gives the draws of run and stops between chains when cancelled', async () => {
      const [y, sigma] = schoolsData();
      const options = { ...small, chainMethod: 'sequential' } as const;
      const sync = MCMC(NUTS(eightSchools), options).run(prngKey(2), y, sigma);
      const async = await MCMC(NUTS(eightSchools), options).runAsync(prngKey(2), [y, sigma]);
      expect(async.samples.theta_tilde!.dataSync()).toEqual(sync.samples.theta_tilde!.dataSync());
      const controller = new AbortController();
      const error = await rejection(MCMC(NUTS(eightSchools), options).runAsync(prngKey(2), [y, sigma], { signal: controller.signal, onProgress: (c) => c === 1 && controller.abort() }));
      expect(error.message).toMatch(/^MCMC\.runAsync: cancelled before chain 2/);
      tf.dispose([y, sigma]);
      sync.dispose();
      async.dispose();
    });
  });
});
