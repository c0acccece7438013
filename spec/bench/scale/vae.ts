/**
 * vae (shared/bench/SCALE.md): Pyro's VAE tutorial. Decoder `Dense(Z, H)`, softplus,
 * `Dense(H, 784)` → `Bernoulli(logits).toEvent(1)`; encoder `Dense(784, H)`, softplus,
 * `Dense(H, 2Z)` → loc = the first Z columns, scale = exp(the last Z); `z ~ N(0, 1)` with event
 * [Z] per row in plate `data` of B. torch's default Linear init (`torchUniform` for weights and
 * biases), `TraceELBO`, `Adam(1e-3)`; step i uses mini-batch i mod 16.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Adam, Bernoulli, Dense, Normal, SVI, Serial, Softplus, TraceELBO, module, plate, sample, torchUniform } from '../../../lib/index.js';
import { float32Sum } from '../data.js';
import type { PreparedData, WorkloadSetup } from '../workload.js';
import { vaeData } from './data.js';

const PIXELS = 784;
const BATCHES = 16;
const torchInit = { init: torchUniform, biasInit: torchUniform } as const;

/** The VAE workload's data and SVI setup: `hidden` units, `latent` code dims, mini-batches of `batch` rows. */
export function prepareVae(hidden: number, latent: number, batch = 128): PreparedData {
  const data = vaeData(BATCHES * batch, PIXELS);
  const batches = Array.from({ length: BATCHES }, (_, i) => tf.tensor2d(data.x.subarray(i * batch * PIXELS, (i + 1) * batch * PIXELS), [batch, PIXELS]));
  const zeros = tf.zeros([batch, latent]);
  const ones = tf.ones([batch, latent]);
  const decoder = Serial(Dense(latent, hidden, torchInit), Softplus, Dense(hidden, PIXELS, torchInit));
  const encoder = Serial(Dense(PIXELS, hidden, torchInit), Softplus, Dense(hidden, 2 * latent, torchInit));
  function* model(x: tf.Tensor) {
    const decode = yield* module('decoder', decoder);
    yield* plate('data', batch, function* () {
      const z = yield* sample('z', Normal(zeros, ones).toEvent(1));
      yield* sample('x', Bernoulli({ logits: decode(z) }).toEvent(1), { obs: x });
    });
  }
  function* guide(x: tf.Tensor) {
    const encode = yield* module('encoder', encoder);
    const out = encode(x);
    const loc = tf.slice(out, [0, 0], [-1, latent]);
    const scale = tf.exp(tf.slice(out, [0, latent], [-1, latent]));
    yield* plate('data', batch, function* () {
      yield* sample('z', Normal(loc, scale).toEvent(1));
    });
  }
  const setup = (): WorkloadSetup => ({
    svi: SVI(model, guide, Adam({ lr: 1e-3 }), TraceELBO()),
    args: [batches[0]!],
    argsAt: (step) => [batches[step % BATCHES]!],
    posterior: () => ({}),
  });
  return { checksums: { sum_x: float32Sum(data.x) }, setup, dispose: () => tf.dispose([...batches, zeros, ones]) };
}
