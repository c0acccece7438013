/** Models shared by the viz specs. */
import * as tf from '@tensorflow/tfjs-core';
import { deterministic, param, plate, sample } from '../../lib/core/primitives.js';
import { Bernoulli } from '../../lib/distributions/families/discrete/bernoulli.js';
import { Categorical } from '../../lib/distributions/families/discrete/categorical.js';
import { positive } from '../../lib/distributions/constraints/index.js';
import { Delta } from '../../lib/distributions/families/delta.js';
import { HalfNormal } from '../../lib/distributions/families/continuous/half-normal.js';
import { MultivariateNormal } from '../../lib/distributions/families/multivariate/multivariate-normal.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';

export const K = 3;
export const B = 5;

/** Scenario 1: `a` of shape [K, B] in plates mini_batch (dim -1) and components (dim -2), `obs` [B] depending on it. */
export function* scenario1(data: tf.Tensor) {
  yield* plate('mini_batch', B, { dim: -1 }, function* () {
    const a = yield* plate('components', K, { dim: -2 }, function* () {
      return yield* sample('a', Normal(0, 1));
    });
    yield* sample('obs', Normal(tf.sum(a, 0), 1), { obs: data });
  });
}

/** Scenario 1(b)'s guide: an auxiliary joint `a_aux` from an MVN, transposed into `a` by a Delta. */
export function* scenario1Guide(_data: tf.Tensor) {
  const loc = yield* param('loc', tf.zeros([B, K]));
  const scale = yield* param('scale', tf.ones([B, K]), { constraint: positive });
  yield* plate('mini_batch', B, { dim: -1 }, function* () {
    const aux = yield* sample('a_aux', MultivariateNormal(loc, { scaleTril: tf.mul(tf.eye(K), tf.expandDims(scale, -1)) }), {
      infer: { isAuxiliary: true },
    });
    yield* plate('components', K, { dim: -2 }, function* () {
      yield* sample('a', Delta(tf.transpose(aux)));
    });
  });
}

export const N = 6;
export const D = 2;

/** Bayesian linear regression: y ~ Normal(X·w + b, sigma) in plate data. */
export function* regression(X: tf.Tensor, y: tf.Tensor) {
  const w = yield* sample('w', Normal(tf.zeros([D]), 1).toEvent(1));
  const b = yield* sample('b', Normal(0, 1));
  const sigma = yield* sample('sigma', HalfNormal(1));
  yield* plate('data', N, function* () {
    const mean = tf.add(tf.squeeze(tf.matMul(X, tf.expandDims(w, 1)), [1]), b);
    yield* sample('y', Normal(mean, sigma), { obs: y });
  });
}

export const regressionData = (): readonly [tf.Tensor, tf.Tensor] => [
  tf.tensor2d(Array.from({ length: N * D }, (_, i) => (i % 5) - 2), [N, D]),
  tf.tensor1d(Array.from({ length: N }, (_, i) => i / 2)),
];

/** A chain a → b → y plus a deterministic c = 2b feeding z. */
export function* chain(y: tf.Tensor) {
  const a = yield* sample('a', Normal(0, 1));
  const b = yield* sample('b', Normal(a, 1));
  const c = yield* deterministic('c', tf.mul(b, 2));
  yield* sample('z', Normal(c, 1));
  yield* sample('y', Normal(b, 1), { obs: y });
}

/** A mixture: discrete int32 z (Categorical) selects a cluster mean through gather; a bool-valued switch through where. */
export function* mixture(y: tf.Tensor) {
  const weights = yield* param('weights', tf.tensor1d([0.2, 0.3, 0.5]), { constraint: positive });
  const locs = yield* plate('clusters', 3, function* () {
    return yield* sample('locs', Normal(0, 10));
  });
  const noisy = yield* sample('noisy', Bernoulli(0.3));
  const z = yield* sample('z', Categorical(weights));
  const scale = tf.where(tf.cast(noisy, 'bool'), tf.scalar(5), tf.scalar(1));
  yield* sample('y', Normal(tf.gather(locs, z), scale), { obs: y });
}

/** Subsampling: plate data of size 100 with subsampleSize 10. */
export function* subsampled(y: tf.Tensor) {
  const mu = yield* sample('mu', Normal(0, 1));
  yield* plate('data', 100, { subsampleSize: 10 }, function* (idx) {
    yield* sample('y', Normal(mu, 1), { obs: tf.gather(y, idx) });
  });
}
