/**
 * LocScaleReparam against Pyro 1.8.6 (golden `reparam` section, float64): the site value
 * `theta`, each site's log-density and the model's log-density for centered 0, 0.5, 1 (number)
 * and a tensor 1, on both backends.
 *
 * Tolerance: rtol 1e-5, atol 1e-6 (WAVE2_TOL): inputs rounded to float32, a few ops each
 * (pow, exp, a Normal log-density), 1–3 ulp transcendental functions on wasm; the model's
 * log-density is a sum of 8 O(1) terms, well inside 1e-5 relative.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { run } from '../../../lib/core/interpret.js';
import { logJoint } from '../../../lib/core/log-density.js';
import { plate, sample } from '../../../lib/core/primitives.js';
import { sampleSites, siteLogProb } from '../../../lib/core/trace.js';
import { Gamma, Normal } from '../../../lib/distributions/index.js';
import { condition } from '../../../lib/handlers/condition.js';
import { reparam } from '../../../lib/handlers/reparam.js';
import { LocScaleReparam } from '../../../lib/infer/reparam/loc-scale.js';
import { onBackends } from '../../helpers/backends.js';
import { WAVE2_TOL, expectCloseTo, wave2 } from '../../helpers/golden-wave2.js';

interface GoldenSite {
  readonly name: string;
  readonly value: number | readonly number[];
  readonly log_prob: number | readonly number[];
  readonly is_observed: boolean;
  readonly masked: boolean;
}
interface ReparamCase {
  readonly case: string;
  readonly centered: number;
  readonly inputs: Readonly<Record<string, number | readonly number[]>>;
  readonly theta: readonly number[];
  readonly sites: readonly GoldenSite[];
  readonly log_density: number;
}
const golden = (wave2 as unknown as { reparam: { sigma: number[]; y: number[]; cases: ReparamCase[] } }).reparam;

/** Pyro's model of the golden section (mu ~ N(0, 2), log_tau ~ N(0, 1), theta in plate J of 3). */
function* model(sigma: tf.Tensor, y: tf.Tensor) {
  const mu = yield* sample('mu', Normal(0, 2));
  const logTau = yield* sample('log_tau', Normal(0, 1));
  yield* plate('J', 3, function* () {
    const theta = yield* sample('theta', Normal(mu, tf.exp(logTau)));
    yield* sample('y', Normal(theta, sigma), { obs: y });
  });
}

const centeredOf = (c: ReparamCase): number | tf.Tensor => (c.case.includes('torch.tensor') ? tf.scalar(c.centered) : c.centered);

describe('infer/reparam/loc-scale', () => {
  onBackends(() => {
    describe('LocScaleReparam (golden, Pyro 1.8.6)', () => {
      for (const c of golden.cases) {
        it(`${c.case}: theta, every site's log-density and the model's log-density`, () => {
          tf.tidy(() => {
            const data = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, tf.tensor(v as number[] | number)]));
            const reparameterized = condition(reparam(model, { config: { theta: LocScaleReparam({ centered: centeredOf(c) }) } }), data);
            const trace = run(reparameterized, [tf.tensor1d(golden.sigma), tf.tensor1d(golden.y)]);
            expect(sampleSites(trace).map((s) => s.name)).toEqual(c.sites.map((s) => s.name));
            for (const g of c.sites) {
              const site = trace.sites.get(g.name);
              if (site?.type !== 'sample') throw new Error(`no sample site ${g.name}`);
              expectCloseTo(site.value, g.value, WAVE2_TOL, `${g.name} value`);
              expectCloseTo(siteLogProb(site), g.log_prob, WAVE2_TOL, `${g.name} log_prob`);
              expect(site.isObserved, `${g.name} observed`).toBe(g.is_observed);
            }
            const theta = trace.sites.get('theta');
            expectCloseTo(theta!.value, c.theta, WAVE2_TOL, 'theta');
            expectCloseTo(logJoint(trace), c.log_density, WAVE2_TOL, 'log_density');
          });
        });
      }
    });
  });

  describe('LocScaleReparam (learnable)', () => {
    it("creates a param '${name}_centered' on the unit interval, initialized at 0.5, and matches centered 0.5", () => {
      tf.tidy(() => {
        const c = golden.cases.find((k) => k.centered === 0.5)!;
        const data = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, tf.tensor(v as number[] | number)]));
        const trace = run(condition(reparam(model, { config: { theta: LocScaleReparam() } }), data), [tf.tensor1d(golden.sigma), tf.tensor1d(golden.y)]);
        const p = trace.sites.get('theta_centered');
        expect(p?.type).toBe('param');
        if (p?.type !== 'param') return;
        expect(p.constraint.name).toBe('unitInterval');
        expect(p.value.dataSync()[0]).toBe(0.5);
        expectCloseTo(logJoint(trace), c.log_density, WAVE2_TOL, 'log_density');
      });
    });

    it('takes a given centered param value, with the gradient of the log-density in it (central differences)', () => {
      const c = golden.cases.find((k) => k.centered === 0.5)!;
      const before = tf.memory().numTensors;
      const at = (centered: tf.Tensor): tf.Scalar =>
        tf.tidy(() => {
          const data = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, tf.tensor(v as number[] | number)]));
          const m = condition(reparam(model, { config: { theta: LocScaleReparam() } }), data);
          return logJoint(run(m, [tf.tensor1d(golden.sigma), tf.tensor1d(golden.y)], { params: { theta_centered: centered } })) as tf.Scalar;
        });
      const grad = tf.tidy(() => tf.grad(at)(tf.scalar(0.5)).dataSync()[0]!);
      const h = 1e-2;
      const fd = tf.tidy(() => (at(tf.scalar(0.5 + h)).dataSync()[0]! - at(tf.scalar(0.5 - h)).dataSync()[0]!) / (2 * h));
      expect(Math.abs(grad)).toBeGreaterThan(0.1);
      expect(grad).toBeCloseTo(fd, 2); // float32 differences of O(10) values over 2h: ~1e-4 noise
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  describe('errors', () => {
    it('rejects centered outside [0, 1]', () => {
      expect(() => LocScaleReparam({ centered: 1.5 })).toThrow(/LocScaleReparam: .*centered.*\[0, 1\]/);
    });

    it('names the site of a distribution without a location-scale form, and leaks nothing', () => {
      const before = tf.memory().numTensors;
      const m = reparam(
        function* () {
          yield* sample('g', Gamma(2, 1));
        },
        { config: { g: LocScaleReparam({ centered: 0 }) } },
      );
      expect(() => tf.tidy(() => { run(m, []); })).toThrow(/LocScaleReparam: not a location–scale distribution at site 'g': the site's distribution is Gamma/);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});

