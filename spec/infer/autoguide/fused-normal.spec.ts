import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { klDivergence } from '../../../lib/distributions/kl.js';
import { Normal, NormalDist } from '../../../lib/distributions/normal.js';
import { FusedNormal } from '../../../lib/infer/autoguide/fused-normal.js';
import { describeBackends } from '../../helpers/backends.js';
import { valuesOf } from './fixtures.js';

describeBackends('infer/autoguide/fused-normal', () => {
  it('draws what Normal draws with the same key, broadcast and expanded (float32: 1e-6)', () => {
    const loc = tf.tensor1d([0.5, -1, 2]);
    const scale = tf.scalar(0.7);
    const fused = FusedNormal(loc, scale).expand([2, 3]);
    const plain = Normal(loc, scale).expand([2, 3]);
    expect(fused).toBeInstanceOf(NormalDist);
    const a = valuesOf(fused.rsample(prngKey(3), [4]));
    const b = valuesOf(plain.rsample(prngKey(3), [4]));
    expect(a).toHaveLength(24);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
  });

  it('scores its own draw and other values as Normal, with the same total gradient', () => {
    // Objective: log q(u) plus a linear function of the draw u (as the model's density adds).
    const weights = tf.tensor2d([[0.5, -1, 2], [1, 0.3, -0.2]]);
    const f = (fused: boolean) => (m: tf.Tensor, s: tf.Tensor): tf.Scalar => {
      const d = (fused ? FusedNormal(m, s) : Normal(m, s)).expand([2, 3]);
      const u = d.rsample(prngKey(4));
      return tf.add(tf.sum(d.logProb(u)), tf.sum(tf.mul(u, weights)));
    };
    const args = [tf.tensor1d([0.5, -1, 2]), tf.tensor1d([0.7, 1.3, 0.2])];
    const fused = tf.valueAndGrads(f(true))(args);
    const plain = tf.valueAndGrads(f(false))(args);
    expect(valuesOf(fused.value)[0]).toBeCloseTo(valuesOf(plain.value)[0]!, 4);
    fused.grads.forEach((g, i) => valuesOf(g).forEach((v, k) => expect(v).toBeCloseTo(valuesOf(plain.grads[i])[k]!, 4)));
    const other = tf.tensor1d([0.1, 0.2, 0.3]);
    const lp = valuesOf(FusedNormal(args[0]!, args[1]!).logProb(other));
    valuesOf(Normal(args[0]!, args[1]!).logProb(other)).forEach((v, k) => expect(lp[k]).toBeCloseTo(v, 5));
  });

  it('scores a draw of other parameters with the general density', () => {
    const u = FusedNormal(0, 1).rsample(prngKey(5));
    const lp = valuesOf(FusedNormal(2, 3).logProb(u))[0]!;
    const x = valuesOf(u)[0]!;
    expect(lp).toBeCloseTo(-0.5 * ((x - 2) / 3) ** 2 - Math.log(3) - 0.5 * Math.log(2 * Math.PI), 5);
  });

  it('keeps the Normal KL rules (the mean-field ELBO\'s analytic terms)', () => {
    const kl = valuesOf(klDivergence(FusedNormal(0.3, 0.5), Normal(0, 1)))[0]!;
    expect(kl).toBeCloseTo(Math.log(1 / 0.5) + (0.25 + 0.09) / 2 - 0.5, 5);
  });
});
