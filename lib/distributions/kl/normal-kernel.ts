/**
 * `KL(N(μp, σp²) ‖ N(μq, σq²))` as ONE tfjs custom op computed in float64 JavaScript, with
 * float64 JS gradients summed back to each parameter's (unbroadcast) shape: the mean-field
 * ELBO evaluates it for every latent site at every step (`TraceMeanFieldELBO`), where the
 * chain of tfjs ops costs 10 kernels forward and ~45 backward.
 *
 * When tfjs records the backward pass itself (higher-order gradients), the gradients are built
 * from differentiable tfjs ops instead.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { broadcastShapes } from '../../core/shape.js';
import { asFloat32, broadcastIndex, float32Tensor, sumToShape } from '../fused-op-helpers.js';

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
  const index = inputs.map((t) => broadcastIndex(t.shape, shape));
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const ts = args.slice(0, 4) as tf.Tensor[];
    const save = args[4] as tf.GradSaveFunc;
    const [a, b, c, d] = ts.map((t) => t.dataSync());
    const [ia, ib, ic, id] = index as [Int32Array, Int32Array, Int32Array, Int32Array];
    const n = ia.length;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const [mp, sp, mq, sq] = [a![ia[k]!]!, b![ib[k]!]!, c![ic[k]!]!, d![id[k]!]!];
      out[k] = Math.log(sq / sp) + (sp * sp + (mp - mq) ** 2) / (2 * sq * sq) - 0.5;
    }
    save(ts);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [mpT, spT, mqT, sqT] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      if (tf.engine().isTapeOn()) {
        const diff = tf.sub(mpT, mqT);
        const q2 = tf.square(sqT);
        const dMp = tf.mul(dy, tf.div(diff, q2));
        const dSp = tf.mul(dy, tf.sub(tf.div(spT, q2), tf.reciprocal(spT)));
        const dSq = tf.mul(dy, tf.sub(tf.reciprocal(sqT), tf.div(tf.add(tf.square(spT), tf.square(diff)), tf.mul(q2, sqT))));
        return [sumToShape(dMp, mpT.shape), sumToShape(dSp, spT.shape), sumToShape(tf.neg(dMp), mqT.shape), sumToShape(dSq, sqT.shape)];
      }
      const g = dy.dataSync();
      const grads = saved.map((t) => new Float64Array(t.size));
      const [ga, gb, gc, gd] = grads as [Float64Array, Float64Array, Float64Array, Float64Array];
      const [a2, b2, c2, d2] = saved.map((t) => t.dataSync());
      for (let k = 0; k < n; k++) {
        const [mp, sp, mq, sq] = [a2![ia[k]!]!, b2![ib[k]!]!, c2![ic[k]!]!, d2![id[k]!]!];
        const gk = g[k]!;
        const q2 = sq * sq;
        const dm = (gk * (mp - mq)) / q2;
        ga[ia[k]!] = ga[ia[k]!]! + dm;
        gc[ic[k]!] = gc[ic[k]!]! - dm;
        gb[ib[k]!] = gb[ib[k]!]! + gk * (sp / q2 - 1 / sp);
        gd[id[k]!] = gd[id[k]!]! + gk * (1 / sq - (sp * sp + (mp - mq) ** 2) / (q2 * sq));
      }
      return grads.map((gr, i) => float32Tensor(gr, saved[i]!.shape));
    };
    return { value: float32Tensor(out, shape), gradFunc };
  });
  return op(...inputs);
}
