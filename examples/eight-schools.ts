/**
 * NUTS on the eight schools (Rubin 1981), non-centered, as in Pyro's and NumPyro's tutorials:
 *
 *   mu ~ Normal(0, 5),  tau ~ HalfCauchy(5),
 *   for j in plate J (8 schools):
 *     theta_tilde_j ~ Normal(0, 1),  y_j ~ Normal(mu + tau · theta_tilde_j, sigma_j)   (sigma_j known)
 *
 * `MCMC(NUTS(model), { numWarmup: 500, numSamples, numChains: 4 })` samples the 10 latents in
 * unconstrained space (`tau` as `log tau`, its log-Jacobian in the potential) and returns them
 * constrained; `result.summary()` prints Pyro's `mcmc.summary()` table. The effects
 * `theta_j = mu + tau · theta_tilde_j` are computed from the draws.
 *
 * The check: every posterior mean (mu, tau, theta_tilde_j, theta_j) against the exact posterior
 * (2-D quadrature over (mu, log tau) with theta integrated out, then the conditional normals of
 * theta: examples/support/eight-schools.ts), within 5 Monte Carlo standard errors
 * (`std / √n_eff`); split R-hat < 1.01 and n_eff ≥ 400 for every latent (4 chains); under 1 % of
 * the draws divergent (Pyro 1.8.6 at seed 0: 1 in 4000).
 *
 * Run: `npx tsx examples/eight-schools.ts [--steps N] [--plot DIR]` (`--steps`: draws per chain).
 */
import * as tf from '@tensorflow/tfjs-core';
import { MCMC, NUTS, mcmcSummary, plotPosterior, prngKey, renderModelSvg } from '../lib/index.js';
import { checks, fmt, isMain, setup, writePlots } from './support/cli.js';
import { SCHOOLS_SIGMA, SCHOOLS_Y, eightSchools, eightSchoolsPosterior } from './support/eight-schools.js';

export const model = eightSchools;

/** Run the example: sample, print the summary and the means next to the exact ones, check them. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = await setup('Eight schools with NUTS (4 chains)', argv, { steps: 1000 });
  const y = tf.tensor1d(SCHOOLS_Y);
  const sigma = tf.tensor1d(SCHOOLS_SIGMA);

  const mcmc = MCMC(NUTS(model, { targetAcceptProb: 0.8 }), { numWarmup: 500, numSamples: options.steps, numChains: 4, progressBar: options.progress });
  const result = mcmc.run(prngKey(options.seed), y, sigma);
  const seconds = result.chains.reduce((s, c) => s + c.secondsWarmup + c.secondsSampling, 0);
  const grads = result.chains.reduce((s, c) => s + c.gradsWarmup + c.gradsSampling, 0);
  console.log(`4 chains × (500 + ${options.steps}) in ${seconds.toFixed(2)} s, ${grads} gradient evaluations`);
  console.log(`step sizes [${result.chains.map((c) => fmt(c.stepSize)).join(', ')}], mean acceptance [${result.chains.map((c) => fmt(c.meanAcceptProb)).join(', ')}]`);
  console.log(`${result.summary()}\n`);

  // theta_j = mu + tau · theta_tilde_j per draw, [chains, draws, 8], summarized the same way
  const theta = tf.tidy(() => {
    const { mu, tau, theta_tilde: thetaTilde } = result.chainSamples;
    return tf.add(tf.expandDims(mu!, 2), tf.mul(tf.expandDims(tau!, 2), thetaTilde!));
  });
  const rows = [...result.summaryRows(), ...mcmcSummary({ theta })];
  const exact = eightSchoolsPosterior();
  const se = (row: (typeof rows)[number]): number => row.std / Math.sqrt(row.nEff);
  console.log('posterior mean ± MC standard error (std / √n_eff) and sd, next to the exact ones (quadrature):');
  for (const row of rows) {
    const want = exact[row.name]!;
    console.log(`  ${row.name.padEnd(14)} ${fmt(row.mean).padStart(8)} ± ${fmt(se(row)).padEnd(8)} exact ${fmt(want.mean).padStart(8)}   sd ${fmt(row.std).padStart(6)}, exact ${fmt(want.sd)}`);
  }
  console.log('');
  const check = checks();
  for (const row of rows) check.close(`mean of ${row.name} (5 MC standard errors)`, row.mean, exact[row.name]!.mean, 5 * se(row));
  const latents = rows.filter((r) => r.site !== 'theta');
  const worstRHat = Math.max(...latents.map((r) => r.rHat));
  const leastNEff = Math.min(...latents.map((r) => r.nEff));
  check.that('split R-hat of every latent', worstRHat < 1.01, `max ${fmt(worstRHat)} < 1.01`);
  check.that('n_eff of every latent', leastNEff >= 400, `min ${fmt(leastNEff)} ≥ 400`);
  const draws = 4 * options.steps;
  check.that('divergent draws', result.divergences <= 0.01 * draws, `${result.divergences} of ${draws} ≤ 1 %`);

  await writePlots(options.plot, {
    'eight-schools-model.svg': renderModelSvg(model, { args: [y, sigma], renderDistributions: true }),
    'eight-schools-posterior.svg': plotPosterior({ mu: result.samples.mu!, tau: result.samples.tau! }, { title: 'Eight schools: NUTS posterior' }),
  });
  tf.dispose([y, sigma, theta]);
  result.dispose();
  return check.exitCode();
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
