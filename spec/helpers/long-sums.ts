/**
 * Long sums for the float64-accumulation tests: 10⁶ float32 observations spread over [0, 6]
 * (`3 + 3 sin(1 + 0.37 i)`: deterministic and cheap) and float64 references computed from the
 * very float32 values the tensors hold. A float32 running sum over their log-densities (tfjs's,
 * notably the wasm backend's) is off by ~10³ nats; float64 accumulation leaves only the final
 * rounding to float32 (~6e-8 relative).
 */

/** How many rows the long-sum tests use. */
export const ROWS = 1_000_000;

let data: Float32Array | undefined;

/** The `ROWS` float32 observations (made once; do not write to them). */
export function longData(): Float32Array {
  if (data === undefined) {
    data = new Float32Array(ROWS);
    for (let i = 0; i < ROWS; i++) data[i] = 3 + 3 * Math.sin(1 + 0.37 * i);
  }
  return data;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** `Σᵢ log N(xᵢ | loc, scale²)` in float64. */
export function normalLogLik(xs: Iterable<number>, loc: number, scale: number): number {
  let total = 0;
  for (const x of xs) total += -0.5 * ((x - loc) / scale) ** 2 - Math.log(scale) - HALF_LOG_2PI;
  return total;
}

/** `|actual − expected| / |expected|`. */
export const relativeError = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);
