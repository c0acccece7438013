/**
 * The GLM density kernels (lib/distributions/density/glm.ts): Bernoulli (logits and probs),
 * Binomial, Poisson, Categorical.
 *
 * References and tolerances:
 * - float64 closed forms computed here from the same float32 data: the kernel's `Σ log p`
 *   (float64 throughout on the JavaScript path, rounded once to the float32 output) within one
 *   float32 ulp (2⁻²³ relative); on the wasm SIMD path (each term in float32, ≤ 4 ulps, summed
 *   in float64) within 1e-6 · Σ|terms|;
 * - parameter gradients against central finite differences of the float64 closed form
 *   (h = 1e-6 relative; none at a clamp bound, where the gradient is 0): rtol 1e-5 / atol 1e-6
 *   on the JavaScript path (a float32 output), 1e-6 absolute on the SIMD path (a float32
 *   `x − σ(ℓ)`);
 * - the family's own `logProb` through tfjs (float32 chains): values rtol 1e-5, parameter
 *   gradients rtol 1e-4 / atol 1e-5; the value (a count or index) gets no gradient (0);
 * - the SIMD path gives the same bits with and without worker threads; nothing leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Bernoulli, Binomial, Categorical, type Distribution, Poisson } from '../../../lib/distributions/index.js';
import { densityKernel } from '../../../lib/distributions/density/index.js';
import { logFactorial } from '../../../lib/distributions/families/discrete/mass64.js';
import { fusedTotal } from '../../../lib/infer/elbo/fused-total.js';
import { ensureThreads, stopThreads } from '../../../lib/ops/kernels/parallel.js';
import { activeWasmBackend } from '../../../lib/ops/kernels/wasm-heap.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';

const softplus = (l: number): number => Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
const EPS = 1.1920928955078125e-7;
const clamp = (p: number): number => Math.min(Math.max(p, EPS), 1 - EPS);
const logit = (p: number): number => Math.log(clamp(p)) - Math.log1p(-clamp(p));

/** A case: data, the float64 log-mass of element i, and how to build the distribution. */
interface Case {
  readonly name: string;
  /** Value and parameter arrays with shapes (the parameter is differentiated). */
  readonly value: readonly [number[], number[]];
  readonly param: readonly [number[], number[]];
  readonly build: (param: tf.Tensor) => Distribution;
  /** log p of broadcast element i given the float32 value and parameter arrays. */
  readonly logp: (x: Float32Array, a: Float64Array, i: number) => number;
  /** Which parameter element broadcast element i reads. */
  readonly paramAt: (i: number) => number;
  /** Parameter elements at a kink (a clamp bound): no finite difference there; the gradient is 0. */
  readonly kinks?: readonly number[];
}

const f32 = (xs: number[]): number[] => xs.map(Math.fround);
const CASES: readonly Case[] = [
  {
    name: 'Bernoulli(logits), full-size',
    value: [[1, 0, 1, 1, 0], [5]],
    param: [f32([0.3, -2, 4.5, -0.1, 30]), [5]],
    build: (l) => Bernoulli({ logits: l }),
    logp: (x, a, i) => x[i]! * a[i]! - softplus(a[i]!),
    paramAt: (i) => i,
  },
  {
    name: 'Bernoulli(logits), one logit broadcast',
    value: [[1, 0, 1], [3]],
    param: [f32([0.7]), []],
    build: (l) => Bernoulli({ logits: l }).expand([3]),
    logp: (x, a, i) => x[i]! * a[0]! - softplus(a[0]!),
    paramAt: () => 0,
  },
  {
    name: 'Bernoulli(probs), including the clamp',
    value: [[1, 0, 1, 0], [4]],
    param: [f32([0.3, 0.9, 0.02, 1]), [4]],
    build: (p) => Bernoulli({ probs: p }),
    logp: (x, a, i) => x[i]! * logit(a[i]!) - softplus(logit(a[i]!)),
    paramAt: (i) => i,
    kinks: [3],
  },
  {
    name: 'Binomial(10, logits)',
    value: [[3, 0, 10, 7], [4]],
    param: [f32([0.2, -1.5, 2.5, 0]), [4]],
    build: (l) => Binomial(tf.scalar(10), { logits: l }),
    logp: (x, a, i) => x[i]! * a[i]! - 10 * softplus(a[i]!) + logFactorial(10) - logFactorial(x[i]!) - logFactorial(10 - x[i]!),
    paramAt: (i) => i,
  },
  {
    name: 'Binomial(n per row, probs)',
    value: [[2, 5, 1], [3]],
    param: [f32([0.3, 0.6, 0.05]), [3]],
    build: (p) => Binomial(tf.tensor([4, 9, 2]), { probs: p }),
    logp: (x, a, i) => {
      const n = [4, 9, 2][i]!;
      return x[i]! * logit(a[i]!) - n * softplus(logit(a[i]!)) + logFactorial(n) - logFactorial(x[i]!) - logFactorial(n - x[i]!);
    },
    paramAt: (i) => i,
  },
  {
    name: 'Poisson, including a zero count',
    value: [[0, 3, 12, 1], [4]],
    param: [f32([0.5, 2.5, 10, 0.01]), [4]],
    build: (r) => Poisson(r),
    logp: (x, a, i) => ((x[i] ?? 0) === 0 ? 0 : x[i]! * Math.log(a[i]!)) - a[i]! - logFactorial(x[i]!),
    paramAt: (i) => i,
  },
];

/** Σ log p in float64 and its gradient by central differences (h relative) for a case. */
function reference(c: Case): { readonly value: number; readonly grad: Float64Array } {
  const x = Float32Array.from(c.value[0]);
  const a = Float64Array.from(c.param[0]);
  const n = x.length;
  const sum = (params: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c.logp(x, params, i);
    return s;
  };
  const grad = new Float64Array(a.length).map((_, j) => {
    if (c.kinks?.includes(j) === true) return 0;
    const h = 1e-6 * Math.max(1e-3, Math.abs(a[j]!));
    const up = Float64Array.from(a);
    const down = Float64Array.from(a);
    up[j]! += h;
    down[j]! -= h;
    return (sum(up) - sum(down)) / (2 * h);
  });
  return { value: sum(a), grad };
}

const viaKernel = (c: Case) => (param: tf.Tensor): tf.Scalar => {
  const dist = c.build(param);
  const value = tf.tensor(c.value[0], c.value[1]);
  return fusedTotal([{ kernel: densityKernel(dist, value)!, weight: 1 }], () => tf.sum(dist.logProb(value)));
};

describeBackends('distributions/density/glm', (backend) => {
  describe('densityKernel', () => {
    for (const c of CASES) {
      it(`${c.name}: Σ log p within a float32 ulp of float64, its gradient within 1e-5 of finite differences, and logProb's`, () => {
        tf.tidy(() => {
          const param = tf.tensor(c.param[0], c.param[1]);
          const want = reference(c);
          const [value, grad] = [viaKernel(c)(param), tf.grad(viaKernel(c))(param)];
          expect(Math.abs(value.dataSync()[0]! - want.value)).toBeLessThanOrEqual(2 ** -23 * Math.abs(want.value));
          expect(closeness(grad.dataSync(), Array.from(want.grad), 1e-5, 1e-6)).toBeUndefined();
          // and the family's own logProb (float32 tfjs chain)
          const x = tf.tensor(c.value[0], c.value[1]);
          const byLogProb = (p: tf.Tensor): tf.Scalar => tf.sum(c.build(p).logProb(x));
          expect(closeness(value.dataSync(), [byLogProb(param).dataSync()[0]!], 1e-5, 1e-5)).toBeUndefined();
          expect(closeness(grad.dataSync(), Array.from(tf.grad(byLogProb)(param).dataSync()), 1e-4, 1e-5)).toBeUndefined();
        });
      });
    }

    it('the value gets no gradient (a count or an index)', () => {
      tf.tidy(() => {
        const x = tf.tensor([1, 0, 1]);
        const l = tf.tensor([0.5, -1, 2]);
        const f = (v: tf.Tensor): tf.Scalar => fusedTotal([{ kernel: densityKernel(Bernoulli({ logits: l }), v)!, weight: 1 }], () => tf.sum(Bernoulli({ logits: l }).logProb(v)));
        expect(Array.from(tf.grad(f)(x).dataSync())).toEqual([0, 0, 0]);
      });
    });

    it('Poisson at rate 0 (the point mass at 0): log p(0) = 0, ∂λ = −1 (closed form of −λ at k = 0), not 0/0', () => {
      tf.tidy(() => {
        const k = tf.tensor([0, 0, 3]);
        const f = (rate: tf.Tensor): tf.Scalar => fusedTotal([{ kernel: densityKernel(Poisson(rate), k)!, weight: 1 }], () => tf.sum(Poisson(rate).logProb(k)));
        const rate = tf.tensor([0, 2, 2]);
        // Σ = 0 − 2 + (3 log 2 − 2 − log 6); ∂λ = [−1, −1, 3/2 − 1]
        const want = -2 + (3 * Math.log(2) - 2 - Math.log(6));
        expect(Math.abs(f(rate).dataSync()[0]! - want)).toBeLessThanOrEqual(2 ** -23 * Math.abs(want));
        expect(Array.from(tf.grad(f)(rate).dataSync())).toEqual([-1, -1, 0.5]);
      });
    });

    it('Categorical(logits) with broadcast rows: the normalized logit at each index, gradient through the normalization', () => {
      tf.tidy(() => {
        const raw = tf.tensor([[0.5, -1, 2, 0.1], [1, 1, -3, 0]]);
        const idx = tf.tensor([[3, 0], [2, 2], [0, 1]]); // [3, 2] indices over a [2, 4] logits batch
        const f = (l: tf.Tensor): tf.Scalar => {
          const d = Categorical({ logits: l }).expand([3, 2]);
          return fusedTotal([{ kernel: densityKernel(d, idx)!, weight: 1 }], () => tf.sum(d.logProb(idx)));
        };
        const byLogProb = (l: tf.Tensor): tf.Scalar => tf.sum(Categorical({ logits: l }).expand([3, 2]).logProb(idx));
        // float64: log-softmax of each row at the indices
        const rows = raw.arraySync() as number[][];
        const lse = rows.map((r) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0)));
        const want = (idx.arraySync() as number[][]).flat().reduce((s, k, i) => s + rows[i % 2]![k]! - lse[i % 2]!, 0);
        expect(Math.abs(f(raw).dataSync()[0]! - want)).toBeLessThanOrEqual(1e-5 * Math.abs(want));
        expect(closeness(tf.grad(f)(raw).dataSync(), Array.from(tf.grad(byLogProb)(raw).dataSync()), 1e-4, 1e-5)).toBeUndefined();
      });
    });

    it('validates as logProb does (a value off the support raises)', () => {
      tf.tidy(() => {
        expect(() => densityKernel(Poisson(tf.tensor([1, 2])), tf.tensor([1, -1]))).toThrow(/Poisson.logProb: argument 'value' must be in the support/);
      });
    });
  });

  if (backend === 'wasm') {
    describe('the SIMD path (Bernoulli logits, ≥ 2048 elements on the heap)', () => {
      const n = 40_003; // three chunks and a tail of 3
      const xs = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 13) < 6 ? 1 : 0);
      const ls = Float32Array.from({ length: n }, (_, i) => Math.fround(12 * Math.sin(i * 0.37)));

      const run = (): { value: number; grad: Float32Array } =>
        tf.tidy(() => {
          const x = tf.tensor(xs);
          const f = (l: tf.Tensor): tf.Scalar => fusedTotal([{ kernel: densityKernel(Bernoulli({ logits: l }), x)!, weight: 0.5 }], () => tf.mul(tf.sum(Bernoulli({ logits: l }).logProb(x)), 0.5));
          const l = tf.tensor(ls);
          return { value: f(l).dataSync()[0]!, grad: tf.grad(f)(l).dataSync() as Float32Array };
        });

      it('Σ log p within 1e-6 · Σ|terms| of float64, ∂ℓ within 1e-6 of x − σ(ℓ)', () => {
        let want = 0;
        let scale = 0;
        for (let i = 0; i < n; i++) {
          const t = xs[i]! * ls[i]! - softplus(ls[i]!);
          want += t;
          scale += Math.abs(t);
        }
        const got = run();
        expect(Math.abs(got.value - Math.fround(0.5 * want))).toBeLessThanOrEqual(0.5 * 1e-6 * scale);
        let worst = 0;
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got.grad[i]! - 0.5 * (xs[i]! - 1 / (1 + Math.exp(-ls[i]!)))));
        expect(worst).toBeLessThanOrEqual(1e-6);
      });

      it('gives the same bits without worker threads', async () => {
        const withThreads = run();
        await stopThreads(activeWasmBackend()!.wasm.asm.memory);
        const alone = run();
        await ensureThreads(activeWasmBackend()!.wasm.asm.memory);
        expect(alone.value).toBe(withThreads.value);
        expect(alone.grad).toEqual(withThreads.grad);
      });

      it('leaks no tensor', () => {
        run();
        const before = tf.memory().numTensors;
        for (let i = 0; i < 3; i++) run();
        expect(tf.memory().numTensors).toBe(before);
      });
    });
  }
});
