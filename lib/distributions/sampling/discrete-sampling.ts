/**
 * Exact samplers for the discrete families, in float64 JavaScript, driven by one uniform per
 * draw from the site's key (so draws are identical on every backend; `tf.multinomial` is not,
 * see notes/tfjs-facts.md §8).
 *
 * Every sampler is an inversion: the support is visited in a fixed order, probabilities are
 * accumulated, and the draw is the first value whose cumulative probability exceeds `u`. For
 * Poisson and Binomial the visit starts at the mode and steps to whichever neighbour is more
 * probable ("chop-down from the mode"), so the expected cost is O(standard deviation) and no
 * probability underflows for large counts.
 *
 * @module
 */
import { lgamma64 } from '../../ops/index.js';

/** The probability-mass ratios a chop-down walk needs: `p(k+1)/p(k)` and `p(k−1)/p(k)`. */
interface Walk {
  readonly mode: number;
  readonly pmfAtMode: number;
  readonly lower: number;
  readonly upper: number;
  readonly up: (k: number) => number;
  readonly down: (k: number) => number;
}

/** Inversion from the mode outward (the more probable neighbour first). */
function chopDown(walk: Walk, u: number): number {
  let cum = walk.pmfAtMode;
  if (u < cum) return walk.mode;
  let kLow = walk.mode;
  let kHigh = walk.mode;
  let pLow = walk.pmfAtMode;
  let pHigh = walk.pmfAtMode;
  let last: number;
  for (;;) {
    const nextLow = kLow > walk.lower ? pLow * walk.down(kLow) : 0;
    const nextHigh = kHigh < walk.upper ? pHigh * walk.up(kHigh) : 0;
    // Both tails exhausted (or underflowed): u fell in the float64 rounding residue
    // (measure ≲ 1e-13); return the mode, a typical value.
    if (nextLow === 0 && nextHigh === 0) return walk.mode;
    if (nextHigh >= nextLow) {
      kHigh += 1;
      pHigh = nextHigh;
      cum += pHigh;
      last = kHigh;
    } else {
      kLow -= 1;
      pLow = nextLow;
      cum += pLow;
      last = kLow;
    }
    if (u < cum) return last;
  }
}

/**
 * One Poisson(`rate`) draw from a uniform `u ∈ [0, 1)`.
 * `p(k) = λᵏ e^{−λ} / k!`; `p(k+1)/p(k) = λ/(k+1)`.
 */
export function poissonDraw(rate: number, u: number): number {
  if (rate === 0) return 0;
  const mode = Math.floor(rate);
  const logPmf = mode * Math.log(rate) - rate - lgamma64(mode + 1);
  return chopDown(
    {
      mode,
      pmfAtMode: Math.exp(logPmf),
      lower: 0,
      upper: Infinity,
      up: (k) => rate / (k + 1),
      down: (k) => k / rate,
    },
    u,
  );
}

/**
 * One Binomial(`n`, `p`) draw from a uniform `u ∈ [0, 1)`.
 * `p(k) = C(n, k) pᵏ (1−p)ⁿ⁻ᵏ`; `p(k+1)/p(k) = (n−k)/(k+1) · p/(1−p)`.
 */
export function binomialDraw(n: number, p: number, u: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = 1 - p;
  const odds = p / q;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const logPmf =
    lgamma64(n + 1) - lgamma64(mode + 1) - lgamma64(n - mode + 1) + mode * Math.log(p) + (n - mode) * Math.log1p(-p);
  return chopDown(
    {
      mode,
      pmfAtMode: Math.exp(logPmf),
      lower: 0,
      upper: n,
      up: (k) => ((n - k) / (k + 1)) * odds,
      down: (k) => k / ((n - k + 1) * odds),
    },
    u,
  );
}

/**
 * One Categorical draw: the first index `i` of `probs[offset … offset+K)` with
 * `Σ_{j ≤ i} p_j > u` (the probabilities must sum to 1 up to rounding; a `u` in the rounding
 * residue returns the last index with positive probability).
 */
export function categoricalDraw(probs: ArrayLike<number>, offset: number, numEvents: number, u: number): number {
  let cum = 0;
  let last = 0;
  for (let i = 0; i < numEvents; i++) {
    const p = probs[offset + i]!;
    if (p > 0) last = i;
    cum += p;
    if (u < cum) return i;
  }
  return last;
}
