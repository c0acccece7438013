/**
 * The float64 part of the Multinomial entropy (torch's formula):
 *
 *   `H = n H(p) − log n! + Σ_k E_{Binomial(n, p_k)}[log x!]`,
 *
 * whose last two terms are each O(n log n) and cancel to O(log n): computed in float32 they
 * would lose the result. {@link expectedLogFactorials} evaluates them in float64 by summing
 * over the binomial supports, with the gradient
 * `∂/∂p_k E_{Binomial(n, p_k)}[log x!] = n E_{Binomial(n − 1, p_k)}[log(x + 1)]`
 * (the derivative of a binomial expectation is `n` times the expected forward difference).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { lgamma64 } from '../../../ops/index.js';

/** `Σ_{x=0..n} Binomial(x; n, p) f(x)` in float64 (terms from the log-mass; exact at p = 0 and 1). */
function binomialExpectation(n: number, p: number, f: (x: number) => number): number {
  if (p <= 0) return f(0);
  if (p >= 1) return f(n);
  const [logP, logQ, logNFact] = [Math.log(p), Math.log1p(-p), lgamma64(n + 1)];
  let sum = 0;
  for (let x = 0; x <= n; x++) sum += Math.exp(logNFact - lgamma64(x + 1) - lgamma64(n - x + 1) + x * logP + (n - x) * logQ) * f(x);
  return sum;
}

/**
 * `Σ_k E_{Binomial(n, p_k)}[log x!] − log n!` per row of `probs` (`[..., K]` → `[...]`), in
 * float64, differentiable in `probs` (first order).
 */
export function expectedLogFactorials(probs: tf.Tensor, n: number): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const p = args[0] as tf.Tensor;
    const data = p.dataSync();
    const k = p.shape[p.rank - 1]!;
    const value = new Float32Array(data.length / k);
    const grad = new Float32Array(data.length);
    const logNFact = lgamma64(n + 1);
    for (let row = 0; row < value.length; row++) {
      let total = -logNFact;
      for (let j = row * k; j < (row + 1) * k; j++) {
        total += binomialExpectation(n, data[j]!, (x) => lgamma64(x + 1));
        grad[j] = n === 0 ? 0 : n * binomialExpectation(n - 1, data[j]!, (x) => Math.log(x + 1));
      }
      value[row] = total;
    }
    return {
      value: tf.tensor(value, p.shape.slice(0, -1), 'float32'),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.mul(tf.expandDims(Array.isArray(dy) ? dy[0]! : dy, -1), tf.tensor(grad, p.shape, 'float32')),
    };
  });
  return op(probs);
}
