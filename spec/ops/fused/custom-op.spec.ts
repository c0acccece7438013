/**
 * The fused-op machinery (lib/ops/fused): one tape node, lazy per-input gradients, nothing saved
 * for first-order gradients, the reference path under higher-order gradients, broadcast indices.
 * Expected values are closed forms (`f(a, b) = a² b`: ∂a = 2ab, ∂b = a², ∂²/∂a² = 2b).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { broadcastIndex, sumByIndex, sumToShape } from '../../../lib/ops/fused/broadcast.js';
import { fusedOp, higherOrder } from '../../../lib/ops/fused/custom-op.js';
import { fusedElementwise } from '../../../lib/ops/fused/elementwise.js';
import { expExact, expLoop, fusedUnary, softplusLoop } from '../../../lib/ops/fused/unary.js';
import { closeness } from '../../helpers/golden.js';
import { describeBackends } from '../../helpers/backends.js';

/** `a² b` elementwise as a fused op, counting the gradient thunks called. */
function squareTimes(a: tf.Tensor, b: tf.Tensor, calls: number[] = [0, 0]): tf.Tensor {
  return fusedOp(
    [a, b],
    () => {
      const [av, bv] = [a.dataSync(), b.dataSync()];
      return {
        value: tf.tensor(av.map((x, i) => x * x * bv[i]!), a.shape),
        gradients: [
          (dys) => {
            calls[0]!++;
            const d = dys[0]!.dataSync();
            return tf.tensor(av.map((x, i) => 2 * x * bv[i]! * d[i]!), a.shape);
          },
          (dys) => {
            calls[1]!++;
            const d = dys[0]!.dataSync();
            return tf.tensor(av.map((x, i) => x * x * d[i]!), b.shape);
          },
        ],
      };
    },
    () => tf.mul(tf.square(a), b),
  );
}

describeBackends('ops/fused/custom-op', () => {
  describe('fusedOp', () => {
    it('computes the value and the closed-form gradients', () => {
      tf.tidy(() => {
        const a = tf.tensor([1, 2, 3]);
        const b = tf.tensor([4, 5, 6]);
        expect(Array.from(squareTimes(a, b).dataSync())).toEqual([4, 20, 54]);
        const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(squareTimes(x, y)))([a, b]);
        expect(Array.from(ga!.dataSync())).toEqual([8, 20, 36]);
        expect(Array.from(gb!.dataSync())).toEqual([1, 4, 9]);
      });
    });

    it('computes a gradient only for the inputs on the differentiation path', () => {
      tf.tidy(() => {
        const calls = [0, 0];
        const b = tf.tensor([4, 5, 6]);
        tf.grad((x: tf.Tensor) => tf.sum(squareTimes(x, b, calls)))(tf.tensor([1, 2, 3]));
        expect(calls).toEqual([1, 0]);
      });
    });

    it('is one tape node: no Identity kernel (nothing saved) in a first-order gradient', async () => {
      const a = tf.tensor([1, 2, 3]);
      const b = tf.tensor([4, 5, 6]);
      const dy = tf.ones([3]);
      const profile = await tf.profile(() => {
        tf.dispose(tf.grads((x: tf.Tensor, y: tf.Tensor) => squareTimes(x, y))([a, b], dy));
      });
      expect(profile.kernels.map((k) => k.name).filter((n) => n === 'Identity')).toEqual([]);
      expect(profile.kernels.length).toBe(1);
      tf.dispose([a, b, dy]);
    });

    it('runs the reference under a higher-order gradient (exact second derivative 2b)', () => {
      tf.tidy(() => {
        const b = tf.tensor([4, 5, 6]);
        const second = tf.grad((x: tf.Tensor) => tf.sum(tf.grad((y: tf.Tensor) => tf.sum(squareTimes(y, b)))(x)))(tf.tensor([1, 2, 3]));
        expect(Array.from(second.dataSync())).toEqual([8, 10, 12]);
      });
    });

    it('reports higher order only inside a nested gradient', () => {
      const seen: boolean[] = [];
      const probe = (x: tf.Tensor): tf.Tensor => {
        seen.push(higherOrder());
        return tf.sum(tf.square(x));
      };
      tf.tidy(() => {
        probe(tf.scalar(1));
        tf.grad(probe)(tf.scalar(1));
        tf.grad((x: tf.Tensor) => tf.grad(probe)(x))(tf.scalar(1));
      });
      expect(seen).toEqual([false, false, true]);
    });

    it('leaks no tensor over repeated gradients', () => {
      const a = tf.tensor([1, 2, 3]);
      const b = tf.tensor([4, 5, 6]);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) tf.dispose(tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(squareTimes(x, y)))([a, b]));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([a, b]);
    });
  });

  describe('fusedElementwise', () => {
    it('broadcasts inputs by index and sums gradients back to each shape', () => {
      tf.tidy(() => {
        const a = tf.tensor([[1], [2]]); // [2, 1]
        const b = tf.tensor([3, 4, 5]); // [3]
        const f = (x: tf.Tensor, y: tf.Tensor): tf.Tensor =>
          fusedElementwise([x, y], [2, 3], (args, p) => {
            p[0] = 2 * args[0]! * args[1]!;
            p[1] = args[0]! * args[0]!;
            return args[0]! * args[0]! * args[1]!;
          }, ([u, v]) => tf.mul(tf.square(u!), v!));
        expect(Array.from(f(a, b).dataSync())).toEqual([3, 4, 5, 12, 16, 20]);
        const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(f(x, y)))([a, b]);
        expect(ga!.shape).toEqual([2, 1]);
        expect(Array.from(ga!.dataSync())).toEqual([24, 48]); // 2a Σb
        expect(Array.from(gb!.dataSync())).toEqual([5, 5, 5]); // Σa²
      });
    });
  });
});

describeBackends('ops/fused/unary', () => {
  const xs = [-30, -3, -0.5, 0, 1e-4, 0.7, 4, 25];
  const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
  // values and gradients vs float64 closed forms, rtol 1e-6 (one float32 rounding)
  for (const [name, loop, ref, f, df] of [
    ['softplus', softplusLoop, (t: tf.Tensor) => tf.softplus(t), softplus, sigmoid],
    ['exp', expLoop, expExact, Math.exp, Math.exp],
  ] as const) {
    it(`${name}: values and gradients of the closed form; second derivative through the reference`, () => {
      tf.tidy(() => {
        const x = tf.tensor(xs);
        expect(closeness(fusedUnary(x, loop, ref).dataSync(), xs.map(f), 1e-6, 1e-30)).toBeUndefined();
        const g = tf.grad((t: tf.Tensor) => tf.sum(fusedUnary(t, loop, ref)))(x);
        expect(closeness(g.dataSync(), xs.map(df), 1e-6, 1e-30)).toBeUndefined();
        const h = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.mul(fusedUnary(u, loop, ref), u)))(t)))(tf.tensor([0.3]));
        const expected = name === 'exp' ? 2 * Math.exp(0.3) + 0.3 * Math.exp(0.3) : 2 * sigmoid(0.3) + 0.3 * sigmoid(0.3) * (1 - sigmoid(0.3));
        expect(closeness(h.dataSync(), [expected], 1e-4, 1e-6)).toBeUndefined();
      });
    });
  }
});

describe('ops/fused/broadcast', () => {
  it('broadcastIndex maps each output element to the operand element it reads, memoized', () => {
    expect(Array.from(broadcastIndex([2, 1], [2, 3]))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(broadcastIndex([3], [2, 3]))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(broadcastIndex([], [2, 2]))).toEqual([0, 0, 0, 0]);
    expect(broadcastIndex([3], [2, 3])).toBe(broadcastIndex([3], [2, 3]));
  });

  it('sumByIndex sums a broadcast gradient back in float64', () => {
    expect(Array.from(sumByIndex([1, 2, 3, 4, 5, 6], broadcastIndex([2, 1], [2, 3]), 2))).toEqual([6, 15]);
  });

  it('sumToShape reduces broadcast dims with tfjs ops', () => {
    tf.tidy(() => {
      expect(Array.from(sumToShape(tf.ones([2, 3]), [1, 3]).dataSync())).toEqual([2, 2, 2]);
      expect(sumToShape(tf.ones([2, 3]), [3]).shape).toEqual([3]);
    });
  });
});

describe('ops/fused/host-data', () => {
  it('reads an uploaded tensor back without copying, and a disposed one throws as dataSync does', async () => {
    const { read, upload } = await import('../../../lib/ops/fused/host-data.js');
    const values = new Float32Array(300).fill(2);
    const t = upload(values, [300]);
    expect(read(t)).toBe(values);
    t.dispose();
    expect(() => read(t)).toThrow(/disposed/);
  });
});

describeBackends('ops/fused/host-data: produce and withValues', () => {
  it('produce writes a zero-initialized tensor in place; withValues reads tensors (also one made on another backend)', async () => {
    const { produce, produceFrom, withValues } = await import('../../../lib/ops/fused/host-data.js');
    const { useBackend } = await import('../../../lib/backend.js');
    const backend = tf.getBackend();
    await useBackend(backend === 'cpu' ? 'wasm' : 'cpu');
    const elsewhere = tf.tensor([7, 8, 9]);
    await useBackend(backend as 'cpu');
    tf.tidy(() => {
      const t = produce([2, 3], (out) => {
        expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
        out[1] = 5;
        out[5] = -1;
      });
      expect(t.shape).toEqual([2, 3]);
      expect(Array.from(t.dataSync())).toEqual([0, 5, 0, 0, 0, -1]);
      const ints = tf.tensor([1, 2], [2], 'int32');
      const seen = withValues([t, ints, elsewhere], (vs) => vs.map((v) => Array.from(v)));
      expect(seen).toEqual([[0, 5, 0, 0, 0, -1], [1, 2], [7, 8, 9]]);
      // the output is allocated before the inputs are viewed (an allocation may move the heap)
      const sum = produceFrom([t, elsewhere], [3], (out, [a, e]) => {
        for (let i = 0; i < 3; i++) out[i] = a![i]! + e![i]!;
      });
      expect(Array.from(sum.dataSync())).toEqual([7, 13, 9]);
    });
    elsewhere.dispose();
  });
});
