import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { param } from '../../lib/core/primitives.js';
import { setWarningSink } from '../../lib/core/warn.js';

function* withParams() {
  yield* param('a', 1);
  yield* param('b', 2);
}

describe('core/param-check', () => {
  afterEach(() => {
    setWarningSink((m) => console.warn(m));
  });

  describe('simulate (checkGivenParams, warnings only: the trace is the caller’s)', () => {
    it('warns when none of the given params is read (another model’s params), naming both sides', () => {
      const warnings: string[] = [];
      setWarningSink((m) => warnings.push(m));
      const given = { x: tf.scalar(0), y: tf.scalar(0) };
      const trace = simulate(withParams, { key: prngKey(0), params: given })();
      expect(warnings).toEqual([
        "simulate: the params given match no param the model reads: given 'x', 'y'; read 'a', 'b', which take their initial values. Pass the params of this model (RunResult.params, or svi.getParams(state) of an SVI over it, or loadParams of a file saved from it).",
      ]);
      expect(trace.sites.get('a')!.value.dataSync()[0]).toBe(1);
      tf.dispose(Object.values(given));
    });

    it('warns about the params left at their initial values when only some are given', () => {
      const warnings: string[] = [];
      setWarningSink((m) => warnings.push(m));
      const given = { a: tf.scalar(5) };
      simulate(withParams, { key: prngKey(0), params: given })();
      expect(warnings).toEqual(["simulate: param 'b' is not among the params given; it takes its initial value."]);
      tf.dispose(Object.values(given));
    });

    it('is silent when every param is given (extra names, e.g. a guide’s, are fine) or none is', () => {
      const warnings: string[] = [];
      setWarningSink((m) => warnings.push(m));
      const given = { a: tf.scalar(5), b: tf.scalar(6), guide_loc: tf.scalar(0) };
      simulate(withParams, { key: prngKey(0), params: given })();
      simulate(withParams, { key: prngKey(0) })();
      simulate(withParams, { key: prngKey(0), params: {} })();
      expect(warnings).toEqual([]);
      tf.dispose(Object.values(given));
    });
  });
});
