/**
 * The MCMC progress bar: one line for all chains, each with its share done and its phase
 * (`warmup` while warmup iterations remain, then `sample`), redrawn at most ten times a second. Silent when stderr is not a TTY
 * (CI, pipes, browsers) or when not asked for.
 *
 * @module
 */
import { nodeProcess } from './node-builtins.js';

/** Receives per-chain progress. */
export interface ChainProgress {
  /** Chain `chain` has done `done` of `total` iterations, of which `warmup` are warmup. */
  tick(chain: number, done: number): void;
  done(): void;
}

const SILENT: ChainProgress = { tick: () => undefined, done: () => undefined };

/** Render the line for the chains' counts. */
export function renderChains(done: readonly number[], total: number, warmup: number, seconds: number): string {
  const parts = done.map((d, c) => {
    const pct = ((100 * d) / Math.max(1, total)).toFixed(0).padStart(3);
    return `chain ${c}: ${pct}% ${d < warmup ? 'warmup' : 'sample'}`;
  });
  const all = done.reduce((a, b) => a + b, 0);
  return `${parts.join(' | ')}  ${(all / Math.max(seconds, 1e-9)).toFixed(0)} it/s`;
}

/** A reporter for `chains` chains of `total` iterations each. */
export function chainProgress(chains: number, total: number, warmup: number, enabled: boolean): ChainProgress {
  const stream = nodeProcess()?.stderr;
  if (!enabled || stream?.isTTY !== true) return SILENT;
  const start = performance.now();
  const done = new Array<number>(chains).fill(0);
  let last = 0;
  let drawn = false;
  return {
    tick(chain, d) {
      done[chain] = d;
      const now = performance.now();
      if (now - last < 100 && d < total) return;
      last = now;
      drawn = true;
      stream.write(`\r${renderChains(done, total, warmup, (now - start) / 1000)}`);
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
