import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { run } from '../../../lib/core/interpret.js';
import { prngKey } from '../../../lib/core/key.js';
import type { AnyModel } from '../../../lib/core/effect.js';
import { TraceMeanFieldELBO } from '../../../lib/infer/elbo/mean-field-elbo.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';
import { Adam } from '../../../lib/infer/optim/adam.js';
import { SVI } from '../../../lib/infer/svi.js';
import {
  AutoDelta,
  AutoDiagonalNormal,
  AutoLaplaceApproximation,
  AutoLowRankMultivariateNormal,
  AutoMultivariateNormal,
  AutoNormal,
} from '../../../lib/infer/autoguide/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { tensorCountsOverSteps } from '../helpers/leaks.js';
import { f32, hierData, hierModel, linregData, linregModel, seedData, seedModel } from './fixtures.js';

/** Kernels launched by one run of `guide` with `params` (forward only, no tape). */
async function guideKernels(guide: AnyModel, args: unknown[]): Promise<{ count: number; names: string[] }> {
  const svi = SVI(seedModel, guide, Adam({ lr: 0.01 }), TraceELBO());
  const state = svi.init(prngKey(0), ...(args as [tf.Tensor]));
  const params = svi.getParams(state);
  const profile = await tf.profile(() => {
    tf.tidy(() => {
      run(guide, args, { key: prngKey(1), params });
    });
  });
  tf.dispose([...Object.values(params), ...Object.values(state.params), ...Object.values(state.optState).flatMap((o) => Object.values(o))]);
  return { count: profile.kernels.length, names: profile.kernels.map((k) => k.name) };
}

describeBackends('infer/autoguide (leaks)', () => {
  const seed = (): [tf.Tensor] => [f32(seedData(), [100])];
  const cases: readonly [string, () => AnyModel][] = [
    ['AutoMultivariateNormal', () => AutoMultivariateNormal(seedModel)],
    ['AutoDiagonalNormal', () => AutoDiagonalNormal(seedModel)],
    ['AutoLowRankMultivariateNormal', () => AutoLowRankMultivariateNormal(seedModel)],
    ['AutoLaplaceApproximation', () => AutoLaplaceApproximation(seedModel)],
    ['AutoNormal', () => AutoNormal(seedModel)],
    ['AutoDelta', () => AutoDelta(seedModel)],
  ];
  for (const [name, make] of cases) {
    it(`${name}: no tensor survives a step beyond the state (40 steps)`, () => {
      const args = seed();
      const svi = SVI(seedModel, make(), Adam({ lr: 0.01 }), TraceELBO());
      expect(tensorCountsOverSteps(svi, args)).toEqual({ atStep10: 0, atStep40: 0 });
      tf.dispose(args);
    });
  }

  it('AutoNormal on a subsampled plate with TraceMeanFieldELBO: no leaks', () => {
    const data = hierData(300);
    const args: [tf.Tensor, tf.Tensor] = [f32(data.y, [300]), f32(data.sigma, [300])];
    const model = hierModel(20);
    const svi = SVI(model, AutoNormal(model), Adam({ lr: 0.01 }), TraceMeanFieldELBO());
    expect(tensorCountsOverSteps(svi, args)).toEqual({ atStep10: 0, atStep40: 0 });
    tf.dispose(args);
  });
});

describeBackends('infer/autoguide (kernels per guide run)', () => {
  it('AutoMultivariateNormal on the seed example: 2 kernels (fused draw; fused unpack, transform and log-Jacobian)', async () => {
    const x = f32(seedData(), [100]);
    const { count } = await guideKernels(AutoMultivariateNormal(seedModel), [x]);
    expect(count).toBeLessThanOrEqual(2);
    x.dispose();
  });

  it('AutoNormal on the linear regression: real sites are sampled directly (no transform, no Delta)', async () => {
    const { x, y } = linregData(30, 5);
    const args: [tf.Tensor, tf.Tensor] = [f32(x, [30, 5]), f32(y, [30])];
    const guide = AutoNormal(linregModel);
    const svi = SVI(linregModel, guide, Adam({ lr: 0.01 }), TraceMeanFieldELBO());
    const state = svi.init(prngKey(0), ...args);
    const params = svi.getParams(state);
    const profile = await tf.profile(() => {
      tf.tidy(() => {
        run(guide, [...args], { key: prngKey(1), params });
      });
    });
    // w and b: one fused Normal draw each; sigma: a fused draw and one fused exp with its log-Jacobian.
    expect(profile.kernels.length).toBeLessThanOrEqual(4);
    tf.dispose([...args, ...Object.values(params), ...Object.values(state.params), ...Object.values(state.optState).flatMap((o) => Object.values(o))]);
  });
});
