import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { module, param, plate, sample } from '../../lib/core/primitives.js';
import { paramSites } from '../../lib/core/trace.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { positive } from '../../lib/distributions/constraints/index.js';
import { TraceELBO } from '../../lib/infer/elbo/trace-elbo.js';
import { SGD } from '../../lib/infer/optim/sgd.js';
import { SVI } from '../../lib/infer/svi.js';
import { Tanh } from '../../lib/nn/activations.js';
import { Dense } from '../../lib/nn/dense.js';
import { fromLayersModel } from '../../lib/nn/layers-model.js';
import { Serial } from '../../lib/nn/serial.js';
import '../../lib/ops/index.js';
import { initWeights } from './helpers.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

/** A tfjs-layers 4 → 8 (tanh) → 2 model holding the same weights as a native Serial(Dense, Tanh, Dense). */
function twins() {
  const native = Serial(Dense(4, 8), Tanh, Dense(8, 2));
  const weights = initWeights(native, prngKey(0));
  const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 8, inputShape: [4], activation: 'tanh' }), tfl.layers.dense({ units: 2 })] });
  model.setWeights([weights['0.weight']!, weights['0.bias']!, weights['2.weight']!, weights['2.bias']!]);
  const layersWeights = { '0.kernel': weights['0.weight']!, '0.bias': weights['0.bias']!, '1.kernel': weights['2.weight']!, '1.bias': weights['2.bias']! };
  return { native, weights, model, layersWeights };
}

/** Gradients of Σ c ⊙ f(x) with respect to each weight, in `names` order. */
function gradients(bind: (w: Record<string, tf.Tensor>) => (x: tf.Tensor) => tf.Tensor, weights: Record<string, tf.Tensor>, names: readonly string[], x: tf.Tensor, c: tf.Tensor): tf.Tensor[] {
  return tf.grads((...ws: tf.Tensor[]) => tf.sum<tf.Scalar>(tf.mul(c, bind(Object.fromEntries(names.map((n, i) => [n, ws[i]!])))(x))))(names.map((n) => weights[n]!));
}

describe('nn/layers-model', () => {
  describe('fromLayersModel', () => {
    it("names the model's trainable weights by layer and copies their values as initial params", () => {
      const { model, weights } = twins();
      const layer = fromLayersModel(model);
      expect(Object.keys(layer.params)).toEqual(['0.kernel', '0.bias', '1.kernel', '1.bias']);
      const init = initWeights(layer, prngKey(1));
      expect(values(init['0.kernel']!)).toEqual(values(weights['0.weight']!));
      tf.dispose([...Object.values(init), ...Object.values(weights)]);
      model.dispose();
    });

    it('computes the same function and the same gradients as the native Dense network (1e-5: float32 forward and backward)', () => {
      const { native, weights, model, layersWeights } = twins();
      const layer = fromLayersModel(model);
      // Different weights than the model holds, to show the forward pass reads the params.
      const shifted: Record<string, tf.Tensor> = Object.fromEntries(Object.entries(weights).map(([n, w]) => [n, tf.add(w, 0.1)]));
      const shiftedLayers = { '0.kernel': shifted['0.weight']!, '0.bias': shifted['0.bias']!, '1.kernel': shifted['2.weight']!, '1.bias': shifted['2.bias']! };
      const x = tf.tensor2d([[0.5, -1, 2, 0.1], [1, 1, -0.3, 0]]);
      const c = tf.tensor2d([[1, -2], [0.5, 3]]);
      const a = layer.bind(shiftedLayers)(x);
      const b = native.bind(shifted)(x);
      values(a).forEach((v, i) => expect(Math.abs(v - values(b)[i]!)).toBeLessThan(1e-5));
      const ga = gradients((w) => layer.bind(w), shiftedLayers, Object.keys(shiftedLayers), x, c);
      const gb = gradients((w) => native.bind(w), shifted, ['0.weight', '0.bias', '2.weight', '2.bias'], x, c);
      ga.forEach((g, k) => {
        expect(g.shape).toEqual(gb[k]!.shape);
        expect(Math.max(...values(g).map((v) => Math.abs(v)))).toBeGreaterThan(0);
        values(g).forEach((v, i) => expect(Math.abs(v - values(gb[k]!)[i]!)).toBeLessThan(1e-5));
      });
      // The model itself still holds (and computes with) its own weights.
      const own = model.predict(x) as tf.Tensor;
      const nativeOwn = native.bind(weights)(x);
      values(own).forEach((v, i) => expect(Math.abs(v - values(nativeOwn)[i]!)).toBeLessThan(1e-5));
      expect(values(model.getWeights()[0]!)).toEqual(values(layersWeights['0.kernel']));
      tf.dispose([x, c, a, b, own, nativeOwn, ...ga, ...gb, ...Object.values(shifted), ...Object.values(weights)]);
      model.dispose();
    });

    it('becomes param sites under module() that SVI updates, leaving the model untouched', () => {
      const { model, weights } = twins();
      const layer = fromLayersModel(model);
      const x = tf.tensor2d([[0.5, -1, 2, 0.1], [1, 1, -0.3, 0]]);
      function* m(data: tf.Tensor) {
        yield* plate('rows', 2, function* () {
          yield* sample('h', Normal(0, 1).expand([2, 2]).toEvent(1));
        });
        return data;
      }
      function* g(data: tf.Tensor) {
        const f = yield* module('net', layer);
        const scale = yield* param('scale', 1, { constraint: positive });
        yield* plate('rows', 2, function* () {
          yield* sample('h', Normal(f(data), scale).toEvent(1));
        });
      }
      const names = tf.tidy(() => paramSites(run(g, [x], { key: prngKey(2) })).map((s) => s.name));
      expect(names).toEqual(['net$$$0.kernel', 'net$$$0.bias', 'net$$$1.kernel', 'net$$$1.bias', 'scale']);
      const svi = SVI(m, g, SGD({ lr: 0.1 }), TraceELBO());
      const s0 = svi.init(prngKey(3), x);
      const start = Object.fromEntries(Object.entries(s0.params).map(([n, t]) => [n, values(t)]));
      const [s1] = svi.update(s0, x);
      for (const n of names) expect(values(s1.params[n]!), n).not.toEqual(start[n]); // every weight received a gradient
      expect(values(model.getWeights()[0]!)).toEqual(values(weights['0.weight']!));
      tf.dispose([x, ...Object.values(weights), ...Object.values(s1.params), ...Object.values(s1.optState).flatMap((o) => Object.values(o))]);
      model.dispose();
    });

    it('leaks no tensor and restores the variables when apply throws', () => {
      const { model, weights, layersWeights } = twins();
      const layer = fromLayersModel(model);
      const x = tf.ones([3, 4]);
      const names = Object.keys(layersWeights);
      tf.dispose(gradients((w) => layer.bind(w), layersWeights, names, x, tf.ones([3, 2]))); // warm-up: tfjs-layers caches a few constants once
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        tf.tidy(() => {
          gradients((w) => layer.bind(w), layersWeights, names, x, tf.ones([3, 2]));
        });
      }
      expect(tf.memory().numTensors).toBe(before);
      const shifted: Record<string, tf.Tensor> = Object.fromEntries(Object.entries(layersWeights).map(([n, w]) => [n, tf.add(w, 1)]));
      expect(() => layer.bind(shifted)(tf.ones([3, 5]))).toThrow();
      // after the failed apply the model computes with its own variables again, not the shifted params
      const own = model.predict(x) as tf.Tensor;
      const expected = Serial(Dense(4, 8), Tanh, Dense(8, 2)).bind(weights)(x);
      values(own).forEach((v, i) => expect(Math.abs(v - values(expected)[i]!)).toBeLessThan(1e-5));
      tf.dispose([x, own, expected, ...Object.values(shifted), ...Object.values(weights)]);
      model.dispose();
    });

    it('rejects weights of the wrong shape naming them', () => {
      const { model, weights, layersWeights } = twins();
      expect(() => fromLayersModel(model).bind({ ...layersWeights, '0.bias': weights['2.bias']! })).toThrow(/fromLayersModel: argument 'weights.0.bias' must have shape \[8\]: got shape \[2\]/);
      tf.dispose(Object.values(weights));
      model.dispose();
    });
  });
});
