/**
 * The fused location–scale draw behind Normal, LogNormal, HalfNormal, HalfCauchy, Cauchy and
 * Laplace `rsample`: values against float64 `loc + scale ε` (rtol 1e-6: one float32 rounding),
 * gradients against their closed forms (`∂loc = Σ g`, `∂scale = Σ g ε`, times `y` for the
 * exp form), the second derivative through the reference path, and no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { normals, prngKey } from '../../../lib/core/key.js';
import { HalfNormal, LogNormal, Normal } from '../../../lib/distributions/index.js';
import { locScaleDraw } from '../../../lib/distributions/sampling/reparam.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';

const EPS = normals(prngKey(11), 6);

describeBackends('distributions/sampling/reparam', () => {
  describe('locScaleDraw', () => {
    it('draws loc + scale ε with broadcasting, and has the closed-form gradients', () => {
      tf.tidy(() => {
        const loc = tf.tensor([[0.5], [-1]]); // [2, 1]
        const scale = tf.tensor([0.3, 2, 1.5]); // [3]
        const y = locScaleDraw(loc, scale, EPS, [2, 3]);
        const expected = EPS.map((e, k) => [0.5, -1][Math.floor(k / 3)]! + [0.3, 2, 1.5][k % 3]! * e);
        expect(closeness(y.dataSync(), Array.from(expected), 1e-6, 1e-7)).toBeUndefined();
        const w = tf.tensor([[1, 2, 3], [-1, 0.5, 2]]);
        const [gl, gs] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(w, locScaleDraw(a, b, EPS, [2, 3]))))([loc, scale]);
        const wv = [1, 2, 3, -1, 0.5, 2];
        expect(closeness(gl!.dataSync(), [6, 1.5], 1e-6, 1e-7)).toBeUndefined();
        expect(closeness(gs!.dataSync(), [0, 1, 2].map((j) => wv[j]! * EPS[j]! + wv[3 + j]! * EPS[3 + j]!), 1e-5, 1e-6)).toBeUndefined();
      });
    });

    it('exp form: y = exp(loc + scale ε), ∂scale = Σ g y ε', () => {
      tf.tidy(() => {
        const [loc, scale] = [tf.scalar(0.2), tf.scalar(0.7)];
        const y = locScaleDraw(loc, scale, EPS, [6], true);
        const expected = EPS.map((e) => Math.exp(0.2 + 0.7 * e));
        expect(closeness(y.dataSync(), Array.from(expected), 1e-6, 1e-7)).toBeUndefined();
        const gs = tf.grad((b: tf.Tensor) => tf.sum(locScaleDraw(loc, b, EPS, [6], true)))(scale);
        expect(closeness(gs.dataSync(), [expected.reduce((s, v, k) => s + v * EPS[k]!, 0)], 1e-5, 1e-6)).toBeUndefined();
      });
    });

    it('second derivative through the reference: d²/dσ² Σ (σ ε)² = 2 Σ ε²', () => {
      tf.tidy(() => {
        const h = tf.grad((b: tf.Tensor) => tf.sum(tf.grad((c: tf.Tensor) => tf.sum(tf.square(locScaleDraw(undefined, c, EPS, [6]))))(b)))(tf.scalar(1.3));
        expect(closeness(h.dataSync(), [2 * EPS.reduce((s, e) => s + e * e, 0)], 1e-4, 1e-5)).toBeUndefined();
      });
    });
  });

  describe('Normal: the ε-form density of its own draw', () => {
    it('scores its own draw as the general density does, with the same total gradient', () => {
      tf.tidy(() => {
        // log q(u) plus a linear function of the draw u (as a model's density adds)
        const weights = tf.tensor2d([[0.5, -1, 2], [1, 0.3, -0.2]]);
        const objective = (own: boolean) => (m: tf.Tensor, s: tf.Tensor): tf.Scalar => {
          const d = Normal(m, s).expand([2, 3]);
          const u = d.rsample(prngKey(4));
          const scored = own ? u : tf.add(u, 0); // a copy is not the draw: the general density
          return tf.add(tf.sum(d.logProb(scored)), tf.sum(tf.mul(u, weights)));
        };
        const args = [tf.tensor1d([0.5, -1, 2]), tf.tensor1d([0.7, 1.3, 0.2])];
        const eps = tf.valueAndGrads(objective(true))(args);
        const general = tf.valueAndGrads(objective(false))(args);
        expect(closeness(eps.value.dataSync(), Array.from(general.value.dataSync()), 1e-5, 1e-5)).toBeUndefined();
        eps.grads.forEach((g, i) => expect(closeness(g.dataSync(), Array.from(general.grads[i]!.dataSync()), 1e-4, 1e-5)).toBeUndefined());
      });
    });

    it('uses the general density for a draw of other parameters', () => {
      tf.tidy(() => {
        const u = Normal(0, 1).rsample(prngKey(5));
        const x = u.dataSync()[0]!;
        const lp = Normal(2, 3).logProb(u).dataSync()[0]!;
        expect(Math.abs(lp - (-0.5 * ((x - 2) / 3) ** 2 - Math.log(3) - 0.5 * Math.log(2 * Math.PI)))).toBeLessThan(1e-5);
      });
    });
  });

  describe('rsample', () => {
    it('leaves only its result outside a tidy (no standard-draw tensor)', () => {
      const dists = [Normal(0, 1), LogNormal(0, 1), HalfNormal(2)];
      for (const d of dists) {
        const before = tf.memory().numTensors;
        const x = d.rsample(prngKey(1), [4]);
        expect(tf.memory().numTensors).toBe(before + 1);
        x.dispose();
      }
    });
  });
});
