import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { NUTS } from '../../../lib/infer/mcmc/kernels.js';
import type { FromWorker, ToWorker } from '../../../lib/infer/mcmc/web-worker-protocol.js';
import { toTransferable } from '../../../lib/infer/mcmc/worker-data.js';
import { eightSchools, schoolsData } from './fixtures/models.js';

const entry = '../../../lib/infer/mcmc/web-chain-worker.js';

describe('web-chain-worker', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('refuses to be imported outside a worker, saying how it is used', async () => {
    await expect(import(entry)).rejects.toThrow(/^@ignis-ppl\/core\/chain-worker is a Web Worker's script, not a module to import: pass its URL as MCMC's workerEntry/);
  });

  it("in a worker's global scope, posts ready, then serves a run message", async () => {
    const posted: FromWorker[] = [];
    const finished = new Promise<void>((done) => {
      vi.stubGlobal('importScripts', () => undefined);
      vi.stubGlobal('onmessage', null);
      vi.stubGlobal('postMessage', (m: FromWorker) => {
        posted.push(m);
        if (m.type === 'done' || m.type === 'error') done();
      });
    });
    await import(entry);
    expect(posted).toEqual([{ type: 'ready' }]);
    const data = schoolsData();
    const run: ToWorker = {
      type: 'run',
      input: {
        moduleUrl: new URL('./fixtures/models.ts', import.meta.url).href,
        exportName: 'eightSchools',
        backend: 'cpu',
        validation: true,
        args: toTransferable(data, 'args'),
        jobs: [{ chain: 0, key: prngKey(0), init: new Float64Array(10) }],
        settings: NUTS(eightSchools).settings,
        numWarmup: 2,
        numSamples: 2,
        progressEveryMs: 1e9,
      },
    };
    tf.dispose(data);
    (globalThis as unknown as { onmessage: (e: { data: unknown }) => void }).onmessage({ data: run });
    await finished;
    expect(posted.map((m) => m.type)).toEqual(['ready', 'progress', 'progress', 'result', 'done']);
  });
});
