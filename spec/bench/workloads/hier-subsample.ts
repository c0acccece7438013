/**
 * hier_subsample: a hierarchical model with a subsampled plate, `mu ~ N(0, 5)`,
 * `tau ~ HalfCauchy(5)`, plate `groups` (10000, subsample 256): `theta ~ N(mu, tau)`,
 * `y[idx] ~ N(theta, sigma[idx])`; `AutoNormal`, `TraceELBO`, `Adam(0.01)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Adam, AutoNormal, HalfCauchy, Normal, SVI, TraceELBO, plate, sample } from '../../../lib/index.js';
import { float32Sum, hierData } from '../data.js';
import type { Workload, WorkloadSetup } from '../workload.js';

const G = 10000;
const SUBSAMPLE = 256;

function* model(y: tf.Tensor, sigma: tf.Tensor) {
  const mu = yield* sample('mu', Normal(0, 5));
  const tau = yield* sample('tau', HalfCauchy(5));
  yield* plate('groups', G, { subsampleSize: SUBSAMPLE }, function* (idx) {
    const theta = yield* sample('theta', Normal(mu, tau));
    yield* sample('y', Normal(theta, tf.gather(sigma, idx)), { obs: tf.gather(y, idx) });
  });
}

export const hierSubsample: Workload = {
  name: 'hier_subsample',
  pyroMs: 2.49,
  pyroMsNoValidation: 1.95,
  prepare: () => {
    const data = hierData(G);
    const y = tf.tensor1d(Float32Array.from(data.y));
    const sigma = tf.tensor1d(Float32Array.from(data.sigma));
    const setup = (): WorkloadSetup => {
      const guide = AutoNormal(model);
      return {
        svi: SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO()),
        args: [y, sigma],
        posterior: (params) =>
          tf.tidy(() => {
            const median = guide.median(params);
            return { mu_median: median.mu.dataSync()[0]!, tau_median: median.tau.dataSync()[0]! };
          }),
      };
    };
    return { checksums: { sum_y: float32Sum(data.y), sum_sigma: float32Sum(data.sigma) }, setup, dispose: () => tf.dispose([y, sigma]) };
  },
};
