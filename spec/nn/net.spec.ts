/**
 * `Net`: named sub-modules and weights with a forward function, restating Pyro's VAE tutorial
 * (pyro.ai/examples/vae.html) on both backends:
 *
 *     class Encoder(nn.Module):   fc1 = Linear(784, h); fc21 = Linear(h, z); fc22 = Linear(h, z)
 *         forward(x): hidden = softplus(fc1(x)); return fc21(hidden), exp(fc22(hidden))
 *     class Decoder(nn.Module):   fc1 = Linear(z, h); fc21 = Linear(h, 784)
 *         forward(z): return sigmoid(fc21(softplus(fc1(z))))
 *     model(x): pyro.module("decoder", decoder); with pyro.plate("data", N):
 *         z = sample("latent", Normal(0, 1).expand([z]).to_event(1))
 *         sample("obs", Bernoulli(decoder(z)).to_event(1), obs=x)
 *     guide(x): pyro.module("encoder", encoder); with pyro.plate("data", N):
 *         z_loc, z_scale = encoder(x); sample("latent", Normal(z_loc, z_scale).to_event(1))
 *
 * in miniature (16 pixels, h = 8, z = 2). Pyro names the params `encoder$$$fc21.weight`, …;
 * so does Ignis (torch's `Linear` weight is `[out, in]`, Ignis's `Dense` weight `[in, out]`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { uniforms, prngKey } from '../../lib/core/key.js';
import { module, plate, sample } from '../../lib/core/primitives.js';
import { run } from '../../lib/core/interpret.js';
import { Bernoulli, Normal, type NormalDist } from '../../lib/distributions/index.js';
import { TraceELBO } from '../../lib/infer/elbo/trace-elbo.js';
import { Adam } from '../../lib/infer/optim/adam.js';
import { SVI } from '../../lib/infer/svi.js';
import { bindModule } from '../../lib/nn/bind-module.js';
import { Dense } from '../../lib/nn/dense.js';
import { Net } from '../../lib/nn/net.js';
import type { IndependentDist } from '../../lib/distributions/index.js';
import { describeBackends } from '../helpers/backends.js';
import { initWeights } from './helpers.js';

const PIXELS = 16;
const H = 8;
const Z = 2;
const N = 32;

const Encoder = () =>
  Net({ fc1: Dense(PIXELS, H), fc21: Dense(H, Z), fc22: Dense(H, Z) }, ({ fc1, fc21, fc22 }) => (x: tf.Tensor) => {
    const hidden = tf.softplus(fc1(x));
    return [fc21(hidden), tf.exp(fc22(hidden))] as const;
  });

const Decoder = () => Net({ fc1: Dense(Z, H), fc21: Dense(H, PIXELS) }, ({ fc1, fc21 }) => (z: tf.Tensor) => tf.sigmoid(fc21(tf.softplus(fc1(z)))));

function* model(x: tf.Tensor) {
  const decode = yield* module('decoder', Decoder());
  yield* plate('data', N, function* () {
    const z = yield* sample('latent', Normal(0, 1).expand([N, Z]).toEvent(1));
    yield* sample('obs', Bernoulli(decode(z)).toEvent(1), { obs: x });
  });
}

function* guide(x: tf.Tensor) {
  const encode = yield* module('encoder', Encoder());
  yield* plate('data', N, function* () {
    const [zLoc, zScale] = encode(x);
    yield* sample('latent', Normal(zLoc, zScale).toEvent(1));
  });
}

const images = (): tf.Tensor => tf.tensor2d(Float32Array.from(uniforms(prngKey(42), N * PIXELS), (u) => (u < 0.3 ? 1 : 0)), [N, PIXELS]);

describeBackends('nn/net', () => {
  describe('Net', () => {
    it("restates Pyro's VAE tutorial: Pyro's parameter names, and the trained encoder outside the guide", () => {
      const x = images();
      const svi = SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO());
      const { params, state, losses } = svi.run(prngKey(0), 10, [x]);
      expect(Object.keys(params).sort()).toEqual([
        'decoder$$$fc1.bias', 'decoder$$$fc1.weight', 'decoder$$$fc21.bias', 'decoder$$$fc21.weight',
        'encoder$$$fc1.bias', 'encoder$$$fc1.weight', 'encoder$$$fc21.bias', 'encoder$$$fc21.weight', 'encoder$$$fc22.bias', 'encoder$$$fc22.weight',
      ]);
      expect(params['encoder$$$fc21.weight']!.shape).toEqual([H, Z]);
      expect(Array.from(losses).every(Number.isFinite)).toBe(true);
      // Pyro: vae.encoder(x) after training; Ignis: bindModule, identical to what the guide computes
      tf.tidy(() => {
        const [zLoc, zScale] = bindModule('encoder', Encoder(), params)(x);
        const latent = run(guide, [x], { key: prngKey(1), params }).sites.get('latent')!;
        const q = (latent as unknown as { fn: IndependentDist }).fn.base as NormalDist;
        expect(Array.from(zLoc.dataSync())).toEqual(Array.from(q.loc.dataSync()));
        expect(Array.from(zScale.dataSync())).toEqual(Array.from(q.scale.dataSync()));
        const reconstruction = bindModule('decoder', Decoder(), params)(zLoc);
        expect(reconstruction.shape).toEqual([N, PIXELS]);
      });
      tf.dispose([x, ...Object.values(params), ...Object.values(state.params), ...Object.values(state.optState).flatMap((s) => Object.values(s))]);
    });

    it('names own weights by their name and nested Nets by path', () => {
      const inner = Net({ fc: Dense(2, 3) }, ({ fc }) => fc);
      const outer = Net({ decoder: inner, scale: () => tf.ones([3]), shift: tf.zeros([3]) }, ({ decoder, scale, shift }) => (x: tf.Tensor) => tf.add(tf.mul(decoder(x), scale), shift));
      expect(Object.keys(outer.params)).toEqual(['decoder.fc.weight', 'decoder.fc.bias', 'scale', 'shift']);
      const w = initWeights(outer, prngKey(2));
      const x = tf.tensor2d([[1, 2]]);
      const y = outer.bind(w)(x);
      const byHand = Dense(2, 3).bind({ weight: w['decoder.fc.weight']!, bias: w['decoder.fc.bias']! })(x);
      expect(Array.from(y.dataSync())).toEqual(Array.from(byHand.dataSync()));
      expect(() => outer.bind({ ...w, shift: tf.zeros([4]) })).toThrow(/Net: argument 'weights.shift' must have shape \[3\]/);
      tf.dispose([x, y, byHand, ...Object.values(w)]);
    });

    it('rejects a child that is neither a module nor a weight, and names with a dot', () => {
      expect(() => Net({ a: 'x' as never }, () => 0)).toThrow(/Net: argument 'children.a' must be a module, a tensor or an initializer/);
      expect(() => Net({ 'fc.1': Dense(1, 1) }, () => 0)).toThrow(/Net: argument 'children.fc.1' must be a non-empty name without '.'/);
    });
  });
});
