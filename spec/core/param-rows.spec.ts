/**
 * Params inside subsampled plates (Pyro's `SubsampleMessenger` rule): a full-size param with an
 * `eventDim` read inside a subsampled plate gives the program the subsample's rows; SVI's lazily
 * constrained params build those rows as `T(U[idx])` without constraining the whole parameter.
 * References: the rows are `P[idx]` of the whole value (exact: a gather), and `T(U)[idx]` for the
 * lazy path (the same float32 maps on the same elements, so equal bit for bit).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParamSite, PlateSite } from '../../lib/core/effect.js';
import { IgnisError } from '../../lib/core/errors.js';
import { run } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { softplusPositive } from '../../lib/distributions/constraints/index.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { Adam, SVI, TraceELBO } from '../../lib/index.js';
import { constrain, constrainLazily, specsOf } from '../../lib/infer/params.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

/** A model reading param `p` (full shape `shape`, `eventDim`) inside plate `rows` (size n, subsample k). */
const reader = (shape: readonly number[], eventDim: number | undefined, n: number, k: number) =>
  function* () {
    return yield* plate('rows', n, { subsampleSize: k, dim: -1 }, function* () {
      return yield* param('p', () => tf.reshape(tf.range(0, shape.reduce((a, b) => a * b, 1)), [...shape]), eventDim === undefined ? {} : { eventDim });
    });
  };

describe('core/param-rows', () => {
  it('hands over the subsample rows along the plate dim (eventDim 0 and 1), the whole param stays on the site', () => {
    tf.tidy(() => {
      for (const [shape, eventDim] of [[[10], 0], [[10, 2], 1]] as const) {
        const trace = run(reader(shape, eventDim, 10, 3), [], { key: prngKey(4) });
        const site = trace.sites.get('p') as ParamSite;
        const idx = values((trace.sites.get('rows') as PlateSite).value);
        expect(site.value.shape).toEqual([3, ...shape.slice(1)]);
        expect(site.whole?.shape).toEqual([...shape]);
        expect(values(site.value)).toEqual(values(tf.gather(site.whole!, idx)));
      }
    });
  });

  it('leaves a param without eventDim, one with a size-1 plate dim, and one in an unsubsampled plate whole', () => {
    tf.tidy(() => {
      expect((run(reader([10], undefined, 10, 3), [], { key: prngKey(0) }).sites.get('p') as ParamSite).value.shape).toEqual([10]);
      expect((run(reader([1, 4], 1, 10, 3), [], { key: prngKey(0) }).sites.get('p') as ParamSite).value.shape).toEqual([1, 4]);
      const site = run(reader([10], 0, 10, 10), [], { key: prngKey(0) }).sites.get('p') as ParamSite;
      expect(site.value.shape).toEqual([10]);
      expect(site.whole).toBeUndefined();
    });
  });

  it('rejects a param that is not full-size along the plate dim, naming the param, the plate and the fix', () => {
    tf.tidy(() => {
      const attempt = () => run(reader([3], 0, 10, 3), [], { key: prngKey(0) });
      expect(attempt).toThrow(IgnisError);
      expect(attempt).toThrow(/site 'p'.*plate 'rows' has size 10.*full size 10/s);
    });
  });

  it('lazily constrained params give T(U[idx]) equal to T(U)[idx], and constrain nothing that is not read (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 39 }), fc.integer({ min: 0, max: 1000 }), (n, kRaw, seed) => {
        const k = Math.min(kRaw, n - 1);
        tf.tidy(() => {
          function* model() {
            yield* plate('rows', n, { subsampleSize: k }, function* () {
              yield* param('scale', () => tf.ones([n]), { constraint: softplusPositive, eventDim: 0 });
            });
          }
          const u = tf.randomNormal([n], 0, 3, 'float32', seed);
          const unused = tf.zeros([n]);
          const specs = specsOf([{ ...(run(model, [], { key: prngKey(seed) }).sites.get('scale') as ParamSite) }]);
          const lazy = constrainLazily({ scale: u, unused }, { ...specs, unused: specs.scale! });
          const trace = run(model, [], { key: prngKey(seed), params: lazy });
          const idx = values((trace.sites.get('rows') as PlateSite).value);
          const eager = constrain({ scale: u }, specs).scale!;
          expect(values((trace.sites.get('scale') as ParamSite).value)).toEqual(values(tf.gather(eager, idx)));
          // neither whole constrained value was computed by the run: reading each now makes it
          for (const name of ['scale', 'unused'] as const) {
            const before = tf.memory().numTensors;
            void lazy[name];
            void lazy[name]; // and keeps it
            expect(tf.memory().numTensors - before).toBe(1);
          }
        });
      }),
      { numRuns: 40 },
    );
  });

  it('recomputes a lazily constrained value that an inner tf.tidy disposed (e.g. one particle per tidy)', () => {
    tf.tidy(() => {
      const u = tf.tensor1d([-1, 0, 2]);
      const lazy = constrainLazily({ s: u }, { s: { constraint: softplusPositive, eventDim: undefined } });
      tf.tidy(() => lazy.s!.sum()); // made and disposed inside
      expect(lazy.s!.isDisposed).toBe(false);
      expect(values(lazy.s!)).toEqual(values(constrain({ s: u }, { s: { constraint: softplusPositive, eventDim: undefined } }).s!));
    });
  });

  it('lets SVI fit per-datum params of a subsampled plate (Pyro\'s local-parameter pattern): the state holds them whole', () => {
    const n = 50;
    const data = tf.tensor1d(Array.from({ length: n }, (_, i) => Math.sin(i) * 3));
    function* model(y: tf.Tensor) {
      yield* plate('data', n, { subsampleSize: 10 }, function* (idx) {
        const z = yield* sample('z', Normal(0, 10));
        yield* sample('y', Normal(z, 1), { obs: tf.gather(y, idx) });
      });
    }
    function* guide(_y: tf.Tensor) {
      yield* plate('data', n, { subsampleSize: 10 }, function* () {
        const loc = yield* param('loc', tf.zeros([n]), { eventDim: 0 });
        const scale = yield* param('scale', tf.ones([n]), { constraint: softplusPositive, eventDim: 0 });
        yield* sample('z', Normal(loc, scale));
      });
    }
    const svi = SVI(model, guide, Adam({ lr: 0.05 }), TraceELBO());
    const { params } = svi.run(prngKey(1), 3000, [data]);
    expect(params.loc!.shape).toEqual([n]);
    expect(params.scale!.shape).toEqual([n]);
    // the exact posterior of z_i given y_i: mean y_i·100/101, sd √(100/101) ≈ 0.995
    const posteriorMean = values(data).map((y) => (y * 100) / 101);
    const locs = values(params.loc!);
    const rmse = Math.sqrt(locs.reduce((s, v, i) => s + (v - posteriorMean[i]!) ** 2, 0) / n);
    expect(rmse).toBeLessThan(0.25); // SVI noise at lr 0.05, each row updated every ~5 steps
    tf.dispose([data, ...Object.values(params)]);
  });
});
