import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import * as O from 'fp-ts/lib/Option.js';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import { run, simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { logDensity } from '../../lib/core/log-density.js';
import { deterministic, param, plate, sample } from '../../lib/core/primitives.js';
import { getSite, latentSites, observedSites, paramSites } from '../../lib/core/trace.js';
import { positive } from '../../lib/distributions/constraints/index.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { factor } from '../../lib/distributions/families/unit.js';

function* twoLatents(y: tf.Tensor) {
  const a = yield* sample('a', Normal(0, 1));
  const b = yield* sample('b', Normal(a, 2));
  yield* sample('y', Normal(b, 0.5), { obs: y });
  return tf.add(a, b);
}

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('core/interpret', () => {
  describe('simulate', () => {
    it('records sites in visit order with their values and observedness', () => {
      tf.tidy(() => {
        const trace = simulate(twoLatents, { key: prngKey(1) })(tf.scalar(0.3));
        expect([...trace.sites.keys()]).toEqual(['a', 'b', 'y']);
        expect(latentSites(trace).map((s) => s.name)).toEqual(['a', 'b']);
        expect(observedSites(trace).map((s) => s.name)).toEqual(['y']);
        const y = trace.sites.get('y');
        expect(y?.type === 'sample' && values(y.value)).toEqual([Math.fround(0.3)]);
        const a = trace.sites.get('a')!;
        const b = trace.sites.get('b')!;
        expect(values(trace.returnValue)).toEqual(values(tf.add(a.value, b.value)));
      });
    });

    it('gives the same trace, bit for bit, for the same key, and different draws for different keys', () => {
      fc.assert(
        fc.property(fc.integer(), fc.integer(), (s1, s2) => {
          tf.tidy(() => {
            const draw = (seed: number) => {
              const t = simulate(twoLatents, { key: prngKey(seed) })(tf.scalar(0));
              return [...values(t.sites.get('a')!.value), ...values(t.sites.get('b')!.value)];
            };
            expect(draw(s1)).toEqual(draw(s1));
            if (s1 !== s2) expect(draw(s1)).not.toEqual(draw(s2));
          });
        }),
        { numRuns: 50 },
      );
    });

    it('raises DuplicateSite naming the site', () => {
      function* dup() {
        yield* sample('x', Normal(0, 1));
        yield* sample('x', Normal(0, 1));
      }
      expect(() => tf.tidy(() => void simulate(dup, { key: prngKey(0) })())).toThrow(
        /simulate: duplicate site name at site 'x': a sample site named 'x' is already in the trace\. Site names must be unique/,
      );
    });

    it('raises MissingSite when a latent site needs a draw and there is no key', () => {
      expect(() => tf.tidy(() => void run(twoLatents, [tf.scalar(0)]))).toThrow(IgnisError);
      expect(() => tf.tidy(() => void run(twoLatents, [tf.scalar(0)]))).toThrow(/no value and no key to draw one at site 'a'/);
    });

    it('takes params from the options, else from their initial values, and reuses a param seen twice', () => {
      function* withParams() {
        const loc = yield* param('loc', tf.scalar(1.5));
        const s = yield* param('s', 2, { constraint: positive });
        const again = yield* param('loc', tf.scalar(99));
        return [loc, s, again] as const;
      }
      tf.tidy(() => {
        const t1 = simulate(withParams, { key: prngKey(0) })();
        expect(t1.returnValue.map((v) => v.dataSync()[0])).toEqual([1.5, 2, 1.5]);
        const t2 = simulate(withParams, { key: prngKey(0), params: { s: tf.scalar(7) } })();
        expect(t2.returnValue.map((v) => v.dataSync()[0])).toEqual([1.5, 7, 1.5]);
        expect(paramSites(t2).map((p) => [p.name, p.constraint.name])).toEqual([
          ['loc', 'real'],
          ['s', 'positive'],
        ]);
      });
    });

    it('records deterministic and factor sites', () => {
      function* m() {
        const z = yield* sample('z', Normal(0, 1));
        yield* deterministic('twice', tf.mul(z, 2));
        yield* factor('penalty', tf.scalar(-3));
      }
      tf.tidy(() => {
        const trace = simulate(m, { key: prngKey(2) })();
        const z = trace.sites.get('z')!.value.dataSync()[0]!;
        expect(O.map((s: { value: tf.Tensor }) => s.value.dataSync()[0])(getSite(trace, 'twice'))).toEqual(O.some(2 * z));
        const penalty = trace.sites.get('penalty');
        expect(penalty?.type === 'sample' && penalty.isObserved).toBe(true);
        // log p = log N(z; 0, 1) + (−3)
        const lp = logDensity(m, { z: tf.scalar(z) })().dataSync()[0]!;
        expect(lp).toBeCloseTo(-0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 3, 5);
      });
    });
  });

  describe('plate indices', () => {
    it("are the plate's own: writing through dataSync() does not change a later plate of the same size (cpu shares storage)", () => {
      function* m() {
        return yield* plate('p', 4, function* (idx) {
          yield* sample('x', Normal(0, 1));
          return idx;
        });
      }
      tf.tidy(() => {
        const first = simulate(m, { key: prngKey(0) })().returnValue;
        (first.dataSync() as Int32Array).fill(9); // a user scribbling on the indices they were given
        const second = simulate(m, { key: prngKey(0) })().returnValue;
        expect(Array.from(second.dataSync())).toEqual([0, 1, 2, 3]);
      });
    });
  });

  describe('logDensity', () => {
    it('equals the closed-form joint log-density (float32, 1e-5 relative)', () => {
      const [a, b, y] = [0.4, -1.2, 0.3];
      const normalLp = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
      const expected = normalLp(a, 0, 1) + normalLp(b, a, 2) + normalLp(y, b, 0.5);
      const lp = tf.tidy(() => logDensity(twoLatents, { a: tf.scalar(a), b: tf.scalar(b) })(tf.scalar(y)).dataSync()[0]!);
      expect(Math.abs(lp - expected)).toBeLessThan(1e-5 * Math.abs(expected));
    });

    it('names a latent site without a value', () => {
      expect(() => tf.tidy(() => logDensity(twoLatents, { a: tf.scalar(0) })(tf.scalar(0)))).toThrow(
        /logDensity: no value and no key to draw one at site 'b'/,
      );
    });
  });

  describe('memory', () => {
    it('1000 simulate calls leave tf.memory().numTensors unchanged', () => {
      const y = tf.scalar(0.3);
      const key = prngKey(0);
      tf.tidy(() => {
        simulate(twoLatents, { key })(y); // warm up any lazily created constants
      });
      const before = tf.memory().numTensors;
      for (let i = 0; i < 1000; i++) {
        tf.tidy(() => {
          simulate(twoLatents, { key })(y); // return nothing: tidy keeps what it returns
        });
      }
      expect(tf.memory().numTensors).toBe(before);
      y.dispose();
    });
  });
});
