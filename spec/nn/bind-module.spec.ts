import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { module } from '../../lib/core/primitives.js';
import { paramSites } from '../../lib/core/trace.js';
import { Tanh } from '../../lib/nn/activations.js';
import { bindModule } from '../../lib/nn/bind-module.js';
import { Dense } from '../../lib/nn/dense.js';
import { Serial } from '../../lib/nn/serial.js';
import { describeBackends } from '../helpers/backends.js';

describeBackends('nn/bind-module', () => {
  describe('bindModule', () => {
    const net = () => Serial(Dense(2, 4), Tanh, Dense(4, 1));
    function* guide(x: tf.Tensor) {
      const f = yield* module('encoder', net());
      return f(x);
    }

    it("is the function module(name, net) returns, from a params record (no prefix surgery)", () => {
      const x = tf.tensor2d([[1, -2], [0.5, 3]]);
      tf.tidy(() => {
        const trace = run(guide, [x], { key: prngKey(3) });
        const params = Object.fromEntries(paramSites(trace).map((s) => [s.name, s.value]));
        params.other = tf.scalar(1); // other params are ignored
        const outside = bindModule('encoder', net(), params)(x);
        expect(Array.from(outside.dataSync())).toEqual(Array.from(trace.returnValue.dataSync()));
      });
      x.dispose();
    });

    it('names the missing weight and what the params have', () => {
      const params = { 'encoder$$$0.weight': tf.zeros([2, 4]) };
      expect(() => bindModule('encoder', net(), params)).toThrow(/bindModule: the weight 'encoder\$\$\$0.bias' of module 'encoder' is missing from the params: the params have encoder\$\$\$0.weight/);
      expect(() => bindModule('decoder', net(), params)).toThrow(/no param starts with 'decoder\$\$\$'/);
      tf.dispose(Object.values(params));
    });
  });
});
