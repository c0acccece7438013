/** Shared float32 test points for the gamma-family specs. */
import { f32 } from './numeric.js';

/** float32 points: log-spaced on (1e-3, 1e3), ulps around 1 and 2, and a few more near them. */
export function gammaPoints(): Float64Array {
  const pts: number[] = [];
  for (let i = 0; i <= 300; i++) pts.push(10 ** (-3 + (6 * i) / 300));
  for (const c of [1, 2]) for (const k of [1, 2, 3, 10, 1000, 1e5]) pts.push(c + k * 2 ** -23, c - k * 2 ** -24);
  pts.push(0.999, 1.001, 1.5, 1.9999, 2.0001, 2.5, 1.4616321, 0.5, 3, 10, 30.5, 171.5, 999.5);
  return f32(pts);
}
