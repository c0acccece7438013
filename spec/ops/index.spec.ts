import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as ops from '../../lib/ops/index.js';

describe('ops/index', () => {
  it('exports the public numerics (the contract names)', () => {
    const names = [
      'cholesky', 'triangularSolve', 'choleskySolve', 'choleskyInverse', 'choleskyLogDet', 'diagEmbed', 'diagPart', 'tril', 'triu', 'matmul', 'matvec',
      'lgamma', 'digamma', 'trigamma', 'polygamma', 'lbeta', 'log1p', 'xlogy', 'xdivy', 'erfinv', 'ndtri', 'softplusInverse',
      'stopGradient', 'registerGradientRepairs', 'sliceAlong', 'takeAlongLastAxis',
    ];
    for (const name of names) expect(typeof (ops as Record<string, unknown>)[name], name).toBe('function');
  });

  it('repairs gradients on import (tf.grad works on a bare tfjs-core with comparisons)', () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.where(tf.greater(x, 0), tf.square(x), x)))(tf.tensor1d([-1, 2]));
    expect(Array.from(g.dataSync())).toEqual([1, 4]);
  });
});
