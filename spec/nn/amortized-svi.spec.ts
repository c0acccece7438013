import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { normals, prngKey } from '../../lib/core/key.js';
import { module, plate, sample } from '../../lib/core/primitives.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { TraceELBO } from '../../lib/infer/elbo/trace-elbo.js';
import { ClippedAdam } from '../../lib/infer/optim/adam.js';
import { SVI } from '../../lib/infer/svi.js';
import { Dense } from '../../lib/nn/dense.js';
import { Tanh } from '../../lib/nn/activations.js';
import { Serial } from '../../lib/nn/serial.js';
import { bindModule } from '../../lib/nn/bind-module.js';

// z_i ~ N(0, 1), x_i ~ N(z_i, σ²), σ = 0.5: the posterior is z_i | x_i ~ N(x_i / (1 + σ²), σ² / (1 + σ²)) =
// N(0.8 x_i, 0.2), and the best ELBO is log p(x) = Σ log N(x_i; 0, 1 + σ²).
const SIGMA = 0.5;
const B = 32;
const eps = normals(prngKey(100), 2 * B);
const X = Array.from({ length: B }, (_, i) => eps[i]! + SIGMA * eps[B + i]!);
const LOG_EVIDENCE = X.reduce((s, x) => s - 0.5 * Math.log(2 * Math.PI * 1.25) - (x * x) / (2 * 1.25), 0);

function* model(x: tf.Tensor) {
  yield* plate('data', B, function* () {
    const z = yield* sample('z', Normal(0, 1));
    yield* sample('x', Normal(z, SIGMA), { obs: x });
  });
}

const encoder = () => Serial(Dense(1, 8), Tanh, Dense(8, 2));

/** The encoder's posterior loc and scale for inputs x [B]. */
const posterior = (encode: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): [tf.Tensor, tf.Tensor] => {
  const out = encode(tf.reshape(x, [-1, 1]));
  return [tf.reshape(tf.slice(out, [0, 0], [-1, 1]), [-1]), tf.softplus(tf.reshape(tf.slice(out, [0, 1], [-1, 1]), [-1]))];
};

function* guide(x: tf.Tensor) {
  const encode = yield* module('encoder', encoder());
  const [loc, scale] = posterior(encode, x);
  yield* plate('data', B, function* () {
    yield* sample('z', Normal(loc, scale));
  });
}

describe('nn', () => {
  describe('module inside a guide (amortized SVI)', () => {
    it('trains the encoder to the exact posterior: final loss within 0.2 nats of −log p(x), 20+ nats below the start', () => {
      const x = tf.tensor1d(X);
      const svi = SVI(model, guide, ClippedAdam({ lr: 0.05, lrd: 0.996 }), TraceELBO({ numParticles: 8, vectorizeParticles: true }));
      const { params, state, losses } = svi.run(prngKey(0), 800, [x]);
      const mean = (from: number, to: number): number => losses.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
      const start = mean(0, 10);
      const end = mean(600, 800);
      // At the optimum the ELBO equals log p(x) and its Monte Carlo noise vanishes; 0.2 nats
      // (of ~40) leaves room for the encoder's approximation error (seeds 0–2 reach 0.05–0.07).
      expect(end - -LOG_EVIDENCE).toBeGreaterThan(-0.05); // −ELBO ≥ −log p(x), up to MC noise
      expect(end - -LOG_EVIDENCE).toBeLessThan(0.2);
      expect(start - end).toBeGreaterThan(20);
      // The encoder's per-datum posterior: loc ≈ 0.8 x within 0.15 (a third of the posterior sd √0.2,
      // a KL cost ≤ 0.06 nats per datum), scale ≈ √0.2 within 0.05 (seeds 0–2: ≤ 0.07 and ≤ 0.02).
      const [loc, scale] = tf.tidy(() => posterior(bindModule('encoder', encoder(), params), x));
      Array.from(loc.dataSync()).forEach((l, i) => expect(Math.abs(l - 0.8 * X[i]!)).toBeLessThan(0.15));
      Array.from(scale.dataSync()).forEach((s) => expect(Math.abs(s - Math.sqrt(0.2))).toBeLessThan(0.05));
      tf.dispose([x, loc, scale, ...Object.values(params), ...Object.values(state.params), ...Object.values(state.optState).flatMap((s) => Object.values(s))]);
    });
  });
});
