import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { SampleSite } from '../../../lib/core/effect.js';
import { run } from '../../../lib/core/interpret.js';
import { prngKey } from '../../../lib/core/key.js';
import { param, plate, sample } from '../../../lib/core/primitives.js';
import { Delta, MultivariateNormal, Normal, constraints } from '../../../lib/distributions/index.js';
import { block } from '../../../lib/handlers/block.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';
import { ClippedAdam } from '../../../lib/infer/optim/adam.js';
import { SVI, type SVIState } from '../../../lib/infer/svi.js';
import {
  AutoDelta,
  AutoDiagonalNormal,
  AutoGuideList,
  AutoLaplaceApproximation,
  AutoLowRankMultivariateNormal,
  AutoMultivariateNormal,
  AutoNormal,
} from '../../../lib/infer/autoguide/index.js';
import { constrain } from '../../../lib/infer/params.js';
import { describeBackends } from '../../helpers/backends.js';
import { disposeState, valuesOf } from './fixtures.js';

// mu ~ N(0, 10), z ~ N(mu, 1), y_i ~ N(z, 1) (4 observations). Given the data the posterior of
// z is Gaussian; z is guided by hand, mu by AutoNormal.
const ys = [1.2, 0.8, 1.5, 1.1];
function* model(y: tf.Tensor) {
  const mu = yield* sample('mu', Normal(0, 10));
  const z = yield* sample('z', Normal(mu, 1));
  yield* plate('data', 4, function* () {
    yield* sample('y', Normal(z, 1), { obs: y });
  });
}

function* handGuide(_y: tf.Tensor) {
  const loc = yield* param('z_loc', 0);
  const scale = yield* param('z_scale', 1, { constraint: constraints.positive });
  return { z: yield* sample('z', Normal(loc, scale)) };
}

/** The constrained params of a state (without cloning: the state owns them). */
const paramsOf = (state: SVIState): Readonly<Record<string, tf.Tensor>> => constrain(state.params, state.specs);

describe('infer/autoguide/guide-list', () => {
  describe('AutoGuideList', () => {
    it('runs an autoguide beside a hand-written guide, each on its own sites', () => {
      const y = tf.tensor1d(ys);
      const guide = AutoGuideList(model, [AutoNormal(block(model, { hide: ['z'] })), handGuide]);
      const svi = SVI(model, guide, ClippedAdam({ lr: 0.05, lrd: 0.998 }), TraceELBO({ numParticles: 4, vectorizeParticles: true }));
      const state = svi.init(prngKey(0), y);
      expect(Object.keys(state.params).sort()).toEqual(['AutoGuideList.0.locs.mu', 'AutoGuideList.0.scales.mu', 'z_loc', 'z_scale']);
      const params = svi.getParams(state);
      const trace = run(guide, [y], { key: prngKey(1), params });
      expect([...trace.sites.values()].filter((s) => s.type === 'sample').map((s) => s.name)).toEqual(['mu', 'z']);
      expect(Object.keys(trace.returnValue as object).sort()).toEqual(['mu', 'z']);
      expect(Object.keys(guide.median(params))).toEqual(['mu']);
      expect(guide.setup(y).map((p) => p.sites.map((s) => s.name))).toEqual([['mu']]);
      tf.dispose([y, ...Object.values(params)]);
      disposeState(state);
    });

    it('fits the hand-written part: z\'s posterior mean within 0.1 of the exact one', () => {
      // Marginally z ~ N(0, 101), so z | y is Gaussian with precision 4 + 1/101 and mean Σy / (4 + 1/101);
      // the final iterate's jitter (lr decayed to 0.01) is a few hundredths.
      const y = tf.tensor1d(ys);
      const guide = AutoGuideList(model).append(AutoNormal(block(model, { hide: ['z'] }))).append(handGuide);
      expect(guide.parts).toHaveLength(2);
      const svi = SVI(model, guide, ClippedAdam({ lr: 0.05, lrd: 0.998 }), TraceELBO({ numParticles: 4, vectorizeParticles: true }));
      const { params, state } = svi.run(prngKey(2), 800, [y]);
      const mean = ys.reduce((a, b) => a + b, 0) / (4 + 1 / 101);
      expect(Math.abs(valuesOf(params.z_loc)[0]! - mean)).toBeLessThan(0.1);
      tf.dispose([y, ...Object.values(params)]);
      disposeState(state);
    });

  });
});

describeBackends('infer/autoguide/guide-list: Pyro names and test cases', () => {
  describe('AutoGuideList', () => {
    it("prefixes each autoguide part by its position, as Pyro's (AutoGuideList.0, AutoGuideList.1)", () => {
      // two parts of one class need no names (issue 16.5)
      const guide = AutoGuideList(model, [AutoDelta(block(model, { hide: ['z'] })), AutoDiagonalNormal(block(model, { hide: ['mu'] }))]);
      expect(guide.parts.map((p) => (p as { guideName?: string }).guideName)).toEqual(['AutoGuideList.0', 'AutoGuideList.1']);
      const y = tf.tensor1d(ys);
      const svi = SVI(model, guide, ClippedAdam({ lr: 0.05 }), TraceELBO());
      const state = svi.init(prngKey(3), y);
      expect(Object.keys(state.params).sort()).toEqual(['AutoGuideList.0.mu', 'AutoGuideList.1.loc', 'AutoGuideList.1.scale']);
      const params = svi.getParams(state);
      const trace = run(guide, [y], { key: prngKey(4), params });
      expect((trace.sites.get('_AutoGuideList.1_latent') as SampleSite).infer.isAuxiliary).toBe(true);
      expect(Object.keys(guide.quantiles(params, [0.5]))).toEqual(['z']);
      expect(Object.keys(guide.median(params)).sort()).toEqual(['mu', 'z']);
      // append keeps the positions
      const appended = AutoGuideList(model, [AutoDelta(block(model, { hide: ['z'] }))]).append(AutoDelta(block(model, { hide: ['mu'] })));
      expect(appended.parts.map((p) => (p as { guideName?: string }).guideName)).toEqual(['AutoGuideList.0', 'AutoGuideList.1']);
      tf.dispose([y, ...Object.values(params)]);
      disposeState(state);
    });

    it('keeps explicit names, and rejects two parts with the same explicit name', () => {
      const a = AutoDelta(block(model, { hide: ['z'] }), { name: 'Mu' });
      const b = AutoDelta(block(model, { hide: ['mu'] }), { name: 'Mu' });
      expect(() => AutoGuideList(model, [a, b])).toThrow(/AutoGuideList: argument 'parts' must have distinct autoguide names.*two parts named 'Mu'/);
      const guide = AutoGuideList(model, [a, AutoDelta(block(model, { hide: ['mu'] }))]);
      const y = tf.tensor1d(ys);
      const state = SVI(model, guide, ClippedAdam({ lr: 0.05 }), TraceELBO()).init(prngKey(3), y);
      expect(Object.keys(state.params).sort()).toEqual(['AutoGuideList.1.z', 'Mu.mu']);
      y.dispose();
      disposeState(state);
    });

    it("names a nested list's parts by their path (Pyro's test_nested_autoguide)", () => {
      // Pyro: guide.append(AutoDelta(block(expose x))); guide_y = AutoGuideList(...); guide_y.z =
      // AutoIAFNormal(...); guide.append(guide_y) — params under AutoGuideList.0 and
      // AutoGuideList.1.z, latent _AutoGuideList.1.z_latent. Ignis names by position: AutoGuideList.1.0.
      function* xy() {
        yield* sample('x', Normal(1, 0.1));
        yield* plate('plate', 2, function* () {
          yield* sample('y', Normal(2, 0.1));
        });
      }
      const inner = AutoGuideList(block(xy, { expose: ['y'] }), [AutoMultivariateNormal(block(xy, { expose: ['y'] }))]);
      const guide = AutoGuideList(xy, [AutoDelta(block(xy, { expose: ['x'] })), inner]);
      const { params, state } = SVI(xy, guide, ClippedAdam({ lr: 0.005 }), TraceELBO()).run(prngKey(5), 20, []);
      const names = Object.keys(params);
      expect(names.every((n) => n.startsWith('AutoGuideList.0') || n.startsWith('AutoGuideList.1.0'))).toBe(true);
      expect(names.sort()).toEqual(['AutoGuideList.0.x', 'AutoGuideList.1.0.loc', 'AutoGuideList.1.0.scale', 'AutoGuideList.1.0.scaleTril']);
      const trace = run(guide, [], { key: prngKey(6), params });
      const stochastic = [...trace.sites.values()].filter((s) => s.type === 'sample').map((s) => s.name);
      expect(stochastic).toEqual(['x', '_AutoGuideList.1.0_latent', 'y']);
      tf.dispose(Object.values(params));
      disposeState(state);
    });

    it("runs two parts of one class for a vector and an MVN site, each class (Pyro's test_guide_list)", () => {
      function* xy() {
        yield* sample('x', Normal(0, 1).expand([2]).toEvent(1));
        yield* sample('y', MultivariateNormal(tf.zeros([5]), { covarianceMatrix: tf.eye(5) }));
      }
      for (const Auto of [AutoDelta, AutoDiagonalNormal, AutoMultivariateNormal, AutoNormal, AutoLowRankMultivariateNormal, AutoLaplaceApproximation]) {
        const guide = AutoGuideList(xy, [Auto(block(xy, { expose: ['x'] })), Auto(block(xy, { expose: ['y'] }))]);
        const state = SVI(xy, guide, ClippedAdam({ lr: 0.01 }), TraceELBO()).init(prngKey(7));
        expect(Object.keys(state.params).every((n) => /^AutoGuideList\.[01]\./.test(n))).toBe(true);
        const trace = run(guide, [], { key: prngKey(8), params: paramsOf(state) });
        expect(Object.keys(trace.returnValue as object).sort()).toEqual(['x', 'y']);
        disposeState(state);
      }
    });

    it("returns the union of the parts' values; a hand-written part returns its own (Pyro's test_callable, test_callable_return_dict)", () => {
      function* xy() {
        yield* sample('x', Normal(0, 1));
        yield* sample('y', MultivariateNormal(tf.zeros([5]), { covarianceMatrix: tf.eye(5) }));
      }
      function* guideX() {
        const loc = yield* param('x_loc', 0);
        yield* sample('x', Delta(loc));
      }
      function* guideXDict() {
        const loc = yield* param('x_loc', 0);
        return { x: yield* sample('x', Delta(loc)) };
      }
      for (const [part, expected] of [
        [guideX, ['y']],
        [guideXDict, ['x', 'y']],
      ] as const) {
        const guide = AutoGuideList(xy, [part, AutoNormal(block(xy, { expose: ['y'] }))]);
        const state = SVI(xy, guide, ClippedAdam({ lr: 0.01 }), TraceELBO()).init(prngKey(9));
        const trace = run(guide, [], { key: prngKey(10), params: paramsOf(state) });
        expect(Object.keys(trace.returnValue as object).sort()).toEqual(expected);
        disposeState(state);
      }
    });
  });
});
