/**
 * Sequential plates (Pyro's `for i in pyro.plate(...)`), restating the cases of Pyro's
 * tests/infer/test_valid_models.py (test_iplate_*), on both backends.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { SampleSite } from '../../lib/core/effect.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { logJoint } from '../../lib/core/log-density.js';
import { plateSites, sampleSites } from '../../lib/core/trace.js';
import { Bernoulli } from '../../lib/distributions/families/discrete/bernoulli.js';
import { unitInterval } from '../../lib/distributions/constraints/index.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { substitute } from '../../lib/handlers/substitute.js';
import { onBackends } from '../helpers/backends.js';
import { assertOk } from '../helpers/pyro-valid.js';

const site = (t: { sites: ReadonlyMap<string, unknown> }, name: string) => t.sites.get(name) as SampleSite;

/** Pyro's test_iplate_ok: `for i in pyro.plate("plate", 4, subsample_size): pyro.sample(f"x_{i}", Bernoulli(p))`. */
const iplateModel = (subsampleSize?: number) =>
  function* () {
    yield* plate('plate', 4, subsampleSize === undefined ? {} : { subsampleSize }).sequential(function* (i) {
      yield* sample(`x_${i}`, Bernoulli(0.5));
    });
  };
const iplateGuide = (subsampleSize?: number) =>
  function* () {
    const p = yield* param('p', 0.5, { constraint: unitInterval });
    yield* plate('plate', 4, subsampleSize === undefined ? {} : { subsampleSize }).sequential(function* (i) {
      yield* sample(`x_${i}`, Bernoulli(p));
    });
  };

describe('core/plate-run', () => {
  onBackends(() => {
    describe('sequential plates', () => {
      it.each([undefined, 2])('test_iplate_ok (subsampleSize %s): one site per index, scaled by size / subsampleSize, frames with dim undefined', (k) => {
        tf.tidy(() => {
          const trace = simulate(iplateModel(k), { key: prngKey(5) })();
          const plateSite = plateSites(trace)[0]!;
          const indices = Array.from(plateSite.value.dataSync());
          expect(indices).toHaveLength(k ?? 4);
          expect(plateSite.frame).toEqual({ name: 'plate', size: 4, subsampleSize: k ?? 4, dim: undefined });
          expect(sampleSites(trace).map((s) => s.name)).toEqual(indices.map((i) => `x_${i}`));
          for (const i of indices) {
            const x = site(trace, `x_${i}`);
            expect(x.scale).toBe(4 / (k ?? 4));
            expect(x.plates).toEqual([]); // no batch dim claimed
            expect(x.sequential).toEqual([{ name: 'plate', size: 4, subsampleSize: k ?? 4, dim: undefined, index: i }]);
            expect(x.value.shape).toEqual([]);
          }
        });
        assertOk(iplateModel(k), iplateGuide(k));
      });

      it('test_iplate_variable_clash_error: one site name in every iteration is a DuplicateSite', () => {
        function* model() {
          yield* plate('plate', 2).sequential(function* () {
            yield* sample('x', Bernoulli(0.5));
          });
        }
        expect(() => tf.tidy(() => void simulate(model, { key: prngKey(0) })())).toThrow(/duplicate site name at site 'x'.*inside loops put the index in the name/);
      });

      it.each([undefined, 2])('test_iplate_iplate_swap_ok (subsampleSize %s): the guide iterates the plates in the other nesting, on the same subsample', (k) => {
        const opts = k === undefined ? {} : { subsampleSize: k };
        function* model() {
          const outer = plate('plate_0', 3, opts);
          const inner = plate('plate_1', 3, opts);
          yield* outer.sequential(function* (i) {
            yield* inner.sequential(function* (j) {
              yield* sample(`x_${i}_${j}`, Bernoulli(0.5));
            });
          });
        }
        function* guide() {
          const p = yield* param('p', 0.5, { constraint: unitInterval });
          const outer = plate('plate_0', 3, opts);
          const inner = plate('plate_1', 3, opts);
          yield* inner.sequential(function* (j) {
            yield* outer.sequential(function* (i) {
              yield* sample(`x_${i}_${j}`, Bernoulli(p));
            });
          });
        }
        tf.tidy(() => {
          const trace = simulate(model, { key: prngKey(2) })();
          const n = (k ?? 3) ** 2;
          expect(sampleSites(trace)).toHaveLength(n);
          const x = sampleSites(trace)[0]!;
          expect(x.scale).toBeCloseTo((3 / (k ?? 3)) ** 2, 6);
          expect(x.sequential?.map((f) => f.name)).toEqual(['plate_0', 'plate_1']);
        });
        assertOk(model, guide);
      });

      it('test_iplate_in_model_not_guide_ok, and test_iplate_in_guide_not_model_error (a guide plate the model lacks)', () => {
        function* model() {
          yield* plate('plate', 10, { subsampleSize: 5 }).sequential(function* () {
            /* nothing */
          });
          yield* sample('x', Bernoulli(0.5));
        }
        function* guide() {
          const p = yield* param('p', 0.5, { constraint: unitInterval });
          yield* sample('x', Bernoulli(p));
        }
        function* guideWithPlate() {
          const p = yield* param('p', 0.5, { constraint: unitInterval });
          yield* plate('plate', 10, { subsampleSize: 5 }).sequential(function* () {
            /* nothing */
          });
          yield* sample('x', Bernoulli(p));
        }
        function* bareModel() {
          yield* sample('x', Bernoulli(0.5));
        }
        assertOk(model, guide);
        expect(() => assertOk(bareModel, guideWithPlate)).toThrow(/the guide has a plate the model lacks: plate 'plate'/);
      });

      it('test_plate_iplate_ok and test_iplate_plate_ok: nested inside a vectorized plate and around one', () => {
        function* plateIplate() {
          yield* plate('plate', 3, { subsampleSize: 2 }, function* () {
            yield* plate('iplate', 3, { subsampleSize: 2 }).sequential(function* (i) {
              yield* sample(`x_${i}`, Bernoulli(0.5).expand([2]));
            });
          });
        }
        function* iplatePlate() {
          const inner = plate('plate', 3, { subsampleSize: 2 });
          yield* plate('iplate', 3, { subsampleSize: 2 }).sequential(function* (i) {
            yield* inner(function* () {
              yield* sample(`x_${i}`, Bernoulli(0.5).expand([2]));
            });
          });
        }
        for (const model of [plateIplate, iplatePlate]) {
          tf.tidy(() => {
            const trace = simulate(model, { key: prngKey(4) })();
            for (const x of sampleSites(trace)) {
              expect(x.value.shape).toEqual([2]);
              expect(x.plates.map((f) => [f.name, f.dim])).toEqual([['plate', -1]]);
              expect(x.sequential?.map((f) => f.name)).toEqual(['iplate']);
              expect(x.scale).toBeCloseTo(1.5 * 1.5, 6);
            }
          });
        }
        function* guide() {
          const p = yield* param('p', 0.5, { constraint: unitInterval });
          const inner = plate('plate', 3, { subsampleSize: 2 });
          yield* plate('iplate', 3, { subsampleSize: 2 }).sequential(function* (i) {
            yield* inner(function* () {
              yield* sample(`x_${i}`, Bernoulli(p).expand([2]));
            });
          });
        }
        assertOk(iplatePlate, guide);
      });

      it('gives the vectorized log-density: log p(loc) + (N/k)·Σ_{i in the subsample} log p(x_i | loc) (float32, 1e-5 relative)', () => {
        const data = [0.3, -1.2, 2.5, 0.7, -0.4, 1.1];
        const n = data.length;
        const loc = 0.25;
        const normalLp = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
        const sequential = (k: number) =>
          function* () {
            const l = yield* sample('loc', Normal(0, 1));
            return yield* plate('data', n, { subsampleSize: k }).sequential(function* (i) {
              yield* sample(`obs_${i}`, Normal(l, 2), { obs: tf.scalar(data[i]!) });
              return i;
            });
          };
        const vectorized = (idx: tf.Tensor) =>
          function* () {
            const l = yield* sample('loc', Normal(0, 1));
            yield* plate('data', n, { subsample: idx }, function* () {
              yield* sample('obs', Normal(l, 2), { obs: tf.gather(tf.tensor1d(data), idx) });
            });
          };
        for (const k of [n, 4]) {
          tf.tidy(() => {
            const trace = simulate(substitute(sequential(k), { loc: tf.scalar(loc) }), { key: prngKey(8) })();
            const used = trace.returnValue;
            expect(used).toHaveLength(k);
            expect(new Set(used).size).toBe(k);
            const expected = normalLp(loc, 0, 1) + used.reduce((acc, i) => acc + (n / k) * normalLp(data[i]!, loc, 2), 0);
            const got = logJoint(trace).dataSync()[0]!;
            expect(Math.abs(got - expected)).toBeLessThan(1e-5 * Math.abs(expected));
            const idx = tf.tensor1d([...used], 'int32');
            const vec = logJoint(simulate(substitute(vectorized(idx), { loc: tf.scalar(loc) }), { key: prngKey(8) })()).dataSync()[0]!;
            expect(Math.abs(vec - got)).toBeLessThan(1e-5 * Math.abs(expected));
          });
        }
      });

      it('returns the bodies\' results in index order, and passes each index as a number', () => {
        const idx = tf.tensor1d([5, 2, 7], 'int32');
        function* model() {
          return yield* plate('data', 10, { subsample: idx }).sequential(function* (i) {
            expect(typeof i).toBe('number');
            yield* sample(`z_${i}`, Normal(0, 1));
            return i * 10;
          });
        }
        tf.tidy(() => {
          expect(simulate(model, { key: prngKey(0) })().returnValue).toEqual([50, 20, 70]);
        });
        idx.dispose();
      });

      it('rejects a dim (a sequential plate claims none)', () => {
        expect(() => plate('data', 3, { dim: -1 }).sequential(function* () {
          /* nothing */
        })).toThrow(/argument 'dim' of plate 'data' must be left out for a sequential plate/);
      });
    });
  });
});
