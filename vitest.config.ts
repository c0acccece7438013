import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Files that need a process of their own: they test what happens the first time a process
 * initializes the wasm backend (backend.spec.ts: no Emscripten listeners left behind;
 * backend-init.spec.ts: a failed initialization, which cannot be undone in a process), or that
 * reset the module registry (web-chain-worker.spec.ts: `vi.resetModules()`; later files in a
 * shared worker would load a second copy of Ignis whose module state — e.g. the Adam kernel's
 * summaries, the gradient-path tracker — is not the copy tfjs's global kernel registry calls).
 */
const ownProcess = ['spec/backend.spec.ts', 'spec/backend-init.spec.ts', 'spec/infer/mcmc/web-chain-worker.spec.ts'];

/**
 * Test configuration: runtime specs under spec/ (`*.spec.ts`), type tests under spec/types
 * (`*.test-d.ts`, checked by `tsc` through vitest's typecheck mode). Every file starts on the
 * `cpu` backend with fast-check's fixed seed (spec/setup.ts, run before each file).
 *
 * The specs share their workers' module graphs (`isolate: false`): a worker loads tfjs, its
 * backends and Ignis once instead of once per file, which took ~0.5 s of setup and ~1.3 s of
 * process start-up per file (about two thirds of `npm test`'s CPU time with 226 files). Specs
 * must therefore leave no global state behind (backend: reset by spec/setup.ts; warnings:
 * `setWarningSink` forgets what was shown; spies: restored). The `ownProcess` files run
 * isolated, each in a fresh worker.
 *
 * Two workers at least: vitest's default for `run` is one worker fewer than the CPUs, which on
 * CI's 2 cores ran every file in one worker while the other core idled.
 */
export default defineConfig({
  test: {
    setupFiles: ['spec/setup.ts'],
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['spec/**/*.spec.ts'],
          exclude: ownProcess,
          isolate: false,
          typecheck: {
            enabled: true,
            include: ['spec/types/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      { extends: true, test: { name: 'own-process', include: ownProcess, isolate: true } },
    ],
  },
});
