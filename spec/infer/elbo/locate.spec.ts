import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { param, plate, sample } from '../../../lib/core/primitives.js';
import { run } from '../../../lib/core/interpret.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import { setValidation } from '../../../lib/distributions/util.js';
import { locationOf, nonFiniteValues, runLocated } from '../../../lib/infer/elbo/locate.js';

function* model(fail: 'none' | 'before' | 'in-plate') {
  if (fail === 'before') throw new Error('at the start');
  const m = yield* param('m', 0);
  const z = yield* sample('z', Normal(m, 1));
  yield* plate('outer', 2, function* () {
    yield* plate('inner', 3, function* () {
      if (fail === 'in-plate') throw new Error('deep inside');
      yield* sample('w', Normal(z, 1));
    });
  });
}

describe('infer/elbo/locate', () => {
  describe('runLocated', () => {
    it('returns the trace when the program runs', () => {
      tf.tidy(() => {
        expect([...runLocated('model', model, ['none'], { key: prngKey(0) }).sites.keys()]).toEqual(['m', 'z', 'outer', 'inner', 'w']);
      });
    });

    it('attaches where the program stopped: which program, the last site reached, the plates it was in', () => {
      for (const [fail, lastSite, plates] of [
        ['before', undefined, []],
        ['in-plate', 'z', ['outer', 'inner']],
      ] as const) {
        let error: unknown;
        tf.tidy(() => {
          try {
            runLocated('guide', model, [fail], { key: prngKey(0) });
          } catch (e) {
            error = e;
          }
        });
        expect(locationOf(error)).toEqual({ program: 'guide', lastSite, plates, nonFiniteGuideValues: [] });
      }
      expect(locationOf(new Error('unlocated'))).toBeUndefined();
    });

    it('names the guide sites whose values are not finite (for a model failing downstream of them)', () => {
      const validation = setValidation(false); // a Normal with an infinite loc, as a diverged guide would hold
      tf.tidy(() => {
        const guideTrace = run(model, ['none'], { key: prngKey(0), params: { m: tf.scalar(Infinity) } });
        expect(nonFiniteValues(guideTrace)).toEqual(['z', 'w']);
        let error: unknown;
        try {
          runLocated('model', model, ['in-plate'], { key: prngKey(1) }, guideTrace);
        } catch (e) {
          error = e;
        }
        expect(locationOf(error)?.nonFiniteGuideValues).toEqual(['z', 'w']);
      });
      setValidation(validation);
    });
  });
});
