/**
 * The float64 element functions of density64.ts: each partial equals the central difference of
 * the element's value (helpers/element-partials.ts), at ordinary and large parameters; values
 * are checked against mpmath in precision.spec.ts. `fused64` returns the tfjs reference under
 * higher-order gradients, and its gradient reaches every input.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  betaElement,
  betaEntropyElement,
  fused64,
  gammaElement,
  gammaEntropyElement,
  inverseGammaElement,
  inverseGammaEntropyElement,
  studentTEntropyElement,
} from '../../../../lib/distributions/families/continuous/density64.js';
import { describeBackends } from '../../../helpers/backends.js';
import { expectPartialsMatchDifferences } from '../../helpers/element-partials.js';

describe('distributions/families/continuous/density64', () => {
  it('log-density partials are the derivatives of the values', () => {
    expectPartialsMatchDifferences('Gamma', gammaElement, [[1.3, 2, 3], [0.7, 0.5, 1], [1.05, 1000, 1000]]);
    expectPartialsMatchDifferences('InverseGamma', inverseGammaElement, [[0.5, 3, 2], [1.2, 1000, 1000]]);
    expectPartialsMatchDifferences('Beta', betaElement, [[0.3, 2, 3], [0.9, 0.5, 0.7], [0.5, 1000, 1000]]);
  });

  it('entropy partials are the derivatives of the values', () => {
    expectPartialsMatchDifferences('Gamma entropy', gammaEntropyElement, [[0.5, 2], [3, 0.5], [1000, 1]]);
    expectPartialsMatchDifferences('InverseGamma entropy', inverseGammaEntropyElement, [[0.5, 2], [3, 0.5], [1000, 1]]);
    expectPartialsMatchDifferences('Beta entropy', betaEntropyElement, [[0.5, 2], [3, 0.7], [1000, 1000]]);
    expectPartialsMatchDifferences('StudentT entropy', studentTEntropyElement, [[0.5, 2], [3, 0.7], [1e4, 1]]);
  });

  it('the check catches a partial 0.1% off', () => {
    const off: typeof studentTEntropyElement = (args, p) => {
      const value = studentTEntropyElement(args, p);
      p[0] = p[0]! * 1.001;
      return value;
    };
    expect(() => expectPartialsMatchDifferences('off', off, [[3, 0.7]])).toThrow(/∂0/);
  });
});

describeBackends('distributions/families/continuous/density64 fused64', () => {
  it('tf.grad reaches every input with the element partials, broadcast back to its shape', () => {
    tf.tidy(() => {
      const [x, a, b] = [tf.tensor([0.5, 1.5]), tf.scalar(2), tf.tensor([1, 3])];
      const grads = tf.grads((x: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.sum(fused64('Gamma.logProb', [x, a, b], gammaElement, () => tf.zeros([2]))))([x, a, b]);
      const expected = [0.5, 1.5].map((xv, i) => {
        const p = new Float64Array(3);
        gammaElement(Float64Array.from([xv, 2, [1, 3][i]!]), p);
        return p;
      });
      expect(Array.from(grads[0]!.dataSync())).toEqual(expected.map((p) => Math.fround(p[0]!)));
      expect(grads[1]!.shape).toEqual([]);
      expect(grads[1]!.dataSync()[0]).toBeCloseTo(expected[0]![1]! + expected[1]![1]!, 5);
      expect(Array.from(grads[2]!.dataSync())).toEqual(expected.map((p) => Math.fround(p[2]!)));
    });
  });
});
