/**
 * `npm run bench -- mcmc [NAME|all] [--chains 4] [--warmup 500] [--samples 1000] [--seed 0]
 * [--backend cpu|wasm] [--parallel] [--no-jit]`: the NUTS workloads of shared/bench/MCMC.md, one
 * JSON line each (see protocol.ts), then (for `all`) a table of ESS/s against Pyro's.
 */
import { readFileSync } from 'node:fs';
import { type BackendName, DEFAULT_BACKEND, useBackend } from '../../../lib/index.js';
import type { Moments } from '../../../examples/support/quadrature.js';
import { runMcmcWorkload } from './protocol.js';
import { closedForms } from './reference.js';
import { MCMC_WORKLOADS, mcmcWorkloadNamed } from './workloads.js';

/** The reference moments by workload (reference.json and the closed forms). */
export function references(): Readonly<Record<string, Readonly<Record<string, Moments>>>> {
  const stored = JSON.parse(readFileSync(new URL('./reference.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const fromFile = Object.fromEntries(Object.entries(stored).filter(([, v]) => typeof v === 'object')) as Record<string, Record<string, Moments>>;
  const closed = closedForms();
  return { ...fromFile, ...closed, corr_gauss_2d_dense: closed.corr_gauss_2d!, corr_gauss_50d_dense: closed.corr_gauss_50d! };
}

export async function mcmcMain(argv: readonly string[]): Promise<void> {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--parallel' || a === '--no-jit') flags.set(a.slice(2), 'true');
    else if (a.startsWith('--')) flags.set(a.slice(2), argv[++i] ?? '');
    else positional.push(a);
  }
  const int = (flag: string, fallback: number): number => {
    const v = flags.get(flag);
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`bench mcmc: --${flag} must be a non-negative integer, got '${v}'.`);
    return n;
  };
  const backend = (flags.get('backend') ?? DEFAULT_BACKEND) as BackendName;
  await useBackend(backend);
  const name = positional[0] ?? 'all';
  const selected = name === 'all' ? MCMC_WORKLOADS.filter((w) => !w.fullMass) : [mcmcWorkloadNamed(name)];
  if (selected.some((w) => w === undefined)) throw new Error(`bench mcmc: unknown workload '${name}'. Use one of ${MCMC_WORKLOADS.map((w) => w.name).join(', ')} or all.`);
  const options = {
    chains: int('chains', 4),
    warmup: int('warmup', 500),
    samples: int('samples', 1000),
    seed: int('seed', 0),
    chainMethod: flags.has('parallel') ? ('parallel' as const) : ('sequential' as const),
    jitCompile: !flags.has('no-jit'),
  };
  const refs = references();
  const rows: string[] = [];
  for (const w of selected) {
    const record = await runMcmcWorkload(w!, options, refs[w!.name]);
    console.log(JSON.stringify(record));
    const ratio = record.ess_per_s_ratio_to_pyro as number | null;
    const pyroFigure = record.pyro_ess_min_per_s as number | null;
    rows.push(
      `| ${w!.name} | ${String(record.potential)} | ${String(record.kernels_per_leapfrog)} | ${String(record.ms_per_grad_sampling)} | ${String(record.ess_min)} | ${String(record.ess_min_per_s_sampling)} | ${pyroFigure === null ? '–' : String(pyroFigure)} | ${ratio === null ? '–' : `${ratio.toFixed(1)}×`} | ${String(record.r_hat_max)} | ${String(record.divergences)} |`,
    );
  }
  if (selected.length > 1) {
    console.log(['', '| workload | potential | kernels/leapfrog | ms/grad | min ESS | min ESS/s | Pyro ESS/s | ratio | max r_hat | divergences |', '|---|---|---|---|---|---|---|---|---|---|', ...rows].join('\n'));
  }
}
