/**
 * Every example in examples/ runs to completion and passes its own checks (exit code 0), and
 * fails them (exit code 1) when given far too few steps, so none can rot silently. The examples
 * run in-process through the `main(argv)` each exports (console output captured); two run as
 * child processes, as a user runs them, to cover the exit-code wiring.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseSvg } from '../viz/helpers/svg.js';

type Main = (argv: readonly string[]) => Promise<number>;

/** Each example with the steps its checks need (its default, or fewer where that passes with room). */
const EXAMPLES: Readonly<Record<string, { readonly load: () => Promise<{ main: Main }>; readonly steps: number }>> = {
  'eight-schools': { load: () => import('../../examples/eight-schools.js'), steps: 500 },
  'scenario1-mvn-guide': { load: () => import('../../examples/scenario1-mvn-guide.js'), steps: 1000 },
  'scenario2-auto-mvn': { load: () => import('../../examples/scenario2-auto-mvn.js'), steps: 2000 },
  'scenario3-mean-field-kl': { load: () => import('../../examples/scenario3-mean-field-kl.js'), steps: 1000 },
  'linear-regression': { load: () => import('../../examples/linear-regression.js'), steps: 1000 },
  hierarchical: { load: () => import('../../examples/hierarchical.js'), steps: 5000 },
  'count-regression': { load: () => import('../../examples/count-regression.js'), steps: 1000 },
  'gaussian-mixture': { load: () => import('../../examples/gaussian-mixture.js'), steps: 1000 },
  vae: { load: () => import('../../examples/vae.js'), steps: 1500 },
  'eight-schools-reparam': { load: () => import('../../examples/eight-schools-reparam.js'), steps: 800 },
  'pyro-tutorial': { load: () => import('../../examples/pyro-tutorial.js'), steps: 1000 },
  'flow-guide': { load: () => import('../../examples/flow-guide.js'), steps: 800 },
  'tracegraph-discrete': { load: () => import('../../examples/tracegraph-discrete.js'), steps: 1500 },
};

/** Run `main` with console.log captured; returns the exit code and the printed text. */
async function runCaptured(main: Main, argv: readonly string[]): Promise<{ readonly code: number; readonly output: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    lines.push(parts.map(String).join(' '));
  });
  try {
    const code = await main([...argv, '--no-progress']);
    return { code, output: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

let plotDir = '';
beforeAll(async () => {
  plotDir = await mkdtemp(join(tmpdir(), 'ignis-examples-'));
});
afterAll(async () => {
  await rm(plotDir, { recursive: true, force: true });
});

describe('examples', () => {
  it('covers every example file', async () => {
    const files = (await readdir(new URL('../../examples/', import.meta.url))).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
    expect(files.sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  describe.each(Object.entries(EXAMPLES))('%s', (name, { load, steps }) => {
    it(`passes its checks (exit 0) at ${steps} steps, writes its plots, and leaks no tensors`, async () => {
      const { main } = await load();
      const before = tf.memory().numTensors;
      const { code, output } = await runCaptured(main, ['--steps', String(steps), '--plot', plotDir]);
      expect(code, output).toBe(0);
      expect(output).toMatch(/all \d+ checks passed/);
      expect(output).not.toMatch(/FAIL/);
      expect(tf.memory().numTensors - before, 'tensors left behind').toBe(0);
      const plots = (await readdir(plotDir)).filter((f) => f.startsWith(name.split('-')[0]!));
      expect(plots.length).toBeGreaterThan(0);
      for (const plot of plots) parseSvg(await readFile(join(plotDir, plot), 'utf8'));
    });

    it('fails its checks (exit 1) with far too few steps', async () => {
      const { main } = await load();
      const { code, output } = await runCaptured(main, ['--steps', '5']);
      expect(code, output).toBe(1);
      expect(output).toMatch(/\d+ of \d+ checks FAILED/);
    });
  });
});

describe('examples as scripts', () => {
  const run = promisify(execFile);
  const script = (name: string, args: readonly string[]) =>
    run(process.execPath, ['--import', 'tsx', `examples/${name}.ts`, ...args, '--no-progress'], { cwd: new URL('../..', import.meta.url).pathname });

  it('a failed check is a non-zero exit code of the process', async () => {
    await expect(script('scenario2-auto-mvn', ['--steps', '5'])).rejects.toMatchObject({ code: 1 });
  });

  it('a passing run exits 0 and prints its checks', async () => {
    const { stdout } = await script('scenario3-mean-field-kl', []);
    expect(stdout).toMatch(/all \d+ checks passed/);
  });
});
