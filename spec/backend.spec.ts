import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { currentBackend, useBackend } from '../lib/backend.js';

describe('backend', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  describe('useBackend', () => {
    it('starts on cpu', () => {
      expect(currentBackend()).toBe('cpu');
    });

    it('switches to wasm and computes there', async () => {
      await useBackend('wasm');
      expect(currentBackend()).toBe('wasm');
      const s = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3.5])).dataSync()[0]);
      expect(s).toBe(6.5);
    });
  });
});
