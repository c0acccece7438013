/**
 * The data of the five benchmark workloads (shared/bench/WORKLOADS.md), drawn from the portable
 * mulberry32 generator in float64 in the documented order, so Ignis and the Pyro peer fit the
 * same numbers; checksums are the float64 sums of the float32 roundings. The generator and the
 * data the examples share live in examples/support/data.ts (one copy).
 */
import { draws, mulberry32 } from '../../examples/support/data.js';

export { hierData, linregData, seedData } from '../../examples/support/data.js';

/** The float64 sum of the float32 roundings of `values` (the workloads' checksums). */
export function float32Sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += Math.fround(v);
  return s;
}

/** Amortized-workload data: W [k, o], a_true [b, k], x [b, o] (noise sd 0.1), seed 3. */
export interface AmortizedData {
  readonly b: number;
  readonly k: number;
  readonly o: number;
  readonly w: Float64Array;
  readonly aTrue: Float64Array;
  readonly x: Float64Array;
}

/** amortized_mvn: seed 3; W (k·o), a_true (b·k), noise (b·o); `x = a_true W + 0.1 noise`. */
export function amortizedData(b = 256, k = 8, o = 16): AmortizedData {
  const g = mulberry32(3);
  const w = draws(k * o, g.normal);
  const aTrue = draws(b * k, g.normal);
  const noise = draws(b * o, g.normal);
  const x = Float64Array.from({ length: b * o }, (_, idx) => {
    const i = Math.floor(idx / o);
    const j = idx % o;
    let s = 0;
    for (let c = 0; c < k; c++) s += aTrue[i * k + c]! * w[c * o + j]!;
    return s + 0.1 * noise[idx]!;
  });
  return { b, k, o, w, aTrue, x };
}

