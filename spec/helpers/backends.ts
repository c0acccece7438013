/**
 * Run a suite once per backend. Each copy switches backend in `beforeAll` and switches back
 * to `cpu` in `afterAll`, so suites stay independent.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { type BackendName, useBackend } from '../../lib/backend.js';

export const BACKENDS: readonly BackendName[] = ['cpu', 'wasm'];

/** `describe(backend)` for each of `backends` (default: `cpu` and `wasm`). */
export function onBackends(body: (backend: BackendName) => void, backends: readonly BackendName[] = BACKENDS): void {
  for (const backend of backends) {
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
}

/** `describe(name) > describe(backend)` for each of `backends` (default: `cpu` and `wasm`). */
export function describeBackends(name: string, body: (backend: BackendName) => void, backends: readonly BackendName[] = BACKENDS): void {
  describe(name, () => onBackends(body, backends));
}
