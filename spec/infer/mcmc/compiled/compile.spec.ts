/**
 * The compiled potential against the tfjs potential it replaces: for models that put each
 * supported kernel on the latents (forward and backward through a Normal likelihood), `U` and
 * `∇U` agree at random points; models that cannot be compiled keep the tfjs potential and say why.
 *
 * Tolerance: the compiled potential is float64, the tfjs one float32 through a chain of kernels:
 * values 1e-5 relative, gradients 1e-4 · (1 + max |∇U|) absolute.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../../../../lib/core/effect.js';
import { deterministic, sample } from '../../../../lib/core/primitives.js';
import { Normal } from '../../../../lib/distributions/families/continuous/normal.js';
import { Dirichlet } from '../../../../lib/distributions/families/multivariate/dirichlet.js';
import { factor } from '../../../../lib/distributions/families/unit.js';
import { withoutValidation } from '../../../../lib/infer/mcmc/chain-setup.js';
import { potentialEnergy } from '../../../../lib/infer/mcmc/potential.js';
import { lgamma } from '../../../../lib/ops/special/lgamma.js';
import { onBackends } from '../../../helpers/backends.js';

/** z ~ N(0, 1) of `shape` (one event); obs ~ N(f(z), 0.7) at a fixed pattern. */
function opModel(shape: readonly number[], f: (z: tf.Tensor) => tf.Tensor): AnyModel {
  return function* () {
    const z = yield* sample('z', Normal(0, 1).expand([...shape]).toEvent(shape.length));
    const y = f(z);
    const obs = tf.reshape(tf.sin(tf.range(0, y.size)), y.shape);
    yield* sample('obs', Normal(y, 0.7).toEvent(y.rank), { obs });
  };
}

function expectAgreement(model: AnyModel, args: readonly unknown[] = []): void {
  const compiled = potentialEnergy(model, args, 'NUTS');
  expect(compiled.implementation).toMatchObject({ kind: 'compiled' });
  const reference = potentialEnergy(model, args, 'NUTS', { compile: false });
  const d = compiled.dim;
  const g1 = new Float64Array(d);
  const g2 = new Float64Array(d);
  for (const seed of [1, 2, 3]) {
    const u = Float64Array.from({ length: d }, (_, i) => 0.8 * Math.sin(seed * 7.3 + i * 2.9));
    const expected = withoutValidation(reference.valueAndGrad)(u, g1);
    const actual = compiled.valueAndGrad(u, g2);
    expect(Math.abs(actual - expected)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected)));
    const scale = 1 + g1.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
    g1.forEach((g, i) => expect(Math.abs(g2[i]! - g)).toBeLessThan(1e-4 * scale));
  }
}

const positive = (z: tf.Tensor): tf.Tensor => tf.add(tf.square(z), 0.5);

const OPS: readonly (readonly [string, readonly number[], (z: tf.Tensor) => tf.Tensor])[] = [
  ['Add, Sub, Multiply, RealDiv with scalars and same shapes', [4], (z) => tf.div(tf.sub(tf.mul(tf.add(z, 1), 3), z), positive(z))],
  ['broadcast binary ops ([2, 1] with [3])', [2, 1], (z) => tf.mul(tf.add(z, tf.tensor1d([1, 2, 3])), tf.sub(tf.tensor1d([0.5, -1, 2]), z))],
  ['Maximum, Minimum, Pow, SquaredDifference', [3], (z) => tf.add(tf.add(tf.maximum(z, 0.1), tf.minimum(z, -0.2)), tf.add(tf.pow(positive(z), 1.7), tf.squaredDifference(z, 0.3)))],
  ['Neg, Exp, Expm1, Log, Log1p, Sqrt, Rsqrt', [3], (z) => tf.addN([tf.neg(z), tf.exp(z), tf.expm1(z), tf.log(positive(z)), tf.log1p(positive(z)), tf.sqrt(positive(z)), tf.rsqrt(positive(z))])],
  ['Square, Abs, Reciprocal, Sigmoid, Softplus, Tanh, Sin, Cos, Relu', [3], (z) => tf.addN([tf.square(z), tf.abs(z), tf.reciprocal(positive(z)), tf.sigmoid(z), tf.softplus(z), tf.tanh(z), tf.sin(z), tf.cos(z), tf.relu(z)])],
  ['Select with a constant condition, ClipByValue', [4], (z) => tf.add(tf.where(tf.tensor1d([1, 0, 1, 0], 'bool'), z, tf.mul(z, 2)), tf.clipByValue(z, -0.3, 0.4))],
  ['Reshape, ExpandDims, Squeeze, Transpose', [2, 3], (z) => tf.transpose(tf.squeeze(tf.expandDims(tf.reshape(z, [3, 2]), 0), [0]))],
  ['BroadcastTo, Tile', [3], (z) => tf.add(tf.broadcastTo(z, [2, 3]), tf.reshape(tf.tile(z, [2]), [2, 3]))],
  ['Slice, Concat, Pack, GatherV2, Reverse', [4], (z) => tf.stack([tf.concat([tf.slice(z, [1], [2]), tf.gather(z, tf.tensor1d([3, 0], 'int32'))]), tf.reverse(z)])],
  ['Sum and Mean over axes, with keepDims; AddN', [2, 3], (z) => tf.add(tf.add(tf.sum(z, 1, true), tf.mean(z, 0, false).reshape([1, 3])), tf.addN([tf.sum(z).reshape([1, 1]), tf.sum(z, [0, 1], true)]))],
  // (a batch of one broadcast against a batch is supported too, but tfjs's own gradient of it fails)
  [
    'BatchMatMul: 2-D, transposes, batches',
    [2, 3],
    (z) => {
      const a = tf.stack([z, tf.mul(z, 2)]); // [2, 2, 3]
      const b = tf.stack([tf.transpose(z), tf.ones([3, 2])]); // [2, 3, 2]
      return tf.concat([tf.matMul(z, z, false, true).flatten(), tf.matMul(a, b).flatten(), tf.matMul(a, b, true, true).flatten()]);
    },
  ],
];

describe('compiled/compile', () => {
  onBackends(() => {
    describe('compilePotential', () => {
      for (const [name, shape, f] of OPS) {
        it(`replays ${name}: U and ∇U equal the tfjs potential's`, () => {
          expectAgreement(opModel(shape, f));
        });
      }

      it('skips dead code and data preprocessing (a deterministic site, ops on constants only)', () => {
        const model = function* () {
          const z = yield* sample('z', Normal(0, 1).expand([3]).toEvent(1));
          yield* deterministic('unused', tf.cumsum(z)); // no JavaScript Cumsum: dead, so fine
          const data = tf.cumsum(tf.tensor1d([1, 2, 3])); // constants only: computed once
          yield* sample('obs', Normal(tf.mul(z, data), 1).toEvent(1), { obs: tf.tensor1d([0.5, 1, 2]) });
        };
        expectAgreement(model);
      });
    });
  });

  describe('fallback to the tfjs potential', () => {
    const reasonOf = (model: AnyModel, jitCompile = true): string => {
      const p = potentialEnergy(model, [], 'NUTS', { compile: jitCompile });
      expect(p.implementation.kind).toBe('tfjs');
      return (p.implementation as { readonly reason: string }).reason;
    };

    it('a kernel without a JavaScript version on the latents', () => {
      const model = opModel([3], (z) => tf.cumsum(z));
      expect(reasonOf(model)).toMatch(/kernel 'Cumsum' \(on a value computed from the latents\) has no JavaScript version/);
    });

    it('a custom (fused) op on the latents', () => {
      const model = function* () {
        const z = yield* sample('z', Normal(3, 1));
        yield* factor('f', lgamma(z));
      };
      expect(reasonOf(model)).toMatch(/custom op/);
    });

    it("control flow that depends on a latent's value (the check at test points disagrees)", () => {
      const model = function* () {
        const z = yield* sample('z', Normal(0, 1).expand([3]).toEvent(1));
        const first = z.dataSync()[0]!;
        yield* factor('f', first > 0.2 ? tf.sum(tf.square(z)) : tf.sum(z));
      };
      expect(reasonOf(model)).toMatch(/disagrees with the model at a test point/);
    });

    it('a support without an elementwise bijection (the simplex)', () => {
      const model = function* () {
        yield* sample('p', Dirichlet(tf.tensor1d([1, 2, 3])));
      };
      expect(reasonOf(model)).toMatch(/site 'p': its support \(simplex\) has no elementwise bijection/);
    });

    it('jitCompile: false', () => {
      expect(reasonOf(opModel([2], (z) => z), false)).toMatch(/jitCompile: false/);
    });
  });
});
