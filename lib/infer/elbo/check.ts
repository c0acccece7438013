/**
 * Model/guide consistency checks (Pyro's `check_model_guide_match`), run by the ELBOs while
 * validation is on.
 *
 * - A site latent in both with different event dims is a `ModelGuideMismatch` naming the
 *   site and both event dims: the classic "Normal inside two plates in the model, a
 *   MultivariateNormal in the guide" mistake.
 * - A site latent in both whose shapes (`batchShape + eventShape`) disagree is a
 *   `ModelGuideMismatch` naming the site and both shapes (Pyro's "Model and guide shapes
 *   disagree"): sizes are compared from the right, a missing leading dim counting as 1, so a
 *   guide `loc` of batch `[3]` against a scalar model site is reported there, not as a shape
 *   error at the observed site downstream that the broadcast value breaks.
 * - A plate in the guide that the model does not have is a `ModelGuideMismatch`.
 * - Latent model sites the guide lacks, and guide sites the model lacks that are not marked
 *   `isAuxiliary`, are reported as warnings.
 *
 * @module
 */
import { ignisError } from '../../core/errors.js';
import { formatShapes } from '../../core/format-shapes.js';
import { showShape } from '../../core/shape.js';
import { type Trace, latentSites, plateSites, sampleSites } from '../../core/trace.js';
import { warnOnce } from '../../core/warn.js';

/** The name of the plate vectorized particles run in (the only guide plate a model need not have). */
export const PARTICLE_PLATE = 'num_particles_vectorized';

/** Pyro's rule: sizes equal from the right, a missing leading dim counting as 1. */
function shapesAgree(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 1; i <= Math.max(a.length, b.length); i++) {
    if ((a[a.length - i] ?? 1) !== (b[b.length - i] ?? 1)) return false;
  }
  return true;
}

/** Throw or warn about model/guide inconsistencies between a model trace and its guide trace. */
export function checkModelGuideMatch(model: Trace, guide: Trace, caller: string): void {
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
  for (const site of latentSites(model)) {
    const g = guide.sites.get(site.name);
    if (g?.type !== 'sample') continue;
    const modelEvent = site.fn.eventShape.length;
    const guideEvent = g.fn.eventShape.length;
    if (modelEvent === guideEvent) {
      const modelShape = [...site.fn.batchShape, ...site.fn.eventShape];
      const guideShape = [...g.fn.batchShape, ...g.fn.eventShape];
      if (!shapesAgree(modelShape, guideShape)) {
        throw ignisError('ModelGuideMismatch', {
          fn: caller,
          what: 'model and guide shapes disagree',
          site: site.name,
          detail: `the model's ${site.fn.family} has shape ${showShape(modelShape)}, the guide's ${g.fn.family} has shape ${showShape(guideShape)} (batch + event)`,
          hint: 'Give the guide site the model site\'s batch shape: sample it inside the same plates, with parameters of the same shape.',
          table: `Model:\n${formatShapes(model)}\nGuide:\n${formatShapes(guide)}`,
        });
      }
    } else {
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
