/**
 * Eight schools, non-centered (MCMC.md): the model module of the parallel-chains page. Each
 * chain Web Worker imports this module by its URL to find the model, so it only declares
 * (nothing runs on import); esbuild builds it as an entry point of its own.
 */
import * as tf from '@tensorflow/tfjs-core';
import { HalfCauchy, Normal, plate, sample } from '@ignis-ppl/core';

export function* eightSchools(y: tf.Tensor, sigma: tf.Tensor) {
  const mu = yield* sample('mu', Normal(0, 5));
  const tau = yield* sample('tau', HalfCauchy(5));
  yield* plate('schools', 8, function* () {
    const thetaTilde = yield* sample('theta_tilde', Normal(0, 1));
    yield* sample('y', Normal(tf.add(mu, tf.mul(tau, thetaTilde)), sigma), { obs: y });
  });
}

/** The schools' effects and their standard errors. */
export const schoolsData = (): [tf.Tensor, tf.Tensor] => [tf.tensor1d([28, 8, -3, 7, -1, 1, 18, 12]), tf.tensor1d([15, 10, 16, 11, 9, 11, 10, 18])];
