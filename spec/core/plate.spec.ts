import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message, Op, PlateSite, SampleSite } from '../../lib/core/effect.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { IgnisError } from '../../lib/core/errors.js';
import { param, plate, plates, sample } from '../../lib/core/primitives.js';
import { plateSites, siteLogProb } from '../../lib/core/trace.js';
import { unitInterval } from '../../lib/distributions/constraints/index.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { Bernoulli } from '../../lib/distributions/families/discrete/bernoulli.js';
import { onBackends } from '../helpers/backends.js';
import { assertOk } from '../helpers/pyro-valid.js';

const K = 3;
const B = 5;

/** Scenario 1's model: plates mini_batch at dim -1 and components at dim -2. */
function* scenarioOne() {
  return yield* plate('mini_batch', B, { dim: -1 }, function* () {
    return yield* plate('components', K, { dim: -2 }, function* () {
      return yield* sample('a', Normal(0, 1));
    });
  });
}

const sampleSite = (t: { sites: ReadonlyMap<string, unknown> }, name: string) => t.sites.get(name) as SampleSite;

describe('core/plate', () => {
  describe('plate', () => {
    it('gives scenario 1 site shape [K, B] with frames at -1 and -2', () => {
      tf.tidy(() => {
        const trace = simulate(scenarioOne, { key: prngKey(0) })();
        const a = sampleSite(trace, 'a');
        expect(a.value.shape).toEqual([K, B]);
        expect(a.fn.batchShape).toEqual([K, B]);
        expect(a.plates.map((f) => [f.name, f.dim, f.size])).toEqual([
          ['mini_batch', -1, B],
          ['components', -2, K],
        ]);
      });
    });

    it('allocates the first free dim from the right when dim is omitted', () => {
      function* nested() {
        yield* plate('outer', 4, function* () {
          yield* plate('inner', 2, function* () {
            yield* sample('x', Normal(0, 1));
          });
        });
      }
      tf.tidy(() => {
        const trace = simulate(nested, { key: prngKey(0) })();
        expect((trace.sites.get('outer') as PlateSite).frame.dim).toBe(-1);
        expect((trace.sites.get('inner') as PlateSite).frame.dim).toBe(-2);
        expect(sampleSite(trace, 'x').value.shape).toEqual([2, 4]);
      });
    });

    it('broadcasts sites to random nested plate shapes', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), (sizes) => {
          function* nest(i: number): Generator<Message, tf.Tensor, unknown> {
            if (i === sizes.length) return yield* sample('x', Normal(0, 1));
            return yield* plate(`p${i}`, sizes[i]!, () => nest(i + 1));
          }
          tf.tidy(() => {
            const x = simulate(() => nest(0), { key: prngKey(1) })().returnValue;
            // plate p0 takes dim -1, p1 dim -2, ...: the shape is the sizes reversed.
            expect(x.shape).toEqual([...sizes].reverse());
          });
        }),
        { numRuns: 30 },
      );
    });

    it('raises ShapeMismatch naming the plate, the site and the dim, with the shape table', () => {
      function* mismatch() {
        yield* plate('mini_batch', B, { dim: -1 }, function* () {
          yield* sample('a', Normal(tf.zeros([B + 1]), 1));
        });
      }
      const run = () => tf.tidy(() => void simulate(mismatch, { key: prngKey(0) })());
      expect(run).toThrow(/plate: shape mismatch inside plate 'mini_batch' at site 'a': dim -1 has size 6 but the plate has size 5/);
      expect(run).toThrow(/Trace Shapes:[\s\S]*Sample Sites:/);
    });

    it('raises ShapeMismatch for an observed value that does not fit', () => {
      function* badObs() {
        yield* plate('data', 4, function* () {
          yield* sample('y', Normal(0, 1), { obs: tf.zeros([3]) });
        });
      }
      expect(() => tf.tidy(() => void simulate(badObs, { key: prngKey(0) })())).toThrow(
        /sample: value does not fit the distribution at site 'y': value shape \[3\] vs batch shape \[4\] and event shape \[\] inside plate 'data' \(dim -1, size 4\)/,
      );
    });

    it('rejects a dim already claimed by an enclosing plate', () => {
      function* clash() {
        yield* plate('a', 2, { dim: -1 }, function* () {
          yield* plate('b', 3, { dim: -1 }, function* () {
            yield* sample('x', Normal(0, 1));
          });
        });
      }
      expect(() => tf.tidy(() => void simulate(clash, { key: prngKey(0) })())).toThrow(
        /plate: dim -1 of plate 'b' is already claimed by the enclosing plate 'a'/,
      );
    });

    it('subsamples: indices of length subsampleSize without repeats, scale size/subsampleSize', () => {
      const size = 100;
      const m = 10;
      function* sub() {
        return yield* plate('data', size, { subsampleSize: m }, function* (idx) {
          yield* sample('y', Normal(0, 1), { obs: tf.zeros([m]) });
          return idx;
        });
      }
      tf.tidy(() => {
        const trace = simulate(sub, { key: prngKey(4) })();
        const idx = Array.from(trace.returnValue.dataSync());
        expect(idx).toHaveLength(m);
        expect(new Set(idx).size).toBe(m);
        idx.forEach((i) => expect(i >= 0 && i < size).toBe(true));
        const y = sampleSite(trace, 'y');
        expect(y.scale).toBe(size / m);
        // The scaled log-density is (size/m)·log N(0; 0, 1) per element.
        const lp = siteLogProb(y).dataSync();
        expect(lp[0]).toBeCloseTo((size / m) * -0.5 * Math.log(2 * Math.PI), 4);
      });
    });

    it('re-entering a plate of the same name reuses its dim and indices', () => {
      function* twice() {
        const i1 = yield* plate('data', 50, { subsampleSize: 5 }, function* (idx) {
          yield* sample('x', Normal(0, 1));
          return idx;
        });
        const i2 = yield* plate('data', 50, { subsampleSize: 5 }, function* (idx) {
          yield* sample('y', Normal(0, 1));
          return idx;
        });
        return [i1, i2] as const;
      }
      tf.tidy(() => {
        const [i1, i2] = simulate(twice, { key: prngKey(9) })().returnValue;
        expect(Array.from(i2.dataSync())).toEqual(Array.from(i1.dataSync()));
      });
    });

    it('validates its arguments', () => {
      const body = function* () {
        yield* sample('x', Normal(0, 1));
      };
      expect(() => plate('p', 0, body)).toThrow(/plate: argument 'size' of plate 'p' must be a positive integer/);
      expect(() => plate('p', 3, { dim: 1 }, body)).toThrow(/argument 'dim' of plate 'p' must be a negative integer/);
      expect(() => plate('p', 3, { subsampleSize: 4 }, body)).toThrow(/argument 'subsampleSize' of plate 'p' must be an integer in \[1, size = 3\]/);
    });
  });

  onBackends(() => {
    describe('plate handles (Pyro: x_axis = pyro.plate("x", 3, dim=-2); with x_axis, y_axis: ...)', () => {
      const shapeOf = (t: { sites: ReadonlyMap<string, unknown> }, name: string) => sampleSite(t, name).value.shape;

      it("restates Pyro's plate docstring: a handle entered alone, and two entered together in either order", () => {
        function* model() {
          const xAxis = plate('x', 3, { dim: -2 });
          const yAxis = plate('y', 2, { dim: -3 });
          yield* xAxis(function* () {
            yield* sample('x_noise', Normal(0, 1));
          });
          yield* yAxis(function* () {
            yield* sample('y_noise', Normal(0, 1));
          });
          yield* plates([xAxis, yAxis], function* () {
            yield* sample('xy_noise', Normal(0, 1));
          });
          yield* plates([yAxis, xAxis], function* () {
            yield* sample('yx_noise', Normal(0, 1));
          });
        }
        tf.tidy(() => {
          const trace = simulate(model, { key: prngKey(0) })();
          expect(shapeOf(trace, 'x_noise')).toEqual([3, 1]);
          expect(shapeOf(trace, 'y_noise')).toEqual([2, 1, 1]);
          expect(shapeOf(trace, 'xy_noise')).toEqual([2, 3, 1]);
          expect(shapeOf(trace, 'yx_noise')).toEqual([2, 3, 1]);
          // one plate site per plate, however often it is entered
          expect(plateSites(trace).map((p) => [p.name, p.frame.dim, p.size])).toEqual([
            ['x', -2, 3],
            ['y', -3, 2],
          ]);
        });
      });

      it('keeps the subsample indices for the whole run (Pyro test_plate_reuse_ok), and takes an SVI step', () => {
        const p = 0.5;
        function* model() {
          const outer = plate('plate_outer', 10, { subsampleSize: 5, dim: -1 });
          const inner = plate('plate_inner', 11, { subsampleSize: 6, dim: -2 });
          const i1 = yield* outer(function* (idx) {
            yield* sample('x', Bernoulli(p).expand([5]));
            return idx;
          });
          yield* inner(function* () {
            yield* sample('y', Bernoulli(p).expand([6, 1]));
          });
          const [i2, j2] = yield* plates([outer, inner], function* (io, ii) {
            yield* sample('z', Bernoulli(p).expand([6, 5]));
            return [io, ii] as const;
          });
          return [i1, i2, j2] as const;
        }
        function* guide() {
          const q = yield* param('q', 0.5, { constraint: unitInterval });
          yield* plate('plate_outer', 10, { subsampleSize: 5, dim: -1 }, function* () {
            yield* sample('x', Bernoulli(q).expand([5]));
          });
          const inner = plate('plate_inner', 11, { subsampleSize: 6, dim: -2 });
          yield* inner(function* () {
            yield* sample('y', Bernoulli(q).expand([6, 1]));
          });
          yield* plates([plate('plate_outer', 10, { subsampleSize: 5, dim: -1 }), inner], function* () {
            yield* sample('z', Bernoulli(q).expand([6, 5]));
          });
        }
        tf.tidy(() => {
          const trace = simulate(model, { key: prngKey(3) })();
          const [i1, i2, j2] = trace.returnValue;
          expect(Array.from(i2.dataSync())).toEqual(Array.from(i1.dataSync()));
          expect(j2.shape).toEqual([6]);
          expect(sampleSite(trace, 'z').scale).toBeCloseTo((10 / 5) * (11 / 6), 6);
        });
        assertOk(model, guide);
      });

      it('a handle without a dim keeps the dim of its first entry: entered later inside a plate that took it, it is an error naming both', () => {
        function* model() {
          const a = plate('a', 2);
          yield* a(function* () {
            yield* sample('u', Normal(0, 1)); // a takes dim -1
          });
          yield* plate('b', 3, function* () {
            // b (first entry) takes -1, free again; a keeps -1: they collide
            yield* a(function* () {
              yield* sample('v', Normal(0, 1));
            });
          });
        }
        const run = () => tf.tidy(() => void simulate(model, { key: prngKey(0) })());
        expect(run).toThrow(IgnisError);
        expect(run).toThrow(/plate: dim -1 of plate 'a' is already claimed by the enclosing plate 'b' at site 'a': plate 'a' keeps the dim -1 of its first entry in this run/);
      });

      it('entered alone and again at another nesting, with an explicit dim, keeps dim and indices (Pyro test_three_indep_plate_at_different_depths_ok)', () => {
        function* model() {
          const inner = plate('plate2', 10, { subsampleSize: 5 });
          const first = yield* inner(function* (idx) {
            yield* sample('z', Bernoulli(0.5).expand([5]));
            return idx;
          });
          const second = yield* plate('plate1', 2, { dim: -2 }, function* () {
            return yield* inner(function* (idx) {
              yield* sample('y', Bernoulli(0.5).expand([5]));
              return idx;
            });
          });
          return [first, second] as const;
        }
        tf.tidy(() => {
          const trace = simulate(model, { key: prngKey(1) })();
          const [first, second] = trace.returnValue;
          expect(Array.from(second.dataSync())).toEqual(Array.from(first.dataSync()));
          expect(shapeOf(trace, 'y')).toEqual([2, 5]);
        });
      });

      it('rejects an entry that contradicts the first one (size, subsample size, dim, indices, vectorized vs sequential)', () => {
        const body = function* () {
          yield* sample('s', Normal(0, 1));
        };
        const twice = (first: () => Op<unknown>, second: () => Op<unknown>) =>
          function* () {
            yield* first();
            yield* second();
          };
        const run = (m: () => Generator<Message, void, unknown>) => () => tf.tidy(() => void simulate(m, { key: prngKey(0) })());
        expect(run(twice(() => plate('p', 3, body), () => plate('p', 4, body)))).toThrow(/plate: plate 'p' entered again with another size at site 'p': size 4 now, size 3 at its first entry in this run/);
        expect(run(twice(() => plate('p', 9, { subsampleSize: 3 }, body), () => plate('p', 9, { subsampleSize: 4 }, body)))).toThrow(/another subsample size/);
        expect(run(twice(() => plate('p', 3, { dim: -1 }, body), () => plate('p', 3, { dim: -2 }, body)))).toThrow(/another dim at site 'p': dim -2 now, dim -1/);
        expect(run(twice(() => plate('p', 4, { subsample: tf.tensor1d([0, 1], 'int32') }, body), () => plate('p', 4, { subsample: tf.tensor1d([2, 3], 'int32') }, body)))).toThrow(/other subsample indices/);
        expect(run(twice(() => plate('p', 3, body), () => plate('p', 3).sequential(body)))).toThrow(/plate 'p' used both vectorized and sequentially/);
        // the same indices in another tensor are the same plate
        expect(run(twice(() => plate('p', 4, { subsample: tf.tensor1d([0, 1], 'int32') }, body), () => plate('p', 4, { subsample: tf.tensor1d([0, 1], 'int32') }, body)))).toThrow(/duplicate site name at site 's'/);
      });

      it('a handle created once outside the model draws a new subsample in every run, the same one within a run', () => {
        const data = plate('data', 1000, { subsampleSize: 8 });
        function* model() {
          const a = yield* data(function* (idx) {
            yield* sample('a', Normal(0, 1));
            return idx;
          });
          const b = yield* data(function* (idx) {
            yield* sample('b', Normal(0, 1));
            return idx;
          });
          return [a, b] as const;
        }
        tf.tidy(() => {
          const [a1, b1] = simulate(model, { key: prngKey(1) })().returnValue;
          const [a2] = simulate(model, { key: prngKey(2) })().returnValue;
          expect(Array.from(b1.dataSync())).toEqual(Array.from(a1.dataSync()));
          expect(Array.from(a2.dataSync())).not.toEqual(Array.from(a1.dataSync()));
        });
        expect([data.name, data.size, data.dim, data.subsampleSize]).toEqual(['data', 1000, undefined, 8]);
      });
    });

    describe('plates without a size (Pyro: plate("data", subsample=idx)); subsampleSize from the indices', () => {
      it('takes the size from the subsample indices (no scaling), in the call form and as a handle', () => {
        const idx = tf.tensor1d([4, 0, 2], 'int32');
        function* model() {
          yield* plate('data', { subsample: idx }, function* (i) {
            expect(i).toBe(idx);
            yield* sample('x', Normal(0, 1));
          });
          yield* plate('other', { subsample: idx })(function* () {
            yield* sample('y', Normal(0, 1));
          });
        }
        tf.tidy(() => {
          const trace = simulate(model, { key: prngKey(0) })();
          expect(sampleSite(trace, 'x').value.shape).toEqual([3]);
          expect(sampleSite(trace, 'x').scale).toBe(1);
          expect(plateSites(trace).map((p) => [p.size, p.frame.subsampleSize])).toEqual([
            [3, 3],
            [3, 3],
          ]);
        });
        idx.dispose();
      });

      it('with the size and the indices, scales by size / number of indices (Pyro: subsample_size inferred)', () => {
        const idx = tf.tensor1d([7, 1], 'int32');
        function* model() {
          yield* plate('data', 10, { subsample: idx }, function* () {
            yield* sample('x', Normal(0, 1));
          });
        }
        tf.tidy(() => {
          expect(sampleSite(simulate(model, { key: prngKey(0) })(), 'x').scale).toBe(5);
        });
        idx.dispose();
      });

      it('rejects neither a size nor indices, indices that are not a 1-D tensor, and a subsampleSize other than their number', () => {
        const body = function* () {
          yield* sample('x', Normal(0, 1));
        };
        expect(() => plate('data', {} as never, body)).toThrow(/plate: argument 'size' of plate 'data' must be given \(or subsample indices\): got undefined\. Pass the size/);
        expect(() => plate('data', { subsample: tf.zeros([2, 2], 'int32') }, body)).toThrow(/argument 'subsample' of plate 'data' must be a 1-D tensor of indices: got shape \[2,2\]/);
        expect(() => plate('data', 10, { subsample: tf.tensor1d([1, 2], 'int32'), subsampleSize: 3 }, body)).toThrow(
          /argument 'subsampleSize' of plate 'data' must equal the number of subsample indices \(2\): got 3/,
        );
      });
    });
  });
});
