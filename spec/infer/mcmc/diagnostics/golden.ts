/** The reference values of `golden/diagnostics.json` (see `golden/diagnostics.py`). */
import { readFileSync } from 'node:fs';

export interface DiagnosticsCase {
  readonly chains: readonly (readonly number[])[];
  readonly pyro_ess: number;
  readonly pyro_split_rhat: number;
  readonly ess_bulk: number;
  readonly ess_tail: number;
  readonly rhat_rank: number | null;
  readonly 'hpdi_0.9': readonly [number, number];
  readonly 'hpdi_0.5': readonly [number, number];
  readonly quantiles: Readonly<Record<string, number>>;
}

export const GOLDEN = JSON.parse(readFileSync(new URL('../golden/diagnostics.json', import.meta.url), 'utf8')) as {
  readonly cases: Readonly<Record<string, DiagnosticsCase>>;
};

export const chainsOf = (c: DiagnosticsCase): Float64Array[] => c.chains.map((x) => Float64Array.from(x));
