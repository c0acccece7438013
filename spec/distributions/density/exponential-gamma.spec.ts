/**
 * The Bernoulli, Poisson, Exponential and Gamma density kernels against the families' own
 * `logProb`: `Σ log p` and its gradients with respect to the parameters (and a continuous value),
 * summed as one fused op. Tolerances as kernels.spec.ts: values rtol 1e-5 (float64 kernel against
 * a float32 chain), gradients rtol 1e-4, atol 1e-5. Discrete values (Bernoulli, Poisson) get no
 * gradient comparison: the kernels give a count no partial. The Bernoulli and Poisson kernels are
 * glm.ts's (one kernel per family, shared by the ELBO's fused total and MCMC's potential); their
 * cases stay here as a second reference.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { Bernoulli, type Distribution, Exponential, Gamma, Poisson } from '../../../lib/distributions/index.js';
import { densityKernel } from '../../../lib/distributions/density/index.js';
import { fusedTotal } from '../../../lib/infer/elbo/fused-total.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';

interface Case {
  readonly name: string;
  /** Constant value (discrete) or undefined when the value is the first parameter. */
  readonly value?: () => tf.Tensor;
  readonly params: () => tf.Tensor[];
  readonly build: (ps: readonly tf.Tensor[], value?: tf.Tensor) => { readonly dist: Distribution; readonly value: tf.Tensor };
}

const t = (values: number[] | number[][], shape?: number[]): tf.Tensor => tf.tensor(values, shape);

const CASES: readonly Case[] = [
  { name: 'Bernoulli(logits)', value: () => t([1, 0, 1, 1]), params: () => [t([-2, 0.3, 1.5, 30])], build: ([l], v) => ({ dist: Bernoulli({ logits: l! }), value: v! }) },
  { name: 'Bernoulli(probs), broadcast', value: () => t([[1, 0], [0, 1]]), params: () => [t([0.2, 0.9])], build: ([p], v) => ({ dist: Bernoulli({ probs: p! }).expand([2, 2]), value: v! }) },
  { name: 'Poisson', value: () => t([0, 3, 12, 1]), params: () => [t([0.5, 2.5, 10, 1e-3])], build: ([r], v) => ({ dist: Poisson(r!), value: v! }) },
  { name: 'Exponential, broadcast rate', params: () => [t([0.2, 1.5, 4]), tf.scalar(0.7)], build: ([x, r]) => ({ dist: Exponential(r!).expand([3]), value: x! }) },
  { name: 'Gamma', params: () => [t([0.2, 1.5, 4]), t([0.5, 2, 7]), t([1.3, 0.4, 2])], build: ([x, a, b]) => ({ dist: Gamma(a!, b!), value: x! }) },
  { name: 'Gamma, scalar shape and rate', params: () => [t([0.01, 1, 3]), tf.scalar(0.1), tf.scalar(1)], build: ([x, a, b]) => ({ dist: Gamma(a!, b!).expand([3]), value: x! }) },
];

const expectClose = (actual: tf.Tensor, expected: tf.Tensor, rtol: number, atol: number): void => {
  expect(actual.shape).toEqual(expected.shape);
  expect(closeness(actual.dataSync(), Array.from(expected.dataSync()), rtol, atol)).toBeUndefined();
};

describeBackends('distributions/density/exponential-gamma', () => {
  for (const c of CASES) {
    it(`${c.name}: Σ log p and its gradients equal logProb's`, () => {
      tf.tidy(() => {
        const ps = c.params();
        const value = c.value?.();
        const reference = (xs: tf.Tensor[]): tf.Scalar => {
          const { dist, value: v } = c.build(xs, value);
          return tf.sum(dist.logProb(v));
        };
        const fused = (xs: tf.Tensor[]): tf.Scalar => {
          const { dist, value: v } = c.build(xs, value);
          const kernel = densityKernel(dist, v);
          expect(kernel).toBeDefined();
          return fusedTotal([{ kernel: kernel!, weight: 1 }], () => reference(xs));
        };
        expectClose(fused(ps), reference(ps), 1e-5, 1e-6);
        const gf = tf.grads((...xs: tf.Tensor[]) => fused(xs))(ps);
        const gr = tf.grads((...xs: tf.Tensor[]) => reference(xs))(ps);
        gf.forEach((g, j) => expectClose(g, gr[j]!, 1e-4, 1e-5));
      });
    });
  }

  it('validates as logProb does (a count off the support raises)', () => {
    tf.tidy(() => {
      expect(() => densityKernel(Poisson(t([1, 2])), t([1, 0.5]))).toThrow(/Poisson/);
      expect(() => densityKernel(Bernoulli(t([0.3])), t([2]))).toThrow(/Bernoulli/);
    });
  });
});
