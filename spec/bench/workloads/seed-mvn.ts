/**
 * seed_mvn: `AutoMultivariateNormal` on the seed example (latent dim 2):
 * `loc ~ N(0, 10)`, `scale ~ LogNormal(0, 1)`, plate `data` (100): `obs ~ N(loc, scale)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Adam, AutoMultivariateNormal, LogNormal, Normal, SVI, TraceELBO, plate, sample } from '../../../lib/index.js';
import { float32Sum, seedData } from '../data.js';
import type { Workload, WorkloadSetup } from '../workload.js';

function* model(x: tf.Tensor) {
  const loc = yield* sample('loc', Normal(0, 10));
  const scale = yield* sample('scale', LogNormal(0, 1));
  yield* plate('data', x.shape[0], function* () {
    yield* sample('obs', Normal(loc, scale), { obs: x });
  });
}

export const seedMvn: Workload = {
  name: 'seed_mvn',
  pyroMs: 1.72,
  pyroMsNoValidation: 1.26,
  prepare: () => {
    const values = seedData();
    const x = tf.tensor1d(Float32Array.from(values));
    const setup = (): WorkloadSetup => {
      const guide = AutoMultivariateNormal(model, { initScale: 0.1 });
      return {
        svi: SVI(model, guide, Adam({ lr: 0.005 }), TraceELBO()),
        args: [x],
        posterior: (params) =>
          tf.tidy(() => {
            const median = guide.median(params);
            const q = guide.quantiles(params, [0.05, 0.95]);
            const [loc5, loc95] = q.loc.dataSync();
            const [scale5, scale95] = q.scale.dataSync();
            return { loc_median: median.loc.dataSync()[0]!, scale_median: median.scale.dataSync()[0]!, loc_q05: loc5!, loc_q95: loc95!, scale_q05: scale5!, scale_q95: scale95! };
          }),
      };
    };
    return { checksums: { sum_data: float32Sum(values) }, setup, dispose: () => x.dispose() };
  },
};
