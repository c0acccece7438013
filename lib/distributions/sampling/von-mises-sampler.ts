/**
 * Von Mises draws by the Best–Fisher (1979) rejection sampler, as torch's `VonMises.sample`, in
 * float64 JavaScript from a key.
 *
 * With concentration `κ`, `r = (1 + ρ²)/(2ρ)`, `ρ = (τ − √(2τ))/(2κ)`, `τ = 1 + √(1 + 4κ²)`
 * (`r ≈ 1/κ + κ` for κ < 1e-5, where that cancels): propose `z = cos(π u₁)`,
 * `f = (1 + r z)/(r + z)`, `c = κ(r − f)`, accept when `c(2 − c) > u₂` or
 * `log(c/u₂) + 1 − c ≥ 0`; the draw is `sign(u₃ − ½) acos f`, shifted by `loc` and wrapped into
 * `[−π, π)` (`(x + π + loc) mod 2π − π`, as torch). At least 65% of proposals are accepted for
 * every κ.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Key } from '../../core/key.js';
import { type Shape, sizeOf } from '../../core/shape.js';
import { broadcastIndex } from '../../ops/fused/broadcast.js';
import { randomStream } from './gamma-sampler.js';

const TWO_PI = 2 * Math.PI;

/** Best–Fisher's envelope parameter `r` for concentration `κ`. */
function proposalR(kappa: number): number {
  if (kappa < 1e-5) return 1 / kappa + kappa;
  const tau = 1 + Math.sqrt(1 + 4 * kappa * kappa);
  const rho = (tau - Math.sqrt(2 * tau)) / (2 * kappa);
  return (1 + rho * rho) / (2 * rho);
}

/** One draw centred at 0, in [−π, π]. */
function centredDraw(kappa: number, r: number, uniform: () => number): number {
  for (;;) {
    const z = Math.cos(Math.PI * uniform());
    const f = (1 + r * z) / (r + z);
    const c = kappa * (r - f);
    const u2 = uniform();
    const u3 = uniform();
    if (c * (2 - c) - u2 > 0 || Math.log(c / u2) + 1 - c >= 0) return Math.sign(u3 - 0.5) * Math.acos(Math.min(Math.max(f, -1), 1));
  }
}

/** `x mod 2π` in [0, 2π). */
const wrap = (x: number): number => x - TWO_PI * Math.floor(x / TWO_PI);

/**
 * Von Mises(`loc`, `concentration`) draws of `shape` (the parameters broadcast to it), a
 * constant float32 tensor (no gradient: Pyro's VonMises has no `rsample`).
 */
export function vonMisesDraws(key: Key, loc: tf.Tensor, concentration: tf.Tensor, shape: Shape): tf.Tensor {
  const n = sizeOf(shape);
  const [locIndex, kappaIndex] = [broadcastIndex(loc.shape, shape), broadcastIndex(concentration.shape, shape)];
  const [locData, kappaData] = [loc.dataSync(), concentration.dataSync()];
  const { uniform } = randomStream(key, 3 * n + 16);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const kappa = kappaData[kappaIndex[i]!]!;
    const x = centredDraw(kappa, proposalR(kappa), uniform);
    out[i] = wrap(x + Math.PI + locData[locIndex[i]!]!) - Math.PI;
  }
  return tf.tensor(out, [...shape], 'float32');
}
