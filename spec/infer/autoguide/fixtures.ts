/**
 * Models and data shared by the autoguide specs: the workloads of shared/bench/WORKLOADS.md
 * (data from the mulberry32 generator) and small Gaussian models with exact posteriors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { plate, sample } from '../../../lib/core/primitives.js';
import { HalfCauchy } from '../../../lib/distributions/families/continuous/half-cauchy.js';
import { HalfNormal } from '../../../lib/distributions/families/continuous/half-normal.js';
import { LogNormal } from '../../../lib/distributions/families/continuous/log-normal.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import type { SVIState } from '../../../lib/infer/svi.js';

// The workloads' data (shared/bench/WORKLOADS.md), from the one copy of the generator.
export { hierData, linregData, seedData } from '../../../examples/support/data.js';

/** The seed example: `loc ~ N(0, 10)`, `scale ~ LogNormal(0, 1)`, `obs ~ N(loc, scale)` in plate `data`. */
export function* seedModel(x: tf.Tensor) {
  const loc = yield* sample('loc', Normal(0, 10));
  const scale = yield* sample('scale', LogNormal(0, 1));
  yield* plate('data', x.shape[0], function* () {
    yield* sample('obs', Normal(loc, scale), { obs: x });
  });
}

/** The exact seed-example posterior (grid quadrature, WORKLOADS.md): [5%, 50%, 95%]. */
export const SEED_POSTERIOR = { loc: [3.0525, 3.2075, 3.3625], scale: [0.832, 0.931, 1.052] } as const;

/** `w ~ N(0, 1)^D`, `b ~ N(0, 10)`, `sigma ~ HalfNormal(1)`, `y ~ N(X w + b, sigma)` in plate `data`. */
export function* linregModel(x: tf.Tensor, y: tf.Tensor) {
  const d = x.shape[1]!;
  const w = yield* sample('w', Normal(0, 1).expand([d]).toEvent(1));
  const b = yield* sample('b', Normal(0, 10));
  const sigma = yield* sample('sigma', HalfNormal(1));
  const mean = tf.add(tf.squeeze(tf.matMul(x, tf.reshape(w, [d, 1])), [1]), b);
  yield* plate('data', x.shape[0], function* () {
    yield* sample('y', Normal(mean, sigma), { obs: y });
  });
}

/** `mu ~ N(0, 5)`, `tau ~ HalfCauchy(5)`, plate `groups` (subsampled): `theta ~ N(mu, tau)`, `y[idx] ~ N(theta, sigma[idx])`. */
export function hierModel(subsampleSize: number) {
  return function* (y: tf.Tensor, sigma: tf.Tensor) {
    const mu = yield* sample('mu', Normal(0, 5));
    const tau = yield* sample('tau', HalfCauchy(5));
    yield* plate('groups', y.shape[0], { subsampleSize }, function* (idx) {
      const theta = yield* sample('theta', Normal(mu, tau));
      yield* sample('y', Normal(theta, tf.gather(sigma, idx)), { obs: tf.gather(y, idx) });
    });
  };
}

/** A float32 tensor from float64 values. */
export const f32 = (values: ArrayLike<number>, shape: readonly number[]): tf.Tensor => tf.tensor(Float32Array.from(values), [...shape], 'float32');

/** The values of a tensor as a plain array. */
export const valuesOf = (t: tf.Tensor | undefined): number[] => Array.from(t!.dataSync());

/** Dispose everything an SVI state holds. */
export function disposeState(state: SVIState): void {
  tf.dispose([...Object.values(state.params), ...Object.values(state.optState).flatMap((o) => Object.values(o))]);
}
