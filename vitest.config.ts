import { defineConfig } from 'vitest/config';

/**
 * Test configuration: runtime specs under spec/ (`*.spec.ts`), type tests under spec/types
 * (`*.test-d.ts`, checked by `tsc` through vitest's typecheck mode). Every worker starts on the
 * `cpu` backend (spec/setup.ts); suites that cover both backends switch explicitly.
 */
export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    setupFiles: ['spec/setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ['spec/types/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
