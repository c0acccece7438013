/**
 * What the parallel-chains page (examples/browser/page/mcmc.ts) publishes as
 * `window.ignisMcmc` when it is done (or has failed), read by the headless-Chromium test.
 */
export interface McmcPageResult {
  readonly status: 'done' | 'error';
  readonly message?: string;
  readonly backend?: string;
  readonly numChains?: number;
  /** Wall milliseconds of `run` with 'sequential' and of `runAsync` with 'parallel' (worker start-up included). */
  readonly sequentialMs?: number;
  readonly parallelMs?: number;
  /** Per site, the draws of each run (`[chains · draws · …]`, flattened). */
  readonly sequential?: Readonly<Record<string, readonly number[]>>;
  readonly parallel?: Readonly<Record<string, readonly number[]>>;
  /** The parallel run's per-draw diagnostics (tree depths and divergences per chain) and its summary. */
  readonly treeDepth?: readonly (readonly number[])[];
  readonly divergences?: number;
  readonly summary?: string;
  /** Per chain: the last progress reported (iterations done / total) and how many reports came. */
  readonly progress?: readonly number[];
  readonly progressReports?: readonly number[];
  /** Per chain: milliseconds from `runAsync` to its first progress report (worker start-up and the first iteration). */
  readonly firstProgressMs?: readonly number[];
  /** `tf.memory().numTensors` before the runs and after disposing their results. */
  readonly tensorsBefore?: number;
  readonly tensorsAfter?: number;
}
