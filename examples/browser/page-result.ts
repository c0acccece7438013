/**
 * What the browser example's page publishes as `window.ignisResult` when it is done (or has
 * failed), read by the headless-Chromium test.
 */
export interface PageResult {
  readonly status: 'done' | 'error';
  readonly message?: string;
  readonly backend?: string;
  readonly steps?: number;
  /** Milliseconds per SVI step, the updates only (drawing excluded). */
  readonly msPerStep?: number;
  readonly firstLoss?: number;
  readonly lastLoss?: number;
  /** 5%, 50% and 95% quantiles of each site, from the guide. */
  readonly quantiles?: { readonly loc: readonly number[]; readonly scale: readonly number[] };
}
