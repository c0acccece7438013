/**
 * TransformReparam: the base site, the pushed-forward value and the log-density without a
 * Jacobian, against closed forms (Pyro's semantics: `x_base ~ base`, `x = T(x_base)` recorded
 * with log-density 0). Float32 of a few ops: 1e-5 relative.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { run } from '../../../lib/core/interpret.js';
import { prngKey } from '../../../lib/core/key.js';
import { logJoint } from '../../../lib/core/log-density.js';
import { plate, sample } from '../../../lib/core/primitives.js';
import { siteLogProb } from '../../../lib/core/trace.js';
import { Normal, TransformedDistribution, transforms } from '../../../lib/distributions/index.js';
import { condition } from '../../../lib/handlers/condition.js';
import { reparam } from '../../../lib/handlers/reparam.js';
import { TransformReparam } from '../../../lib/infer/reparam/transform.js';
import { onBackends } from '../../helpers/backends.js';

const LOG_2PI = Math.log(2 * Math.PI);
const normalLp = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;

/** x ~ exp(Normal(0.3, 0.5)) · 2 + 1 in a plate of 2, observed y ~ Normal(x, 1). */
function* model(y: tf.Tensor) {
  yield* plate('p', 2, function* () {
    const x = yield* sample('x', TransformedDistribution(Normal(0.3, 0.5), [transforms.ExpTransform(), transforms.AffineTransform(1, 2)]));
    yield* sample('y', Normal(x, 1), { obs: y });
  });
}

describe('infer/reparam/transform', () => {
  onBackends(() => {
    describe('TransformReparam', () => {
      it('samples the base as ${name}_base and records x = T(x_base) with log-density 0', () => {
        tf.tidy(() => {
          const m = reparam(model, { config: { x: TransformReparam() } });
          const trace = run(m, [tf.tensor1d([2, 4])], { key: prngKey(3) });
          const base = trace.sites.get('x_base');
          const x = trace.sites.get('x');
          if (base?.type !== 'sample' || x?.type !== 'sample') throw new Error('missing sites');
          expect(base.isObserved).toBe(false);
          expect(base.fn.family).toBe('Normal');
          expect(base.value.shape).toEqual([2]);
          const expected = Array.from(base.value.dataSync()).map((b) => 1 + 2 * Math.exp(b));
          Array.from(x.value.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
          expect(x.isObserved).toBe(true);
          expect(Array.from(siteLogProb(x).dataSync())).toEqual([0, 0]);
        });
      });

      it('pulls an x conditioned inside reparam back to the base (no Jacobian term in the log-density)', () => {
        tf.tidy(() => {
          const xs = [2.5, 1.7];
          const m = reparam(condition(model, { x: tf.tensor1d(xs) }), { config: { x: TransformReparam() } });
          const trace = run(m, [tf.tensor1d([2, 4])]);
          const base = trace.sites.get('x_base');
          if (base?.type !== 'sample') throw new Error('missing x_base');
          expect(base.isObserved).toBe(true);
          const bases = xs.map((x) => Math.log((x - 1) / 2));
          Array.from(base.value.dataSync()).forEach((b, i) => expect(b).toBeCloseTo(bases[i]!, 5));
          const expected = bases.reduce((s, b) => s + normalLp(b, 0.3, 0.5), 0) + normalLp(2, xs[0]!, 1) + normalLp(4, xs[1]!, 1);
          expect(logJoint(trace).dataSync()[0]).toBeCloseTo(expected, 4);
        });
      });

      it('keeps the event dims of a toEvent site on the base', () => {
        tf.tidy(() => {
          const m = reparam(
            function* () {
              yield* sample('v', TransformedDistribution(Normal(tf.zeros([3]), 1), transforms.ExpTransform()).toEvent(1));
            },
            { config: { v: TransformReparam() } },
          );
          const trace = run(m, [], { key: prngKey(0) });
          const base = trace.sites.get('v_base');
          if (base?.type !== 'sample') throw new Error('missing v_base');
          expect(base.fn.eventShape).toEqual([3]);
          expect(siteLogProb(base).shape).toEqual([]);
        });
      });
    });
  });

  it("names the site when it is not a TransformedDistribution, and leaks nothing", () => {
    const before = tf.memory().numTensors;
    const m = reparam(model, { config: { y: TransformReparam() } });
    expect(() => tf.tidy(() => { run(m, [tf.tensor1d([2, 4])], { key: prngKey(0) }); })).toThrow(
      /TransformReparam: not a TransformedDistribution at site 'y': the site's distribution is Normal/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
