import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Beta, Dirichlet, Gamma, LogNormal, MultivariateNormal, Normal, Uniform } from '../../../lib/distributions/index.js';
import { isMultivariate, whyInfeasible } from '../../../lib/infer/autoguide/feasibility.js';

describe('infer/autoguide/feasibility', () => {
  describe('isMultivariate', () => {
    it("is Pyro's _is_multivariate: an event dim > 1 after Independent, mask and expand", () => {
      expect(isMultivariate(Dirichlet(tf.ones([3])))).toBe(true);
      expect(isMultivariate(MultivariateNormal(tf.zeros([2]), { covarianceMatrix: tf.eye(2) }))).toBe(true);
      expect(isMultivariate(Dirichlet(tf.ones([3])).expand([4]).mask(false).toEvent(1))).toBe(true);
      expect(isMultivariate(Normal(tf.zeros([5]), 1).toEvent(1))).toBe(false);
      expect(isMultivariate(Normal(0, 1).expand([2]).mask(tf.tensor1d([false, true], 'bool')).toEvent(1))).toBe(false);
      // an event of size 1 has a median (torch: any(size > 1 for size in event_shape))
      expect(isMultivariate(Dirichlet(tf.ones([1])))).toBe(false);
    });
  });

  describe('whyInfeasible', () => {
    it('accepts a value of the site with a finite density and a finite unconstrained image', () => {
      expect(whyInfeasible(LogNormal(0, 1), tf.scalar(2))).toBeUndefined();
      expect(whyInfeasible(Dirichlet(tf.ones([3])), tf.tensor1d([0.2, 0.3, 0.5]))).toBeUndefined();
    });

    it('names what is wrong: shape, NaN, support, density, unconstrained image', () => {
      expect(whyInfeasible(Normal(0, 1).expand([2]), tf.scalar(0))).toBe('the value has shape [], the site [2]');
      expect(whyInfeasible(Normal(0, 1), tf.scalar(NaN))).toBe('the value is not finite');
      expect(whyInfeasible(LogNormal(0, 1), tf.scalar(-1))).toMatch(/LogNormal.logProb: argument 'value' must be in the support positive/);
      expect(whyInfeasible(Dirichlet(tf.ones([3])), tf.tensor1d([0.5, 0.5, 0.5]))).toMatch(/must be in the support simplex/);
      // Uniform's closed support holds 1, where its density is 0 (torch's formula)
      expect(whyInfeasible(Uniform(0, 1), tf.scalar(1))).toBe('the log-density is not finite');
      // Gamma(1, 1)'s support holds 0 (density 1), where log 0 = −∞
      expect(whyInfeasible(Gamma(1, 1), tf.scalar(0))).toBe('the unconstrained value is not finite');
    });

    it('leaves no tensor behind', () => {
      const value = tf.scalar(0.5);
      const d = Beta(2, 2);
      const before = tf.memory().numTensors;
      whyInfeasible(d, value);
      whyInfeasible(d, tf.tidy(() => tf.scalar(2)));
      expect(tf.memory().numTensors).toBe(before + 1); // the second value itself
    });
  });
});
