import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../lib/core/key.js';
import { Exp, Softplus } from '../../lib/nn/activations.js';
import { Dense } from '../../lib/nn/dense.js';
import { Parallel } from '../../lib/nn/parallel.js';
import { Serial } from '../../lib/nn/serial.js';
import { describeBackends } from '../helpers/backends.js';
import { initWeights } from './helpers.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describeBackends('nn/parallel', () => {
  describe('Parallel', () => {
    it('applies every head to the same input: a tuple, or a record for named heads', () => {
      const a = Dense(3, 2);
      const b = Serial(Dense(3, 2), Exp);
      const x = tf.tensor2d([[0.5, -1, 2]]);
      const tuple = Parallel(a, b);
      const w = initWeights(tuple, prngKey(0));
      expect(Object.keys(w)).toEqual(['0.weight', '0.bias', '1.0.weight', '1.0.bias']);
      const [ya, yb] = tuple.bind(w)(x);
      expect(values(ya)).toEqual(values(a.bind({ weight: w['0.weight']!, bias: w['0.bias']! })(x)));
      expect(values(yb)).toEqual(values(b.bind({ '0.weight': w['1.0.weight']!, '0.bias': w['1.0.bias']! })(x)));
      const named = Parallel({ fc21: a, fc22: b });
      expect(Object.keys(named.params)).toEqual(['fc21.weight', 'fc21.bias', 'fc22.0.weight', 'fc22.0.bias']);
      const out = named.bind({ 'fc21.weight': w['0.weight']!, 'fc21.bias': w['0.bias']!, 'fc22.0.weight': w['1.0.weight']!, 'fc22.0.bias': w['1.0.bias']! })(x);
      expect(Object.keys(out)).toEqual(['fc21', 'fc22']);
      expect(values(out.fc21)).toEqual(values(ya));
      expect(values(out.fc22)).toEqual(values(yb));
      tf.dispose([x, ya, yb, out.fc21, out.fc22, ...Object.values(w)]);
    });

    it('ends a Serial: the VAE encoder without slicing one wide layer (weights by path)', () => {
      const encoder = Serial(Dense(4, 8), Softplus, Parallel({ loc: Dense(8, 2), scale: Serial(Dense(8, 2), Exp) }));
      expect(Object.keys(encoder.params)).toEqual(['0.weight', '0.bias', '2.loc.weight', '2.loc.bias', '2.scale.0.weight', '2.scale.0.bias']);
      const w = initWeights(encoder, prngKey(1));
      const x = tf.ones([5, 4]);
      const { loc, scale } = encoder.bind(w)(x);
      expect([loc.shape, scale.shape]).toEqual([[5, 2], [5, 2]]);
      expect(values(scale).every((s) => s > 0)).toBe(true);
      tf.dispose([x, loc, scale, ...Object.values(w)]);
    });

    it('rejects no heads, non-layers and names with a dot', () => {
      expect(() => Parallel()).toThrow(/Parallel: argument 'heads' must not be empty/);
      expect(() => Parallel({ 'a.b': Dense(1, 1) })).toThrow(/Parallel: argument 'children.a.b' must be a non-empty name without '.'/);
      expect(() => Parallel({ a: 3 as never })).toThrow(/Parallel: argument 'heads.a' must be a layer/);
    });
  });
});
