import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import { bindChild, checkChildName, childParams, isModule } from '../../lib/nn/children.js';
import { Dense, Tanh } from '../../lib/nn/index.js';

describe('nn/children', () => {
  it('names every child weight by path, as torch named_parameters', () => {
    const [a, b] = [Dense(2, 3), Dense(3, 1)];
    expect(Object.keys(childParams([['fc1', a], ['fc2', b], ['act', Tanh]])).sort()).toEqual(['fc1.bias', 'fc1.weight', 'fc2.bias', 'fc2.weight']);
    expect(childParams([['fc1', a]])['fc1.weight']).toBe(a.params.weight);
  });

  it('binds a child to the weights under its own path only', () => {
    tf.tidy(() => {
      const child = Dense(1, 1);
      const weights = { 'x.weight': tf.tensor2d([[2]]), 'x.bias': tf.tensor1d([1]), 'y.weight': tf.tensor2d([[100]]), 'y.bias': tf.tensor1d([100]) };
      expect(Array.from(bindChild(weights, 'x', child)(tf.tensor2d([[3]])).dataSync())).toEqual([7]);
    });
  });

  it('rejects empty and dotted names with an IgnisError, tells modules from records', () => {
    expect(() => checkChildName('Net', '')).toThrow(IgnisError);
    expect(() => checkChildName('Net', 'a.b')).toThrow(/Net: argument 'children.a.b' must be a non-empty name without '.'/);
    expect(() => checkChildName('Net', 'fc21')).not.toThrow();
    expect(isModule(Tanh)).toBe(true);
    expect(isModule({ fc: Tanh })).toBe(false);
    expect(isModule(null)).toBe(false);
  });
});
