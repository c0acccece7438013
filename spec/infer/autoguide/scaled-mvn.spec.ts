import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { MultivariateNormal } from '../../../lib/distributions/families/multivariate/multivariate-normal.js';
import { ScaledMvnDist } from '../../../lib/infer/autoguide/scaled-mvn.js';
import { describeBackends } from '../../helpers/backends.js';
import { valuesOf } from './fixtures.js';

const loc = [0.3, -1.2, 2.0];
const scale = [0.5, 1.5, 0.8];
const unit = [1, 0, 0, 0.4, 1, 0, -0.7, 0.2, 1];
const scaleTril = unit.map((v, k) => v * scale[Math.floor(k / 3)]!);

describeBackends('infer/autoguide/scaled-mvn', () => {
  it('draws what MultivariateNormal(loc, diag(scale)·L) draws with the same key (float32: 1e-6)', () => {
    const fused = new ScaledMvnDist(tf.tensor1d(loc), tf.tensor1d(scale), tf.tensor2d(unit, [3, 3]));
    const general = MultivariateNormal(loc, { scaleTril: tf.tensor2d(scaleTril, [3, 3]) });
    const a = valuesOf(fused.rsample(prngKey(5), [4]));
    const b = valuesOf(general.rsample(prngKey(5), [4]));
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
    const expanded = fused.expand([2, 1]);
    expect(expanded.rsample(prngKey(6)).shape).toEqual([2, 1, 3]);
  });

  it('scores its own draw and other values as the general density, with the same total gradient', () => {
    const f = (general: boolean) => (m: tf.Tensor, s: tf.Tensor, l: tf.Tensor): tf.Scalar => {
      const d = general
        ? MultivariateNormal(m, { scaleTril: tf.mul(tf.reshape(s, [3, 1]), l) })
        : new ScaledMvnDist(m, s, l);
      const x = d.rsample(prngKey(7), [5]);
      // log q of the draw plus a linear function of it (as the model's log-density would add).
      return tf.add(tf.sum(d.logProb(x)), tf.sum(tf.mul(x, tf.tensor1d([0.5, -1, 2]))));
    };
    const args = [tf.tensor1d(loc), tf.tensor1d(scale), tf.tensor2d(unit, [3, 3])];
    const fused = tf.valueAndGrads(f(false))(args);
    const general = tf.valueAndGrads(f(true))(args);
    // float32 values of O(10): 1e-4 absolute.
    expect(valuesOf(fused.value)[0]).toBeCloseTo(valuesOf(general.value)[0]!, 4);
    fused.grads.forEach((g, i) => {
      const reference = valuesOf(general.grads[i]);
      // L's strict upper triangle is zero in the unit factor: both give it no gradient; the
      // strictly lower part has total derivative 0 (the draw moves with L).
      valuesOf(g).forEach((v, k) => expect(v).toBeCloseTo(reference[k]!, 4));
    });
    const other = tf.tensor2d([[0.1, 0.2, 0.3]]);
    const d = new ScaledMvnDist(args[0]!, args[1]!, args[2]!);
    expect(valuesOf(d.logProb(other))[0]).toBeCloseTo(valuesOf(MultivariateNormal(loc, { scaleTril: tf.tensor2d(scaleTril, [3, 3]) }).logProb(other))[0]!, 5);
    expect(d.family).toBe('MultivariateNormal');
    // A draw of other parameters is scored by the general density.
    const own = d.rsample(prngKey(8));
    const shifted = new ScaledMvnDist(tf.tensor1d([0, 0, 0]), args[1]!, args[2]!);
    const centred = MultivariateNormal([0, 0, 0], { scaleTril: tf.tensor2d(scaleTril, [3, 3]) });
    expect(valuesOf(shifted.logProb(own))[0]).toBeCloseTo(valuesOf(centred.logProb(own))[0]!, 5);
    valuesOf(d.unbroadcastedScaleTril).forEach((v, k) => expect(v).toBeCloseTo(scaleTril[k]!, 6));
  });

  it('leaves only the draw outside a tidy (its ε is JS data; the density is computed when asked)', () => {
    const d = new ScaledMvnDist(tf.zeros([3]), tf.ones([3]), tf.eye(3));
    const before = tf.memory().numTensors;
    const u = d.rsample(prngKey(6), [2]);
    expect(tf.memory().numTensors).toBe(before + 1);
    u.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([d.loc, d.scale, d.unitTril]);
  });
});
