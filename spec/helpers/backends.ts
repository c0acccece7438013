/**
 * Run a suite once per backend. Each copy switches backend in `beforeAll` and switches back
 * to `cpu` in `afterAll`, so suites stay independent.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { type BackendName, useBackend } from '../../lib/backend.js';

export const BACKENDS: readonly BackendName[] = ['cpu', 'wasm'];

/** `describe(name) > describe(backend)` for each of `cpu` and `wasm`. */
export function describeBackends(name: string, body: (backend: BackendName) => void): void {
  describe(name, () => {
    for (const backend of BACKENDS) {
      describe(backend, () => {
        beforeAll(async () => {
          await useBackend(backend);
        });
        afterAll(async () => {
          await useBackend('cpu');
        });
        body(backend);
      });
    }
  });
}
