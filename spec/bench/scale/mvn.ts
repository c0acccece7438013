/**
 * mvn (shared/bench/SCALE.md): `z ~ MultivariateNormal(0, scaleTril = L)` with L the Cholesky
 * factor of the AR(1) covariance ρ^|i−j| (ρ = 0.9); `y ~ Normal(z, 1).toEvent(1)` observed;
 * `AutoMultivariateNormal` with `initToFeasible()` and initScale 0.1, `TraceELBO`, `Adam(0.01)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Adam, AutoMultivariateNormal, MultivariateNormal, Normal, SVI, TraceELBO, initToFeasible, sample } from '../../../lib/index.js';
import { float32Sum } from '../data.js';
import type { PreparedData, WorkloadSetup } from '../workload.js';
import { mvnData } from './data.js';

/** The mvn workload's data and SVI setup at dimension `d`. */
export function prepareMvn(d: number): PreparedData {
  const data = mvnData(d);
  const l = tf.tensor2d(data.l, [d, d]);
  const loc = tf.zeros([d]);
  const y = tf.tensor1d(data.y);
  function* model(obs: tf.Tensor) {
    const z = yield* sample('z', MultivariateNormal(loc, { scaleTril: l }));
    yield* sample('y', Normal(z, 1).toEvent(1), { obs });
  }
  const setup = (): WorkloadSetup => {
    const guide = AutoMultivariateNormal(model, { initLocFn: initToFeasible(), initScale: 0.1 });
    return {
      svi: SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO()),
      args: [y],
      posterior: (params) =>
        tf.tidy(() => {
          const z = guide.median(params).z.dataSync();
          return { z0_median: z[0]!, z_mean: Array.from(z).reduce((s, v) => s + v, 0) / d };
        }),
    };
  };
  return { checksums: { sum_L: float32Sum(data.l), sum_y: float32Sum(data.y) }, setup, dispose: () => tf.dispose([l, loc, y]) };
}
