import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { sample } from '../../../lib/core/primitives.js';
import { bijectTo } from '../../../lib/distributions/constraints/biject-to.js';
import * as c from '../../../lib/distributions/constraints/index.js';
import type { Constraint } from '../../../lib/distributions/constraints/index.js';
import { Dirichlet } from '../../../lib/distributions/families/multivariate/dirichlet.js';
import { Gamma } from '../../../lib/distributions/families/continuous/gamma.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import { sumRightmost } from '../../../lib/distributions/wrappers/independent.js';
import { elementwiseMapOf } from '../../../lib/infer/autoguide/elementwise-maps.js';
import { fusedUnpack } from '../../../lib/infer/autoguide/fused-unpack.js';
import { type LatentSite, tracePrototype } from '../../../lib/infer/autoguide/prototype.js';
import { unpackForGuide } from '../../../lib/infer/autoguide/unpack.js';
import { describeBackends } from '../../helpers/backends.js';
import { valuesOf } from './fixtures.js';

const site = (support: Constraint, shape: number[], eventDim = 0): LatentSite => ({
  name: 'x',
  shape,
  eventDim,
  support,
  transform: bijectTo(support),
  unconstrainedShape: shape,
  unconstrainedEventDim: eventDim,
  size: shape.reduce((a, b) => a * b, 1),
  plates: [],
});

const supports: readonly [string, Constraint, number][] = [
  ['positive', c.positive, 0],
  ['softplusPositive', c.softplusPositive, 0],
  ['unitInterval', c.unitInterval, 0],
  ['interval(1, 3)', c.interval(1, 3), 0],
  ['greaterThan(2)', c.greaterThan(2), 0],
  ['lessThan(1)', c.lessThan(1), 0],
  ['independent(positive, 1)', c.independent(c.positive, 1), 1],
];

describeBackends('infer/autoguide/fused-unpack', () => {
  for (const [name, support, eventDim] of supports) {
    it(`${name}: value, −log|det J| and their gradient equal the transform's (float32: 1e-5)`, () => {
      const s = site(support, [2, 3], eventDim);
      const map = elementwiseMapOf(s.transform)!;
      expect(map).toBeDefined();
      const weights = tf.tensor2d([[0.3, -1, 2], [1.5, 0.2, -0.4]]);
      const objective = (fused: boolean) => (u: tf.Tensor): tf.Scalar => {
        let value: tf.Tensor;
        let ld: tf.Tensor;
        if (fused) {
          const out = fusedUnpack(u, [{ site: s, offset: 0, shape: [2, 3], map }], 6)[0]!;
          value = out.value;
          ld = out.logDensity!;
        } else {
          const { y, logAbsDetJacobian } = s.transform!.forwardWithLogDet(u);
          value = y;
          ld = tf.neg(sumRightmost(logAbsDetJacobian, logAbsDetJacobian.rank - (2 - eventDim)));
        }
        expect(ld.shape).toEqual(eventDim === 0 ? [2, 3] : [2]);
        return tf.add(tf.sum(tf.mul(value, weights)), tf.mul(tf.sum(ld), 0.7));
      };
      const u = tf.tensor2d([[-1.5, 0.2, 0.9], [2.1, -0.3, 0.05]]);
      const fused = tf.valueAndGrad(objective(true))(u);
      const generic = tf.valueAndGrad(objective(false))(u);
      expect(valuesOf(fused.value)[0]).toBeCloseTo(valuesOf(generic.value)[0]!, 4);
      valuesOf(fused.grad).forEach((g, k) => expect(g).toBeCloseTo(valuesOf(generic.grad)[k]!, 4));
    });
  }

  it('has no map for stick-breaking; such sites take the generic path beside fused ones', () => {
    expect(elementwiseMapOf(bijectTo(c.simplex))).toBeUndefined();
    function* model() {
      yield* sample('p', Dirichlet(tf.tensor1d([1, 2, 3])));
      yield* sample('r', Gamma(2, 1));
      yield* sample('z', Normal(0, 1));
    }
    const proto = tracePrototype(model, [], 'test');
    expect(proto.sites.map((s) => s.size)).toEqual([2, 1, 1]);
    const latent = tf.tensor1d([0.1, -0.2, 0.5, 1.5]);
    const [p, r, z] = unpackForGuide(latent, proto) as [{ value: tf.Tensor }, { value: tf.Tensor; logDensity: tf.Tensor }, { value: tf.Tensor; logDensity: undefined }];
    const simplex = bijectTo(c.simplex).forward(tf.tensor1d([0.1, -0.2]));
    valuesOf(p.value).forEach((v, k) => expect(v).toBeCloseTo(valuesOf(simplex)[k]!, 6));
    expect(valuesOf(r.value)[0]).toBeCloseTo(Math.exp(0.5), 5);
    expect(valuesOf(r.logDensity)[0]).toBeCloseTo(-0.5, 6);
    expect(valuesOf(z.value)).toEqual([1.5]);
    expect(z.logDensity).toBeUndefined();
  });
});
