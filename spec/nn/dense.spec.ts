import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../lib/core/key.js';
import { Dense } from '../../lib/nn/dense.js';
import { glorotUniform, heUniform, lecunUniform, torchUniform } from '../../lib/nn/init.js';
import '../../lib/ops/index.js';
import { describeBackends } from '../helpers/backends.js';
import { initWeights } from './helpers.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describeBackends('nn/dense', () => {
  describe('Dense', () => {
    it('maps [..., inDim] to [..., outDim] for inputs of rank 1, 2 and 3', () => {
      const layer = Dense(3, 5);
      const weights = initWeights(layer, prngKey(0));
      const f = layer.bind(weights);
      tf.tidy(() => {
        expect(f(tf.ones([3])).shape).toEqual([5]);
        expect(f(tf.ones([4, 3])).shape).toEqual([4, 5]);
        expect(f(tf.ones([2, 4, 3])).shape).toEqual([2, 4, 5]);
      });
      expect(() => f(tf.ones([4, 2]))).toThrow(/Dense: argument 'x' must have 3 features in its last dim: got shape \[4, 2\]/);
      tf.dispose(Object.values(weights));
    });

    it('computes x W + b (float64 reference, 1e-6 relative: float32 products of 3 terms)', () => {
      const layer = Dense(3, 2);
      const w = tf.tensor2d([[1, -2], [0.5, 3], [-1, 0.25]]);
      const b = tf.tensor1d([0.1, -0.2]);
      const y = layer.bind({ weight: w, bias: b })(tf.tensor2d([[1, 2, 3]]));
      const expected = [1 * 1 + 2 * 0.5 + 3 * -1 + 0.1, 1 * -2 + 2 * 3 + 3 * 0.25 - 0.2];
      values(y).forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(expected[i]!))));
      tf.dispose([w, b, y]);
    });

    it('has weights `weight` and `bias` (no bias when asked), each drawn from its key', () => {
      expect(Object.keys(Dense(2, 3).params)).toEqual(['weight', 'bias']);
      expect(Object.keys(Dense(2, 3, { bias: false }).params)).toEqual(['weight']);
      const a = initWeights(Dense(2, 3), prngKey(1));
      const b = initWeights(Dense(2, 3), prngKey(1));
      const c = initWeights(Dense(2, 3), prngKey(2));
      expect(values(a.weight!)).toEqual(values(b.weight!));
      expect(values(a.weight!)).not.toEqual(values(c.weight!));
      expect(values(a.bias!)).toEqual([0, 0, 0]);
      tf.dispose([...Object.values(a), ...Object.values(b), ...Object.values(c)]);
    });

    it('draws Glorot/He/LeCun/torch uniform weights within their limits with the uniform variance a²/3 (5 sd)', () => {
      const n = 64 * 64;
      for (const [init, limit] of [[glorotUniform, Math.sqrt(6 / 128)], [heUniform, Math.sqrt(6 / 64)], [lecunUniform, Math.sqrt(3 / 64)], [torchUniform, 1 / 8]] as const) {
        const w = init(prngKey(3), [64, 64], 64, 64);
        const v = values(w);
        expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(limit);
        const variance = v.reduce((s, x) => s + x * x, 0) / n;
        // the sample variance of U(−a, a) has sd a²·√(4/45)/√n
        expect(Math.abs(variance - limit ** 2 / 3)).toBeLessThan((5 * limit ** 2 * Math.sqrt(4 / 45)) / Math.sqrt(n));
        w.dispose();
      }
    });

    it('has gradients equal to float64 central differences of a JS twin (tolerance 2e-5: float32 forward and backward)', () => {
      // f(x, W, b) = Σ_ij c_ij tanh((x W + b)_ij) with x [2, 3], W [3, 4], b [4]
      const xs = [0.3, -1.2, 0.8, 1.5, 0.1, -0.7];
      const ws = Array.from({ length: 12 }, (_, i) => Math.sin(i + 1) * 0.9);
      const bs = [0.2, -0.1, 0.05, 0.3];
      const cs = Array.from({ length: 8 }, (_, i) => Math.cos(2 * i) + 0.5);
      const twin = (x: readonly number[], w: readonly number[], b: readonly number[]): number => {
        let total = 0;
        for (let r = 0; r < 2; r++) for (let j = 0; j < 4; j++) {
          let z = b[j]!;
          for (let k = 0; k < 3; k++) z += x[r * 3 + k]! * w[k * 4 + j]!;
          total += cs[r * 4 + j]! * Math.tanh(z);
        }
        return total;
      };
      const h = 1e-6;
      const fd = (which: 0 | 1 | 2): number[] => {
        const args = [xs, ws, bs] as const;
        return args[which].map((_, i) => {
          const plus = args.map((a, k) => (k === which ? a.map((v, j) => (j === i ? v + h : v)) : a));
          const minus = args.map((a, k) => (k === which ? a.map((v, j) => (j === i ? v - h : v)) : a));
          return (twin(plus[0]!, plus[1]!, plus[2]!) - twin(minus[0]!, minus[1]!, minus[2]!)) / (2 * h);
        });
      };
      const layer = Dense(3, 4);
      const c = tf.tensor2d(cs, [2, 4]);
      const inputs = [tf.tensor2d(xs, [2, 3]), tf.tensor2d(ws, [3, 4]), tf.tensor1d(bs)];
      const grads = tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum<tf.Scalar>(tf.mul(c, tf.tanh(layer.bind({ weight: w, bias: b })(x)))))(inputs);
      ([0, 1, 2] as const).forEach((which) => {
        const want = fd(which);
        values(grads[which]!).forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThan(2e-5 * Math.max(1, Math.abs(want[i]!))));
      });
      tf.dispose([c, ...inputs, ...grads]);
    });

    it('launches one kernel forward (IgnisAffine)', async () => {
      const layer = Dense(16, 64);
      const weights = initWeights(layer, prngKey(4));
      const x = tf.ones([256, 16]);
      const f = layer.bind(weights);
      const profile = await tf.profile(() => {
        f(x).dispose();
      });
      expect(profile.kernels.map((k) => k.name)).toEqual(['IgnisAffine']);
      tf.dispose([x, ...Object.values(weights)]);
    });

    it('leaks no tensor', () => {
      const layer = Dense(4, 3);
      const weights = initWeights(layer, prngKey(5));
      const x = tf.ones([2, 4]);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) {
        tf.tidy(() => {
          tf.grads((w: tf.Tensor) => tf.sum<tf.Scalar>(layer.bind({ ...weights, weight: w })(x)))([weights.weight!]);
        });
      }
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, ...Object.values(weights)]);
    });

    it('rejects bad sizes and weights naming them', () => {
      expect(() => Dense(0, 2)).toThrow(/Dense: argument 'inDim' must be a positive integer: got 0/);
      const w = tf.zeros([2, 2]);
      expect(() => Dense(3, 2).bind({ weight: w, bias: w })).toThrow(/Dense: argument 'weights.weight' must have shape \[3, 2\]: got shape \[2, 2\]/);
      expect(() => Dense(2, 2).bind({ weight: w })).toThrow(/Dense: argument 'weights.bias' is missing/);
      w.dispose();
    });
  });
});
