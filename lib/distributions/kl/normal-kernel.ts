/**
 * `KL(N(μp, σp²) ‖ N(μq, σq²))` as ONE tfjs custom op computed in float64 JavaScript, with
 * float64 JS gradients summed back to each parameter's (unbroadcast) shape: the mean-field
 * ELBO evaluates it for every latent site at every step (`TraceMeanFieldELBO`), where the
 * chain of tfjs ops costs 10 kernels forward and ~45 backward.
 *
 * Built on `fusedOp` (lib/ops/fused): no tensor saved, gradients only for the inputs that need
 * one; under a higher-order gradient the same formula runs as differentiable tfjs ops.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { read } from '../../ops/fused/host-data.js';
import { broadcastShapes } from '../../core/shape.js';
import { broadcastIfNeeded } from '../util.js';
import { asFloat32, broadcastIndex, float32Tensor, sumByIndex } from '../../ops/fused/broadcast.js';
import { fusedOp } from '../../ops/fused/custom-op.js';

/** The same KL from tfjs ops (the higher-order path). */
function klReference(pLoc: tf.Tensor, pScale: tf.Tensor, qLoc: tf.Tensor, qScale: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const q2 = tf.square(qScale);
  const kl = tf.sub(tf.add(tf.log(tf.div(qScale, pScale)), tf.div(tf.add(tf.square(pScale), tf.square(tf.sub(pLoc, qLoc))), tf.mul(q2, 2))), 0.5);
  return broadcastIfNeeded(kl, shape);
}

/**
 * `log(σq/σp) + (σp² + (μp − μq)²) / (2σq²) − ½`, elementwise over the broadcast shape.
 *
 * Gradients: `∂μp = (μp − μq)/σq² = −∂μq`, `∂σp = σp/σq² − 1/σp`,
 * `∂σq = 1/σq − (σp² + (μp − μq)²)/σq³`.
 *
 * @category distributions
 * @since 0.1.0
 */
export function klNormalNormalFused(pLoc: tf.Tensor, pScale: tf.Tensor, qLoc: tf.Tensor, qScale: tf.Tensor): tf.Tensor {
  const inputs = [pLoc, pScale, qLoc, qScale].map(asFloat32);
  const shape = broadcastShapes('klDivergence(Normal, Normal)', ...inputs.map((t) => t.shape));
  return fusedOp(
    inputs,
    (withGradient) => {
      const [ia, ib, ic, id] = inputs.map((t) => broadcastIndex(t.shape, shape)) as [Int32Array, Int32Array, Int32Array, Int32Array];
      const [a, b, c, d] = inputs.map((t) => read(t)) as [Float32Array, Float32Array, Float32Array, Float32Array];
      const n = ia.length;
      const out = new Float32Array(n);
      const partials = withGradient ? [new Float64Array(n), new Float64Array(n), new Float64Array(n)] : undefined;
      for (let k = 0; k < n; k++) {
        const mp = a[ia[k]!]!;
        const sp = b[ib[k]!]!;
        const mq = c[ic[k]!]!;
        const sq = d[id[k]!]!;
        const q2 = sq * sq;
        const diff = mp - mq;
        const num = sp * sp + diff * diff;
        out[k] = Math.log(sq / sp) + num / (2 * q2) - 0.5;
        if (partials !== undefined) {
          partials[0]![k] = diff / q2;
          partials[1]![k] = sp / q2 - 1 / sp;
          partials[2]![k] = 1 / sq - num / (q2 * sq);
        }
      }
      const grad = (which: number, sign: number, index: Int32Array, input: tf.Tensor) => (dys: readonly tf.Tensor[]): tf.Tensor => {
        const g = read(dys[0]!);
        const p = partials![which]!;
        const vjp = new Float64Array(n);
        for (let k = 0; k < n; k++) vjp[k] = sign * g[k]! * p[k]!;
        return float32Tensor(sumByIndex(vjp, index, input.size), input.shape);
      };
      return {
        value: float32Tensor(out, shape),
        gradients: [grad(0, 1, ia, inputs[0]!), grad(1, 1, ib, inputs[1]!), grad(0, -1, ic, inputs[2]!), grad(2, 1, id, inputs[3]!)],
      };
    },
    () => klReference(inputs[0]!, inputs[1]!, inputs[2]!, inputs[3]!, shape),
  );
}
