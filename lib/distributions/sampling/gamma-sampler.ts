/**
 * Standard Gamma draws and their implicit reparameterization gradient, in float64 JavaScript.
 *
 * Draws: Marsaglia & Tsang (2000), "A simple method for generating gamma variables": for
 * `α ≥ 1`, `d = α − ⅓`, `c = 1/√(9d)`, propose `v = (1 + c x)³` with `x ~ N(0, 1)` and accept when
 * `log u < x²/2 + d − d v + d log v`; the draw is `d v`. For `α < 1` the boost
 * `Gamma(α) = Gamma(α + 1) · u^{1/α}` is applied in log space, so tiny draws do not underflow.
 *
 * Gradient: implicit reparameterization (Figurnov, Mohamed & Mnih 2018). With `F(z; α)` the
 * regularized lower incomplete gamma function `P(α, z)`, a draw `z` moves with `α` as
 * `dz/dα = −(∂F/∂α) / (∂F/∂z)`. Writing `P = a·S` (series) or `1 − P = a·K` (Legendre continued
 * fraction) with `a = z^α e^{−z} / Γ(α)` and `∂F/∂z = a / z`, the prefactor cancels:
 *
 * - series (`z ≤ 1` or `z ≤ α`): `S = Σₙ zⁿ / (α(α+1)…(α+n))`,
 *   `d log z / dα = −[(log z − ψ(α)) S + ∂S/∂α]`;
 * - continued fraction (otherwise): `d log z / dα = (log z − ψ(α)) K + ∂K/∂α`, with `∂K/∂α`
 *   carried through the modified Lentz recurrence as a forward-mode derivative (as Eigen's
 *   `igamma_der_a` does),
 *
 * so no `Γ(α)`, no underflowing density and no finite differences are needed.
 *
 * @module
 */
import { type Key, foldIn, normals, splitKey, uniforms } from '../../core/key.js';
import { digamma64 } from '../../ops/index.js';

/** The smallest positive normal float32: draws are clamped to it, as `torch._standard_gamma` does. */
export const FLOAT32_TINY = 1.1754943508222875e-38;

const MAX_TERMS = 100_000;
const EPS = 1e-15;
const LENTZ_TINY = 1e-300;

/** `d log z / dα` from the power series of `P(α, z)` (used for `z ≤ max(1, α)`). */
function seriesDLogZ(alpha: number, z: number, logZ: number): number {
  let term = 1 / alpha;
  let dTerm = -1 / (alpha * alpha);
  let sum = term;
  let dSum = dTerm;
  for (let n = 1; n < MAX_TERMS; n++) {
    const r = z / (alpha + n);
    dTerm = r * (dTerm - term / (alpha + n));
    term *= r;
    sum += term;
    dSum += dTerm;
    if (Math.abs(term) <= EPS * sum && Math.abs(dTerm) <= EPS * (Math.abs(dSum) + sum)) break;
  }
  return -((logZ - digamma64(alpha)) * sum + dSum);
}

/** `d log z / dα` from the continued fraction of `Q(α, z) = 1 − P(α, z)` (used for `z > max(1, α)`). */
function continuedFractionDLogZ(alpha: number, z: number, logZ: number): number {
  // Modified Lentz on K = 1/(b0 + a1/(b1 + a2/(b2 + …))), b_i = z + 2i + 1 − α, a_i = −i(i − α),
  // with each quantity paired with its derivative in α.
  let b = z + 1 - alpha;
  const db = -1;
  let c = 1 / LENTZ_TINY;
  let dc = 0;
  let d = 1 / b;
  let dd = -db * d * d;
  let h = d;
  let dh = dd;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - alpha);
    const dan = i;
    b += 2;
    let dInv = an * d + b;
    const dDInv = dan * d + an * dd + db;
    if (Math.abs(dInv) < LENTZ_TINY) dInv = LENTZ_TINY;
    const cPrev = c;
    c = b + an / cPrev;
    dc = db + (dan * cPrev - an * dc) / (cPrev * cPrev);
    if (Math.abs(c) < LENTZ_TINY) c = LENTZ_TINY;
    d = 1 / dInv;
    dd = -dDInv * d * d;
    const delta = c * d;
    const dDelta = dc * d + c * dd;
    dh = dh * delta + h * dDelta;
    h *= delta;
    if (Math.abs(delta - 1) <= EPS && Math.abs(h * dDelta) <= EPS * (Math.abs(dh) + Math.abs(h))) break;
  }
  return (logZ - digamma64(alpha)) * h + dh;
}

/**
 * The implicit reparameterization gradient of a standard Gamma draw, as `d log z / dα`
 * (multiply by `z` for `dz/dα`), from `α > 0` and `log z`. See the module header.
 */
export function standardGammaDLogZ(alpha: number, logZ: number): number {
  const z = Math.exp(logZ);
  return z > 1 && z > alpha ? continuedFractionDLogZ(alpha, z, logZ) : seriesDLogZ(alpha, z, logZ);
}

/** Sequential normal and uniform (open (0, 1)) streams from one key, refilled in blocks (deterministic; also the von Mises sampler's). */
export function randomStream(key: Key, blockSize: number): { readonly normal: () => number; readonly uniform: () => number } {
  const [normalKey, uniformKey] = splitKey(key, 2) as [Key, Key];
  const make = (base: Key, draw: (k: Key, n: number) => Float64Array): (() => number) => {
    let block = 0;
    let values = draw(base, blockSize);
    let i = 0;
    return () => {
      if (i === values.length) {
        block += 1;
        values = draw(foldIn(base, block), blockSize);
        i = 0;
      }
      return values[i++]!;
    };
  };
  // Open interval (0, 1): `uniforms` returns multiples of 2⁻⁵³ in [0, 1); shift by half a step.
  const openUniforms = (k: Key, n: number): Float64Array => uniforms(k, n).map((u) => u + 2 ** -54);
  return { normal: make(normalKey, normals), uniform: make(uniformKey, openUniforms) };
}

/** One Marsaglia–Tsang draw for `α ≥ 1`, returned as `log z`. */
function marsagliaTsangLog(alpha: number, normal: () => number, uniform: () => number): number {
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal();
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const logV = 3 * Math.log(t);
    if (Math.log(uniform()) < 0.5 * x * x + d - d * v + d * logV) return Math.log(d) + logV;
  }
}

/**
 * `log z` for `n` standard Gamma draws, the i-th with concentration `alphaAt(i)`, all from `key`
 * (Marsaglia–Tsang with the `α < 1` boost; see the module header).
 */
export function standardGammaLogDraws(key: Key, n: number, alphaAt: (i: number) => number): Float64Array {
  const { normal, uniform } = randomStream(key, n + 16);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const alpha = alphaAt(i);
    out[i] =
      alpha >= 1
        ? marsagliaTsangLog(alpha, normal, uniform)
        : marsagliaTsangLog(alpha + 1, normal, uniform) + Math.log(uniform()) / alpha;
  }
  return out;
}
