/**
 * linreg_mvn and linreg_meanfield: Bayesian linear regression (latent dim 52),
 * `w ~ N(0, 1)^D`, `b ~ N(0, 10)`, `sigma ~ HalfNormal(1)`, plate `data` (N): `y ~ N(X w + b, sigma)`,
 * fitted with `AutoMultivariateNormal` + `TraceELBO` or `AutoNormal` + `TraceMeanFieldELBO`.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  Adam,
  AutoMultivariateNormal,
  AutoNormal,
  HalfNormal,
  Normal,
  SVI,
  TraceELBO,
  TraceMeanFieldELBO,
  matvec,
  plate,
  sample,
} from '../../../lib/index.js';
import { float32Sum, linregData } from '../data.js';
import { olsFit, rmse } from '../reference.js';
import type { PreparedData, Workload, WorkloadSetup } from '../workload.js';

const N = 1000;
const D = 50;

function* model(x: tf.Tensor, y: tf.Tensor) {
  const w = yield* sample('w', Normal(0, 1).expand([D]).toEvent(1));
  const b = yield* sample('b', Normal(0, 10));
  const sigma = yield* sample('sigma', HalfNormal(1));
  const mean = tf.add(matvec(x, w), b);
  yield* plate('data', N, function* () {
    yield* sample('y', Normal(mean, sigma), { obs: y });
  });
}

function prepare(meanField: boolean): PreparedData {
  const data = linregData(N, D);
  const x = tf.tensor2d(Float32Array.from(data.x), [N, D]);
  const y = tf.tensor1d(Float32Array.from(data.y));
  const ols = olsFit(data.x, data.y, N, D);
  const setup = (): WorkloadSetup => {
    const guide = meanField ? AutoNormal(model) : AutoMultivariateNormal(model, { initScale: 0.1 });
    const loss = meanField ? TraceMeanFieldELBO() : TraceELBO();
    return {
      svi: SVI(model, guide, Adam({ lr: 0.01 }), loss),
      args: [x, y],
      posterior: (params) =>
        tf.tidy(() => {
          const median = guide.median(params);
          const w = median.w.dataSync();
          return {
            b_median: median.b.dataSync()[0]!,
            sigma_median: median.sigma.dataSync()[0]!,
            rmse_w_true: rmse(w, data.wTrue),
            rmse_w_ols: rmse(w, ols.w),
          };
        }),
    };
  };
  return {
    checksums: { sum_X: float32Sum(data.x), sum_w_true: float32Sum(data.wTrue), sum_y: float32Sum(data.y) },
    setup,
    dispose: () => tf.dispose([x, y]),
  };
}

export const linregMvn: Workload = { name: 'linreg_mvn', pyroMs: 2.14, pyroMsNoValidation: 1.8, prepare: () => prepare(false) };
export const linregMeanfield: Workload = { name: 'linreg_meanfield', pyroMs: 2.54, pyroMsNoValidation: 1.95, prepare: () => prepare(true) };
