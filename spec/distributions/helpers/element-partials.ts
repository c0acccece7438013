/**
 * Checks a float64 element function (`ops/fused/elementwise.ts`'s `ElementFn`: value and
 * partials) against central differences of its own value: the partials a fused density op
 * hands to `tf.grad` must be the derivatives of the value it returns.
 */
import { expect } from 'vitest';
import type { ElementFn } from '../../../lib/ops/fused/elementwise.js';
import { fdGradient } from '../../ops/helpers/numeric.js';

/**
 * At each point, `element`'s partials equal the central differences of its value (float64,
 * step `1e-6·max(1, |x|)`, truncation error O(h²) ≈ 1e-12 relative to the third derivative,
 * rounding error ≈ ε/h ≈ 1e-10 relative to the value): rtol 1e-6, atol 1e-7 · (1 + |value|).
 */
export function expectPartialsMatchDifferences(label: string, element: ElementFn, points: readonly (readonly number[])[]): void {
  for (const point of points) {
    const args = Float64Array.from(point);
    const partials = new Float64Array(point.length);
    const value = element(args, partials);
    const fd = fdGradient((x) => element(x, new Float64Array(point.length)), args);
    for (let i = 0; i < point.length; i++) {
      const tol = 1e-6 * Math.abs(fd[i]!) + 1e-7 * (1 + Math.abs(value));
      expect(Math.abs(partials[i]! - fd[i]!), `${label} ∂${i} at [${point.join(', ')}]: ${partials[i]} vs ${fd[i]}`).toBeLessThanOrEqual(tol);
    }
  }
}
