/**
 * `guide.dispose()` (lib/infer/autoguide/guide.ts, `prototypeMemo`): an autoguide keeps the
 * tensors its model built during the prototype trace that its supports and transforms reach
 * (a `Uniform(0, 10)`'s bounds) for its lifetime; `dispose` releases exactly those. Checked on
 * every autoguide and on an `AutoGuideList`, both backends: after a fit, disposing the results
 * and the guide brings `tf.memory().numTensors` back to where it was before the guide first ran
 * (without `dispose` it is 2 above: the bounds), `dispose` is idempotent, a method that needs the
 * prototype after it raises `ReleasedState`, a later run traces again, and tensors the model did
 * not create (its arguments) are never disposed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import type { AnyModel } from '../../../lib/core/effect.js';
import { IgnisError } from '../../../lib/core/errors.js';
import { prngKey } from '../../../lib/core/key.js';
import { sample } from '../../../lib/core/primitives.js';
import { Normal, Uniform } from '../../../lib/distributions/index.js';
import { block } from '../../../lib/handlers/block.js';
import {
  AutoDelta,
  AutoDiagonalNormal,
  AutoGuideList,
  AutoIAFNormal,
  AutoLaplaceApproximation,
  AutoLowRankMultivariateNormal,
  AutoMultivariateNormal,
  AutoNormal,
  AutoStructured,
} from '../../../lib/infer/autoguide/index.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';
import { ClippedAdam } from '../../../lib/infer/optim/adam.js';
import { SVI } from '../../../lib/infer/svi.js';
import { describeBackends } from '../../helpers/backends.js';
import { disposeState } from './fixtures.js';

/** Uniform(0, 10) bounds built in the model (owned by the guide); `high` given as an argument (the user's). */
function* model(high: tf.Tensor) {
  const rate = yield* sample('rate', Uniform(0, 10));
  const w = yield* sample('w', Uniform(tf.scalar(-1), high));
  yield* sample('y', Normal(tf.add(rate, w), 1), { obs: tf.scalar(3) });
}

interface Disposable {
  (...args: [tf.Tensor]): Generator<never, unknown, unknown>;
  dispose(): void;
  median(params: Record<string, tf.Tensor>): Record<string, tf.Tensor>;
}
const guides: Record<string, () => Disposable> = {
  AutoDelta: () => AutoDelta(model) as unknown as Disposable,
  AutoNormal: () => AutoNormal(model) as unknown as Disposable,
  AutoDiagonalNormal: () => AutoDiagonalNormal(model) as unknown as Disposable,
  AutoMultivariateNormal: () => AutoMultivariateNormal(model) as unknown as Disposable,
  AutoLowRankMultivariateNormal: () => AutoLowRankMultivariateNormal(model) as unknown as Disposable,
  AutoLaplaceApproximation: () => AutoLaplaceApproximation(model) as unknown as Disposable,
  AutoIAFNormal: () => AutoIAFNormal(model, { hiddenDim: 4, numTransforms: 1 }) as unknown as Disposable,
  AutoStructured: () => AutoStructured(model) as unknown as Disposable,
  AutoGuideList: () =>
    AutoGuideList(model, [AutoDelta(block(model, { hide: ['w'] })), AutoNormal(block(model, { hide: ['rate'] }))]) as unknown as Disposable,
};

/** Fit a few steps and dispose everything the fit returned (not the guide). */
function fit(guide: Disposable, high: tf.Tensor): Record<string, tf.Tensor> {
  const svi = SVI(model as AnyModel, guide as unknown as AnyModel, ClippedAdam({ lr: 0.01 }), TraceELBO());
  const { params, state } = svi.run(prngKey(0), 3, [high]);
  disposeState(state);
  return params;
}

describeBackends('infer/autoguide/guide: dispose', () => {
  for (const [name, make] of Object.entries(guides)) {
    it(`${name}: fit + dispose leaves numTensors where it started; idempotent; ReleasedState after; a later run retraces`, () => {
      const high = tf.scalar(2);
      const before = tf.memory().numTensors;
      const guide = make();
      const params = fit(guide, high);
      const median = guide.median(params);
      tf.dispose([...Object.values(params), ...Object.values(median)]);
      // the guide keeps the model's two Uniform(0, 10) bounds and the Uniform(-1, high)'s low; not `high`
      expect(tf.memory().numTensors - before, 'kept by the guide before dispose').toBe(3);
      guide.dispose();
      expect(tf.memory().numTensors - before, 'after dispose').toBe(0);
      expect(high.isDisposed, "the model's argument is the user's").toBe(false);
      guide.dispose();
      expect(tf.memory().numTensors - before, 'dispose is idempotent').toBe(0);

      let caught: unknown;
      try {
        guide.median({});
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(IgnisError);
      expect((caught as IgnisError).tag).toBe('ReleasedState');
      // a list's median asks its first part, renamed by position
      const fn = name === 'AutoGuideList' ? 'AutoGuideList.0' : name;
      // (a flow's median is empirical: it draws through sampleLatent)
      expect((caught as IgnisError).message).toMatch(new RegExp(`^${fn.replace('.', '\\.')}\\.(median|sampleLatent): the guide's prototype was released`));

      // a later use traces again and works
      const again = fit(guide, high);
      const m = guide.median(again);
      const rate = m.rate!.dataSync()[0]!;
      expect(rate).toBeGreaterThan(0);
      expect(rate).toBeLessThan(10);
      tf.dispose([...Object.values(again), ...Object.values(m)]);
      guide.dispose();
      expect(tf.memory().numTensors - before, 'after the second fit and dispose').toBe(0);
      high.dispose();
    });
  }
});
