import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message, PlateSite, SampleSite } from '../../lib/core/effect.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { plate, sample } from '../../lib/core/primitives.js';
import { siteLogProb } from '../../lib/core/trace.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';

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
});
