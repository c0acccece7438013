import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as ops from '../../lib/ops/index.js';
import { expectClose, valuesOf } from './helpers/numeric.js';

// Each it() runs the @example of the export it names, and checks the result the comment states.
describe('ops (TSDoc examples)', () => {
  const v = (t: tf.Tensor): number[] => Array.from(valuesOf(t));

  it('cholesky', () => {
    expectClose(valuesOf(ops.cholesky(tf.tensor2d([[4, 2], [2, 3]]))), [2, 0, 1, Math.SQRT2], { rtol: 1e-7 });
  });

  it('triangularSolve, choleskySolve, choleskyInverse, choleskyLogDet', () => {
    const A = tf.tensor2d([[4, 2], [2, 3]]);
    const B = tf.tensor2d([[1], [2]]);
    const L = ops.cholesky(A);
    expectClose(valuesOf(tf.matMul(L, ops.triangularSolve(L, B))), [1, 2], { rtol: 1e-6 });
    expectClose(valuesOf(tf.matMul(L, ops.triangularSolve(L, B, { transpose: true }), true)), [1, 2], { rtol: 1e-6 });
    expectClose(valuesOf(tf.matMul(A, ops.choleskySolve(L, B))), [1, 2], { rtol: 1e-6 });
    expectClose(valuesOf(ops.choleskyInverse(L)), [3 / 8, -2 / 8, -2 / 8, 4 / 8], { rtol: 1e-6 });
    expectClose(valuesOf(ops.choleskyLogDet(L)), [Math.log(8)], { rtol: 1e-6 });
  });

  it('diagEmbed, diagPart, tril, triu', () => {
    expect(v(ops.diagEmbed(tf.tensor1d([1, 2])))).toEqual([1, 0, 0, 2]);
    expect(v(ops.diagPart(tf.tensor2d([[1, 2], [3, 4]])))).toEqual([1, 4]);
    expect(v(ops.tril(tf.ones([3, 3])))).toEqual([1, 0, 0, 1, 1, 0, 1, 1, 1]);
    expect(v(ops.tril(tf.ones([3, 3]), -1))).toEqual([0, 0, 0, 1, 0, 0, 1, 1, 0]);
    expect(v(ops.triu(tf.ones([3, 3]), 1))).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0]);
  });

  it('matmul, matvec', () => {
    expect(ops.matmul(tf.ones([3, 2, 4]), tf.ones([4, 5])).shape).toEqual([3, 2, 5]);
    expect(v(ops.matvec(tf.eye(3), tf.tensor1d([1, 2, 3])))).toEqual([1, 2, 3]);
  });

  it('lgamma, digamma, trigamma, polygamma, lbeta', () => {
    expectClose(valuesOf(ops.lgamma(tf.tensor1d([0.5, 1, 10]))), [0.5 * Math.log(Math.PI), 0, Math.log(362880)], { rtol: 1e-7 });
    expectClose(valuesOf(ops.digamma(tf.scalar(1))), [-0.5772156649015329], { rtol: 1e-7 });
    expectClose(valuesOf(ops.trigamma(tf.scalar(1))), [Math.PI ** 2 / 6], { rtol: 1e-7 });
    expectClose(valuesOf(ops.polygamma(2, tf.scalar(1))), [-2.404113806319188], { rtol: 1e-7 });
    expectClose(valuesOf(ops.lbeta(2, 3)), [Math.log(1 / 12)], { rtol: 1e-7 });
  });

  it('log1p, xlogy, xdivy, erfinv, ndtri, softplusInverse', () => {
    expect(v(ops.log1p(tf.scalar(1e-7)))).toEqual([Math.fround(Math.log1p(Math.fround(1e-7)))]);
    expectClose(valuesOf(ops.xlogy(tf.tensor1d([0, 2]), tf.tensor1d([0, Math.E]))), [0, 2], { rtol: 1e-7 });
    expect(v(ops.xdivy(tf.tensor1d([0, 1]), tf.tensor1d([0, 4])))).toEqual([0, 0.25]);
    expectClose(valuesOf(ops.erfinv(tf.scalar(0.5))), [0.4769362762044699], { rtol: 1e-6 });
    expectClose(valuesOf(ops.ndtri(tf.scalar(0.975))), [1.959963984540054], { rtol: 1e-6 });
    expectClose(valuesOf(ops.softplusInverse(tf.scalar(Math.log(2)))), [0], { atol: 1e-7 });
  });

  it('the float64 kernels', () => {
    expect(ops.lgamma64(0.5)).toBeCloseTo(0.5723649429247001, 15);
    expect(ops.digamma64(1)).toBeCloseTo(-0.5772156649015329, 15);
    expect(ops.polygamma64(1, 1)).toBeCloseTo(Math.PI ** 2 / 6, 14);
    expect(ops.erf64(1)).toBeCloseTo(0.8427007929497149, 15);
    expectClose([ops.erfc64(5), ops.ndtr64(-10)], [1.5374597944280349e-12, 7.619853024160525e-24], { rtol: 1e-13 });
    expect(ops.ndtri64(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(ops.erfinv64(0.5)).toBeCloseTo(0.4769362762044699, 15);
  });

  it('stopGradient, registerGradientRepairs', () => {
    expect(v(tf.grad((x) => tf.mul(x, ops.stopGradient(x)))(tf.scalar(3)))).toEqual([3]);
    ops.registerGradientRepairs();
    const x = tf.tensor1d([-1, 2]);
    expect(v(tf.grad((t) => tf.sum(tf.where(tf.greater(t, 0), t, tf.mul(t, 2))))(x))).toEqual([2, 1]);
  });

  it('sliceAlong, takeAlongLastAxis', () => {
    const x = tf.tensor2d([[0, 1, 2], [3, 4, 5]]);
    expect(v(ops.sliceAlong(x, -1, { step: 2 }))).toEqual([0, 2, 3, 5]);
    expect(v(ops.sliceAlong(x, 0, { begin: -1, step: -1 }))).toEqual([3, 4, 5, 0, 1, 2]);
    const logits = tf.tensor2d([[0.1, 0.9], [0.7, 0.3]]);
    const labels = tf.tensor1d([1, 0], 'int32');
    expectClose(valuesOf(ops.takeAlongLastAxis(logits, tf.expandDims(labels, -1))), [0.9, 0.7], { rtol: 1e-7 });
  });
});
