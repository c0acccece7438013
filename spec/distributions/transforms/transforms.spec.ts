/**
 * The transform classes beyond the golden cases: metadata (event dims, shapes, sign,
 * bijective), Affine with tensor parameters and event dims, ComposeTransform's event-dim
 * bookkeeping, Tanh, argument errors, kernel counts of the hot paths, and leaks — on both
 * backends.
 *
 * Tolerances: rtol 1e-5, atol 1e-5 against float64 references (closed forms or finite
 * differences of the JS twins): a few float32 ops, log-Jacobian sums of ≤ 8 terms.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import { type Transform, bijectTo, constraints as c, transforms as T } from '../../../lib/distributions/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';
import { kernelCount } from '../helpers/kernels.js';
import { TWINS, elementwise, fdLogAbsDetJacobian } from '../helpers/transforms64.js';

const close = (a: tf.Tensor, e: readonly number[]): void => expect(closeness(a.dataSync(), e, 1e-5, 1e-5)).toBeUndefined();

describeBackends('transforms', () => {
  it('metadata: event dims, bijective, sign, names', () => {
    const rows: readonly [Transform, number, number, boolean, number | undefined][] = [
      [T.ExpTransform(), 0, 0, true, 1],
      [T.SoftplusTransform(), 0, 0, true, 1],
      [T.SigmoidTransform(), 0, 0, true, 1],
      [T.TanhTransform(), 0, 0, true, 1],
      [T.IdentityTransform(), 0, 0, true, 1],
      [T.AffineTransform(1, -2), 0, 0, true, -1],
      [T.AffineTransform(0, 3, 2), 2, 2, true, 1],
      [T.StickBreakingTransform(), 1, 1, true, undefined],
      [T.SoftmaxTransform(), 1, 1, false, undefined],
      [T.OrderedTransform(), 1, 1, true, 1],
      [T.CorrCholeskyTransform(), 1, 2, true, undefined],
      [T.LowerCholeskyTransform(), 2, 2, false, undefined],
      [T.UnitLowerCholeskyTransform(), 2, 2, false, undefined],
      [T.SoftplusLowerCholeskyTransform(), 2, 2, false, undefined],
      [T.PositiveDefiniteTransform(), 2, 2, false, undefined],
      [T.LowerCholeskyAffine([0, 0], [[1, 0], [0, 1]]), 1, 1, true, 1],
      [T.IndependentTransform(T.ExpTransform(), 2), 2, 2, true, 1],
      [T.ComposeTransform([T.ExpTransform(), T.AffineTransform(0, -1)]), 0, 0, true, -1],
    ];
    for (const [t, domainDim, codomainDim, bijective, sign] of rows) {
      expect([t.name, t.domainEventDim, t.codomainEventDim, t.bijective, t.sign]).toEqual([t.name, domainDim, codomainDim, bijective, sign]);
      expect(t.domain.eventDim).toBe(domainDim);
      expect(t.codomain.eventDim).toBe(codomainDim);
    }
    expect(String(T.IndependentTransform(T.ExpTransform(), 1))).toBe('IndependentTransform(ExpTransform(), 1)');
    expect(String(bijectTo(c.positive))).toBe('ComposeTransform(ExpTransform(), AffineTransform())');
  });

  it('forwardShape / inverseShape', () => {
    expect(T.StickBreakingTransform().forwardShape([2, 3])).toEqual([2, 4]);
    expect(T.StickBreakingTransform().inverseShape([2, 4])).toEqual([2, 3]);
    expect(T.CorrCholeskyTransform().forwardShape([5, 6])).toEqual([5, 4, 4]);
    expect(T.CorrCholeskyTransform().inverseShape([5, 4, 4])).toEqual([5, 6]);
    expect(T.AffineTransform(tf.zeros([3]), 1).forwardShape([2, 1])).toEqual([2, 3]);
    expect(T.ComposeTransform([T.StickBreakingTransform(), T.AffineTransform(0, 2)]).forwardShape([3])).toEqual([4]);
    expect(() => T.CorrCholeskyTransform().forwardShape([2])).toThrow(/D\(D−1\)\/2/);
  });

  it('AffineTransform with tensor parameters and event dims: log|det J| = Σ_event log|scale|', () => {
    tf.tidy(() => {
      const t = T.AffineTransform(tf.tensor([1, 2, 3]), tf.tensor([0.5, -2, 4]), 1);
      const x = tf.tensor([[0, 1, 2], [3, 4, 5]]);
      const y = t.forward(x);
      close(y, [1, 0, 11, 2.5, -6, 23]);
      close(t.inverse(y), [0, 1, 2, 3, 4, 5]);
      const ld = t.logAbsDetJacobian(x, y);
      expect(ld.shape).toEqual([2]);
      close(ld, [Math.log(4), Math.log(4)]);
      close(t.sign as tf.Tensor, [1, -1, 1]);
      const scalarScale = T.AffineTransform(0, 3, 1).logAbsDetJacobian(x, x);
      expect(scalarScale.shape).toEqual([2]);
      close(scalarScale, [3 * Math.log(3), 3 * Math.log(3)]);
    });
  });

  it('ComposeTransform widens event dims and sums each part over them (Pyro bookkeeping)', () => {
    tf.tidy(() => {
      // Exp (event dim 0) then stick-breaking (event dim 1): the composition has event dim 1.
      const t = T.ComposeTransform([T.ExpTransform(), T.StickBreakingTransform()]);
      expect([t.domainEventDim, t.codomainEventDim]).toEqual([1, 1]);
      const x = [0.3, -0.7, 1.1];
      const twin = { forward: (v: number[]) => TWINS.stickBreaking.forward(v.map(Math.exp)), freeOut: (m: number) => [...Array(m - 1).keys()] };
      const xt = tf.tensor([x, x]);
      const ld = t.logAbsDetJacobian(xt, t.forward(xt));
      expect(ld.shape).toEqual([2]);
      const expected = fdLogAbsDetJacobian(twin, x);
      close(ld, [expected, expected]);
      close(t.forwardWithLogDet(xt).logAbsDetJacobian, [expected, expected]);
      // An empty composition is the identity on ℝ.
      const id = T.ComposeTransform([]);
      close(id.forward(tf.tensor([1, 2])), [1, 2]);
      close(id.logAbsDetJacobian(tf.tensor([1, 2]), tf.tensor([1, 2])), [0, 0]);
    });
  });

  it('TanhTransform: log|det J| = log(1 − tanh² x), stable for large |x|', () => {
    tf.tidy(() => {
      const x = [-3, -0.5, 0, 0.7, 2.5];
      const t = T.TanhTransform();
      const xt = tf.tensor(x);
      close(t.forward(xt), x.map(Math.tanh));
      close(t.inverse(t.forward(xt)), x);
      close(t.logAbsDetJacobian(xt, t.forward(xt)), x.map((v) => fdLogAbsDetJacobian(elementwise(Math.tanh), [v])));
      close(t.logAbsDetJacobian(tf.tensor([30]), tf.tensor([1])), [2 * (Math.LN2 - 30)]);
    });
  });

  it('SoftmaxTransform has no log-Jacobian (NotImplemented, as Pyro)', () => {
    tf.tidy(() => {
      const x = tf.tensor([0.1, 0.2]);
      expect(() => T.SoftmaxTransform().logAbsDetJacobian(x, x)).toThrow(IgnisError);
    });
  });

  it('argument errors name the transform', () => {
    tf.tidy(() => {
      expect(() => T.LowerCholeskyTransform().forward(tf.zeros([2, 3]))).toThrow(/LowerCholeskyTransform.forward: argument 'value' must be/);
      expect(() => T.CorrCholeskyTransform().forward(tf.zeros([2]))).toThrow(/CorrCholeskyTransform.forward/);
      expect(() => T.LowerCholeskyAffine([0, 0], [[1, 0, 0]])).toThrow(/LowerCholeskyAffine: argument 'scaleTril'/);
      expect(() => T.LowerCholeskyAffine([0, 0, 0], [[1, 0], [0, 1]])).toThrow(/LowerCholeskyAffine: argument 'loc'/);
      expect(() => T.AffineTransform(0, 1, -1)).toThrow(/AffineTransform: argument 'eventDim'/);
      expect(() => T.IndependentTransform(T.ExpTransform(), 1.5)).toThrow(/IndependentTransform/);
    });
  });

  it('kernel counts of the hot paths', async () => {
    const x = tf.tensor([0.1, -0.2, 0.3]);
    const m = tf.eye(3);
    const counts = {
      expForward: await kernelCount(() => T.ExpTransform().forward(x)),
      expLogDet: await kernelCount(() => T.ExpTransform().logAbsDetJacobian(x, x)),
      softplusForward: await kernelCount(() => T.SoftplusTransform().forward(x)),
      softplusLogDet: await kernelCount(() => T.SoftplusTransform().logAbsDetJacobian(x, x)),
      positiveForwardWithLogDet: await kernelCount(() => bijectTo(c.positive).forwardWithLogDet(x)),
      positiveLogDet: await kernelCount(() => bijectTo(c.positive).logAbsDetJacobian(x, x)),
      greaterThanForwardWithLogDet: await kernelCount(() => bijectTo(c.greaterThan(1)).forwardWithLogDet(x)),
      unitLowerCholeskyForward: await kernelCount(() => bijectTo(c.unitLowerCholesky).forward(m)),
    };
    expect(counts).toEqual({
      expForward: 1,
      expLogDet: 0,
      softplusForward: 1,
      softplusLogDet: 1,
      positiveForwardWithLogDet: 1,
      positiveLogDet: 0,
      greaterThanForwardWithLogDet: 2,
      unitLowerCholeskyForward: 1,
    });
    tf.dispose([x, m]);
  });

  it('no tensor leaks: every method leaves only its result', () => {
    const cases: readonly [Transform, number[]][] = [
      [bijectTo(c.interval(-1, 3)), [3]],
      [bijectTo(c.simplex), [2, 3]],
      [bijectTo(c.corrCholesky), [3]],
      [bijectTo(c.positiveOrderedVector), [4]],
      [bijectTo(c.lowerCholesky), [3, 3]],
      [bijectTo(c.softplusLowerCholesky), [3, 3]],
      [bijectTo(c.positiveDefinite), [2, 2]],
      [T.AffineTransform(tf.tensor([1, 2, 3]), tf.tensor([1, 2, 3]), 1), [2, 3]],
      [T.TanhTransform(), [3]],
    ];
    for (const [t, shape] of cases) {
      const x = tf.fill(shape, 0.25);
      const before = tf.memory().numTensors;
      const y = t.forward(x);
      const fused = t.forwardWithLogDet(x);
      const outs = new Set([y, t.inverse(y), t.logAbsDetJacobian(x, y), fused.y, fused.logAbsDetJacobian]);
      outs.delete(x);
      expect(tf.memory().numTensors, t.name).toBe(before + outs.size);
      tf.dispose([...outs, x]);
    }
  });
});
