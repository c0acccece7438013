import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { NUTS } from '../../../lib/infer/mcmc/kernels.js';
import { type FromWorker, type WebWorkerInput, serveChainJobs } from '../../../lib/infer/mcmc/web-worker-protocol.js';
import { toTransferable } from '../../../lib/infer/mcmc/worker-data.js';
import { eightSchools, schoolsData } from './fixtures/models.js';

const moduleUrl = new URL('./fixtures/models.ts', import.meta.url).href;

function input(overrides: Partial<WebWorkerInput> = {}): WebWorkerInput {
  const data = schoolsData();
  const args = toTransferable(data, 'args');
  tf.dispose(data);
  const jobs = [3, 5].map((chain) => ({ chain, key: prngKey(chain), init: new Float64Array(10) }));
  return { moduleUrl, exportName: 'eightSchools', backend: 'cpu', validation: true, args, jobs, settings: NUTS(eightSchools).settings, numWarmup: 4, numSamples: 3, progressEveryMs: 0, ...overrides };
}

/** The messages `serveChainJobs(input)` posts, with the buffers it transfers. */
async function served(i: WebWorkerInput): Promise<{ readonly messages: FromWorker[]; readonly transfers: (readonly ArrayBuffer[] | undefined)[] }> {
  const messages: FromWorker[] = [];
  const transfers: (readonly ArrayBuffer[] | undefined)[] = [];
  await serveChainJobs(i, (m, t) => {
    messages.push(m);
    transfers.push(t);
  });
  return { messages, transfers };
}

describe('web-worker-protocol', () => {
  describe('serveChainJobs', () => {
    it('posts progress per iteration, one result per chain with its buffers to transfer, then done, and disposes the arguments', async () => {
      const before = tf.memory().numTensors;
      const { messages, transfers } = await served(input());
      const summary = messages.map((m) => (m.type === 'progress' ? `p${m.chain}:${m.done}` : m.type === 'result' ? `r${m.chain}` : m.type));
      const perChain = (c: number) => [...Array.from({ length: 7 }, (_, i) => `p${c}:${i + 1}`), `r${c}`];
      expect(summary).toEqual([...perChain(3), ...perChain(5), 'done']);
      const result = messages.find((m) => m.type === 'result')!;
      expect(result.type === 'result' && result.result.draws.length).toBe(3 * 10);
      expect(transfers[messages.indexOf(result)]).toHaveLength(10);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('throttles progress to every progressEveryMs, keeping each chain’s last count', async () => {
      const { messages } = await served(input({ progressEveryMs: 1e9 }));
      expect(messages.filter((m) => m.type === 'progress')).toEqual([
        { type: 'progress', chain: 3, done: 1 },
        { type: 'progress', chain: 3, done: 7 },
        { type: 'progress', chain: 5, done: 1 },
        { type: 'progress', chain: 5, done: 7 },
      ]);
    });

    it('posts an error naming the stage (and chain) that failed', async () => {
      const noExport = await served(input({ exportName: 'nope' }));
      expect(noExport.messages).toEqual([{ type: 'error', stage: 'model', message: expect.stringMatching(/models\.ts has no function export 'nope'/) as string }]);
      const missing = await served(input({ moduleUrl: new URL('./fixtures/missing.ts', import.meta.url).href }));
      expect(missing.messages).toMatchObject([{ type: 'error', stage: 'model' }]);
      const backend = await served(input({ backend: 'webgl' }));
      expect(backend.messages).toMatchObject([{ type: 'error', stage: 'backend', message: expect.stringMatching(/useBackend: argument 'name' must be 'cpu' or 'wasm'/) as string }]);
      // a bad initial point (NaN) fails the chain that got it, after the chains before it posted their results
      const jobs = input().jobs.map((j, i) => (i === 1 ? { ...j, init: new Float64Array(10).fill(NaN) } : j));
      const { messages } = await served(input({ jobs }));
      expect(messages.filter((m) => m.type !== 'progress').map((m) => m.type)).toEqual(['result', 'error']);
      expect(messages.at(-1)).toMatchObject({ type: 'error', stage: 'chain', chain: 5 });
    });
  });
});
