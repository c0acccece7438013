import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { logDensity, logJoint } from '../../lib/core/log-density.js';
import { run } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { plate, sample } from '../../lib/core/primitives.js';
import { sampleSites, siteLogProb } from '../../lib/core/trace.js';
import { Gamma } from '../../lib/distributions/families/continuous/gamma.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { describeBackends } from '../helpers/backends.js';
import { ROWS, longData, normalLogLik, relativeError } from '../helpers/long-sums.js';

function* longModel(x: tf.Tensor) {
  const loc = yield* sample('loc', Normal(0, 10));
  yield* plate('data', ROWS, function* () {
    yield* sample('obs', Normal(loc, 1.5), { obs: x });
  });
}

describeBackends('core/log-density', () => {
  const data = longData();
  const loc = Math.fround(2.9);
  // log N(loc | 0, 10²) + Σ log N(xᵢ | loc, 1.5²), in float64 from the float32 data
  const reference = normalLogLik([loc], 0, 10) + normalLogLik(data, loc, 1.5);

  it('logDensity over a plate of 10⁶ rows is within 1e-6 relative of a float64 reference (float32 sums miss by ~1e-4)', () => {
    const x = tf.tensor1d(data);
    const lp = tf.tidy(() => logDensity(longModel, { loc: tf.scalar(loc) })(x).dataSync()[0]!);
    expect(relativeError(lp, reference)).toBeLessThan(1e-6);
    x.dispose();
  });

  // The value is reduced in float64; the gradient's broadcast reduction in loc is tfjs's own
  // backward pass (float32 sums: 5.6e-5 relative on wasm, ~1e-8 on cpu), hence 2e-4 here.
  it('its gradient in loc is within 2e-4 relative of the float64 Σ (xᵢ − loc)/1.5² − loc/10²', () => {
    const x = tf.tensor1d(data);
    let expected = -loc / 100;
    for (const xi of data) expected += (xi - loc) / 2.25;
    const g = tf.tidy(() => tf.grad((l: tf.Tensor) => logDensity(longModel, { loc: l })(x))(tf.scalar(loc)).dataSync()[0]!);
    expect(relativeError(g, expected)).toBeLessThan(2e-4);
    x.dispose();
  });

  it('logJoint equals the sum of every site’s scaled, masked log-density (a family without a density kernel included)', () => {
    function* model() {
      const rate = yield* sample('rate', Gamma(2, 3));
      yield* plate('items', 4, function* () {
        yield* sample('y', Normal(rate, 2), { obs: tf.tensor1d([0.5, 1, -2, 3]), mask: tf.tensor1d([1, 0, 1, 1], 'bool') });
      });
    }
    tf.tidy(() => {
      const trace = run(model, [], { key: prngKey(3) });
      const expected = sampleSites(trace).reduce((s, site) => s + tf.sum(siteLogProb(site, trace)).dataSync()[0]!, 0);
      expect(logJoint(trace).dataSync()[0]).toBeCloseTo(expected, 5);
    });
  });

  it('leaves no tensor behind', () => {
    const x = tf.tensor1d([1, 2, 3]);
    function* small(y: tf.Tensor) {
      const m = yield* sample('m', Normal(0, 1));
      yield* plate('d', 3, function* () {
        yield* sample('y', Normal(m, 1), { obs: y });
      });
    }
    const m = tf.scalar(0.5);
    const before = tf.memory().numTensors;
    logDensity(small, { m })(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, m]);
  });
});
