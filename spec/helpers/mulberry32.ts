/**
 * The portable data generator of the benchmark workloads (shared/bench/WORKLOADS.md):
 * mulberry32 uniforms and Box–Muller normals (cosine branch only), in float64, so Ignis and
 * the Pyro peer build their data from the same numbers.
 */

/** A mulberry32 stream: `uniform()` in [0, 1), `normal()` from two uniforms. */
export interface Mulberry32 {
  uniform(): number;
  normal(): number;
}

/**
 * A stream seeded with the uint32 `seed`. Each draw: `a = (a + 0x6D2B79F5) | 0`;
 * `t = imul(a ^ (a >>> 15), 1 | a)`; `t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t`;
 * `u = ((t ^ (t >>> 14)) >>> 0) / 2³²`. A normal is `√(−2 ln(1 − u₁)) cos(2π u₂)`.
 */
export function mulberry32(seed: number): Mulberry32 {
  let a = seed | 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u1 = uniform();
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  };
  return { uniform, normal };
}

/** `n` draws of `draw` as a Float64Array. */
export const draws = (n: number, draw: () => number): Float64Array => Float64Array.from({ length: n }, draw);

/** The float64 sum of the float32 roundings of `values` (the workloads' checksums). */
export const float32Sum = (values: ArrayLike<number>): number => Array.from(values).reduce((s, v) => s + Math.fround(v), 0);
