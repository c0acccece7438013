/**
 * Density and KL kernels (lib/distributions/density) against the families' own `logProb` and
 * `klDivergence`: `Σ log p` (resp. `Σ KL`) and its gradient with respect to every parameter
 * and the value, summed as one fused op.
 *
 * Tolerances: values rtol 1e-5 (the kernel sums in float64, the reference chain in float32 with
 * a few ulps per kernel; wasm's transcendentals add 1–3 ulps), gradients rtol 1e-4, atol 1e-5
 * (the reference's own float32 backward chain).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Delta,
  type Distribution,
  HalfCauchy,
  HalfNormal,
  LogNormal,
  MultivariateNormal,
  Normal,
  Unit,
  klDivergence,
  setValidation,
} from '../../../lib/distributions/index.js';
import { type DensityKernel, densityKernel, klKernel } from '../../../lib/distributions/density/index.js';
import { fusedTotal } from '../../../lib/infer/elbo/fused-total.js';
import { normals, prngKey } from '../../../lib/core/key.js';
import { mvnRsample, mvnRsampleDiagonal } from '../../../lib/distributions/families/multivariate/mvn-kernels.js';
import { diagEmbed } from '../../../lib/ops/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';

/** A case: parameters (differentiated) and how to build the distribution and value from them. */
interface Case {
  readonly name: string;
  readonly params: () => tf.Tensor[];
  readonly build: (ps: readonly tf.Tensor[]) => { readonly dist: Distribution; readonly value: tf.Tensor };
}

const t = (values: number[] | number[][], shape?: number[]): tf.Tensor => tf.tensor(values, shape);

const DELTA_V = tf.tensor([1, 2]);
const deltaAtOwnValue = (logDensity: tf.Tensor): { dist: Distribution; value: tf.Tensor } => ({ dist: Delta(DELTA_V, { logDensity }), value: DELTA_V });

const CASES: readonly Case[] = [
  { name: 'Normal, broadcast params', params: () => [t([0.3, -1, 2]), t([0.5]), t([[1.5], [0.7]])], build: ([x, m, s]) => ({ dist: Normal(m!, s!), value: x! }) },
  { name: 'Normal expanded by a plate', params: () => [t([1, 2, 3, 4]), tf.scalar(0.5), tf.scalar(2)], build: ([x, m, s]) => ({ dist: Normal(m!, s!).expand([4]), value: x! }) },
  { name: 'Independent(Normal)', params: () => [t([[1, 2], [3, 4]]), t([0.1, 0.2]), t([1, 3])], build: ([x, m, s]) => ({ dist: Normal(m!, s!).expand([2, 2]).toEvent(1), value: x! }) },
  { name: 'LogNormal', params: () => [t([0.3, 1.2, 4]), tf.scalar(-0.2), t([0.7, 1.1, 2])], build: ([x, m, s]) => ({ dist: LogNormal(m!, s!), value: x! }) },
  { name: 'HalfNormal', params: () => [t([0.3, 1.2, 4]), t([0.7, 1.1, 2])], build: ([x, s]) => ({ dist: HalfNormal(s!), value: x! }) },
  { name: 'HalfCauchy', params: () => [t([0.3, 1.2, 4]), tf.scalar(1.7)], build: ([x, s]) => ({ dist: HalfCauchy(s!).expand([3]), value: x! }) },
  {
    name: 'MultivariateNormal, batch',
    params: () => [t([[0.5, -1, 2], [1, 0, -0.3]]), t([0.1, 0.2, -0.1]), t([[1.2, 0, 0], [0.3, 0.8, 0], [-0.5, 0.2, 1.5]])],
    build: ([x, m, l]) => ({ dist: MultivariateNormal(m!, { scaleTril: l! }).expand([2]), value: x! }),
  },
  {
    name: 'MultivariateNormal with a diagEmbed scale (the diagonal path)',
    params: () => [t([[0.5, -1, 2], [1, 0, -0.3]]), t([0.1, 0.2, -0.1]), t([[1.2, 0.8, 1.5], [0.3, 2, 0.9]])],
    build: ([x, m, v]) => ({ dist: MultivariateNormal(m!, { scaleTril: diagEmbed(v!) }), value: x! }),
  },
  {
    name: 'MultivariateNormal with a diagEmbed scale, nothing broadcast (the elementwise Normal loop)',
    params: () => [t([[0.5, -1, 2], [1, 0, -0.3]]), t([[0.1, 0.2, -0.1], [-0.4, 0.6, 0.3]]), t([[1.2, 0.8, 1.5], [0.3, 2, 0.9]])],
    build: ([x, m, v]) => ({ dist: MultivariateNormal(m!, { scaleTril: diagEmbed(v!) }), value: x! }),
  },
  { name: 'Delta at its own value (gradient to logDensity)', params: () => [t([0.3, -0.2])], build: ([ld]) => deltaAtOwnValue(ld!) },
  { name: 'Unit (factor)', params: () => [t([0.3, -0.2])], build: ([f]) => ({ dist: Unit(f!), value: f! }) },
];

const expectClose = (actual: tf.Tensor, expected: tf.Tensor, rtol: number, atol: number): void => {
  expect(actual.shape).toEqual(expected.shape);
  expect(closeness(actual.dataSync(), Array.from(expected.dataSync()), rtol, atol)).toBeUndefined();
};

const total = (kernel: DensityKernel, reference: () => tf.Scalar): tf.Scalar => fusedTotal([{ kernel, weight: 1 }], reference);

describeBackends('distributions/density', () => {
  describe('densityKernel', () => {
    for (const c of CASES) {
      it(`${c.name}: Σ log p and its gradients equal logProb's`, () => {
        tf.tidy(() => {
          const ps = c.params();
          const reference = (xs: tf.Tensor[]): tf.Scalar => {
            const { dist, value } = c.build(xs);
            return tf.sum(dist.logProb(value));
          };
          const fused = (xs: tf.Tensor[]): tf.Scalar => {
            const { dist, value } = c.build(xs);
            return total(densityKernel(dist, value)!, () => reference(xs));
          };
          expectClose(fused(ps), reference(ps), 1e-5, 1e-6);
          const gf = tf.grads((...xs: tf.Tensor[]) => fused(xs))(ps);
          const gr = tf.grads((...xs: tf.Tensor[]) => reference(xs))(ps);
          gf.forEach((g, j) => expectClose(g, gr[j]!, 1e-4, 1e-5));
        });
      });
    }

    it('Normal with each of value, loc, scale full-size or a single element (the strided loop): Σ log p and gradients equal logProb\'s (property)', () => {
      fc.assert(
        fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 1000 }), (oneX, oneLoc, oneScale, n, seed) => {
          tf.tidy(() => {
            const draw = (one: boolean, k: number, positive = false): tf.Tensor => tf.randomUniform(one ? [] : [n], positive ? 0.3 : -2, 2, 'float32', seed + k);
            const ps = [draw(oneX, 1), draw(oneLoc, 2), draw(oneScale, 3, true)];
            const shape = oneX && oneLoc && oneScale ? [n] : undefined;
            const build = ([x, m, s]: readonly tf.Tensor[]) => {
              const dist = Normal(m!, s!);
              return shape === undefined ? { dist, value: x! } : { dist: dist.expand(shape), value: x! };
            };
            const reference = (xs: tf.Tensor[]): tf.Scalar => {
              const { dist, value } = build(xs);
              return tf.sum(dist.logProb(value));
            };
            const fused = (xs: tf.Tensor[]): tf.Scalar => {
              const { dist, value } = build(xs);
              return total(densityKernel(dist, value)!, () => reference(xs));
            };
            expectClose(fused(ps), reference(ps), 1e-5, 1e-5);
            const gf = tf.grads((...xs: tf.Tensor[]) => fused(xs))(ps);
            const gr = tf.grads((...xs: tf.Tensor[]) => reference(xs))(ps);
            gf.forEach((g, j) => expectClose(g, gr[j]!, 1e-4, 1e-5));
          });
        }),
        { numRuns: 40 },
      );
    });

    it('validates as logProb does (a value off the support raises)', () => {
      tf.tidy(() => {
        expect(() => densityKernel(HalfNormal(1), tf.tensor([-1, 2]))).toThrow(/HalfNormal.logProb: argument 'value' must be in the support/);
      });
    });

    it('is undefined for a family without a kernel, and for a Delta at another value', () => {
      tf.tidy(() => {
        expect(densityKernel(Normal(0, 1).mask(tf.tensor([true], undefined, 'bool')), tf.scalar(1))).toBeUndefined();
        expect(densityKernel(Delta(tf.scalar(1)), tf.scalar(1))).toBeUndefined();
      });
    });

    it('keeps −∞ off the support when validation is off', () => {
      const previous = setValidation(false);
      try {
        tf.tidy(() => {
          const value = total(densityKernel(HalfNormal(1), tf.tensor([-1, 2]))!, () => tf.scalar(0));
          expect(value.dataSync()[0]).toBe(-Infinity);
        });
      } finally {
        setValidation(previous);
      }
    });
  });

  describe('klKernel', () => {
    const pairs: readonly { name: string; params: () => tf.Tensor[]; build: (ps: readonly tf.Tensor[]) => [Distribution, Distribution] }[] = [
      { name: 'Normal/Normal', params: () => [t([0.3, -1]), t([0.5, 2]), tf.scalar(0.1), tf.scalar(1.5)], build: ([a, b, c, d]) => [Normal(a!, b!), Normal(c!, d!).expand([2])] },
      { name: 'Independent(Normal)/Independent(Normal)', params: () => [t([0.3, -1, 2]), t([0.5, 2, 1]), tf.scalar(0), tf.scalar(1)], build: ([a, b, c, d]) => [Normal(a!, b!).toEvent(1), Normal(c!, d!).expand([3]).toEvent(1)] },
      { name: 'LogNormal/LogNormal', params: () => [t([0.3, -1]), t([0.5, 2]), tf.scalar(0.1), tf.scalar(1.5)], build: ([a, b, c, d]) => [LogNormal(a!, b!), LogNormal(c!, d!).expand([2])] },
      { name: 'HalfNormal/HalfNormal', params: () => [t([0.5, 2]), tf.scalar(1.5)], build: ([b, d]) => [HalfNormal(b!), HalfNormal(d!).expand([2])] },
      { name: 'Delta/HalfNormal', params: () => [t([0.5, 2]), t([0.1, -0.3]), tf.scalar(1.5)], build: ([v, ld, s]) => [Delta(v!, { logDensity: ld! }), HalfNormal(s!).expand([2])] },
    ];
    for (const c of pairs) {
      it(`${c.name}: Σ KL and its gradients equal klDivergence's`, () => {
        tf.tidy(() => {
          const ps = c.params();
          const reference = (xs: tf.Tensor[]): tf.Scalar => tf.sum(klDivergence(...c.build(xs)));
          const fused = (xs: tf.Tensor[]): tf.Scalar => total(klKernel(...c.build(xs))!, () => reference(xs));
          expectClose(fused(ps), reference(ps), 1e-5, 1e-6);
          const gf = tf.grads((...xs: tf.Tensor[]) => fused(xs))(ps);
          const gr = tf.grads((...xs: tf.Tensor[]) => reference(xs))(ps);
          gf.forEach((g, j) => expectClose(g, gr[j]!, 1e-4, 1e-5));
        });
      });
    }

    it('declines pairs it does not cover (the registry handles them)', () => {
      tf.tidy(() => {
        expect(klKernel(Normal(0, 1).toEvent(0), LogNormal(0, 1))).toBeUndefined();
        expect(klKernel(Normal(tf.zeros([2]), 1).toEvent(1), Normal(tf.zeros([2]), 1))).toBeUndefined();
      });
    });
  });

  describe('mvnRsampleDiagonal', () => {
    it('draws what the general fused draw does from diagEmbed(v), with the same gradients', () => {
      tf.tidy(() => {
        const [m, v] = [t([0.1, 0.2, -0.1]), t([[1.2, 0.8, 1.5], [0.3, 2, 0.9]])];
        const eps = normals(prngKey(3), 6);
        const w = t([[1, -2, 0.5], [3, 1, -1]]);
        const diag = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => mvnRsampleDiagonal(a, b, eps, [2, 3]);
        const general = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => mvnRsample(a, diagEmbed(b), eps, [2, 3]);
        expectClose(diag(m, v), general(m, v), 1e-6, 1e-6);
        const gd = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(w, diag(a, b))))([m, v]);
        const gg = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(w, general(a, b))))([m, v]);
        gd.forEach((g, j) => expectClose(g, gg[j]!, 1e-5, 1e-6));
      });
    });
  });

  describe('fusedTotal', () => {
    it('sums weighted kernels sharing inputs, with the gradient of the weighted sum', () => {
      tf.tidy(() => {
        const x = t([0.5, 1.5]);
        const s = tf.scalar(2);
        const reference = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
          tf.sub(tf.mul(tf.sum(Normal(0, b).logProb(a)), 3), tf.mul(tf.sum(HalfNormal(b).logProb(a)), 0.5));
        const fused = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
          fusedTotal(
            [
              { kernel: densityKernel(Normal(0, b).expand([2]), a)!, weight: 3 },
              { kernel: densityKernel(HalfNormal(b).expand([2]), a)!, weight: -0.5 },
            ],
            () => reference(a, b),
          );
        expectClose(fused(x, s), reference(x, s), 1e-5, 1e-6);
        const [gx, gs] = tf.grads(fused)([x, s]);
        const [rx, rs] = tf.grads(reference)([x, s]);
        expectClose(gx!, rx!, 1e-4, 1e-5);
        expectClose(gs!, rs!, 1e-4, 1e-5);
      });
    });

    it('takes the reference under a higher-order gradient', () => {
      tf.tidy(() => {
        const f = (a: tf.Tensor): tf.Scalar => fusedTotal([{ kernel: densityKernel(Normal(0, 1), a)!, weight: 1 }], () => tf.sum(Normal(0, 1).logProb(a)));
        // d²/dx² Σ log N(x | 0, 1) = −1 per element
        const second = tf.grad((a: tf.Tensor) => tf.sum(tf.grad(f)(a)))(t([0.5, -2]));
        expectClose(second, t([-1, -1]), 1e-6, 1e-6);
      });
    });

    it('leaks no tensor', () => {
      const x = t([0.5, 1.5]);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 10; i++) {
        tf.dispose(tf.grads((a: tf.Tensor) => fusedTotal([{ kernel: densityKernel(Normal(0, 1).expand([2]), a)!, weight: 1 }], () => tf.scalar(0)))([x]));
      }
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    });
  });
});
