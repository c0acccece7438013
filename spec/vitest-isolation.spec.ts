// The specs share their workers' module graphs (vitest.config.ts: `isolate: false`). A file that
// resets or mocks modules would hand the files after it a second copy of Ignis, whose module state
// is not the copy tfjs's global kernel registry calls (this broke figures.spec and engine.spec
// once): such a file must be in the config's `ownProcess` list. This spec finds them.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** Every `*.spec.ts` below `dir`, as paths relative to the repository root. */
function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return specFiles(path);
    return e.name.endsWith('.spec.ts') ? [relative(root, path)] : [];
  });
}

/** The calls that replace modules in the worker's registry. */
const RESETS = /\bvi\.(resetModules|mock|doMock|unmock|doUnmock)\(/;

describe('vitest isolation', () => {
  const config = readFileSync(join(root, 'vitest.config.ts'), 'utf8');
  const ownProcess = /const ownProcess = \[([^\]]*)\]/.exec(config)?.[1] ?? '';

  it('finds the ownProcess list in vitest.config.ts', () => {
    expect(ownProcess).toContain('spec/backend.spec.ts');
  });

  it('runs every spec that resets or mocks modules in a process of its own', () => {
    const resetting = specFiles(join(root, 'spec')).filter((f) => f !== 'spec/vitest-isolation.spec.ts' && RESETS.test(readFileSync(join(root, f), 'utf8')));
    expect(resetting).toContain('spec/infer/mcmc/web-chain-worker.spec.ts'); // the detector sees the known one
    expect(resetting.filter((f) => !ownProcess.includes(`'${f}'`))).toEqual([]);
  });
});
