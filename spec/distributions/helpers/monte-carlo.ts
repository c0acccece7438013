/**
 * Monte Carlo helpers for the sampler tests: per-column sample moments of draws laid out as
 * `[N, ...rest]`, and the bounds used to compare them with closed forms.
 *
 * Bounds: a sample mean of N i.i.d. draws has standard error `σ/√N`; a sample variance has
 * standard error `√((μ₄ − σ⁴)/N)` (μ₄ the central fourth moment). Tests allow `Z = 5` standard
 * errors: with fixed keys the tests are deterministic, and a correct sampler would fail a
 * single 5-SE check with probability ≈ 6e-7.
 */
import type * as tf from '@tensorflow/tfjs-core';

export const Z = 5;

/** Column means and (unbiased) variances of `[N, ...rest]` draws, in float64. */
export function columnMoments(draws: tf.Tensor): { readonly mean: Float64Array; readonly variance: Float64Array; readonly n: number } {
  const n = draws.shape[0];
  const data = draws.dataSync();
  const cols = data.length / n;
  const mean = new Float64Array(cols);
  const variance = new Float64Array(cols);
  for (let i = 0; i < n; i++) for (let c = 0; c < cols; c++) mean[c]! += data[i * cols + c]! / n;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < cols; c++) {
      const e = data[i * cols + c]! - mean[c]!;
      variance[c]! += (e * e) / (n - 1);
    }
  }
  return { mean, variance, n };
}

/** Frequencies of each integer value `0 … maxValue` in `draws` (all elements pooled). */
export function frequencies(draws: tf.Tensor, maxValue: number): Float64Array {
  const data = draws.dataSync();
  const out = new Float64Array(maxValue + 1);
  for (const x of data) if (x >= 0 && x <= maxValue) out[x]! += 1 / data.length;
  return out;
}

/** `|a − e| ≤ Z · se`, with a message naming what was compared. */
export function withinSE(actual: number, expected: number, se: number, what: string): string | undefined {
  return Math.abs(actual - expected) <= Z * se ? undefined : `${what}: ${actual} vs ${expected} (|Δ| > ${Z} × SE ${se})`;
}
