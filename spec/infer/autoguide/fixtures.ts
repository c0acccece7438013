/**
 * Models and data shared by the autoguide specs: the workloads of shared/bench/WORKLOADS.md
 * (data from the mulberry32 generator) and small Gaussian models with exact posteriors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { plate, sample } from '../../../lib/core/primitives.js';
import { HalfCauchy } from '../../../lib/distributions/halfCauchy.js';
import { HalfNormal } from '../../../lib/distributions/halfNormal.js';
import { LogNormal } from '../../../lib/distributions/logNormal.js';
import { Normal } from '../../../lib/distributions/normal.js';
import type { SVIState } from '../../../lib/infer/svi.js';
import { draws, mulberry32 } from '../../helpers/mulberry32.js';

/** The seed example's data: seed 1, `normal() + 3`, 100 values (float64). */
export function seedData(): Float64Array {
  const g = mulberry32(1);
  return draws(100, () => g.normal() + 3);
}

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

/** Linear regression data (WORKLOADS.md, seed 2): X [N, D] row-major, w_true [D], y [N]. */
export function linregData(n: number, d: number): { readonly x: Float64Array; readonly wTrue: Float64Array; readonly y: Float64Array } {
  const g = mulberry32(2);
  const x = draws(n * d, g.normal);
  const wTrue = draws(d, g.normal);
  const eps = draws(n, g.normal);
  const y = Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j]! * wTrue[j]!;
    return s + 1 + 0.5 * eps[i]!;
  });
  return { x, wTrue, y };
}

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

/** Hierarchical data (WORKLOADS.md, seed 4): y [G], sigma [G] with mu = 1, tau = 2. */
export function hierData(groups: number): { readonly y: Float64Array; readonly sigma: Float64Array } {
  const g = mulberry32(4);
  const z = draws(groups, g.normal);
  const sigma = draws(groups, () => 0.5 + 1.5 * g.uniform());
  const eps = draws(groups, g.normal);
  return { y: Float64Array.from(z, (zi, i) => 1 + 2 * zi + sigma[i]! * eps[i]!), sigma };
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
