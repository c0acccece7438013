import * as tf from '@tensorflow/tfjs-core';
import { describe, expectTypeOf, it } from 'vitest';
import type { AnyModel } from '../../lib/core/effect.js';
import type { Key } from '../../lib/core/key.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { Delta } from '../../lib/distributions/families/delta.js';
import { MultivariateNormal } from '../../lib/distributions/families/multivariate/multivariate-normal.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { condition } from '../../lib/handlers/condition.js';
import type { ELBO } from '../../lib/infer/elbo/elbo.js';
import type { Optimizer } from '../../lib/infer/optim/optimizer.js';
import { SVI } from '../../lib/infer/svi.js';

declare const optim: Optimizer;
declare const loss: ELBO;
const K = 3;
const B = 4;

// Scenario 1 (DESIGN.md §8): a Normal in two plates, mini_batch at dim -1 and components at dim -2.
function* model(x: tf.Tensor) {
  yield* plate('mini_batch', B, { dim: -1 }, function* () {
    yield* plate('components', K, { dim: -2 }, function* () {
      yield* sample('a', Normal(0, 1));
    });
    yield* sample('x', Normal(0, 1).expand([K]).toEvent(1), { obs: x });
  });
}

// The mismatched guide: a full-covariance MVN over components in the mini_batch plate only.
function* mvnGuide(_x: tf.Tensor) {
  const loc = yield* param('loc', tf.zeros([B, K]));
  yield* plate('mini_batch', B, { dim: -1 }, function* () {
    yield* sample('a', MultivariateNormal(loc, { scaleTril: tf.eye(K) }));
  });
}

// Fix (a): the model site is one K-vector per row (.toEvent(1) on transposed parameters).
function* modelToEvent(x: tf.Tensor) {
  yield* plate('mini_batch', B, { dim: -1 }, function* () {
    yield* sample('a', Normal(tf.zeros([B, K]), tf.ones([B, K])).toEvent(1));
    yield* sample('x', Normal(0, 1).expand([K]).toEvent(1), { obs: x });
  });
}

// Fix (b): keep the components plate; the guide samples an auxiliary joint and hands its transpose to a Delta.
function* guideAuxiliary(_x: tf.Tensor) {
  const loc = yield* param('loc', tf.zeros([B, K]));
  const aux = yield* plate('mini_batch', B, { dim: -1 }, function* () {
    return yield* sample('a_aux', MultivariateNormal(loc, { scaleTril: tf.eye(K) }), { infer: { isAuxiliary: true } });
  });
  yield* plate('mini_batch', B, { dim: -1 }, function* () {
    yield* plate('components', K, { dim: -2 }, function* () {
      yield* sample('a', Delta(tf.transpose(aux)));
    });
  });
}

describe('types/svi', () => {
  describe('SVI(model, guide, …) checks the guide against the model', () => {
    it("rejects scenario 1's plated Normal against a guide MultivariateNormal (event dims differ at site 'a')", () => {
      // @ts-expect-error -- '{ readonly "Ignis: event dims differ at site": "a"; readonly model: readonly []; readonly guide: readonly [string]; }'
      SVI(model, mvnGuide, optim, loss);
    });

    it('accepts fix (a): model .toEvent(1) in the mini_batch plate against the guide MultivariateNormal', () => {
      // the runner's arguments follow the model's
      expectTypeOf(SVI(modelToEvent, mvnGuide, optim, loss).init).parameters.toEqualTypeOf<[Key, tf.Tensor]>();
      expectTypeOf(SVI(modelToEvent, mvnGuide, optim, loss).update).toBeFunction();
    });

    it('accepts fix (b): an auxiliary MVN joint and a Delta inside the components plate', () => {
      expectTypeOf(SVI(model, guideAuxiliary, optim, loss).run).toBeFunction();
    });

    it('rejects a guide that lacks a latent site of the model', () => {
      function* m() {
        yield* sample('a', Normal(0, 1));
        yield* sample('b', Normal(0, 1));
      }
      function* g() {
        yield* sample('a', Normal(0, 1));
      }
      // @ts-expect-error -- '{ readonly "Ignis: guide lacks latent site": "b"; }'
      SVI(m, g, optim, loss);
    });

    it('does not ask the guide for observed sites, nor for sites observed by condition', () => {
      function* m(y: tf.Tensor) {
        const a = yield* sample('a', Normal(0, 1));
        const b = yield* sample('b', Normal(a, 1));
        yield* sample('y', Normal(b, 1), { obs: y });
      }
      function* g(_y: tf.Tensor) {
        yield* sample('a', Normal(0, 1));
      }
      // @ts-expect-error -- 'b' is latent in m
      SVI(m, g, optim, loss);
      expectTypeOf(SVI(condition(m, { b: tf.scalar(1) }), g, optim, loss).run).toBeFunction();
    });

    it('widens to the run-time checks with computed names and untyped guides', () => {
      function* m(names: readonly string[]) {
        for (const n of names) yield* sample(n, Normal(0, 1));
      }
      function* g(_names: readonly string[]) {
        yield* sample('a', Normal(0, 1));
      }
      function* typed(_names: readonly string[]) {
        yield* sample('a', Normal(0, 1));
        yield* sample('b', Normal(0, 1));
      }
      const untyped: AnyModel = g;
      expectTypeOf(SVI(m, g, optim, loss).run).toBeFunction();
      expectTypeOf(SVI(typed, m, optim, loss).run).toBeFunction();
      expectTypeOf(SVI(typed, untyped, optim, loss).run).toBeFunction();
    });

    it('accepts an unnamed event dim against any one-dim event (expand([K]).toEvent(1) against an MVN)', () => {
      function* m() {
        yield* sample('a', Normal(0, 1).expand([K]).toEvent(1));
      }
      function* g() {
        yield* sample('a', MultivariateNormal(tf.zeros([K]), { scaleTril: tf.eye(K) }));
      }
      expectTypeOf(SVI(m, g, optim, loss).init).toBeFunction();
    });
  });
});
