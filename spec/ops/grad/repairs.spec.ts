import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { registerGradientRepairs } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, tensorDelta, valuesOf } from '../helpers/numeric.js';

const grad1 = (f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): number[] => Array.from(valuesOf(tf.grad((t: tf.Tensor) => tf.sum(f(t)))(x)));

describe('ops/grad/repairs', () => {
  describe('registerGradientRepairs', () => {
    it('is idempotent: importing lib/ops already registered everything, so a second call adds nothing', () => {
      expect(registerGradientRepairs()).toEqual({ tfjsGradients: 0, zeroGradients: [], kernelGradients: [], wasmSegmentSum: false });
    });

    it("registers tfjs-core's own gradients (a bare tfjs-core import has none) and the repairs", () => {
      for (const name of ['Sum', 'Multiply', 'BatchMatMul', 'GatherV2', 'Equal', 'Greater', 'LogicalAnd', 'LogicalNot', 'Diag', 'StridedSlice']) {
        expect(tf.getGradient(name), name).toBeDefined();
      }
      expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
    });

    onBackends(() => {
      it('differentiates where(comparison(x), …) for every comparison kernel', () => {
        const x = tf.tensor1d([-1, 0.5, 2, 3]);
        const branch = (c: tf.Tensor) => (t: tf.Tensor) => tf.where(c, t, tf.mul(t, 2));
        expect(grad1((t) => branch(tf.greater(t, 1))(t), x)).toEqual([2, 2, 1, 1]);
        expect(grad1((t) => branch(tf.less(t, 1))(t), x)).toEqual([1, 1, 2, 2]);
        expect(grad1((t) => branch(tf.lessEqual(t, 2))(t), x)).toEqual([1, 1, 1, 2]);
        expect(grad1((t) => branch(tf.greaterEqual(t, 2))(t), x)).toEqual([2, 2, 1, 1]);
        expect(grad1((t) => branch(tf.equal(t, 2))(t), x)).toEqual([2, 2, 1, 2]);
        expect(grad1((t) => branch(tf.notEqual(t, 2))(t), x)).toEqual([1, 1, 2, 1]);
        expect(grad1((t) => branch(tf.logicalAnd(tf.greater(t, 0), tf.less(t, 2.5)))(t), x)).toEqual([2, 1, 1, 2]);
        expect(grad1((t) => branch(tf.logicalOr(tf.less(t, 0), tf.greater(t, 2.5)))(t), x)).toEqual([1, 2, 2, 1]);
        expect(grad1((t) => branch(tf.logicalNot(tf.greater(t, 1)))(t), x)).toEqual([1, 1, 2, 2]);
        expect(grad1((t) => tf.mul(t, tf.cast(tf.any(tf.greater(t, 2)), 'float32')), x)).toEqual([1, 1, 1, 1]);
        expect(grad1((t) => tf.mul(t, tf.cast(tf.all(tf.greater(t, 2)), 'float32')), x)).toEqual([0, 0, 0, 0]);
      });

      it('differentiates gather (needs UnsortedSegmentSum on wasm) and runs unsortedSegmentSum forward', () => {
        const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d([2, 0, 2], 'int32')), tf.tensor2d([[1, 2], [3, 4], [5, 6]]))))(x);
        expect(Array.from(valuesOf(g))).toEqual([3, 4, 0, 0, 6, 8]);
        const s = tf.unsortedSegmentSum(tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor1d([1, 0, 1], 'int32'), 3);
        expect(s.shape).toEqual([3, 2]);
        expect(Array.from(valuesOf(s))).toEqual([3, 4, 6, 8, 0, 0]);
        const ints = tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([0, 0, 5], 'int32'), 2);
        expect(Array.from(ints.dataSync())).toEqual([3, 0]);
      });

      it('differentiates tf.diag (adjoint: the diagonal)', () => {
        const x = tf.tensor2d([[1, 2], [3, 4]]);
        const w = tf.tensor(Float32Array.from({ length: 16 }, (_, i) => i), [2, 2, 2, 2]);
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.diag(t), w)))(x);
        // diag(x)[i,j,k,l] = x[i,j] δ(ik) δ(jl): flat n = 4, entry (p, p) of a 4×4 is w at 5p
        expect(Array.from(valuesOf(g))).toEqual([0, 5, 10, 15]);
      });

      it('differentiates tf.stridedSlice with strides, masks, shrink and new axes', () => {
        const x = tf.tensor2d(Array.from({ length: 12 }, (_, i) => i), [3, 4]);
        const w = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1), shape);
        // rows 0 and 2, columns 3, 1 (negative stride)
        const g1 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.stridedSlice(t, [0, 3], [3, 0], [2, -2]), w([2, 2]))))(x);
        expect(Array.from(valuesOf(g1))).toEqual([0, 2, 0, 1, 0, 0, 0, 0, 0, 4, 0, 3]);
        // shrink axis 0 (row 1), all columns via endMask; plus a new axis
        const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.stridedSlice(t, [1, 0], [2, 0], [1, 1], 0, 2, 0, 0, 1), w([4]))))(x);
        expect(Array.from(valuesOf(g2))).toEqual([0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0]);
        const g3 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.stridedSlice(t, [0, 0, 1], [0, 3, 3], [1, 2, 1], 0, 0, 0, 1), w([1, 2, 2]))))(x);
        expect(Array.from(valuesOf(g3))).toEqual([0, 1, 2, 0, 0, 0, 0, 0, 0, 3, 4, 0]);
      });

      it('has a differentiable strided-slice adjoint (second order through a slice)', () => {
        const x = tf.tensor1d([1, 2, 3, 4]);
        const h = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.grad((s: tf.Tensor) => tf.sum(tf.pow(tf.stridedSlice(s, [0], [4], [2]), 3)))(t), t)))(x);
        // f = Σ_{even i} s_i³; ∇f·t = Σ 3 t_i³ (even i); its gradient 9 t_i² at even i
        expectClose(valuesOf(h), [9, 0, 81, 0], { rtol: 1e-6 });
      });

      it('leaks no tensors through the repaired gradients', () => {
        const x = tf.tensor1d([-1, 0.5, 2, 3]);
        const idx = tf.tensor1d([1, 1], 'int32');
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(tf.where(tf.greater(t, 1), t, tf.neg(t))))(x))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, idx)))(x))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(tf.stridedSlice(t, [0], [4], [2])))(x))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(tf.diag(t)))(x))).toBe(0);
        tf.dispose([x, idx]);
      });
    });
  });
});
