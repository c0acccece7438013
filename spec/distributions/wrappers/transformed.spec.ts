/**
 * TransformedDistribution (Pyro semantics): shapes from the transforms' event dims, logProb
 * against float64 closed forms (LogNormal, affine Normal) and finite-difference Jacobians
 * (stick-breaking), rsample through forward, expand, cdf/icdf with monotone transforms, support,
 * and leaks — on both backends.
 *
 * Tolerances: rtol 1e-5, atol 1e-5 — float32 log-densities of a few ops (|log p| ≤ 10).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { Normal, TransformedDistribution, transforms as T } from '../../../lib/distributions/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';
import { TWINS, fdLogAbsDetJacobian } from '../helpers/transforms64.js';

const close = (a: tf.Tensor, e: readonly number[]): void => expect(closeness(a.dataSync(), e, 1e-5, 1e-5)).toBeUndefined();
const logNormal64 = (x: number, m: number, s: number): number => -((Math.log(x) - m) ** 2) / (2 * s * s) - Math.log(s * x) - 0.5 * Math.log(2 * Math.PI);
const phi = (z: number): number => 0.5 * (1 + erf64(z / Math.SQRT2));
/** erf by its Maclaurin series (|z| ≤ 3 here; 60 terms are exact to float64). */
function erf64(z: number): number {
  let term = z;
  let sum = z;
  for (let n = 1; n < 60; n++) {
    term *= (-z * z) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describeBackends('TransformedDistribution', () => {
  it('Normal pushed through exp is LogNormal (logProb, support, shapes)', () => {
    tf.tidy(() => {
      const d = TransformedDistribution(Normal(tf.tensor([0, 0.5, -1]), tf.tensor([1, 0.3, 2])), T.ExpTransform());
      expect([d.family, d.batchShape, d.eventShape, d.hasRsample]).toEqual(['TransformedDistribution', [3], [], true]);
      expect(d.support.kind).toBe('greaterThan');
      const y = [0.5, 2, 3];
      close(d.logProb(tf.tensor(y)), [logNormal64(0.5, 0, 1), logNormal64(2, 0.5, 0.3), logNormal64(3, -1, 2)]);
      const lp = d.logProb(tf.tensor([[1, 1, 1], [2, 2, 2]]));
      expect(lp.shape).toEqual([2, 3]);
      expect(() => d.logProb(tf.tensor([-1, 1, 1]))).toThrow(/TransformedDistribution.logProb: argument 'value' must be in the support/);
    });
  });

  it('an event-dim transform turns base batch dims into event dims (stick-breaking of N(0, 1)³)', () => {
    tf.tidy(() => {
      const d = TransformedDistribution(Normal(0, 1).expand([2, 3]), [T.StickBreakingTransform()]);
      expect([d.batchShape, d.eventShape]).toEqual([[2], [4]]);
      expect(d.support.kind).toBe('simplex');
      const x = [0.3, -0.5, 1.2];
      const y = TWINS.stickBreaking.forward(x);
      const logBase = x.reduce((s, v) => s - 0.5 * v * v - 0.5 * Math.log(2 * Math.PI), 0);
      const expected = logBase - fdLogAbsDetJacobian(TWINS.stickBreaking, x);
      close(d.logProb(tf.tensor([y, y])), [expected, expected]);
      const draw = d.rsample(prngKey(3), [5]);
      expect(draw.shape).toEqual([5, 2, 4]);
      close(tf.sum(draw, -1), new Array<number>(10).fill(1));
    });
  });

  it('rsample is forward of the base rsample with the same key; gradients flow to the parameters', () => {
    tf.tidy(() => {
      const loc = tf.tensor([0.2, -0.4]);
      const base = Normal(loc, 0.5);
      const d = TransformedDistribution(base, [T.AffineTransform(1, 2), T.ExpTransform()]);
      const key = prngKey(11);
      close(d.rsample(key, [3]), Array.from(tf.exp(tf.add(tf.mul(base.rsample(key, [3]), 2), 1)).dataSync()));
      close(d.sample(key), Array.from(tf.exp(tf.add(tf.mul(base.rsample(key), 2), 1)).dataSync()));
      const g = tf.grad((m: tf.Tensor) => tf.sum(TransformedDistribution(Normal(m, 0.5), [T.AffineTransform(1, 2), T.ExpTransform()]).rsample(key)))(loc);
      const y = TransformedDistribution(Normal(loc, 0.5), [T.AffineTransform(1, 2), T.ExpTransform()]).rsample(key);
      close(g, Array.from(tf.mul(y, 2).dataSync()));
    });
  });

  it('logProb of a multi-step chain: affine then exp against the closed form', () => {
    tf.tidy(() => {
      // y = exp(1 + 2x), x ~ N(0.2, 0.5²): log y ~ N(1.4, 1²).
      const d = TransformedDistribution(Normal(0.2, 0.5), [T.AffineTransform(1, 2), T.ExpTransform()]);
      close(d.logProb(tf.tensor([0.7, 4, 9])), [0.7, 4, 9].map((y) => logNormal64(y, 1.4, 1)));
    });
  });

  it('base shapes grow to what the transforms need (tensor-parameter affine)', () => {
    tf.tidy(() => {
      const d = TransformedDistribution(Normal(0, 1), [T.AffineTransform(tf.tensor([1, 2, 3]), 2)]);
      expect([d.batchShape, d.eventShape, d.base.batchShape]).toEqual([[3], [], [3]]);
      expect(d.rsample(prngKey(1)).shape).toEqual([3]);
      const e = TransformedDistribution(Normal(tf.zeros([3]), 1), [T.AffineTransform(0, 2, 1)]);
      expect([e.batchShape, e.eventShape]).toEqual([[], [3]]);
      close(e.logProb(tf.zeros([3])), [3 * (-0.5 * Math.log(2 * Math.PI) - Math.log(2))]);
    });
  });

  it('expand keeps the family and expands the base', () => {
    tf.tidy(() => {
      const d = TransformedDistribution(Normal(0, 1), T.ExpTransform()).expand([2, 3]);
      expect([d.family, d.batchShape, d.eventShape]).toEqual(['TransformedDistribution', [2, 3], []]);
      expect(d.rsample(prngKey(2)).shape).toEqual([2, 3]);
      close(d.logProb(tf.ones([2, 3])), new Array<number>(6).fill(-0.5 * Math.log(2 * Math.PI)));
      const s = TransformedDistribution(Normal(0, 1).expand([3]), [T.StickBreakingTransform()]).expand([5]);
      expect([s.batchShape, s.eventShape]).toEqual([[5], [4]]);
    });
  });

  it('cdf and icdf follow the sign of monotone transforms', () => {
    tf.tidy(() => {
      // y = 1 − 2x is decreasing: F(y) = 1 − Φ((1 − y)/2).
      const d = TransformedDistribution(Normal(0, 1), [T.AffineTransform(1, -2)]);
      const ys = [-2, 0.5, 3];
      close(d.cdf(tf.tensor(ys)), ys.map((y) => 1 - phi((1 - y) / 2)));
      close(d.icdf(d.cdf(tf.tensor(ys))), ys);
      const e = TransformedDistribution(Normal(0, 1), [T.ExpTransform()]);
      close(e.cdf(tf.tensor([0.5, 2])), [phi(Math.log(0.5)), phi(Math.log(2))]);
      expect(() => TransformedDistribution(Normal(0, 1).expand([2]), [T.StickBreakingTransform()]).cdf(tf.tensor([0.2, 0.3, 0.5]))).toThrow();
    });
  });

  it('no tensor leaks: logProb and rsample leave only their results', () => {
    const d = TransformedDistribution(Normal(tf.zeros([3]), 1), [T.AffineTransform(1, 2), T.ExpTransform()]);
    const v = tf.tensor([1, 2, 3]);
    const before = tf.memory().numTensors;
    const outs = [d.logProb(v), d.rsample(prngKey(4))];
    expect(tf.memory().numTensors).toBe(before + outs.length);
    tf.dispose([...outs, v]);
  });
});
