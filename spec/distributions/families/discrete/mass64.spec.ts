/**
 * The float64 log-mass element functions of mass64.ts: partials equal the central differences
 * of the values (helpers/element-partials.ts; counts are differentiated as real arguments, as
 * lgamma makes them), both parameterizations; saturation (ℓ = ±∞) and torch's `clamp_probs`
 * edges exactly. Values against mpmath: precision.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { bernoulliElement, binomialElement, geometricElement, poissonElement, sigmoid64, softplus64 } from '../../../../lib/distributions/families/discrete/mass64.js';
import { expectPartialsMatchDifferences } from '../../helpers/element-partials.js';

const at = (element: ReturnType<typeof binomialElement>, args: readonly number[]): { readonly value: number; readonly partials: Float64Array } => {
  const partials = new Float64Array(args.length);
  return { value: element(Float64Array.from(args), partials), partials };
};

describe('distributions/families/discrete/mass64', () => {
  it('Binomial, Bernoulli, Geometric, Poisson partials are the derivatives of the values', () => {
    expectPartialsMatchDifferences('Binomial logits', binomialElement('logits'), [[3, 10, 0.4], [9.5, 10, 20], [0.5, 10, -20]]);
    expectPartialsMatchDifferences('Binomial probs', binomialElement('probs'), [[3, 10, 0.4], [9.5, 10, 0.999], [30, 100, 0.3]]);
    expectPartialsMatchDifferences('Bernoulli logits', bernoulliElement('logits'), [[0.3, 0.4], [1, 20], [0, -20]]);
    expectPartialsMatchDifferences('Bernoulli probs', bernoulliElement('probs'), [[0.3, 0.4], [1, 0.999], [0, 1e-3]]);
    expectPartialsMatchDifferences('Geometric logits', geometricElement('logits'), [[3, 0.4], [0.5, 20], [7, -20]]);
    expectPartialsMatchDifferences('Geometric probs', geometricElement('probs'), [[3, 0.4], [0.5, 0.999], [7, 1e-3]]);
    expectPartialsMatchDifferences('Poisson', poissonElement, [[3, 2.5], [9000, 1e4], [0.5, 1e-3]]);
  });

  it('saturated logits give exactly 0 or −∞ (never NaN), zero counts contribute nothing', () => {
    expect(Math.abs(at(binomialElement('logits'), [10, 10, Infinity]).value)).toBe(0);
    expect(at(binomialElement('logits'), [9, 10, Infinity]).value).toBe(-Infinity);
    expect(Math.abs(at(bernoulliElement('logits'), [0, -Infinity]).value)).toBe(0);
    expect(Math.abs(at(poissonElement, [0, 0]).value)).toBe(0);
    expect(Math.abs(at(geometricElement('logits'), [0, Infinity]).value)).toBe(0);
    expect(at(geometricElement('logits'), [1, Infinity]).value).toBe(-Infinity);
  });

  it('probs are clamped to [ε, 1 − ε] as torch clamp_probs, with ∂p = 0 where the clamp is active', () => {
    const eps = 2 ** -23;
    const { value, partials } = at(bernoulliElement('probs'), [1, 1]);
    expect(value).toBe(Math.log(1 - eps));
    expect(partials[1]).toBe(0);
  });

  it('softplus64 and sigmoid64 neither overflow nor lose the tail', () => {
    expect(softplus64(1000)).toBe(1000);
    expect(softplus64(-1000)).toBe(0);
    expect(Math.abs(softplus64(-20) - 2.061153620314381e-9) / 2.06e-9).toBeLessThan(1e-15);
    expect(sigmoid64(-1000)).toBe(0);
    expect(Math.abs(sigmoid64(-20) - 2.0611536181902037e-9) / 2.06e-9).toBeLessThan(1e-15);
  });
});
