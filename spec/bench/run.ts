/**
 * `npm run bench -- NAME [--steps N] [--warmup 20] [--seed 0] [--backend cpu|wasm] [--repeats R] [--kernels]`:
 * run one workload of shared/bench/WORKLOADS.md and print its one JSON line; `NAME` = `all`
 * runs the five and prints a table (ms/step, kernels/step, ratio to Pyro's figure) after the lines.
 * The backend defaults to Ignis's default (`DEFAULT_BACKEND`, wasm).
 *
 * `npm run bench -- mcmc [NAME|all] [...]` runs the NUTS workloads of shared/bench/MCMC.md instead
 * (see mcmc/run.ts).
 */
import { type BackendName, DEFAULT_BACKEND, useBackend } from '../../lib/index.js';
import { type BenchResult, jsonLine, runWorkload } from './protocol.js';
import { WORKLOADS, workloadNamed } from './workloads/index.js';

/** The command line, parsed. */
interface Cli {
  readonly name: string;
  readonly steps: number;
  readonly warmup: number;
  readonly seed: number;
  readonly backend: BackendName;
  readonly repeats: number;
  /** Print the kernel histogram of one step too. */
  readonly kernels: boolean;
}

function parse(argv: readonly string[]): Cli {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--kernels') flags.set('kernels', 'true');
    else if (a.startsWith('--')) flags.set(a.slice(2), argv[++i] ?? '');
    else positional.push(a);
  }
  const int = (flag: string, fallback: number): number => {
    const v = flags.get(flag);
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`bench: --${flag} must be a non-negative integer, got '${v}'.`);
    return n;
  };
  const backend = flags.get('backend') ?? DEFAULT_BACKEND;
  if (backend !== 'cpu' && backend !== 'wasm') throw new Error(`bench: --backend must be cpu or wasm, got '${backend}'.`);
  return { name: positional[0] ?? 'all', steps: int('steps', 2000), warmup: int('warmup', 20), seed: int('seed', 0), backend, repeats: Math.max(1, int('repeats', 1)), kernels: flags.has('kernels') };
}

/** A markdown table of results. */
export function table(results: readonly BenchResult[]): string {
  const rows = results.map(
    (r) => `| ${r.workload} | ${r.backend} | ${(r.sec_per_step * 1000).toFixed(3)} | ${r.kernels_per_step} | ${r.pyro_ms} | ${r.ratio_to_pyro.toFixed(2)} | ${(r.pyro_ms / (r.sec_per_step * 1000)).toFixed(1)}× |`,
  );
  return ['| workload | backend | ms/step | kernels/step | Pyro ms | ratio | speed-up |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

async function main(): Promise<void> {
  if (process.argv[2] === 'mcmc') {
    const { mcmcMain } = await import('./mcmc/run.js');
    return mcmcMain(process.argv.slice(3));
  }
  const cli = parse(process.argv.slice(2));
  await useBackend(cli.backend);
  const selected = cli.name === 'all' ? WORKLOADS : [workloadNamed(cli.name)];
  if (selected.some((w) => w === undefined)) throw new Error(`bench: unknown workload '${cli.name}'. Use one of ${WORKLOADS.map((w) => w.name).join(', ')} or all.`);
  const results: BenchResult[] = [];
  for (const w of selected) {
    const result = await runWorkload(w!, cli);
    results.push(result);
    console.log(jsonLine(result, cli.kernels));
  }
  if (cli.name === 'all') console.log(`\n${table(results)}`);
}

await main();
