/**
 * The KL registry beyond the golden pairs, on both backends:
 * - scenario 3 as a property: KL(Normal(l1,s1).toEvent(1) ‖ Normal(l2,s2).toEvent(1)) equals
 *   the diagonal-MVN KL, the sum of the elementwise KLs, and the float64 closed form;
 * - laws: KL(p ‖ p) = 0 and KL(p ‖ q) ≥ 0 for every same-family rule, and cross-family
 *   identities (Exponential = Gamma(1, ·), LogNormal = Normal, Bernoulli = Categorical with two
 *   classes, LowRankMVN = dense MVN);
 * - gradients of KL(Normal ‖ Normal) against the closed form;
 * - the registry API: family references (string, factory, class, instance), the '*' wildcard,
 *   masked and expanded distributions, batch broadcasting, the missing-rule error, leaks.
 *
 * Tolerances: rtol 1e-5, atol 1e-5 against float64 closed forms and between equivalent
 * computations (float32 sums of ≤ 5 terms of size ≤ 50; every property passes at 1e-6 over
 * 200–300 runs per backend, so this keeps a 10× margin); KL(p ‖ p) within 1e-5 of 0
 * (cancellation of float32 terms of size ≤ 10).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import {
  Bernoulli,
  Beta,
  Delta,
  Categorical,
  Cauchy,
  Dirichlet,
  type Distribution,
  DistributionBase,
  ExpandedDist,
  Exponential,
  Gamma,
  HalfNormal,
  LogNormal,
  LowRankMultivariateNormal,
  MultivariateNormal,
  Normal,
  NormalDist,
  Poisson,
  TransformedDist,
  Uniform,
  klDivergence,
  registerKL,
} from '../../../lib/distributions/index.js';
import { familyOf } from '../../../lib/distributions/kl/registry.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';
import { mvnLogPdf } from '../helpers/gaussian64.js';
import { kernelCount } from '../helpers/kernels.js';

const f32 = (min: number, max: number): fc.Arbitrary<number> =>
  fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true });
const close = (a: tf.Tensor, e: readonly number[], tol = 1e-5): void => expect(closeness(a.dataSync(), e, tol, tol)).toBeUndefined();
const value = (t: tf.Tensor): number => t.dataSync()[0]!;

/** Float64 KL(N(l1, s1²) ‖ N(l2, s2²)). */
const klNormal64 = (l1: number, s1: number, l2: number, s2: number): number =>
  Math.log(s2 / s1) + (s1 * s1 + (l1 - l2) ** 2) / (2 * s2 * s2) - 0.5;

const normalVectors = fc.integer({ min: 1, max: 5 }).chain((d) => {
  const vec = (lo: number, hi: number) => fc.array(f32(lo, hi), { minLength: d, maxLength: d });
  return fc.tuple(vec(-3, 3), vec(0.2, 3), vec(-3, 3), vec(0.2, 3));
});

/** A minimal family for registry tests (the registry is global: one family per backend run). */
class TestDist extends DistributionBase {
  readonly family: string;
  readonly support = Normal(0, 1).support;
  constructor(family: string) {
    super([], []);
    this.family = family;
  }
  logProb(v: tf.Tensor): tf.Tensor {
    return tf.zerosLike(v);
  }
}

/** A class whose name gives its family ('Widget'). */
class WidgetDist extends TestDist {}

describeBackends('kl', (backend) => {
  it('scenario 3: Independent(Normal) pair = diagonal MVN pair = Σ elementwise = float64 closed form', () => {
    fc.assert(
      fc.property(normalVectors, ([l1, s1, l2, s2]) => {
        tf.tidy(() => {
          const expected = l1.reduce((s, _, i) => s + klNormal64(l1[i]!, s1[i]!, l2[i]!, s2[i]!), 0);
          const diag = (s: number[]) => s.map((x, i) => s.map((_, j) => (i === j ? x * x : 0)));
          const independent = klDivergence(Normal(l1, s1).toEvent(1), Normal(l2, s2).toEvent(1));
          const mvn = klDivergence(MultivariateNormal(l1, { covarianceMatrix: diag(s1) }), MultivariateNormal(l2, { covarianceMatrix: diag(s2) }));
          const elementwise = tf.sum(klDivergence(Normal(l1, s1), Normal(l2, s2)));
          const mixed = klDivergence(Normal(l1, s1).toEvent(1), MultivariateNormal(l2, { covarianceMatrix: diag(s2) }));
          expect(independent.shape).toEqual([]);
          for (const kl of [independent, mvn, elementwise, mixed]) close(kl, [expected]);
        });
      }),
      { numRuns: 50 },
    );
  });

  it('KL(p ‖ p) = 0 and KL(p ‖ q) ≥ 0 for every same-family rule', () => {
    const pos = f32(0.3, 3);
    const real = f32(-2, 2);
    const prob = f32(0.05, 0.95);
    const builders: readonly [string, fc.Arbitrary<() => Distribution>][] = [
      ['Normal', fc.tuple(real, pos).map(([a, b]) => () => Normal(a, b))],
      ['LogNormal', fc.tuple(real, pos).map(([a, b]) => () => LogNormal(a, b))],
      ['HalfNormal', pos.map((a) => () => HalfNormal(a))],
      ['Cauchy', fc.tuple(real, pos).map(([a, b]) => () => Cauchy(a, b))],
      ['Gamma', fc.tuple(pos, pos).map(([a, b]) => () => Gamma(a, b))],
      ['Beta', fc.tuple(pos, pos).map(([a, b]) => () => Beta(a, b))],
      ['Exponential', pos.map((a) => () => Exponential(a))],
      ['Poisson', pos.map((a) => () => Poisson(a))],
      ['Bernoulli', prob.map((a) => () => Bernoulli({ probs: a }))],
      ['Categorical', fc.tuple(pos, pos, pos).map((w) => () => Categorical({ probs: w.map((x) => x / (w[0] + w[1] + w[2])) }))],
      ['Dirichlet', fc.tuple(pos, pos, pos).map((w) => () => Dirichlet([...w]))],
      ['MultivariateNormal', fc.tuple(real, real, pos, real, pos).map(([a, b, c, d, e]) => () => MultivariateNormal([a, b], { scaleTril: [[c, 0], [d, e]] }))],
      ['LowRankMultivariateNormal', fc.tuple(real, real, pos, real).map(([a, b, c, d]) => () => LowRankMultivariateNormal([a, b], [[c], [d]], [c, 1]))],
    ];
    for (const [name, arb] of builders) {
      fc.assert(
        fc.property(arb, arb, (p, q) => {
          tf.tidy(() => {
            expect(Math.abs(value(klDivergence(p(), p()))), name).toBeLessThan(1e-5);
            expect(value(klDivergence(p(), q())), name).toBeGreaterThan(-1e-5);
          });
        }),
        { numRuns: 15 },
      );
    }
  });

  it('cross-family identities', () => {
    fc.assert(
      fc.property(f32(0.2, 3), f32(0.2, 3), f32(-2, 2), f32(0.2, 2), f32(0.05, 0.95), f32(0.05, 0.95), (a, b, m, s, p, q) => {
        tf.tidy(() => {
          const expExp = value(klDivergence(Exponential(a), Exponential(b)));
          close(klDivergence(Exponential(a), Gamma(1, b)), [expExp]);
          close(klDivergence(Gamma(1, a), Exponential(b)), [expExp]);
          close(klDivergence(Gamma(1, a), Gamma(1, b)), [expExp]);
          close(klDivergence(LogNormal(m, s), LogNormal(0, 1)), [klNormal64(m, s, 0, 1)]);
          close(klDivergence(HalfNormal(a), HalfNormal(b)), [klNormal64(0, a, 0, b)]);
          const bern = value(klDivergence(Bernoulli({ probs: p }), Bernoulli({ probs: q })));
          close(klDivergence(Categorical({ probs: [1 - p, p] }), Categorical({ probs: [1 - q, q] })), [bern]);
          close(klDivergence(Bernoulli({ logits: Math.log(p / (1 - p)) }), Bernoulli({ probs: q })), [bern]);
          const lowRank = klDivergence(LowRankMultivariateNormal([m, 0], [[a], [s]], [b, 1]), LowRankMultivariateNormal([0, m], [[s], [1]], [1, a]));
          const cov = (w: number[], d: number[]) => w.map((wi, i) => w.map((wj, j) => wi * wj + (i === j ? d[i]! : 0)));
          const dense = klDivergence(MultivariateNormal([m, 0], { covarianceMatrix: cov([a, s], [b, 1]) }), MultivariateNormal([0, m], { covarianceMatrix: cov([s, 1], [1, a]) }));
          close(lowRank, [value(dense)]);
        });
      }),
      { numRuns: 30 },
    );
  });

  it('gradients of KL(Normal ‖ Normal) match the closed form', () => {
    tf.tidy(() => {
      const [l1, s1, l2, s2] = [0.3, 0.7, -0.4, 1.6];
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => klDivergence(Normal(a, b), Normal(c, d)))(
        [l1, s1, l2, s2].map((x) => tf.scalar(x)),
      );
      const expected = [(l1 - l2) / s2 ** 2, s1 / s2 ** 2 - 1 / s1, (l2 - l1) / s2 ** 2, 1 / s2 - (s1 ** 2 + (l1 - l2) ** 2) / s2 ** 3];
      close(tf.stack(grads), expected);
    });
  });

  it('the fused Normal/Normal op: second-order gradients, broadcast gradients summed to each shape', () => {
    tf.tidy(() => {
      const [l1, s1, l2, s2] = [0.3, 0.7, -0.4, 1.6];
      const kl = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor): tf.Tensor => klDivergence(Normal(a, b), Normal(c, d));
      const s = (x: number): tf.Tensor => tf.scalar(x);
      // ∂KL/∂μp = (μp − μq)/σq², so ∂²KL/∂μp∂σq = −2(μp − μq)/σq³; ∂²KL/∂σp² = 1/σq² + 1/σp².
      const dMuDSq = tf.grad((d: tf.Tensor) => tf.grad((a: tf.Tensor) => kl(a, s(s1), s(l2), d))(s(l1)))(s(s2));
      close(dMuDSq, [(-2 * (l1 - l2)) / s2 ** 3]);
      const dSpDSp = tf.grad((b: tf.Tensor) => tf.grad((bb: tf.Tensor) => kl(s(l1), bb, s(l2), s(s2)))(b))(s(s1));
      close(dSpDSp, [1 / s2 ** 2 + 1 / s1 ** 2]);
      const inputs = [tf.tensor([0.1, 0.2, 0.3]), tf.scalar(s1), tf.tensor([[l2], [0]]), tf.tensor([s2])];
      const grads = tf.grads(kl)(inputs);
      expect(grads.map((g) => g.shape)).toEqual(inputs.map((t) => t.shape));
      const lq = [l2, 0];
      const dSp = [0.1, 0.2, 0.3].reduce((acc) => acc + 2 * (s1 / s2 ** 2 - 1 / s1), 0);
      close(grads[1]!, [dSp]);
      close(grads[2]!, lq.map((q) => [0.1, 0.2, 0.3].reduce((acc, m) => acc - (m - q) / s2 ** 2, 0)));
    });
  });

  it('kernel counts: KL(Normal ‖ Normal) is one fused op (two with the Independent sum)', async () => {
    const [p, q] = [Normal(tf.zeros([4]), 1), Normal(1, tf.ones([4]))];
    expect(await kernelCount(() => klDivergence(p, q))).toBe(1);
    expect(await kernelCount(() => klDivergence(p.toEvent(1), q.toEvent(1)))).toBe(2);
  });

  it("Independent(Delta, 1)/MVN is Pyro's −log q(v)", () => {
    tf.tidy(() => {
      const v = [0.3, -1.2, 0.8];
      const sigma = [[1, -0.2, 0], [-0.2, 0.8, 0.1], [0, 0.1, 2.5]];
      const kl = klDivergence(Delta(v).toEvent(1), MultivariateNormal([0, 0.5, 1], { covarianceMatrix: sigma }));
      expect(kl.shape).toEqual([]);
      close(kl, [-mvnLogPdf(v, [0, 0.5, 1], sigma)]);
    });
  });

  it('batch shapes broadcast; the result has the broadcast batch shape', () => {
    tf.tidy(() => {
      const kl = klDivergence(Normal(0, 1), Normal(tf.zeros([2, 3]), 2));
      expect(kl.shape).toEqual([2, 3]);
      close(kl, new Array<number>(6).fill(klNormal64(0, 1, 0, 2)));
      expect(klDivergence(Normal(0, 1).expand([4]).toEvent(1), Normal(tf.zeros([4]), 2).toEvent(1)).shape).toEqual([]);
      expect(() => klDivergence(Normal(tf.zeros([2]), 1), Normal(tf.zeros([3]), 1))).toThrow(/klDivergence: shapes do not broadcast/);
    });
  });

  it('the generic expanded distribution is unwrapped; masked pairs follow Pyro', () => {
    tf.tidy(() => {
      const expanded = new ExpandedDist(Normal(0, 1), [3]);
      expect(expanded.family).toBe('Normal');
      close(klDivergence(expanded, Normal(tf.zeros([3]), 2)), new Array<number>(3).fill(klNormal64(0, 1, 0, 2)));
      const mask = tf.tensor([true, false, true], [3], 'bool');
      const p = Normal(tf.zeros([3]), 1).mask(mask);
      const q = Normal(tf.zeros([3]), 2).mask(true);
      close(klDivergence(p, Normal(tf.zeros([3]), 2).mask(mask)), [klNormal64(0, 1, 0, 2), 0, klNormal64(0, 1, 0, 2)]);
      close(klDivergence(p, Normal(tf.zeros([3]), 2).mask(false)), [0, 0, 0]);
      expect(q.family).toBe('Normal');
      expect(() => klDivergence(p, Normal(tf.zeros([3]), 2))).toThrow(/with p Masked\(Normal\) and q Normal/);
    });
  });

  it('registerKL: families by string, factory, class or instance; exact pairs beat the wildcard', () => {
    expect([familyOf('Normal'), familyOf(Normal), familyOf(NormalDist), familyOf(Normal(0, 1)), familyOf(TransformedDist), familyOf(WidgetDist)]).toEqual([
      'Normal',
      'Normal',
      'Normal',
      'Normal',
      'TransformedDistribution',
      'Widget',
    ]);
    tf.tidy(() => {
      const name = `TestFamily-${backend}`;
      const t = new TestDist(name);
      expect(() => klDivergence(t, Normal(0, 1))).toThrow(
        `klDivergence: no rule for KL(p ‖ q) with p ${name} and q Normal. Register one with registerKL('${name}', 'Normal', rule).`,
      );
      expect(registerKL(t, '*', () => tf.scalar(1))).toBeUndefined();
      expect(value(klDivergence(t, Normal(0, 1)))).toBe(1);
      registerKL(name, Normal, () => tf.scalar(2));
      expect(value(klDivergence(t, Normal(0, 1)))).toBe(2);
      expect(value(klDivergence(t, Gamma(1, 1)))).toBe(1);
      const previous = registerKL<TestDist, NormalDist>(name, NormalDist, (_p, q) => tf.neg(q.loc));
      expect(value(previous!(t, Normal(0, 1)))).toBe(2);
      expect(value(klDivergence(t, Normal(3, 1)))).toBe(-3);
      // Delta/any (Pyro's rule, −q.logProb(v)) reaches a user's family too.
      expect(Math.abs(value(klDivergence(Delta(0.5), t)))).toBe(0);
    });
  });

  it('a missing rule is NotImplemented naming both families', () => {
    let error: unknown;
    try {
      klDivergence(Uniform(0, 1), Normal(0, 1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IgnisError);
    expect((error as IgnisError).tag).toBe('NotImplemented');
    expect((error as IgnisError).message).toContain('p Uniform and q Normal');
  });

  it('no tensor leaks: only the result survives', () => {
    const loc = tf.tensor([0.5, -1, 2]);
    const pairs: readonly [Distribution, Distribution][] = [
      [Normal(loc, 1).toEvent(1), Normal(0, 2).expand([3]).toEvent(1)],
      [Gamma(tf.abs(loc), 1), Gamma(2, 1)],
      [MultivariateNormal(loc, { scaleTril: tf.eye(3) }), MultivariateNormal(tf.zeros([3]), { covarianceMatrix: tf.eye(3) })],
      [LowRankMultivariateNormal(loc, tf.ones([3, 1]), tf.ones([3])), MultivariateNormal(tf.zeros([3]), { covarianceMatrix: tf.eye(3) })],
      [Bernoulli({ probs: 0.3 }), Bernoulli({ probs: tf.tensor([0, 0.5, 1]) })],
    ];
    const before = tf.memory().numTensors;
    const results = pairs.map(([p, q]) => klDivergence(p, q));
    expect(tf.memory().numTensors).toBe(before + results.length);
    tf.dispose(results);
  });
});
