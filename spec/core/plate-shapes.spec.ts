/**
 * Site-shape checks (Pyro's `check_site_shape` and `BroadcastMessenger`, and the observations
 * Ignis never broadcasts silently), restating Pyro's tests/infer/test_valid_models.py where it
 * has the case (test_nested_plate_plate_dim_error_*, test_plate_param_size_mismatch_error), on
 * both backends.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../../lib/core/effect.js';
import { IgnisError } from '../../lib/core/errors.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { logJoint } from '../../lib/core/log-density.js';
import { unitInterval } from '../../lib/distributions/constraints/index.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { Bernoulli } from '../../lib/distributions/families/discrete/bernoulli.js';
import { onBackends } from '../helpers/backends.js';
import { assertOk } from '../helpers/pyro-valid.js';

const simulated = (model: AnyModel, ...args: unknown[]) => () => tf.tidy(() => void simulate(model, { key: prngKey(0) })(...args));

/** The error `run` throws (it must throw an IgnisError). */
function errorOf(run: () => void): IgnisError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(IgnisError);
    return e as IgnisError;
  }
  throw new Error('expected an error');
}

describe('core/plate-shapes', () => {
  onBackends(() => {
    describe('batch dims no plate declares', () => {
      it('batch [5, 5] inside one plate at dim -1 is a ShapeMismatch naming the site, the dim and the plate, with the shape table', () => {
        function* model() {
          yield* plate('p', 5, function* () {
            yield* sample('x', Normal(tf.zeros([5, 5]), 1));
          });
        }
        const e = errorOf(simulated(model));
        expect(e.tag).toBe('ShapeMismatch');
        expect(e.site).toBe('x');
        expect(e.message).toContain(
          "sample: batch dim not declared by a plate at site 'x': the Normal's batch shape [5, 5] has size 5 at dim -2, which no plate declares (inside plate 'p' (dim -1, size 5)). Enter a plate of size 5 at dim -2, move the dim into the event with .toEvent(n), or give the parameters size 1 there.",
        );
        expect(e.message).toMatch(/Trace Shapes:[\s\S]*Sample Sites:/);
      });

      it('test_nested_plate_plate_dim_error_1 and _3: a hidden size-5 or size-6 dim left of the plates', () => {
        const p = tf.tensor1d([0.5]);
        function* error1() {
          yield* plate('plate_outer', 10, { subsampleSize: 5 }, function* () {
            yield* sample('x', Bernoulli(p).expand([5, 1])); // Pyro: expand_by([5]) of a [1] batch
          });
        }
        function* error3() {
          yield* plate('plate_outer', 10, { subsampleSize: 5 }, function* () {
            yield* plate('plate_inner', 11, { subsampleSize: 6 }, function* () {
              yield* sample('z', Bernoulli(p).expand([6, 1, 1]));
            });
          });
        }
        expect(simulated(error1)).toThrow(/batch dim not declared by a plate at site 'x': the Bernoulli's batch shape \[5, 1\] has size 5 at dim -2/);
        expect(simulated(error3)).toThrow(/at site 'z': the Bernoulli's batch shape \[6, 1, 1\] has size 6 at dim -3, which no plate declares \(inside plates 'plate_outer' \(dim -1, size 5 of 10\), 'plate_inner' \(dim -2, size 6 of 11\)\)/);
        p.dispose();
      });

      it('keeps what Pyro accepts: batch dims moved into the event, size-1 dims, batch dims outside every plate', () => {
        function* model() {
          yield* sample('w', Normal(tf.zeros([3]), 1)); // outside plates: a free batch dim
          yield* plate('p', 5, function* () {
            yield* sample('x', Normal(tf.zeros([5, 5]), 1).toEvent(1));
            yield* sample('y', Normal(tf.zeros([1, 1, 5]), 1));
          });
          yield* plate('q', 4, { dim: -1 }, function* () {
            yield* plate('r', 3, { dim: -2 }, function* () {
              yield* sample('z', Normal(tf.zeros([4]), 1)); // broadcast to [3, 4]
            });
          });
        }
        expect(simulated(model)).not.toThrow();
      });
    });

    describe('observations are never broadcast silently', () => {
      it("obs of shape [100, 1] in plate('data', 100) is an error naming the site, the plate and the dim (it would be a 100x loss)", () => {
        const data = tf.randomNormal([100, 1], 0, 1, 'float32', 3);
        function* model(x: tf.Tensor) {
          const mu = yield* sample('mu', Normal(0, 1));
          yield* plate('data', 100, function* () {
            yield* sample('obs', Normal(mu, 1), { obs: x });
          });
        }
        const e = errorOf(simulated(model, data));
        expect(e.tag).toBe('ShapeMismatch');
        expect(e.message).toContain(
          "sample: value would broadcast the log-density at site 'obs': value shape [100, 1] (batch [100, 1]) against the site's batch shape [100] inside plate 'data' (dim -1, size 100) would give a log-density of shape [100, 100]: at dim -2 the value has size 100 where the site has size 1 (or no such dim).",
        );
        // the same data of shape [100] is fine, and gives the 100-term log-density
        tf.tidy(() => {
          const ok = simulate(model, { key: prngKey(0) })(tf.reshape(data, [100]));
          const mu = ok.sites.get('mu')!.value.dataSync()[0]!;
          const x = data.dataSync();
          let expected = -0.5 * mu * mu - 0.5 * Math.log(2 * Math.PI);
          for (const v of x) expected += -0.5 * (v - mu) ** 2 - 0.5 * Math.log(2 * Math.PI);
          expect(Math.abs(logJoint(ok).dataSync()[0]! - expected)).toBeLessThan(1e-5 * Math.abs(expected));
        });
        data.dispose();
      });

      it('a plate of size 1 with 100 observations is an error naming the plate', () => {
        function* model() {
          yield* plate('data', 1, function* () {
            yield* sample('obs', Normal(0, 1), { obs: tf.zeros([100]) });
          });
        }
        expect(simulated(model)).toThrow(/value would broadcast the log-density at site 'obs'.*inside plate 'data' \(dim -1, size 1\).*at dim -1 the value has size 100 where plate 'data' has size 1/);
      });

      it('a guide plate of 50 against a model plate of 100 is a ModelGuideMismatch naming the plate and both sizes', () => {
        function* model() {
          yield* plate('data', 100, function* () {
            yield* sample('z', Normal(0, 1));
          });
        }
        function* guide() {
          const loc = yield* param('loc', 0);
          yield* plate('data', 50, function* () {
            yield* sample('z', Normal(loc, 1));
          });
        }
        expect(() => assertOk(model, guide)).toThrow(/replay: plate 'data' has another size in the replayed trace at site 'data': size 100 here, size 50 \(50 used, dim -1\) in the trace/);
      });

      it("keeps Pyro's unplated i.i.d. observations and a value smaller than the batch", () => {
        function* model() {
          const mu = yield* sample('mu', Normal(0, 1));
          yield* sample('iid', Normal(mu, 1), { obs: tf.zeros([100]) }); // no plate: a scalar distribution over 100 values
          yield* plate('data', 7, function* () {
            yield* sample('same', Normal(mu, 1), { obs: tf.scalar(0.5) }); // one value for every plate entry
          });
        }
        expect(simulated(model)).not.toThrow();
        function* misaligned() {
          yield* sample('v', Normal(tf.zeros([100]), 1), { obs: tf.zeros([100, 1]) });
        }
        expect(simulated(misaligned)).toThrow(/value would broadcast the log-density at site 'v'.*outside every plate/);
      });
    });

    describe('params inside plates (Pyro: "invalid shape of pyro.param")', () => {
      // test_plate_param_size_mismatch_error: plate('plate', 10, subsample_size), param('p0', ones(shape), event_dim=0)
      const cases: readonly (readonly [readonly number[], boolean])[] = [
        [[], true],
        [[1], true],
        [[10], true],
        [[3, 1], true],
        [[3, 10], true],
        [[5], false],
        [[3, 5], false],
      ];
      for (const subsampleSize of [undefined, 5]) {
        it.each(cases)(`subsampleSize ${String(subsampleSize)}: shape %j ok = %s`, (shape, ok) => {
          const options = subsampleSize === undefined ? {} : { subsampleSize };
          function* model() {
            yield* plate('plate', 10, options, function* () {
              yield* sample('x', Bernoulli(0.5));
            });
          }
          function* guide() {
            yield* plate('plate', 10, options, function* () {
              yield* param('p0', tf.ones([...shape]), { eventDim: 0 });
              const p = yield* param('p', tf.fill([10], 0.5), { eventDim: 0, constraint: unitInterval });
              yield* sample('x', Bernoulli(p));
            });
          }
          if (ok) assertOk(model, guide);
          else expect(() => assertOk(model, guide)).toThrow(/invalid shape of param inside (subsampled )?plate 'plate' at site 'p0'.*has 5 along dim -1.*size 10/);
        });
      }

      it("checks each full plate at the param's own dims (eventDim 1: dim plate.dim - 1)", () => {
        function* model() {
          yield* plate('rows', 4, function* () {
            yield* param('w', tf.ones([3, 2]), { eventDim: 1 }); // dim -2 has 3, the plate 4
          });
        }
        expect(simulated(model)).toThrow(/invalid shape of param inside plate 'rows' at site 'w': shape \[3, 2\] with eventDim 1 has 3 along dim -2; plate 'rows' \(dim -1\) has size 4/);
      });
    });
  });
});
