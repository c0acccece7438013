/**
 * Direct gradients (lib/infer/elbo/direct-gradients.ts): on wasm, a large Bernoulli likelihood's
 * logits get their partials written by the SIMD kernel straight into the gradient tensor.
 *
 * - Same bits as the float64 accumulation path (forced by a second term reading the same
 *   logits with weight 0, which adds exact zeros): weights ±1 and ½ multiply float32 partials
 *   exactly, so the two paths must agree bit for bit; scaled by `dy = 3` (a `Mul`) too, except
 *   the last `n mod 4` partials (computed in float64 by JavaScript, rounded twice: ≤ 1 ulp);
 * - the same bits with and without worker threads;
 * - no tensor and no heap buffer leaks, including when the backward pass never asks for the
 *   gradient (the memory is freed by the next fused total on another tape).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { Bernoulli } from '../../../lib/distributions/index.js';
import { densityKernel } from '../../../lib/distributions/density/index.js';
import { directGradients } from '../../../lib/infer/elbo/direct-gradients.js';
import { fusedTotal } from '../../../lib/infer/elbo/fused-total.js';
import { ensureThreads, stopThreads } from '../../../lib/ops/kernels/parallel.js';
import { activeWasmBackend } from '../../../lib/ops/kernels/wasm-heap.js';
import { describeBackends } from '../../helpers/backends.js';

const n = 20_003; // two chunks and a tail of 3
const xs = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 11 < 5 ? 1 : 0));
const ls = Float32Array.from({ length: n }, (_, i) => Math.fround(9 * Math.cos(i * 0.29)));

/** The gradient of `dy · fusedTotal` at the logits, with the logits read by one term or (forcing the accumulation path) by two. */
function gradient(weight: number, accumulate: boolean, dy = 1): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor(xs);
    const f = (l: tf.Tensor): tf.Scalar => {
      const kernel = densityKernel(Bernoulli({ logits: l }), x)!;
      const terms = accumulate ? [{ kernel, weight }, { kernel, weight: 0 }] : [{ kernel, weight }];
      const total = fusedTotal(terms, () => tf.mul(tf.sum(Bernoulli({ logits: l }).logProb(x)), weight));
      return dy === 1 ? total : tf.mul(total, dy);
    };
    return tf.grad(f)(tf.tensor(ls)).dataSync() as Float32Array;
  });
}

const dataIds = (): number => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();

describeBackends('infer/elbo/direct-gradients', (backend) => {
  it(`${backend === 'wasm' ? 'takes' : 'declines'} the logits of a single large Bernoulli term on the gradient's path (not the value, nor logits read twice)`, () => {
    tf.tidy(() => {
      const [x, l] = [tf.tensor(xs), tf.tensor(ls)];
      const kernel = densityKernel(Bernoulli({ logits: l }), x)!;
      const once = directGradients([x, l], [{ kernel, weight: -1 }], [[0, 1]], () => true);
      expect([once.has(0), once.has(1)]).toEqual([false, backend === 'wasm']);
      if (once.has(1)) once.gradient(1, 1); // hands the memory to a tensor (disposed by the tidy)
      expect(directGradients([x, l], [{ kernel, weight: -1 }], [[0, 1]], (t) => t !== l).has(1)).toBe(false);
      expect(directGradients([x, l], [{ kernel, weight: -1 }, { kernel, weight: 0 }], [[0, 1], [0, 1]], () => true).has(1)).toBe(false);
    });
  });

  it('gives the bits of the float64 accumulation path (weights −1, ½; dy 1 and 3, the last n mod 4 within an ulp at dy 3)', () => {
    for (const weight of [-1, 0.5]) {
      expect(gradient(weight, false), `weight ${weight}`).toEqual(gradient(weight, true));
      // dy ≠ 1: the tail's float64 partials are rounded to float32 before the Mul (double rounding, ≤ 1 ulp)
      const [direct, accumulated] = [gradient(weight, false, 3), gradient(weight, true, 3)];
      const whole = n - (n % 4);
      expect(direct.subarray(0, whole), `weight ${weight}, dy 3`).toEqual(accumulated.subarray(0, whole));
      for (let i = whole; i < n; i++) expect(Math.abs(direct[i]! - accumulated[i]!)).toBeLessThanOrEqual(2 ** -23 * Math.abs(accumulated[i]!));
    }
  });

  it('matches x − σ(ℓ) within 1e-6 (float64 reference)', () => {
    const g = gradient(-1, false);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(g[i]! + (xs[i]! - 1 / (1 + Math.exp(-ls[i]!)))));
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it('leaks no tensor and no backend buffer', () => {
    gradient(-1, false);
    const [tensors, ids] = [tf.memory().numTensors, dataIds()];
    for (let i = 0; i < 3; i++) gradient(-1, false, 3);
    expect([tf.memory().numTensors, dataIds()]).toEqual([tensors, ids]);
  });

  it('frees the memory of a gradient the backward pass never asked for (at the next fused total)', () => {
    gradient(-1, false);
    const [tensors, ids] = [tf.memory().numTensors, dataIds()];
    tf.tidy(() => {
      const x = tf.tensor(xs);
      // the fused total is recorded on the tape but the differentiated value does not use it
      tf.grad((l: tf.Tensor) => {
        fusedTotal([{ kernel: densityKernel(Bernoulli({ logits: l }), x)!, weight: -1 }], () => tf.scalar(0));
        return tf.sum(l);
      })(tf.tensor(ls));
    });
    gradient(-1, false);
    expect([tf.memory().numTensors, dataIds()]).toEqual([tensors, ids]);
  });

  if (backend === 'wasm') {
    it('gives the same bits without worker threads', async () => {
      const withThreads = gradient(-1, false);
      await stopThreads(activeWasmBackend()!.wasm.asm.memory);
      const alone = gradient(-1, false);
      await ensureThreads(activeWasmBackend()!.wasm.asm.memory);
      expect(alone).toEqual(withThreads);
    });
  }
});

