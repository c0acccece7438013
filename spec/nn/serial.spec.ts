import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { module } from '../../lib/core/primitives.js';
import { paramSites } from '../../lib/core/trace.js';
import { Elu, Identity, Relu, Sigmoid, Softplus, Tanh } from '../../lib/nn/activations.js';
import { Dense } from '../../lib/nn/dense.js';
import { Serial } from '../../lib/nn/serial.js';
import '../../lib/ops/index.js';
import { initWeights } from './helpers.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('nn/serial', () => {
  describe('activations', () => {
    it('match their float64 definitions (1e-6: float32 elementwise, cpu rounds once)', () => {
      const xs = [-3, -0.5, 0, 0.25, 2];
      const defs: readonly [string, (typeof Tanh), (x: number) => number][] = [
        ['Tanh', Tanh, Math.tanh],
        ['Relu', Relu, (x) => Math.max(0, x)],
        ['Softplus', Softplus, (x) => Math.log1p(Math.exp(x))],
        ['Sigmoid', Sigmoid, (x) => 1 / (1 + Math.exp(-x))],
        ['Elu', Elu, (x) => (x > 0 ? x : Math.expm1(x))],
        ['Identity', Identity, (x) => x],
      ];
      const x = tf.tensor1d(xs);
      for (const [name, layer, f] of defs) {
        expect(Object.keys(layer.params), name).toEqual([]);
        const y = layer.bind({})(x);
        values(y).forEach((v, i) => expect(Math.abs(v - f(xs[i]!)), `${name}(${xs[i]})`).toBeLessThan(1e-6));
        if (y !== x) y.dispose();
      }
      x.dispose();
    });
  });

  describe('Serial', () => {
    it("names weights by position like torch's Sequential, nested ones included", () => {
      expect(Object.keys(Serial(Dense(2, 8), Tanh, Dense(8, 1)).params)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
      expect(Object.keys(Serial(Dense(2, 3), Serial(Relu, Dense(3, 1, { bias: false }))).params)).toEqual(['0.weight', '0.bias', '1.1.weight']);
    });

    it("names weights by key in its named form, like torch's Sequential(OrderedDict(...))", () => {
      const named = Serial({ fc1: Dense(2, 8), act: Tanh, out: Dense(8, 1) });
      expect(Object.keys(named.params)).toEqual(['fc1.weight', 'fc1.bias', 'out.weight', 'out.bias']);
      const positional = Serial(Dense(2, 8), Tanh, Dense(8, 1));
      const w = initWeights(positional, prngKey(4));
      const x = tf.tensor2d([[0.3, -0.7]]);
      const renamed = { 'fc1.weight': w['0.weight']!, 'fc1.bias': w['0.bias']!, 'out.weight': w['2.weight']!, 'out.bias': w['2.bias']! };
      expect(values(named.bind(renamed)(x))).toEqual(values(positional.bind(w)(x)));
      expect(() => Serial({ 'a.b': Tanh })).toThrow(/Serial: argument 'children.a.b' must be a non-empty name without '.'/);
      tf.dispose([x, ...Object.values(w)]);
    });

    it('composes its layers left to right', () => {
      const net = Serial(Dense(3, 4), Tanh, Dense(4, 2));
      const w = initWeights(net, prngKey(0));
      const x = tf.tensor2d([[0.5, -1, 2]]);
      const byHand = Dense(4, 2).bind({ weight: w['2.weight']!, bias: w['2.bias']! })(tf.tanh(Dense(3, 4).bind({ weight: w['0.weight']!, bias: w['0.bias']! })(x)));
      const composed = net.bind(w)(x);
      expect(values(composed)).toEqual(values(byHand));
      tf.dispose([x, byHand, composed, ...Object.values(w)]);
    });

    it("becomes param sites 'name$$$i.weight' under module(), each initialised from its own key", () => {
      function* guide(x: tf.Tensor) {
        const encode = yield* module('encoder', Serial(Dense(2, 4), Tanh, Dense(4, 2)));
        return encode(x);
      }
      const x = tf.ones([5, 2]);
      tf.tidy(() => {
        const trace = run(guide, [x], { key: prngKey(1) });
        const sites = paramSites(trace);
        expect(sites.map((s) => s.name)).toEqual(['encoder$$$0.weight', 'encoder$$$0.bias', 'encoder$$$2.weight', 'encoder$$$2.bias']);
        expect(sites.map((s) => s.value.shape)).toEqual([[2, 4], [4], [4, 2], [2]]);
        expect(trace.returnValue.shape).toEqual([5, 2]);
        // the same key gives the same weights; the two weight matrices differ (own keys)
        const again = run(guide, [x], { key: prngKey(1) });
        expect(values(again.sites.get('encoder$$$0.weight')!.value)).toEqual(values(sites[0]!.value));
      });
      x.dispose();
    });

    it('runs Dense(16→64) → tanh → Dense(64→16) forward and backward at batch 256 in 11 kernels (sum loss included; each Dense one IgnisAffine; tanh is one fused op; saved tensors are references, no Identity kernels)', async () => {
      const net = Serial(Dense(16, 64), Tanh, Dense(64, 16));
      const w = initWeights(net, prngKey(2));
      const names = Object.keys(w);
      const x = tf.ones([256, 16]);
      const forward = await tf.profile(() => {
        net.bind(w)(x).dispose();
      });
      const forwardKernels = forward.kernels.map((k) => k.name);
      const both = await tf.profile(() => {
        tf.dispose(tf.grads((...ws: tf.Tensor[]) => tf.sum<tf.Scalar>(net.bind(Object.fromEntries(names.map((n, i) => [n, ws[i]!])))(x)))(names.map((n) => w[n]!)));
      });
      expect(forwardKernels).toEqual(['IgnisAffine', '', 'IgnisAffine']); // '': the fused tanh (no named kernel)
      expect(both.kernels.length).toBe(11);
      tf.dispose([x, ...Object.values(w)]);
    });

    it('leaks no tensor', () => {
      const net = Serial(Dense(3, 4), Relu, Dense(4, 1));
      const w = initWeights(net, prngKey(3));
      const x = tf.ones([2, 3]);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) tf.tidy(() => void net.bind(w)(x));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, ...Object.values(w)]);
    });
  });
});
