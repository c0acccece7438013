/**
 * useBackend's failure paths on wasm. A failed wasm initialization cannot be undone in a
 * process (tfjs keeps the paths), so this file runs in its own worker and never succeeds.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { useBackend } from '../lib/backend.js';
import { IgnisError } from '../lib/core/errors.js';

describe('backend-init', () => {
  describe('useBackend', () => {
    it("raises BackendUnavailable naming the binary it could not load and the option to set (wasmPaths)", async () => {
      // Emscripten logs its own abort messages; keep the test output clean
      const quiet = [vi.spyOn(console, 'warn').mockImplementation(() => undefined), vi.spyOn(console, 'error').mockImplementation(() => undefined)];
      const listeners = process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length;
      try {
        const error = await useBackend('wasm', { wasmPaths: '/nonexistent/' }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(IgnisError);
        expect((error as IgnisError).tag).toBe('BackendUnavailable');
        // Node has SIMD and no threads for wasm: tfjs asks for the SIMD binary
        expect((error as Error).message).toMatch(
          /^useBackend: the 'wasm' backend failed to initialize: it could not load its binary \/nonexistent\/tfjs-backend-wasm-simd\.wasm\. Serve the \.wasm files .* useBackend\('wasm', \{ wasmPaths: /,
        );
        expect(tf.getBackend()).toBe('cpu');
        // the failed initialization leaves no rethrowing listeners behind either
        expect(process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length).toBe(listeners);
      } finally {
        quiet.forEach((spy) => spy.mockRestore());
      }
    });

    it('says that other wasmPaths cannot be tried after a failed initialization', async () => {
      await expect(useBackend('wasm', { wasmPaths: '/elsewhere/' })).rejects.toThrow(/useBackend: the 'wasm' backend cannot take new wasmPaths: .*pass the right wasmPaths to the first useBackend call/);
    });

    it('raises InvalidArgument for a backend Ignis does not run on', async () => {
      await expect(useBackend('webgl' as 'cpu')).rejects.toThrow(/^useBackend: argument 'name' must be 'cpu' or 'wasm': got "webgl"/);
      await expect(useBackend('webgl' as 'cpu')).rejects.toBeInstanceOf(IgnisError);
    });
  });
});
