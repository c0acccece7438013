/**
 * Float32-accurate elementary functions for the fused loops: polynomial forms that V8 compiles
 * to straight-line arithmetic (no builtin call, no rounding call), several times faster than
 * `Math.exp` + `Math.log1p` over a large parameter, every SVI step.
 *
 * Accuracy (float64 evaluation, measured against `Math.exp` / `Math.log1p` over dense grids,
 * pinned by `spec/ops/fused/fast-math.spec.ts`): relative error below 1e-8, a sixth of a
 * float32 ulp, so after rounding to float32 the results are within 1 ulp of the correctly
 * rounded value.
 *
 * Coefficients are written as literals inside the functions: module-level constants are context
 * loads with hole checks in V8, which measured twice as slow as immediates in these loops.
 *
 * @module
 */

/** `2^−k` for `k = 0 … 160` (the scaling step of {@link expNegative}). */
const TWO_POW_NEG = Float64Array.from({ length: 161 }, (_, k) => 2 ** -k);

/**
 * `e^(−a)` for `a ≥ 0` (NaN gives NaN; `a > 103.5`, where `e^(−a)` is below float32's smallest
 * subnormal, gives a float64 that rounds to 0 in float32).
 *
 * `a = k ln 2 − r` with `k` the nearest integer to `a / ln 2` and `|r| ≤ ln 2 / 2`, then
 * `e^(−a) = 2^−k e^r` with `e^r` from its degree-7 Taylor polynomial (remainder ≤ 6e-9).
 * @internal
 */
export function expNegative(a: number): number {
  const c = a > 110 ? 110 : a; // NaN stays NaN
  const k = c * 1.4426950408889634 + 6755399441055744 - 6755399441055744; // + 1.5·2⁵² rounds to an integer
  const r = k * 0.6931471805599453 - c;
  // Estrin's scheme: a shorter dependency chain than Horner's, measured faster in these loops
  const r2 = r * r;
  const r4 = r2 * r2;
  const p =
    1 +
    r +
    r2 * (0.5 + r * 0.16666666666666666) +
    r4 * (0.041666666666666664 + r * 0.008333333333333333 + r2 * (0.001388888888888889 + r * 0.0001984126984126984));
  return p * TWO_POW_NEG[k | 0]!;
}

/**
 * `log(1 + t)` for `t ∈ [0, 1]`: `2 atanh(s)` with `s = t / (2 + t) ≤ 1/3`, its odd series to
 * `s¹⁷` (remainder ≤ 2e-10 relative).
 * @internal
 */
export function log1pUnit(t: number): number {
  const s = t / (2 + t);
  const z = s * s;
  const z2 = z * z;
  const z4 = z2 * z2;
  const q =
    1 +
    z * 0.3333333333333333 +
    z2 * (0.2 + z * 0.14285714285714285) +
    z4 * (0.1111111111111111 + z * 0.09090909090909091 + z2 * (0.07692307692307693 + z * 0.06666666666666667) + z4 * 0.058823529411764705);
  return 2 * s * q;
}
