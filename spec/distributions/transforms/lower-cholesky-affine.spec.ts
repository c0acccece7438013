/**
 * LowerCholeskyAffine (AutoMultivariateNormal's `getTransform`): values against a float64 twin,
 * gradients of the fused custom ops against closed forms, the differentiable (second-order)
 * path, broadcasting of batch dims, kernel counts, and leaks — on both backends.
 *
 * Tolerances: rtol 1e-5, atol 1e-5 for values and gradients — the kernels run in float64 and
 * round once to float32; the references are float64 (twin) or closed forms evaluated on the
 * float32 inputs; atol covers results near 0 after sums of up to d = 4 products.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { transforms } from '../../../lib/distributions/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';
import { kernelCount } from '../helpers/kernels.js';
import { TWINS, fdLogAbsDetJacobian } from '../helpers/transforms64.js';

const f32 = (min: number, max: number): fc.Arbitrary<number> =>
  fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true });

/** loc [d], L [d, d] lower with diagonal in [0.5, 2], x [n, d]. */
const problem = fc.integer({ min: 1, max: 4 }).chain((d) =>
  fc.record({
    d: fc.constant(d),
    loc: fc.array(f32(-2, 2), { minLength: d, maxLength: d }),
    l: fc.array(f32(-1, 1), { minLength: d * d, maxLength: d * d }).chain((raw) =>
      fc.array(f32(0.5, 2), { minLength: d, maxLength: d }).map((diag) =>
        raw.map((v, f) => (f % d === Math.floor(f / d) ? diag[f % d]! : f % d < Math.floor(f / d) ? v : 0)),
      ),
    ),
    x: fc.integer({ min: 1, max: 3 }).chain((n) => fc.array(f32(-2, 2), { minLength: n * d, maxLength: n * d })),
  }),
);

const close = (a: ArrayLike<number>, e: readonly number[]): void => expect(closeness(a, e, 1e-5, 1e-5)).toBeUndefined();

describeBackends('transforms/LowerCholeskyAffine', () => {
  it('forward, inverse and log|det J| match the float64 twin and finite differences', () => {
    fc.assert(
      fc.property(problem, ({ d, loc, l, x }) => {
        tf.tidy(() => {
          const t = transforms.LowerCholeskyAffine(tf.tensor(loc), tf.tensor(l, [d, d]));
          const n = x.length / d;
          const xt = tf.tensor(x, [n, d]);
          const twin = TWINS.lowerCholeskyAffine(loc, l);
          const rows = Array.from({ length: n }, (_, r) => x.slice(r * d, (r + 1) * d));
          const y = t.forward(xt);
          expect(y.shape).toEqual([n, d]);
          close(y.dataSync(), rows.flatMap((r) => twin.forward(r)));
          close(t.inverse(y).dataSync(), x);
          const ld = t.logAbsDetJacobian(xt, y);
          expect(ld.shape).toEqual([n]);
          close(ld.dataSync(), rows.map((r) => fdLogAbsDetJacobian(twin, r)));
        });
      }),
      { numRuns: 40 },
    );
  });

  it('gradients: ∂loc = w, ∂x = Lᵀw, ∂L = tril(w xᵀ), ∂(Σ log Lᵢᵢ)/∂Lᵢᵢ = 1/Lᵢᵢ', () => {
    fc.assert(
      fc.property(problem, ({ d, loc, l }) => {
        tf.tidy(() => {
          const x = loc.map((v) => Math.fround(v * 0.5 - 0.25));
          const w = loc.map((_, i) => Math.fround(0.3 * i - 0.4));
          const f = (m: tf.Tensor, lt: tf.Tensor, xt: tf.Tensor): tf.Tensor => {
            const t = transforms.LowerCholeskyAffine(m, lt);
            return tf.add(tf.sum(tf.mul(t.forward(xt), w)), t.logAbsDetJacobian(xt, xt));
          };
          const [gm, gl, gx] = tf.grads(f)([tf.tensor(loc), tf.tensor(l, [d, d]), tf.tensor(x)]);
          close(gm!.dataSync(), w);
          close(gx!.dataSync(), x.map((_, j) => w.reduce((s, wi, i) => s + (i >= j ? l[i * d + j]! * wi : 0), 0)));
          const dl = l.map((v, k) => {
            const [i, j] = [Math.floor(k / d), k % d];
            return j > i ? 0 : w[i]! * x[j]! + (i === j ? 1 / v : 0);
          });
          close(gl!.dataSync(), dl);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('second-order gradients go through the differentiable path', () => {
    tf.tidy(() => {
      const d = 3;
      const l = [1.5, 0, 0, 0.3, 0.8, 0, -0.2, 0.4, 1.2];
      const w = [0.5, -1, 2];
      const x = tf.tensor([0.1, 0.2, -0.3]);
      // g(L) = Σ_j (∂/∂x_j Σ w·(Lx))² = Σ_j (Lᵀw)_j², so ∂g/∂L_ij = 2 (Lᵀw)_j w_i on the lower triangle.
      const g = (lt: tf.Tensor): tf.Tensor => {
        const inner = tf.grad((xt: tf.Tensor) => tf.sum(tf.mul(transforms.LowerCholeskyAffine(tf.zeros([d]), lt).forward(xt), w)));
        return tf.sum(tf.square(inner(x)));
      };
      const ltw = [0, 1, 2].map((j) => w.reduce((s, wi, i) => s + (i >= j ? l[i * d + j]! * wi : 0), 0));
      const expected = l.map((_, k) => {
        const [i, j] = [Math.floor(k / d), k % d];
        return j > i ? 0 : 2 * ltw[j]! * w[i]!;
      });
      close(tf.grad(g)(tf.tensor(l, [d, d])).dataSync(), expected);
      // and the log-determinant's: ∂/∂L of Σ_i (∂ Σ log L_ii / ∂L_ii)² = Σ 1/L_ii² → −2/L_ii³.
      const h = (lt: tf.Tensor): tf.Tensor => {
        const inner = tf.grad((m: tf.Tensor) => transforms.LowerCholeskyAffine(tf.zeros([d]), m).logAbsDetJacobian(x, x));
        return tf.sum(tf.square(inner(lt)));
      };
      close(
        tf.grad(h)(tf.tensor(l, [d, d])).dataSync(),
        l.map((v, k) => (Math.floor(k / d) === k % d ? -2 / v ** 3 : 0)),
      );
    });
  });

  it('broadcasts batch dims of loc, scaleTril and x, summing gradients back to each shape', () => {
    tf.tidy(() => {
      const loc = tf.tensor([[1, 2]]); // [1, 2]
      const l = tf.reshape(tf.tensor([[[1, 0], [0.5, 2]], [[2, 0], [-1, 1]]]), [2, 1, 2, 2]);
      const x = tf.tensor([[1, -1], [0, 2], [3, 1]]); // [3, 2]
      const t = transforms.LowerCholeskyAffine(loc, l);
      const y = t.forward(x);
      expect(y.shape).toEqual([2, 3, 2]);
      const reference = tf.add(tf.squeeze(tf.matMul(tf.broadcastTo(l, [2, 3, 2, 2]), tf.expandDims(tf.broadcastTo(x, [2, 3, 2]), -1)), [-1]), loc);
      close(y.dataSync(), Array.from(reference.dataSync()));
      expect(t.logAbsDetJacobian(x, y).shape).toEqual([2, 3]);
      expect(t.forwardShape([3, 2])).toEqual([2, 3, 2]);
      const [gm, gl, gx] = tf.grads((m: tf.Tensor, lt: tf.Tensor, xt: tf.Tensor) => tf.sum(transforms.LowerCholeskyAffine(m, lt).forward(xt)))([loc, l, x]);
      expect([gm!.shape, gl!.shape, gx!.shape]).toEqual([loc.shape, l.shape, x.shape]);
      close(gm!.dataSync(), [6, 6]);
      // ∂x_j = Σ_batch Σ_{i ≥ j} L_ij: column sums (1.5, 2) and (1, 1) of the two factors.
      close(gx!.dataSync(), [2.5, 3, 2.5, 3, 2.5, 3]);
      close(t.inverse(y).dataSync(), Array.from(tf.broadcastTo(x, [2, 3, 2]).dataSync()));
    });
  });

  it('forward and log|det J| are one kernel each; nothing leaks', async () => {
    const loc = tf.tensor([1, 2, 3]);
    const l = tf.tensor([[1, 0, 0], [0.5, 2, 0], [0.1, 0.2, 3]]);
    const x = tf.tensor([0.1, 0.2, 0.3]);
    const t = transforms.LowerCholeskyAffine(loc, l);
    const before = tf.memory().numTensors;
    expect(await kernelCount(() => t.forward(x))).toBe(1);
    expect(await kernelCount(() => t.logAbsDetJacobian(x, x))).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    const outs = [t.forward(x), t.logAbsDetJacobian(x, x), t.inverse(x)];
    expect(tf.memory().numTensors).toBe(before + outs.length);
    tf.dispose(outs);
    tf.tidy(() => {
      tf.grads((m: tf.Tensor, lt: tf.Tensor) => tf.sum(transforms.LowerCholeskyAffine(m, lt).forward(x)))([loc, l]);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([loc, l, x]);
  });
});
