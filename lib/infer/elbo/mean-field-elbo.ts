/**
 * `TraceMeanFieldELBO`: the ELBO with analytic KL divergences where a rule exists (NumPyro's
 * `TraceMeanField_ELBO`, Pyro's `TraceMeanField_ELBO`).
 *
 * For a guide trace and the model replayed on it, the ELBO is the sum of, for every model
 * sample site in order:
 * - observed: `Σ log p(x)` (scaled and masked);
 * - latent with a guide site, whose pair of families has a KL rule: `−Σ KL(q ‖ p)`, scaled and
 *   masked by the guide site's scale and mask (as a log-density is), of the guide site's
 *   batch shape;
 * - latent with a guide site and no KL rule: the Monte Carlo term `Σ (log p(z) − log q(z))`;
 * - latent without a guide site (drawn from the prior): `Σ log p(z)`;
 * and, for every guide sample site the model lacks (auxiliary sites, `infer.isAuxiliary`),
 * `−Σ log q(z)`.
 *
 * The analytic KL lowers the variance of the estimate and its gradient; it is exact under the
 * mean-field restriction (each guide site depends on no later latent site), which the
 * estimator checks, like NumPyro, by warning when the guide visits the shared sites in a
 * different order from the model.
 *
 * @module
 */
import { type Trace, sampleSites } from '../../core/trace.js';
import { isValidationEnabled } from '../../distributions/util.js';
import { higherOrder } from '../../ops/fused/engine.js';
import { warnOnce } from '../../core/warn.js';
import { checkModelGuideMatch } from './check.js';
import { type ELBO, type ElboOptions, particlePairs, resolveElboOptions } from './elbo.js';
import { fusedTotal } from './fused-total.js';
import { meanFieldKernels, meanFieldParticle } from './mean-field-terms.js';
import { fullyReparameterized, lossFromParticles } from './trace-elbo.js';

const NAME = 'TraceMeanFieldELBO';

/**
 * Warn (once) when the guide visits the sample sites it shares with the model in a different
 * order (NumPyro's `_check_mean_field_requirement`): the same order is sufficient, though not
 * necessary, for the mean-field restriction the analytic KL terms rely on.
 */
export function checkMeanFieldOrder(model: Trace, guide: Trace, caller: string = NAME): void {
  const shared = (a: Trace, b: Trace): string[] => sampleSites(a).filter((s) => b.sites.get(s.name)?.type === 'sample').map((s) => s.name);
  const modelOrder = shared(model, guide);
  const guideOrder = shared(guide, model);
  if (modelOrder.every((name, i) => guideOrder[i] === name)) return;
  warnOnce(
    `${caller}: Failed to verify mean field restriction on the guide: model sites are visited in the order ` +
      `${modelOrder.join(', ')}, guide sites in the order ${guideOrder.join(', ')}. ` +
      'To eliminate this warning, ensure model and guide sites occur in the same order.',
  );
}

/**
 * The ELBO with analytic `KL(q ‖ p)` per latent site where a rule is registered, else the
 * Monte Carlo term (NumPyro's `TraceMeanField_ELBO`).
 *
 * `ELBO = Σ_obs log p(x|z) − Σ_latent KL(q_s ‖ p_s) − Σ_aux log q(z_aux)`, the KL of each
 * latent site scaled and masked like its guide site's log-density (so a subsampled plate
 * scales it by `size / subsampleSize`). Where no rule exists (see `registerKL`) the site
 * contributes `log p(z) − log q(z)` at the guide's draw, exactly as in `TraceELBO`.
 *
 * Gotchas:
 * - The analytic KL is exact only under the mean-field restriction: a guide site may depend on
 *   earlier latent sites (the KL is then evaluated at their draws) but not on later ones. A
 *   guide visiting the shared sites in a different order from the model triggers a warning.
 * - A guide `Delta(v, { logDensity })` (an autoguide's user-facing site) contributes
 *   `KL = logDensity − log p(v)`, so the log-Jacobian it carries is counted and the estimate
 *   equals `TraceELBO`'s (Pyro ignores the `logDensity` there).
 * - Unlike Pyro (which requires a fully reparameterized guide), non-reparameterizable guide
 *   sites are allowed: as in `TraceELBO`, each adds a score-function term whose cost is the
 *   mean-field ELBO's terms summed to the site's plates.
 * - The KL must have the guide site's batch shape (up to broadcasting): a guide site outside
 *   a plate its model site is in is a `ShapeMismatch`.
 *
 * @example
 * ```ts
 * const svi = SVI(model, guide, Adam({ lr: 0.01 }), TraceMeanFieldELBO({ numParticles: 4, vectorizeParticles: true }));
 * ```
 * @category inference
 * @since 0.1.0
 */
export function TraceMeanFieldELBO(options: ElboOptions = {}): ELBO {
  const resolved = resolveElboOptions(NAME, options);
  return {
    name: NAME,
    ...resolved,
    loss(input) {
      const pairs = particlePairs(input, resolved, NAME);
      if (isValidationEnabled()) {
        checkModelGuideMatch(pairs[0]!.model, pairs[0]!.guide, NAME);
        checkMeanFieldOrder(pairs[0]!.model, pairs[0]!.guide);
      }
      if (!higherOrder() && fullyReparameterized(pairs)) {
        const n = resolved.numParticles;
        return fusedTotal(pairs.flatMap((pair) => meanFieldKernels(pair, 1 / n)), () => lossFromParticles(pairs.map(meanFieldParticle), n));
      }
      return lossFromParticles(pairs.map(meanFieldParticle), resolved.numParticles);
    },
  };
}
