import * as tf from '@tensorflow/tfjs-core';
import { describe, expectTypeOf, it } from 'vitest';
import { type Dims, type Tagged, type Value, withDims } from '../../lib/core/dims.js';
import { plate, sample } from '../../lib/core/primitives.js';
import type { Sites } from '../../lib/core/site-types.js';
import { Categorical } from '../../lib/distributions/families/discrete/categorical.js';
import { Delta } from '../../lib/distributions/families/delta.js';
import type { Distribution } from '../../lib/distributions/distribution.js';
import { Independent } from '../../lib/distributions/wrappers/independent.js';
import { MultivariateNormal } from '../../lib/distributions/families/multivariate/multivariate-normal.js';
import { Normal, type NormalDist } from '../../lib/distributions/families/continuous/normal.js';
import type { StudentT } from '../../lib/distributions/families/continuous/student-t.js';

type BatchOf<D> = D extends Distribution<infer B, Dims> ? B : never;
type EventOf<D> = D extends Distribution<Dims, infer E> ? E : never;

declare const plain: tf.Tensor;
declare const byN: Tagged<readonly ['N'], readonly []>;
declare const byM: Tagged<readonly ['M'], readonly []>;
declare const byKN: Tagged<readonly ['K', 'N'], readonly []>;
declare const byND: Tagged<readonly ['N'], readonly ['D']>;

describe('types/dims', () => {
  describe('family factories', () => {
    it('number parameters are scalars: batch [] and event []', () => {
      expectTypeOf(Normal(0, 1)).toEqualTypeOf<NormalDist<readonly [], readonly []>>();
      expectTypeOf<BatchOf<ReturnType<typeof StudentT<3>>>>().toEqualTypeOf<readonly []>();
    });

    it('a tagged parameter carries its dims; [] broadcasts with them; equal dims stay', () => {
      expectTypeOf<BatchOf<typeof _n1>>().toEqualTypeOf<readonly ['N']>();
      expectTypeOf<BatchOf<typeof _n2>>().toEqualTypeOf<readonly ['N']>();
      expectTypeOf<BatchOf<typeof _n3>>().toEqualTypeOf<readonly ['N', 'D']>();
    });

    it('plain tensors and arrays are wide, as are two different named dims', () => {
      expectTypeOf<BatchOf<typeof _w1>>().toEqualTypeOf<Dims>();
      expectTypeOf<BatchOf<typeof _w2>>().toEqualTypeOf<Dims>();
      expectTypeOf<BatchOf<typeof _w3>>().toEqualTypeOf<Dims>();
      // wide dims make values plain tensors, so untyped code is unchanged
      expectTypeOf(_w1.sample([0, 0] as never)).toEqualTypeOf<tf.Tensor>();
    });

    it('MultivariateNormal has one event dim, named from a tagged loc', () => {
      expectTypeOf<EventOf<typeof _mvnPlain>>().toEqualTypeOf<readonly [string]>();
      expectTypeOf<EventOf<typeof _mvnTagged>>().toEqualTypeOf<readonly ['D']>();
      expectTypeOf<BatchOf<typeof _mvnTagged>>().toEqualTypeOf<readonly ['N']>();
    });

    it('Categorical drops the category dim of its probs; Delta takes its event dims from a literal eventDim', () => {
      expectTypeOf<BatchOf<typeof _cat>>().toEqualTypeOf<readonly ['N']>();
      expectTypeOf<EventOf<typeof _cat>>().toEqualTypeOf<readonly []>();
      expectTypeOf<[BatchOf<typeof _delta1>, EventOf<typeof _delta1>]>().toEqualTypeOf<[readonly ['N'], readonly ['D']]>();
      expectTypeOf<[BatchOf<typeof _deltaWide>, EventOf<typeof _deltaWide>]>().toEqualTypeOf<[Dims, readonly [string, string]]>();
      expectTypeOf<EventOf<typeof _delta0>>().toEqualTypeOf<readonly []>();
    });
  });

  describe('toEvent and expand', () => {
    it('toEvent(n) moves the rightmost n batch names into the event', () => {
      const d = Normal(byKN, 1).toEvent(1);
      expectTypeOf<[BatchOf<typeof d>, EventOf<typeof d>]>().toEqualTypeOf<[readonly ['K'], readonly ['N']]>();
      const all = Normal(byKN, 1).toEvent();
      expectTypeOf<[BatchOf<typeof all>, EventOf<typeof all>]>().toEqualTypeOf<[readonly [], readonly ['K', 'N']]>();
      const twice = Normal(byKN, 1).toEvent(1).toEvent(1);
      expectTypeOf<EventOf<typeof twice>>().toEqualTypeOf<readonly ['K', 'N']>();
      const indep = Independent(Normal(byKN, 1), 2);
      expectTypeOf<EventOf<typeof indep>>().toEqualTypeOf<readonly ['K', 'N']>();
    });

    it('with a wide batch the event rank is still known', () => {
      const d = Normal(plain, 1).toEvent(2);
      expectTypeOf<[BatchOf<typeof d>, EventOf<typeof d>]>().toEqualTypeOf<[Dims, readonly [string, string]]>();
    });

    it('expand with a literal shape gives unnamed batch dims: Normal(0, 1).expand([d]).toEvent(1)', () => {
      const d = Normal(0, 1).expand([3]).toEvent(1);
      expectTypeOf<[BatchOf<typeof d>, EventOf<typeof d>]>().toEqualTypeOf<[readonly [], readonly [string]]>();
      const shape: readonly number[] = [3];
      expectTypeOf<BatchOf<ReturnType<typeof _n1.expand<typeof shape>>>>().toEqualTypeOf<Dims>();
    });

    it('expand takes optional names, one per dim', () => {
      const d = Normal(0, 1).expand([3, 4], ['components', 'mini_batch']).toEvent(1);
      expectTypeOf<[BatchOf<typeof d>, EventOf<typeof d>]>().toEqualTypeOf<[readonly ['components'], readonly ['mini_batch']]>();
      // @ts-expect-error -- two dims, one name
      Normal(0, 1).expand([3, 4], ['components']);
    });

    it('rejects toEvent(n) with n above the number of known batch dims', () => {
      // @ts-expect-error -- a scalar Normal has no batch dim to move (parameter of type '0')
      Normal(0, 1).toEvent(1);
      // @ts-expect-error -- batch ['N'] has one dim: '2 & { "Ignis: toEvent(n) moves at most the batch dims": readonly ["N"] }'
      Normal(byN, 1).toEvent(2);
      // @ts-expect-error -- Independent checks the same way
      Independent(Normal(byN, 1), 2);
    });
  });

  describe('sample', () => {
    it("returns a value with the distribution's own dims", () => {
      function* model() {
        const z = yield* sample('z', MultivariateNormal(byND, { scaleTril: withDims(tf.eye(3), [], ['D', 'D']) }));
        expectTypeOf(z).toEqualTypeOf<Value<readonly ['N'], readonly ['D']>>();
        const w = yield* sample('w', Normal(plain, 1));
        expectTypeOf(w).toEqualTypeOf<tf.Tensor>();
      }
      expectTypeOf(model).toBeFunction();
    });

    it('accepts an observed value whose batch dims end with the distribution\'s (plates add dims on the left); rejects other dims', () => {
      function* model(y: Tagged<readonly ['N'], readonly []>, yKN: Tagged<readonly ['K', 'N'], readonly []>, bad: Tagged<readonly ['N'], readonly ['D']>) {
        yield* sample('a', Normal(0, 1), { obs: y });
        yield* sample('b', Normal(byN, 1), { obs: yKN });
        yield* sample('c', Normal(byN, 1), { obs: plain });
        yield* sample('d', Normal(0, 1), { obs: 1.5 });
        // @ts-expect-error -- event dims ['D'] where the Normal has none
        yield* sample('e', Normal(0, 1), { obs: bad });
        // @ts-expect-error -- batch ['M'] does not end with the Normal's batch ['N']
        yield* sample('f', Normal(byN, 1), { obs: byM });
      }
      expectTypeOf(model).toBeFunction();
    });
  });

  describe('plates', () => {
    it('scenario 1: mini_batch at -1 and components at -2 give batch [components, mini_batch]', () => {
      function* model() {
        yield* plate('mini_batch', 4, { dim: -1 }, function* () {
          yield* plate('components', 3, { dim: -2 }, function* () {
            yield* sample('a', Normal(0, 1));
          });
        });
      }
      expectTypeOf<Sites<typeof model>['a']['batch']>().toEqualTypeOf<readonly ['components', 'mini_batch']>();
    });

    it('nested plates without dim allocate -1 to the outer one, then -2 (as at run time)', () => {
      function* model() {
        yield* plate('outer', 4, function* () {
          yield* plate('inner', 3, function* () {
            yield* sample('a', Normal(0, 1));
          });
          yield* sample('b', Normal(0, 1));
        });
      }
      expectTypeOf<Sites<typeof model>['a']['batch']>().toEqualTypeOf<readonly ['inner', 'outer']>();
      expectTypeOf<Sites<typeof model>['b']['batch']>().toEqualTypeOf<readonly ['outer']>();
    });

    it('an auto plate skips the dims enclosing plates claim; uncovered dims are unnamed', () => {
      function* model() {
        yield* plate('outer', 4, { dim: -1 }, function* () {
          yield* plate('inner', 3, function* () {
            yield* sample('a', Normal(0, 1));
          });
        });
        yield* plate('far', 2, { dim: -3 }, function* () {
          yield* sample('b', Normal(byN, 1));
        });
      }
      expectTypeOf<Sites<typeof model>['a']['batch']>().toEqualTypeOf<readonly ['inner', 'outer']>();
      expectTypeOf<Sites<typeof model>['b']['batch']>().toEqualTypeOf<readonly ['far', string, 'N']>();
    });

    it('plate names overwrite the distribution\'s own names at their dims; wide batch and computed dims stay wide', () => {
      function* model(dim: number) {
        yield* plate('N', 5, function* () {
          yield* sample('a', Normal(byKN, 1));
          yield* sample('b', Normal(plain, 1));
        });
        yield* plate('p', 5, { dim }, function* () {
          yield* sample('c', Normal(0, 1));
        });
      }
      expectTypeOf<Sites<typeof model>['a']['batch']>().toEqualTypeOf<readonly ['K', 'N']>();
      expectTypeOf<Sites<typeof model>['b']['batch']>().toEqualTypeOf<Dims>();
      expectTypeOf<Sites<typeof model>['c']['batch']>().toEqualTypeOf<Dims>();
    });
  });
});

const _n1 = Normal(byN, 1);
const _n2 = Normal(0, byN);
const _n3 = Normal(byND, byND);
const _w1 = Normal(plain, 1);
const _w2 = Normal([0, 1], 1);
const _w3 = Normal(byN, byM);
const _mvnPlain = MultivariateNormal(plain, { scaleTril: plain });
const _mvnTagged = MultivariateNormal(byND, { scaleTril: withDims(tf.eye(3), [], ['D', 'D']) });
const _cat = Categorical({ probs: byND });
const _delta1 = Delta(byND, { eventDim: 1 });
const _deltaWide = Delta(plain, { eventDim: 2 });
const _delta0 = Delta(plain);
