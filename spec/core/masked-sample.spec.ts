/**
 * Masked observations, `sample(name, fn, { obs, obsMask })`, restating Pyro's
 * tests/infer/test_valid_models.py (test_obs_mask_ok, test_obs_mask_multivariate_ok,
 * test_obs_mask_multivariate_error) on both backends, and the log-density against its closed form.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { SampleSite, Site } from '../../lib/core/effect.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { logJoint } from '../../lib/core/log-density.js';
import { positive } from '../../lib/distributions/constraints/index.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { MultivariateNormal } from '../../lib/distributions/families/multivariate/multivariate-normal.js';
import { mask as maskHandler } from '../../lib/handlers/mask.js';
import { substitute } from '../../lib/handlers/substitute.js';
import { AutoNormal } from '../../lib/infer/autoguide/normal.js';
import { TraceELBO, TraceMeanFieldELBO } from '../../lib/infer/elbo/index.js';
import { onBackends } from '../helpers/backends.js';
import { assertOk } from '../helpers/pyro-valid.js';

const MASKS: readonly (readonly [string, () => tf.Tensor])[] = [
  ['true', () => tf.scalar(true, 'bool')],
  ['false', () => tf.scalar(false, 'bool')],
  ['[true]', () => tf.tensor1d([true], 'bool')],
  ['[false]', () => tf.tensor1d([false], 'bool')],
  ['[false, true, false]', () => tf.tensor1d([false, true, false], 'bool')],
];

const bools = (t: tf.Tensor, n: number): boolean[] => {
  const v = Array.from(t.dataSync());
  return Array.from({ length: n }, (_, i) => v[v.length === 1 ? 0 : i] === 1);
};

describe('core/masked-sample', () => {
  onBackends(() => {
    describe('test_obs_mask_ok: Normal, data [7, 7, 7], the guide provides y_unobserved under mask(¬obsMask)', () => {
      for (const [label, makeMask] of MASKS) {
        for (const [elboName, makeElbo] of [
          ['TraceELBO', (n: number) => TraceELBO({ numParticles: n, vectorizeParticles: true })],
          ['TraceMeanFieldELBO', (n: number) => TraceMeanFieldELBO({ numParticles: n, vectorizeParticles: true })],
        ] as const) {
          for (const particles of [1, 2]) {
            it(`mask ${label}, ${elboName}, ${particles} particle(s)`, () => {
              const data = tf.tensor1d([7, 7, 7]);
              const m = makeMask();
              const observedAt = bools(m, 3);
              function* model() {
                const x = yield* sample('x', Normal(0, 1));
                yield* plate('plate', 3, function* () {
                  const y = yield* sample('y', Normal(x, 1), { obs: data, obsMask: m });
                  // Pyro: assert ((y == data) == mask).all() (a latent draw is never exactly 7)
                  const equal = Array.from(tf.equal(y, data).dataSync()).map((v) => v === 1);
                  const perColumn = equal.slice(equal.length - 3);
                  expect(perColumn).toEqual(observedAt);
                });
              }
              function* guide() {
                const loc = yield* param('loc', 0);
                const scale = yield* param('scale', 1, { constraint: positive });
                const x = yield* sample('x', Normal(loc, scale));
                yield* plate('plate', 3, function* () {
                  yield* maskHandler(function* () {
                    yield* sample('y_unobserved', Normal(x, 1));
                  }, tf.logicalNot(m))();
                });
              }
              assertOk(model, guide, [], makeElbo(particles));
              data.dispose();
              m.dispose();
            });
          }
        }
      }
    });

    it('test_obs_mask_multivariate_ok: MultivariateNormal sites, mask over the batch only', () => {
      for (const maskValues of [[true], [false], [false, true, true, false]]) {
        const data = tf.fill([4, 3], 7);
        const m = tf.tensor1d(maskValues, 'bool');
        function* model() {
          const x = yield* sample('x', MultivariateNormal(tf.zeros([3]), { scaleTril: tf.eye(3) }));
          yield* plate('plate', 4, function* () {
            const y = yield* sample('y', MultivariateNormal(x, { scaleTril: tf.eye(3) }), { obs: data, obsMask: m });
            const rowEqual = Array.from(tf.all(tf.equal(y, data), -1).dataSync()).map((v) => v === 1);
            expect(rowEqual).toEqual(bools(m, 4));
          });
        }
        function* guide() {
          const loc = yield* param('loc', tf.zeros([3]));
          const x = yield* sample('x', MultivariateNormal(loc, { scaleTril: tf.eye(3) }));
          yield* plate('plate', 4, function* () {
            yield* maskHandler(function* () {
              yield* sample('y_unobserved', MultivariateNormal(x, { scaleTril: tf.eye(3) }));
            }, tf.logicalNot(m))();
          });
        }
        assertOk(model, guide);
        data.dispose();
        m.dispose();
      }
    });

    it('test_obs_mask_multivariate_error: a mask that includes the event shape is an error naming the site', () => {
      const data = tf.fill([3, 2], 7);
      const m = tf.tensor2d([
        [false, false],
        [false, true],
        [true, false],
      ]).cast('bool');
      function* model() {
        const x = yield* sample('x', MultivariateNormal(tf.zeros([2]), { scaleTril: tf.eye(2) }));
        yield* plate('plate', 3, function* () {
          yield* sample('y', MultivariateNormal(x, { scaleTril: tf.eye(2) }), { obs: data, obsMask: m });
        });
      }
      expect(() => tf.tidy(() => void simulate(model, { key: prngKey(0) })())).toThrow(
        "sample: obsMask does not fit the site at site 'y': obsMask shape [3, 2] is not broadcastable to the batch shape [3]. Give obsMask the site's batch shape",
      );
      data.dispose();
      m.dispose();
    });

    it("records Pyro's three sites and gives the closed-form log-density: log p(x) + Σ_observed log N(y_i; x, 1) + Σ_missing log N(u_i; x, 1)", () => {
      const data = [1.5, -0.5, 99, 0.25]; // 99: a missing entry's placeholder, never used
      const observed = [true, true, false, true];
      const x = 0.4;
      const u = [0.1, -2, 3.5, 0.7];
      const normalLp = (v: number, m: number) => -0.5 * (v - m) ** 2 - 0.5 * Math.log(2 * Math.PI);
      const expected = normalLp(x, 0) + data.reduce((acc, v, i) => acc + (observed[i] ? normalLp(v, x) : normalLp(u[i]!, x)), 0);
      tf.tidy(() => {
        const m = tf.tensor1d(observed, 'bool');
        function* model() {
          const loc = yield* sample('x', Normal(0, 1));
          return yield* plate('data', 4, function* () {
            return yield* sample('y', Normal(loc, 1), { obs: tf.tensor1d(data), obsMask: m });
          });
        }
        const trace = simulate(substitute(model, { x: tf.scalar(x), y_unobserved: tf.tensor1d(u) }), { key: prngKey(0) })();
        expect([...trace.sites.entries()].map(([name, s]: [string, Site]) => [name, s.type, s.type === 'sample' ? s.isObserved : null])).toEqual([
          ['x', 'sample', false],
          ['data', 'plate', null],
          ['y_observed', 'sample', true],
          ['y_unobserved', 'sample', false],
          ['y', 'deterministic', null],
        ]);
        const y = trace.sites.get('y')!;
        expect(Array.from(y.value.dataSync())).toEqual(observed.map((o, i) => Math.fround(o ? data[i]! : u[i]!)));
        expect(Array.from(trace.returnValue.dataSync())).toEqual(Array.from(y.value.dataSync()));
        expect(Array.from(((trace.sites.get('y_unobserved') as SampleSite).mask as tf.Tensor).dataSync())).toEqual(observed.map((o) => (o ? 0 : 1)));
        const got = logJoint(trace).dataSync()[0]!;
        expect(Math.abs(got - expected)).toBeLessThan(1e-5 * Math.abs(expected));
      });
    });

    it('an autoguide picks y_unobserved up as a latent', () => {
      const data = tf.tensor1d([1, 2, 0, 4]);
      const m = tf.tensor1d([true, true, false, true], 'bool');
      function* model() {
        const x = yield* sample('x', Normal(0, 1));
        yield* plate('data', 4, function* () {
          yield* sample('y', Normal(x, 1), { obs: data, obsMask: m });
        });
      }
      const guide = AutoNormal(model);
      tf.tidy(() => {
        const names = [...simulate(guide, { key: prngKey(0) })().sites.keys()].filter((n) => !n.startsWith('AutoNormal.'));
        expect(names).toContain('y_unobserved');
      });
      assertOk(model, guide);
      data.dispose();
      m.dispose();
    });

    it('rejects an obsMask without obs, and one that is not a bool tensor', () => {
      expect(() => sample('y', Normal(0, 1), { obsMask: tf.scalar(true, 'bool') } as never)).toThrow(/sample: argument 'obsMask' of site 'y' needs obs/);
      expect(() => sample('y', Normal(0, 1), { obs: tf.zeros([2]), obsMask: tf.ones([2]) })).toThrow(
        /argument 'obsMask' of site 'y' must be a bool tensor \(or a boolean\): got a float32 tensor/,
      );
    });
  });
});
