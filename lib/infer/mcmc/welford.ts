/**
 * Welford's online mean and (co)variance of the warmup draws, with Stan's regularization:
 * after `n` draws, `Σ̂ = (n / (n + 5)) · S + 10⁻³ · (5 / (n + 5)) · I`, `S` the sample
 * (co)variance with `n − 1` in the denominator (Stan's `regularize` as in Pyro's
 * `WelfordCovariance`). The estimate becomes the inverse mass matrix at the end of each
 * adaptation window.
 *
 * @module
 */

/**
 * A running (co)variance estimate (mutable, local to one chain's warmup).
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface Welford {
  /** Adds one draw. */
  update(x: Float64Array): void;
  /** The regularized estimate (a new array: `[dim]` or `[dim · dim]`). */
  covariance(): Float64Array;
  /** Forgets every draw. */
  reset(): void;
  readonly count: () => number;
}

/**
 * A {@link Welford} estimator over `dim` coordinates, diagonal or dense.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function welford(dim: number, dense: boolean): Welford {
  const mean = new Float64Array(dim);
  const m2 = new Float64Array(dense ? dim * dim : dim);
  const pre = new Float64Array(dim);
  let n = 0;
  return {
    update(x) {
      n += 1;
      for (let i = 0; i < dim; i++) {
        pre[i] = x[i]! - mean[i]!;
        mean[i] = mean[i]! + pre[i]! / n;
      }
      if (dense) {
        for (let i = 0; i < dim; i++) {
          const post = x[i]! - mean[i]!;
          for (let j = 0; j < dim; j++) m2[i * dim + j] = m2[i * dim + j]! + post * pre[j]!;
        }
      } else {
        for (let i = 0; i < dim; i++) m2[i] = m2[i]! + pre[i]! * (x[i]! - mean[i]!);
      }
    },
    covariance() {
      if (n < 2) throw new Error('welford: fewer than two draws');
      const shrink = n / (n + 5) / (n - 1);
      const ridge = 1e-3 * (5 / (n + 5));
      const out = m2.map((v) => v * shrink);
      if (dense) {
        // symmetrize (the outer products Δpost Δpreᵀ are not symmetric term by term)
        for (let i = 0; i < dim; i++) {
          for (let j = 0; j < i; j++) {
            const s = 0.5 * (out[i * dim + j]! + out[j * dim + i]!);
            out[i * dim + j] = s;
            out[j * dim + i] = s;
          }
          out[i * dim + i] = out[i * dim + i]! + ridge;
        }
      } else {
        for (let i = 0; i < dim; i++) out[i] = out[i]! + ridge;
      }
      return out;
    },
    reset() {
      n = 0;
      mean.fill(0);
      m2.fill(0);
    },
    count: () => n,
  };
}
