/**
 * Run a block of tests on both tfjs backends: `describe` blocks that switch to the backend in
 * `beforeAll` and back to cpu in `afterAll`.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { useBackend, type BackendName } from '../../../lib/backend.js';

export const BACKENDS: readonly BackendName[] = ['cpu', 'wasm'];

export function onBackends(body: (backend: BackendName) => void): void {
  for (const backend of BACKENDS) {
    describe(`on ${backend}`, () => {
      beforeAll(async () => {
        await useBackend(backend);
      });
      afterAll(async () => {
        await useBackend('cpu');
      });
      body(backend);
    });
  }
}
