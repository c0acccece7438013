/**
 * What every example shares: its command line (`--steps N`, `--plot DIR`, `--seed S`,
 * `--backend cpu|wasm`), its self-checks (printed, and turned into the exit code), writing
 * plots, and running `main` only when the file is executed directly.
 *
 * Every example exports `main(argv): Promise<number>` (the exit code: 0 when every check
 * passed, 1 otherwise) so spec/examples can run it in-process with fewer steps.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type BackendName, DEFAULT_BACKEND, useBackend } from '../../lib/index.js';

/** The options every example understands. */
export interface ExampleOptions {
  /** SVI steps (each example has its own default). */
  readonly steps: number;
  /** Where to write SVG plots, if anywhere. */
  readonly plot: string | undefined;
  /** The seed of the run's key. */
  readonly seed: number;
  /** The tfjs backend. */
  readonly backend: BackendName;
  /** Draw a progress bar on a terminal. */
  readonly progress: boolean;
}

const USAGE = `options: --steps N  --seed S  --plot DIR  --backend cpu|wasm (default ${DEFAULT_BACKEND})  --no-progress`;

/** Parse `argv` (without node and the script), select the backend, and print a header line. */
export async function setup(title: string, argv: readonly string[], defaults: { readonly steps: number; readonly seed?: number }): Promise<ExampleOptions> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      steps: { type: 'string' },
      plot: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      'no-progress': { type: 'boolean' },
    },
    strict: true,
  });
  const integer = (name: string, text: string | undefined, fallback: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got '${text}'. ${USAGE}`);
    return n;
  };
  const backend = values.backend ?? DEFAULT_BACKEND;
  if (backend !== 'cpu' && backend !== 'wasm') throw new Error(`--backend must be cpu or wasm, got '${backend}'. ${USAGE}`);
  await useBackend(backend);
  const options: ExampleOptions = {
    steps: integer('steps', values.steps, defaults.steps),
    plot: values.plot,
    seed: integer('seed', values.seed, defaults.seed ?? 0),
    backend,
    progress: values['no-progress'] !== true,
  };
  console.log(`\n=== ${title} ===  (${options.steps} steps, seed ${options.seed}, backend ${backend})\n`);
  return options;
}

/** The self-checks of one run: each prints one line; `exitCode()` is 1 if any failed. */
export interface Checks {
  /** Check `|actual − expected| ≤ tolerance`. */
  close(what: string, actual: number, expected: number, tolerance: number): boolean;
  /** Check a condition, described by `what` and the numbers in `detail`. */
  that(what: string, ok: boolean, detail: string): boolean;
  /** 0 if every check passed, else 1 (and a summary line). */
  exitCode(): number;
}

/** A fresh set of checks. */
export function checks(): Checks {
  let failed = 0;
  let total = 0;
  const report = (ok: boolean, line: string): boolean => {
    total++;
    if (!ok) failed++;
    console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${line}`);
    return ok;
  };
  return {
    close: (what, actual, expected, tolerance) =>
      report(Math.abs(actual - expected) <= tolerance, `${what}: ${fmt(actual)} vs ${fmt(expected)} (|diff| ${fmt(Math.abs(actual - expected))} ≤ ${fmt(tolerance)})`),
    that: (what, ok, detail) => report(ok, `${what}: ${detail}`),
    exitCode: () => {
      console.log(failed === 0 ? `\nall ${total} checks passed` : `\n${failed} of ${total} checks FAILED`);
      return failed === 0 ? 0 : 1;
    },
  };
}

/** A number with 4 significant digits (fixed notation for moderate magnitudes). */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(3) : x.toPrecision(4);
}

/** A matrix (rows of numbers) as aligned text, each line indented. */
export function formatMatrix(rows: readonly (readonly number[])[], indent = '    '): string {
  const cells = rows.map((r) => r.map((v) => v.toFixed(4)));
  const width = Math.max(...cells.flat().map((c) => c.length));
  return cells.map((r) => indent + r.map((c) => c.padStart(width)).join('  ')).join('\n');
}

/** Write SVG files (name → SVG text, or its promise) into `dir` when it is set; prints each path. */
export async function writePlots(dir: string | undefined, files: Readonly<Record<string, string | Promise<string>>>): Promise<void> {
  if (dir === undefined) return;
  await mkdir(dir, { recursive: true });
  for (const [name, svg] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, await svg);
    console.log(`  wrote ${path}`);
  }
}

/** Whether the module at `url` is the script node was started with. */
export const isMain = (url: string): boolean => process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;

/** Mean of `values[from, to)`. */
export function meanOf(values: ArrayLike<number>, from = 0, to = values.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i]!;
  return s / (to - from);
}
