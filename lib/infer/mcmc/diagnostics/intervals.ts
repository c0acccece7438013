/**
 * Quantiles and highest-density intervals of draws (Pyro's `quantile` and `hpdi`).
 *
 * @module
 */

/**
 * The `p`-quantile of sorted draws by linear interpolation between order statistics at
 * position `p · (n − 1)` (Pyro's `quantile`, NumPy's default).
 *
 * @category mcmc
 * @since 0.2.0
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const pos = p * (sorted.length - 1);
  const below = Math.floor(pos);
  const above = Math.min(below + 1, sorted.length - 1);
  const w = pos - below;
  return (1 - w) * sorted[below]! + w * sorted[above]!;
}

/**
 * The narrowest interval holding `⌊prob · n⌋ + 1` of the sorted draws, `[sorted[i], sorted[i + ⌊prob · n⌋]]`
 * with the first minimal `i` (Pyro's `hpdi`).
 *
 * @category mcmc
 * @since 0.2.0
 */
export function hpdiSorted(sorted: ArrayLike<number>, prob: number): readonly [number, number] {
  const n = sorted.length;
  const length = Math.floor(prob * n);
  let best = 0;
  let bestWidth = Infinity;
  for (let i = 0; i < n - length; i++) {
    const width = sorted[i + length]! - sorted[i]!;
    if (width < bestWidth) {
      bestWidth = width;
      best = i;
    }
  }
  return [sorted[best]!, sorted[Math.min(best + length, n - 1)]!];
}

/** The lower median of sorted draws (torch's `median`). */
export const lowerMedian = (sorted: ArrayLike<number>): number => sorted[(sorted.length - 1) >> 1]!;
