/**
 * `npm run bench -- NAME [--steps N] [--warmup W] [--seed 0] [--backend cpu|wasm] [--repeats R] [--block B] [--kernels]`:
 * run one workload of shared/bench/WORKLOADS.md or one configuration of SCALE.md and print its
 * one JSON line. `NAME` = `all` runs the five workloads, `scale` the eleven configurations, each
 * followed by a table. A workload defaults to 2000 steps after 20 warm-up steps; a scale
 * configuration to its own SCALE.md settings. The backend defaults to Ignis's default
 * (`DEFAULT_BACKEND`, wasm).
 *
 * `npm run bench -- mcmc [NAME|all] [...]` runs the NUTS workloads of shared/bench/MCMC.md instead
 * (see mcmc/run.ts).
 */
import { type BackendName, DEFAULT_BACKEND, useBackend } from '../../lib/index.js';
import { type BenchOptions, type BenchResult, jsonLine, runWorkload } from './protocol.js';
import { SCALE_CONFIGS, scaleConfigNamed } from './scale/configs.js';
import { type ScaleResult, runScale, scaleOptions } from './scale/protocol.js';
import { WORKLOADS, workloadNamed } from './workloads/index.js';

/** The command line, parsed. */
interface Cli {
  readonly name: string;
  /** The options given on the command line (the rest default per workload). */
  readonly given: Partial<BenchOptions>;
  readonly backend: BackendName;
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
  const given: Record<string, number> = {};
  for (const flag of ['steps', 'warmup', 'seed', 'repeats', 'block']) {
    const v = flags.get(flag);
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`bench: --${flag} must be a non-negative integer, got '${v}'.`);
    given[flag] = flag === 'repeats' || flag === 'block' ? Math.max(1, n) : n;
  }
  const backend = flags.get('backend') ?? DEFAULT_BACKEND;
  if (backend !== 'cpu' && backend !== 'wasm') throw new Error(`bench: --backend must be cpu or wasm, got '${backend}'.`);
  return { name: positional[0] ?? 'all', given, backend, kernels: flags.has('kernels') };
}

/** A markdown table of WORKLOADS.md results. */
export function table(results: readonly BenchResult[]): string {
  const rows = results.map(
    (r) => `| ${r.workload} | ${r.backend} | ${(r.sec_per_step * 1000).toFixed(3)} | ${r.kernels_per_step} | ${r.pyro_ms} | ${r.ratio_to_pyro.toFixed(2)} | ${(r.pyro_ms / (r.sec_per_step * 1000)).toFixed(1)}× |`,
  );
  return ['| workload | backend | ms/step | kernels/step | Pyro ms | ratio | speed-up |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** A markdown table of SCALE.md results. */
export function scaleTable(results: readonly ScaleResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.workload} | ${r.backend} | ${r.ms_per_step.toFixed(2)} | ${r.pyro_ms_1t} | ${r.pyro_ms_2t} | ${r.ratio_to_pyro_1t.toFixed(2)} | ${r.ratio_to_pyro_2t.toFixed(2)} | ${r.loss_tail_mean.toPrecision(6)} | ${r.pyro_loss_tail_mean} | ${(100 * r.loss_rel_diff).toFixed(1)}% |`,
  );
  return ['| config | backend | ms/step | Pyro 1t | Pyro 2t | ratio 1t | ratio 2t | loss_tail_mean | Pyro loss | Δ loss |', '|---|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

async function main(): Promise<void> {
  if (process.argv[2] === 'mcmc') {
    const { mcmcMain } = await import('./mcmc/run.js');
    return mcmcMain(process.argv.slice(3));
  }
  const cli = parse(process.argv.slice(2));
  await useBackend(cli.backend);
  if (cli.name === 'scale' || scaleConfigNamed(cli.name) !== undefined) {
    const selected = cli.name === 'scale' ? SCALE_CONFIGS : [scaleConfigNamed(cli.name)!];
    const results: ScaleResult[] = [];
    for (const c of selected) {
      const result = await runScale(c, scaleOptions(c, cli.given));
      results.push(result);
      console.log(jsonLine(result, cli.kernels));
    }
    if (cli.name === 'scale') console.log(`\n${scaleTable(results)}`);
    return;
  }
  const selected = cli.name === 'all' ? WORKLOADS : [workloadNamed(cli.name)];
  if (selected.some((w) => w === undefined)) {
    throw new Error(`bench: unknown workload '${cli.name}'. Use one of ${[...WORKLOADS, ...SCALE_CONFIGS].map((w) => w.name).join(', ')}, all or scale.`);
  }
  const options: BenchOptions = { steps: 2000, warmup: 20, seed: 0, ...cli.given };
  const results: BenchResult[] = [];
  for (const w of selected) {
    const result = await runWorkload(w!, options);
    results.push(result);
    console.log(jsonLine(result, cli.kernels));
  }
  if (cli.name === 'all') console.log(`\n${table(results)}`);
}

await main();
