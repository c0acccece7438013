import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { IgnisError, ignisError } from '../../lib/core/errors.js';
import { foreignState, nonFiniteUpdate, reportGradient, stepFailure } from '../../lib/infer/svi-errors.js';

describe('infer/svi-errors', () => {
  describe('stepFailure', () => {
    it('a plain Error becomes UserError naming the function and step, the original kept as cause', () => {
      const boom = new Error('boom.');
      const e = stepFailure(boom, { fn: 'SVI.update', step: 5 });
      expect(e).toBeInstanceOf(IgnisError);
      expect(e.tag).toBe('UserError');
      expect(e.cause).toBe(boom);
      expect(e.message).toBe('SVI.update: step 5 failed: boom. The state passed to update() is unchanged and usable (the last good state). Fix the cause, then resume from it.');
    });

    it('an IgnisError keeps its tag and site; its table lines follow the located head', () => {
      const inner = ignisError('ShapeMismatch', { fn: 'Normal', what: 'shapes do not broadcast', site: 'obs', detail: '[3] against [4]', table: 'obs  [3]\nloc  [4]' });
      const e = stepFailure(inner, { fn: 'SVI.evaluate', step: 2 });
      expect([e.tag, e.site]).toEqual(['ShapeMismatch', 'obs']);
      expect(e.message).toBe(
        "SVI.evaluate: step 2 failed at site 'obs': Normal: shapes do not broadcast at site 'obs': [3] against [4]. The state is unchanged. Fix the cause, then resume from it.\nobs  [3]\nloc  [4]",
      );
    });

    it('an error it built passes through unchanged (no second wrapping), as does an init error that already names SVI.init', () => {
      const once = stepFailure(new Error('x'), { fn: 'SVI.update', step: 1 });
      expect(stepFailure(once, { fn: 'SVI.update', step: 1 })).toBe(once);
      const init = ignisError('InvalidArgument', { fn: 'SVI.init', what: "argument 'param name' must not be '__proto__'" });
      expect(stepFailure(init, { fn: 'SVI.init', step: 0 })).toBe(init);
      expect(stepFailure(new Error('y'), { fn: 'SVI.init', step: 0 }).message).toBe('SVI.init: init failed: y. No state was created.');
    });
  });

  it('reportGradient counts NaN and infinite elements and the largest finite |g|', () => {
    const g = tf.tensor1d([NaN, Infinity, -3, 2]);
    expect(reportGradient('w', g)).toEqual({ name: 'w', size: 4, nan: 1, infinite: 1, largest: 3 });
    expect(reportGradient('w', undefined)).toEqual({ name: 'w', size: 0, nan: 0, infinite: 0, largest: 0 });
    g.dispose();
  });

  it('nonFiniteUpdate names the step, every param and what its gradient held; foreignState is ParamMismatch naming both sets', () => {
    const e = nonFiniteUpdate('SVI.update', 3, 1.5, [{ name: 'a', size: 2, nan: 2, infinite: 0, largest: 0 }, { name: 'b', size: 1, nan: 0, infinite: 1, largest: 0 }]);
    expect([e.tag, e.site]).toEqual(['NonFiniteGradient', 'a']);
    expect(e.message).toMatch(
      /^SVI\.update: non-finite update of params 'a', 'b' at step 3: the gradient of 'a' has 2 NaN of 2 elements; the gradient of 'b' has 1 infinite of 1 element \(the loss, 1\.5, is finite\)\. The state passed to update\(\) is unchanged/,
    );
    const f = foreignState('SVI.update', 1, ['x'], ['loc_q']);
    expect(f.tag).toBe('ParamMismatch');
    expect(f.message).toMatch(/^SVI\.update: the state does not belong to this model and guide at step 1: the model and guide read the params 'loc_q', the state holds 'x'\./);
  });
});
