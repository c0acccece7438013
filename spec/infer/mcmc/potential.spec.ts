import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import { plate, sample } from '../../../lib/core/primitives.js';
import { LogNormal } from '../../../lib/distributions/families/continuous/log-normal.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import { potentialEnergy } from '../../../lib/infer/mcmc/potential.js';
import { onBackends } from '../../helpers/backends.js';

const y = [0.5, 2.0, 1.2];
const logNormalPdf = (x: number, m: number, s: number): number => -Math.log(x) - Math.log(s) - 0.5 * Math.log(2 * Math.PI) - 0.5 * ((Math.log(x) - m) / s) ** 2;
const normalPdf = (x: number, m: number, s: number): number => -Math.log(s) - 0.5 * Math.log(2 * Math.PI) - 0.5 * ((x - m) / s) ** 2;

/** U(mu, log s) in float64: −[log N(mu; 1, 2) + log LogNormal(s; 0, 1) + log s + Σ log N(y; mu, s)]. */
function exactU(mu: number, u: number): number {
  const s = Math.exp(u);
  return -(normalPdf(mu, 1, 2) + logNormalPdf(s, 0, 1) + u + y.reduce((a, yi) => a + normalPdf(yi, mu, s), 0));
}

function* model(data: tf.Tensor) {
  const mu = yield* sample('mu', Normal(1, 2));
  const s = yield* sample('s', LogNormal(0, 1));
  yield* plate('data', 3, function* () {
    yield* sample('y', Normal(mu, s), { obs: data });
  });
}

describe('potential', () => {
  onBackends(() => {
    describe('potentialEnergy', () => {
      it('is −log p(x, z) − log|det J| in unconstrained space, with its gradient (float64 closed form, finite differences)', () => {
        const data = tf.tensor1d(y);
        const pot = potentialEnergy(model, [data], 'NUTS');
        expect(pot.dim).toBe(2);
        const grad = new Float64Array(2);
        for (const [mu, u] of [
          [0.3, -0.2],
          [2.5, 0.7],
        ] as const) {
          const value = pot.valueAndGrad(Float64Array.of(mu, u), grad);
          // float32 inputs and model ops: ~1e-6 relative
          expect(Math.abs(value / exactU(mu, u) - 1)).toBeLessThan(2e-6);
          expect(pot.value(Float64Array.of(mu, u))).toBeCloseTo(value, 5);
          const h = 1e-5;
          const fd = [(exactU(mu + h, u) - exactU(mu - h, u)) / (2 * h), (exactU(mu, u + h) - exactU(mu, u - h)) / (2 * h)];
          fd.forEach((g, i) => expect(Math.abs(grad[i]! - g)).toBeLessThan(1e-4 * Math.max(1, Math.abs(g))));
        }
        data.dispose();
      });

      it('leaves no tensors behind over many evaluations', () => {
        const data = tf.tensor1d(y);
        const pot = potentialEnergy(model, [data], 'NUTS');
        const grad = new Float64Array(2);
        pot.valueAndGrad(Float64Array.of(0, 0), grad);
        const before = tf.memory().numTensors;
        for (let i = 0; i < 200; i++) pot.valueAndGrad(Float64Array.of(0.01 * i, -0.01 * i), grad);
        expect(tf.memory().numTensors).toBe(before);
        data.dispose();
      });

      it('constrain maps unconstrained rows to each site, [n, ...siteShape]', () => {
        const data = tf.tensor1d(y);
        const pot = potentialEnergy(model, [data], 'NUTS');
        const out = pot.constrain(Float64Array.of(0.5, 0, -1, Math.log(2)), 2);
        expect(out.mu!.shape).toEqual([2]);
        expect(Array.from(out.mu!.dataSync())).toEqual([0.5, -1]);
        const s = out.s!.dataSync();
        expect(s[0]).toBeCloseTo(1, 6);
        expect(s[1]).toBeCloseTo(2, 6);
        for (const t of Object.values(out)) t.dispose();
        data.dispose();
      });
    });
  });

  it('rejects a model without continuous latent sites', () => {
    function* observedOnly() {
      yield* sample('x', Normal(0, 1), { obs: tf.scalar(1) });
    }
    expect(() => potentialEnergy(observedOnly, [], 'NUTS')).toThrow(IgnisError);
    expect(() => potentialEnergy(observedOnly, [], 'NUTS')).toThrow(/NUTS: the model has no continuous latent sites/);
  });
});
