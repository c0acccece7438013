/**
 * Model/guide consistency checks (Pyro's `check_model_guide_match`), run by the ELBOs while
 * validation is on.
 *
 * - A site latent in both with different event dims is a `ModelGuideMismatch` naming the
 *   site and both event dims: the classic "Normal inside two plates in the model, a
 *   MultivariateNormal in the guide" mistake.
 * - A plate in the guide that the model does not have is a `ModelGuideMismatch`.
 * - Latent model sites the guide lacks, and guide sites the model lacks that are not marked
 *   `isAuxiliary`, are reported as warnings.
 *
 * @module
 */
import { ignisError } from '../../core/errors.js';
import { formatShapes } from '../../core/format-shapes.js';
import { type Trace, latentSites, plateSites, sampleSites } from '../../core/trace.js';
import { warnOnce } from '../warn.js';

/** The name of the plate vectorized particles run in (the only guide plate a model need not have). */
export const PARTICLE_PLATE = 'num_particles_vectorized';

/** Throw or warn about model/guide inconsistencies between a model trace and its guide trace. */
export function checkModelGuideMatch(model: Trace, guide: Trace, caller: string): void {
  for (const site of latentSites(model)) {
    const g = guide.sites.get(site.name);
    if (g?.type !== 'sample') continue;
    const modelEvent = site.fn.eventShape.length;
    const guideEvent = g.fn.eventShape.length;
    if (modelEvent !== guideEvent) {
      throw ignisError('ModelGuideMismatch', {
        fn: caller,
        what: 'model and guide event dims disagree',
        site: site.name,
        detail: `the model's ${site.fn.family} has event dim ${modelEvent} (event shape [${site.fn.eventShape.join(', ')}]), the guide's ${g.fn.family} has event dim ${guideEvent} (event shape [${g.fn.eventShape.join(', ')}])`,
        hint:
          'Declare the same event dims on both sides: e.g. use .toEvent(n) on the model side, or sample an auxiliary joint in the guide ' +
          '(infer: { isAuxiliary: true }) and hand each site its slice through a Delta.',
        table: `Model:\n${formatShapes(model)}\nGuide:\n${formatShapes(guide)}`,
      });
    }
  }
  const modelPlates = new Set(plateSites(model).map((p) => p.name));
  for (const p of plateSites(guide)) {
    if (p.name !== PARTICLE_PLATE && !modelPlates.has(p.name)) {
      throw ignisError('ModelGuideMismatch', {
        fn: caller,
        what: `the guide has a plate the model lacks`,
        detail: `plate '${p.name}' (size ${p.size}, dim ${p.frame.dim})`,
        hint: 'Every plate of the guide must appear in the model with the same name and size.',
      });
    }
  }
  const missing = latentSites(model).filter((s) => !guide.sites.has(s.name)).map((s) => s.name);
  if (missing.length > 0) {
    warnOnce(`${caller}: found latent sites in the model but not in the guide: ${missing.join(', ')}. They are drawn from the prior.`);
  }
  const extra = sampleSites(guide)
    .filter((s) => !s.isObserved && s.infer.isAuxiliary !== true && model.sites.get(s.name)?.type !== 'sample')
    .map((s) => s.name);
  if (extra.length > 0) {
    warnOnce(`${caller}: found sites in the guide but not in the model: ${extra.join(', ')}. Mark them infer: { isAuxiliary: true } if they are auxiliary.`);
  }
}
