/** Leak checks for the ELBO suites. */
import * as tf from '@tensorflow/tfjs-core';
import { prngKey } from '../../../lib/core/key.js';
import type { SVIRunner, SVIState } from '../../../lib/infer/svi.js';

const stateTensors = (state: SVIState): tf.Tensor[] => [...Object.values(state.params), ...Object.values(state.optState).flatMap((o) => Object.values(o))];

/**
 * Run 40 SVI steps and report how many tensors exist beyond the state's own after step 10 and
 * after step 40 (both 0 when nothing leaks); the state is disposed at the end.
 */
export function tensorCountsOverSteps<Args extends readonly unknown[]>(svi: SVIRunner<Args>, args: Args): { atStep10: number; atStep40: number } {
  const before = tf.memory().numTensors;
  let state = svi.init(prngKey(9), ...args);
  const counts: number[] = [];
  for (let step = 1; step <= 40; step++) {
    [state] = svi.update(state, ...args);
    if (step === 10 || step === 40) counts.push(tf.memory().numTensors - before - stateTensors(state).length);
  }
  tf.dispose(stateTensors(state));
  return { atStep10: counts[0]!, atStep40: counts[1]! };
}
