/**
 * The fused kernel of `AffineAutoregressive` (a flow guide's every step): the whole MADE network
 * and the affine map, `y` and `log|det J|` together, as ONE tfjs custom op computed in float64
 * JavaScript, with hand-written float64 gradients for `x` and every weight. The tfjs-op version
 * (`reference` here, also the higher-order path) costs ~5 kernels per layer forward and ~4 times
 * that backward.
 *
 * Maths, per row (`M_k` the constant masks, ReLU between layers, none after the last):
 *
 *     h₀ = x,  a_k = h_{k−1} (W_k ⊙ M_k) + b_k,  h_k = relu(a_k),  [μ, s] = a_L
 *     plain:  ŝ = clamp(s, lo, hi) (gradient passed through, Pyro's clamp_preserve_gradients),
 *             y = exp(ŝ) ⊙ x + μ,            log|det J| = Σᵢ ŝᵢ
 *     stable: z = s + bias,  σ = sigmoid(z),  y = σ ⊙ x + (1 − σ) ⊙ μ,  log|det J| = Σᵢ log σ(zᵢ)
 *
 * Backward, from `ḡ = ∂L/∂y` and `ḡ_det = ∂L/∂log|det J|`:
 *
 *     plain:  μ̄ = ḡ,  s̄ = ḡ ⊙ exp(ŝ) ⊙ x + ḡ_det,  x̄ = ḡ ⊙ exp(ŝ) + (network's x̄)
 *     stable: μ̄ = ḡ (1 − σ),  s̄ = ḡ ⊙ (x − μ) σ (1 − σ) + ḡ_det (1 − σ),  x̄ = ḡ ⊙ σ + …
 *     ā_L = [μ̄, s̄];  W̄_k = (h_{k−1}ᵀ ā_k) ⊙ M_k,  b̄_k = Σ_rows ā_k,
 *     h̄_{k−1} = ā_k (W_k ⊙ M_k)ᵀ,  ā_{k−1} = h̄_{k−1} ⊙ [a_{k−1} > 0].
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AutoRegressiveNet } from '../../nn/auto-regressive-nn.js';
import { float32Tensor as f32 } from '../../ops/fused/broadcast.js';
import { fusedOp } from '../../ops/fused/custom-op.js';
import { read } from '../../ops/fused/host-data.js';
import { stopGradient } from '../../ops/grad/stop-gradient.js';

/**
 * How the network's log-scale output becomes the scale (see the module notes).
 *
 * @category transforms
 * @since 0.2.0
 */
export interface AffineAutoregressiveScaling {
  readonly stable: boolean;
  readonly logScaleMinClip: number;
  readonly logScaleMaxClip: number;
  readonly sigmoidBias: number;
}

/** `y` and `log|det J|` from the network outputs, by tfjs ops (differentiable to any order). */
export function affineFromOutputs(x: tf.Tensor, loc: tf.Tensor, s: tf.Tensor, o: AffineAutoregressiveScaling): readonly [tf.Tensor, tf.Tensor] {
  if (o.stable) {
    const z = tf.add(s, o.sigmoidBias);
    const sig = tf.sigmoid(z);
    return [tf.add(tf.mul(sig, x), tf.mul(tf.sub(1, sig), loc)), tf.sum(tf.neg(tf.softplus(tf.neg(z))), -1)] // log σ(z); tf.logSigmoid's gradient fails on intermediates;
  }
  const clamped = tf.add(s, stopGradient(tf.sub(tf.clipByValue(s, o.logScaleMinClip, o.logScaleMaxClip), s)));
  return [tf.add(tf.mul(tf.exp(clamped), x), loc), tf.sum(clamped, -1)];
}

/**
 * `[y, log|det J|]` for `x` `[..., d]`: `y` `[..., d]`, `log|det J|` `[...]`, as one fused op
 * (see the module notes).
 *
 * @category transforms
 * @since 0.2.0
 */
export function affineAutoregressiveForward(arn: AutoRegressiveNet, x: tf.Tensor, o: AffineAutoregressiveScaling): readonly [tf.Tensor, tf.Tensor] {
  const d = arn.inputDim;
  const layers = arn.layers;
  const inputs = [x, ...layers.flatMap((l) => [l.weight, l.bias])];
  const out = fusedOp(
    inputs,
    () => {
      const n = x.size / d;
      const xs = read(x);
      const ws = layers.map((l) => {
        const w = read(l.weight);
        const m = new Float64Array(w.length);
        for (let i = 0; i < m.length; i++) m[i] = w[i]! * l.mask[i]!;
        return m;
      });
      const bs = layers.map((l) => read(l.bias));
      // activations: acts[0] = x, acts[k] = a_k (pre-activation) for k ≥ 1
      const acts: Float64Array[] = [Float64Array.from(xs)];
      layers.forEach((l, k) => {
        const h = acts[k]!;
        const a = new Float64Array(n * l.outDim);
        const [w, b, relu] = [ws[k]!, bs[k]!, k > 0];
        for (let r = 0; r < n; r++) {
          for (let j = 0; j < l.outDim; j++) a[r * l.outDim + j] = b[j]!;
          for (let i = 0; i < l.inDim; i++) {
            const v = h[r * l.inDim + i]!;
            const hv = relu && v < 0 ? 0 : v;
            if (hv === 0) continue;
            for (let j = 0; j < l.outDim; j++) a[r * l.outDim + j]! += hv * w[i * l.outDim + j]!;
          }
        }
        acts.push(a);
      });
      const last = acts[acts.length - 1]!;
      const y = new Float64Array(n * d);
      const logDet = new Float64Array(n);
      const scale = new Float64Array(n * d); // exp(ŝ) or σ
      for (let r = 0; r < n; r++) {
        for (let i = 0; i < d; i++) {
          const [m, s, xv] = [last[r * 2 * d + i]!, last[r * 2 * d + d + i]!, xs[r * d + i]!];
          if (o.stable) {
            const z = s + o.sigmoidBias;
            const sig = 1 / (1 + Math.exp(-z));
            scale[r * d + i] = sig;
            y[r * d + i] = sig * xv + (1 - sig) * m;
            logDet[r]! += z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
          } else {
            const c = Math.min(Math.max(s, o.logScaleMinClip), o.logScaleMaxClip);
            const e = Math.exp(c);
            scale[r * d + i] = e;
            y[r * d + i] = e * xv + m;
            logDet[r]! += c;
          }
        }
      }
      // every input's gradient as JS data, computed once (on the first request); each is
      // uploaded only when tfjs asks for it (an input off the path costs no tensor)
      let grads: (readonly [Float64Array, readonly number[]])[] | undefined;
      const all = (dys: readonly tf.Tensor[]): (readonly [Float64Array, readonly number[]])[] => {
        if (grads !== undefined) return grads;
        // tfjs passes null for an output off the differentiation path
        const [gy, gd] = dys.map((g, i) => (g === null || g === undefined ? new Float64Array(i === 0 ? n * d : n) : read(g))) as [ArrayLike<number>, ArrayLike<number>];
        let ga = new Float64Array(n * 2 * d);
        const gx = new Float64Array(n * d);
        for (let r = 0; r < n; r++) {
          for (let i = 0; i < d; i++) {
            const [g, sc, xv, m] = [gy[r * d + i]!, scale[r * d + i]!, xs[r * d + i]!, last[r * 2 * d + i]!];
            gx[r * d + i] = g * sc;
            if (o.stable) {
              ga[r * 2 * d + i] = g * (1 - sc);
              ga[r * 2 * d + d + i] = (g * (xv - m) * sc + gd[r]!) * (1 - sc);
            } else {
              ga[r * 2 * d + i] = g;
              ga[r * 2 * d + d + i] = g * sc * xv + gd[r]!;
            }
          }
        }
        const weightGrads: (readonly [Float64Array, readonly number[]])[] = [];
        for (let k = layers.length - 1; k >= 0; k--) {
          const l = layers[k]!;
          const [h, w, relu] = [acts[k]!, ws[k]!, k > 0];
          const gw = new Float64Array(l.inDim * l.outDim);
          const gb = new Float64Array(l.outDim);
          const gh = new Float64Array(n * l.inDim);
          for (let r = 0; r < n; r++) {
            for (let j = 0; j < l.outDim; j++) gb[j]! += ga[r * l.outDim + j]!;
            for (let i = 0; i < l.inDim; i++) {
              const v = h[r * l.inDim + i]!;
              const active = !relu || v > 0;
              let acc = 0;
              for (let j = 0; j < l.outDim; j++) {
                const g = ga[r * l.outDim + j]!;
                if (active) gw[i * l.outDim + j]! += v * g;
                acc += g * w[i * l.outDim + j]!;
              }
              gh[r * l.inDim + i] = active ? acc : 0;
            }
          }
          for (let i = 0; i < gw.length; i++) gw[i]! *= l.mask[i]!;
          weightGrads.unshift([gw, [l.inDim, l.outDim]], [gb, [l.outDim]]);
          ga = gh;
        }
        for (let i = 0; i < gx.length; i++) gx[i]! += ga[i]!;
        grads = [[gx, x.shape], ...weightGrads];
        return grads;
      };
      return {
        value: [f32(y, x.shape), f32(logDet, x.shape.slice(0, -1))],
        gradients: inputs.map((_, i) => (dys: readonly tf.Tensor[]) => {
          const [data, shape] = all(dys)[i]!;
          return f32(data, shape);
        }),
      };
    },
    () => {
      const [loc, s] = arn.apply(x);
      return [...affineFromOutputs(x, loc, s, o)] as tf.Tensor[];
    },
  );
  return [out[0]!, out[1]!];
}
