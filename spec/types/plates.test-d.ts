/**
 * The typed plate forms: handles, `plates([...])`, `.sequential`, sizeless plates and
 * `blockPlate`, read through `Sites<typeof model>` (each placement mirrors the run-time shapes
 * asserted in spec/core/plate.spec.ts, plate-run.spec.ts and spec/handlers/block-plate.spec.ts).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Dims } from '../../lib/core/dims.js';
import { type PlateHandle, plate, plates, sample } from '../../lib/core/primitives.js';
import type { SiteInfo, Sites } from '../../lib/core/site-types.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { blockPlate } from '../../lib/handlers/block-plate.js';

declare const idx: tf.Tensor;

describe('types/plates', () => {
  it('types a handle by its name and literal dim', () => {
    expectTypeOf(plate('x', 3, { dim: -2 })).toEqualTypeOf<PlateHandle<'x', -2>>();
    expectTypeOf(plate('x', 3)).toEqualTypeOf<PlateHandle<'x', undefined>>();
    expectTypeOf(plate('x', { subsample: idx })).toEqualTypeOf<PlateHandle<'x', undefined>>();
  });

  it("places handles' names at their dims, alone and together in either order (Pyro's x_axis, y_axis)", () => {
    function* model() {
      const xAxis = plate('x', 3, { dim: -2 });
      const yAxis = plate('y', 2, { dim: -3 });
      yield* xAxis(function* () {
        yield* sample('x_noise', Normal(0, 1));
      });
      yield* yAxis(function* () {
        yield* sample('y_noise', Normal(0, 1));
      });
      const r = yield* plates([xAxis, yAxis], function* (ix, iy) {
        expectTypeOf(ix).toEqualTypeOf<tf.Tensor>();
        expectTypeOf(iy).toEqualTypeOf<tf.Tensor>();
        yield* sample('xy_noise', Normal(0, 1));
        return 7 as const;
      });
      expectTypeOf(r).toEqualTypeOf<7>();
      yield* plates([yAxis, xAxis], function* () {
        yield* sample('yx_noise', Normal(0, 1));
      });
    }
    type S = Sites<typeof model>;
    expectTypeOf<S['x_noise']>().toEqualTypeOf<SiteInfo<readonly ['x', string], readonly [], false>>();
    expectTypeOf<S['y_noise']>().toEqualTypeOf<SiteInfo<readonly ['y', string, string], readonly [], false>>();
    expectTypeOf<S['xy_noise']>().toEqualTypeOf<SiteInfo<readonly ['y', 'x', string], readonly [], false>>();
    expectTypeOf<S['yx_noise']>().toEqualTypeOf<SiteInfo<readonly ['y', 'x', string], readonly [], false>>();
  });

  it('places a plate without a size like any other', () => {
    function* model() {
      yield* plate('data', { subsample: idx }, function* () {
        yield* sample('z', Normal(0, 1));
      });
    }
    expectTypeOf<Sites<typeof model>['z']['batch']>().toEqualTypeOf<readonly ['data']>();
  });

  it('adds no batch dim for a sequential plate, and returns the bodies\' results', () => {
    function* model() {
      const inner = plate('inner', 3);
      const rs = yield* plate('data', 10, { subsampleSize: 2 }).sequential(function* (i) {
        expectTypeOf(i).toEqualTypeOf<number>();
        yield* inner(function* () {
          yield* sample('z', Normal(0, 1));
        });
        return 'r' as const;
      });
      expectTypeOf(rs).toEqualTypeOf<readonly 'r'[]>();
    }
    expectTypeOf<Sites<typeof model>['z']['batch']>().toEqualTypeOf<readonly ['inner']>();
  });

  it('removes a plate blocked by name from the placed batch dims; the blocked plate keeps its dim', () => {
    function* model() {
      yield* plate('data', 4, function* () {
        yield* sample('local', Normal(0, 1));
        yield* blockPlate(
          function* () {
            yield* sample('global', Normal(0, 1));
            yield* plate('inner', 3, function* () {
              yield* sample('z', Normal(0, 1));
            });
          },
          { name: 'data' },
        )();
      });
    }
    type S = Sites<typeof model>;
    expectTypeOf<S['local']['batch']>().toEqualTypeOf<readonly ['data']>();
    expectTypeOf<S['global']['batch']>().toEqualTypeOf<readonly []>();
    // runtime: 'inner' takes dim -2 ('data' still claims -1): shape [3, 1]
    expectTypeOf<S['z']['batch']>().toEqualTypeOf<readonly ['inner', string]>();
  });

  it('widens the batch dims of sites inside a plate blocked by dim', () => {
    function* model() {
      yield* plate('data', 4, function* () {
        yield* blockPlate(
          function* () {
            yield* sample('global', Normal(0, 1));
          },
          { dim: -1 },
        )();
      });
    }
    expectTypeOf<Sites<typeof model>['global']['batch']>().toEqualTypeOf<Dims>();
  });

  it('rejects an option Ignis does not know at compile time', () => {
    const body = function* () {
      yield* sample('a', Normal(0, 1));
    };
    // @ts-expect-error -- Pyro's spelling: Ignis's option is subsampleSize
    plate('data', 10, { subsample_size: 2 }, body);
    // @ts-expect-error -- an unknown option of a handle
    plate('data', 10, { vectorized: false });
    // @ts-expect-error -- no body and no size: a handle needs the size or the indices
    plate('data', { dim: -1 });
  });
});
