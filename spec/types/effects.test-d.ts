import type * as tf from '@tensorflow/tfjs-core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Value } from '../../lib/core/dims.js';
import type { ModelReturn, SampleMessage } from '../../lib/core/effect.js';
import { deterministic, param, plate, sample } from '../../lib/core/primitives.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';

describe('types/effects', () => {
  it('infers the results of yield*', () => {
    function* model() {
      const x = yield* sample('x', Normal(0, 1));
      const w = yield* param('w', 0.5);
      const inner = yield* plate('p', 3, function* (idx) {
        expectTypeOf(idx).toEqualTypeOf<tf.Tensor>();
        const z = yield* sample('z', Normal(x, 1));
        return { z, n: 3 as const };
      });
      const d = yield* deterministic('d', x);
      return { x, w, inner, d };
    }
    type R = ModelReturn<typeof model>;
    // number parameters are scalars: the value carries empty batch and event dims
    expectTypeOf<R['x']>().toEqualTypeOf<Value<readonly [], readonly []>>();
    expectTypeOf<R['w']>().toEqualTypeOf<tf.Tensor>();
    expectTypeOf<R['inner']>().toEqualTypeOf<{ z: Value<readonly [], readonly []>; n: 3 }>();
    expectTypeOf<R['d']>().toEqualTypeOf<tf.Tensor>();
  });

  it("carries site names as string literals in the model's effect row", () => {
    function* model() {
      yield* sample('loc', Normal(0, 1));
      yield* sample('scale', Normal(0, 1));
    }
    type Names = Extract<ReturnType<typeof model> extends Generator<infer Y, unknown, unknown> ? Y : never, SampleMessage>['name'];
    expectTypeOf<Names>().toEqualTypeOf<'loc' | 'scale'>();
  });

  it('rejects yield without * (TS7057: implicit any)', () => {
    // eslint-disable-next-line require-yield
    function* model() {
      // @ts-expect-error -- `yield` on an effect is an implicit-any error; `yield*` is required
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
      const x = yield sample('x', Normal(0, 1));
      // eslint-disable-next-line @typescript-eslint/no-unsafe-return
      return x;
    }
    expectTypeOf(model).toBeFunction();
  });
});
