import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_BACKEND, currentBackend, useBackend } from '../lib/backend.js';

describe('backend', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  describe('useBackend', () => {
    it('starts on cpu', () => {
      expect(currentBackend()).toBe('cpu');
    });

    it('switches to wasm and computes there, leaving no Emscripten process listeners behind', async () => {
      // the wasm module's glue adds rethrowing uncaughtException/unhandledRejection listeners, which
      // make Node print its 38 KB line of minified source before every uncaught error
      const count = (): number => process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length;
      const before = count();
      await useBackend('wasm');
      expect(count()).toBe(before);
      expect(currentBackend()).toBe('wasm');
      const s = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3.5])).dataSync()[0]);
      expect(s).toBe(6.5);
    });

    it('selects the default backend, wasm, when given none (the faster one on the benchmark workloads)', async () => {
      await useBackend();
      expect(DEFAULT_BACKEND).toBe('wasm');
      expect(currentBackend()).toBe('wasm');
    });
  });
});
