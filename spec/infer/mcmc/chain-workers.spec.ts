import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { MCMC } from '../../../lib/infer/mcmc/mcmc.js';
import { NUTS } from '../../../lib/infer/mcmc/kernels.js';
import { eightSchools, schoolsData } from './fixtures/models.js';

const workerModel = { module: new URL('./fixtures/models.ts', import.meta.url), name: 'eightSchools' };

describe('chain-workers', () => {
  describe("MCMC with chainMethod 'parallel'", () => {
    it('gives the draws of the sequential run, bit for bit, for the same key', () => {
      const [y, sigma] = schoolsData();
      const options = { numWarmup: 30, numSamples: 20, numChains: 3 } as const; // 3 chains on 2 workers: one runs two
      const sequential = MCMC(NUTS(eightSchools), options).run(prngKey(11), y, sigma);
      const parallel = MCMC(NUTS(eightSchools), { ...options, chainMethod: 'parallel', workerModel }).run(prngKey(11), y, sigma);
      for (const site of ['mu', 'tau', 'theta_tilde']) {
        expect(parallel.samples[site]!.dataSync()).toEqual(sequential.samples[site]!.dataSync());
      }
      expect(parallel.diagnostics.numSteps).toEqual(sequential.diagnostics.numSteps);
      expect(parallel.chains.map((c) => c.stepSize)).toEqual(sequential.chains.map((c) => c.stepSize));
      sequential.dispose();
      parallel.dispose();
      y.dispose();
      sigma.dispose();
    });

    it('runAsync in Node (no Web Workers) runs them in worker_threads too, with the same draws', async () => {
      const [y, sigma] = schoolsData();
      const options = { numWarmup: 10, numSamples: 5, numChains: 2 } as const;
      const sequential = MCMC(NUTS(eightSchools), options).run(prngKey(3), y, sigma);
      const parallel = await MCMC(NUTS(eightSchools), { ...options, chainMethod: 'parallel', workerModel }).runAsync(prngKey(3), [y, sigma]);
      expect(parallel.samples.theta_tilde!.dataSync()).toEqual(sequential.samples.theta_tilde!.dataSync());
      tf.dispose([y, sigma]);
      sequential.dispose();
      parallel.dispose();
    });

    it('reports a worker that cannot find the model, naming the module and export', () => {
      const [y, sigma] = schoolsData();
      const workerModel = { module: new URL('./fixtures/no-model.ts', import.meta.url), name: 'notAModel' };
      const mcmc = MCMC(NUTS(eightSchools), { numWarmup: 5, numSamples: 5, numChains: 1, chainMethod: 'parallel', workerModel });
      expect(() => mcmc.run(prngKey(0), y, sigma)).toThrow(/MCMC: a chain worker failed \(chainMethod 'parallel'\): .*no-model\.ts has no function export 'notAModel'/s);
      y.dispose();
      sigma.dispose();
    });
  });
});
