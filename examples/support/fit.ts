/**
 * The fit every SVI example starts with: `svi.run` for the example's steps from its seed, and
 * one line on how the loss went.
 */
import { type RunResult, type SVIRunner, prngKey } from '../../lib/index.js';
import { type ExampleOptions, fmt, meanOf } from './cli.js';

/**
 * Run `svi` for `options.steps` steps from `prngKey(options.seed)` (with the progress bar unless
 * `--no-progress`) and print `loss <first> → <mean of the last tenth> (last N steps) in S s`;
 * `per` divides both losses (e.g. a loss per data point), `label` replaces `loss`.
 */
export function fitAndReport<Args extends readonly unknown[]>(
  svi: SVIRunner<Args>,
  args: Args,
  options: ExampleOptions,
  report: { readonly label?: string; readonly per?: number } = {},
): RunResult {
  const { label = 'loss', per = 1 } = report;
  const started = performance.now();
  const result = svi.run(prngKey(options.seed), options.steps, args, { progressBar: options.progress });
  const seconds = (performance.now() - started) / 1000;
  const tail = Math.max(1, Math.floor(options.steps / 10));
  const last = meanOf(result.losses, options.steps - tail);
  console.log(`${label} ${fmt(result.losses[0]! / per)} → ${fmt(last / per)} (last ${tail} steps) in ${seconds.toFixed(1)} s\n`);
  return result;
}
