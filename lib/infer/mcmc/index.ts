/**
 * MCMC: the HMC and NUTS kernels, the `MCMC` driver, and chain diagnostics.
 *
 * @module
 */
export { HMC, NUTS, type HMCBaseOptions, type HMCOptions, type MCMCKernel, type NUTSOptions } from './kernels.js';
export { MCMC, type MCMCAsyncOptions, type MCMCOptions, type MCMCProgress, type MCMCRunner } from './mcmc.js';
export type { WorkerModel } from './chain-workers.js';
export type { ChainInfo, DrawDiagnostics, MCMCResult } from './result.js';
export { effectiveSampleSize, hpdi, splitGelmanRubin, type ChainStatOptions } from './diagnostics/tensor-stats.js';
// Pyro's mcmc.summary() table; the top-level `summary`/`formatSummary` are viz's (any draws).
export {
  formatSummary as formatMCMCSummary,
  summary as mcmcSummary,
  type SummaryOptions as MCMCSummaryOptions,
  type SummaryRow as MCMCSummaryRow,
} from './diagnostics/summary.js';
