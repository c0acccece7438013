/**
 * Golden suite (spec/golden/pyro-1.8.6-wave2.json, Pyro 1.8.6 float64) for MixtureSameFamily on
 * both backends: every `distributions` case (Categorical × Normal: shapes, support, `log_prob`
 * with values broadcast against the batch, mean, variance, stddev, cdf; entropy and icdf must
 * raise NotImplemented, as torch), the `validation` case (component count mismatch), the KL pairs
 * (Delta/MixtureSameFamily by the Delta rule; MixtureSameFamily/MixtureSameFamily is registered
 * nowhere: NotImplemented) and the `checks` identity (one component is the component). No case
 * or field is excluded.
 *
 * Tolerance: WAVE2_TOL (rtol 1e-5, atol 1e-6; reasons in spec/helpers/golden-wave2.ts): a K ≤ 3
 * logsumexp of Normal log-densities and K-term weighted sums in float32.
 */
import * as tf from '@tensorflow/tfjs-core';
import { it } from 'vitest';
import { Categorical, type Distribution, MixtureSameFamily, Normal, type ProbsOrLogits } from '../../../lib/distributions/index.js';
import type { CategoricalDist } from '../../../lib/distributions/families/discrete/categorical.js';
import { describeBackends } from '../../helpers/backends.js';
import { WAVE2_TOL, type Wave2Spec, expectCloseTo, wave2Check } from '../../helpers/golden-wave2.js';
import {
  type Wave2Params,
  describeWave2Distributions,
  describeWave2KL,
  describeWave2Validation,
  fromWave2Spec,
} from '../../helpers/golden-wave2-suites.js';

type Builder = (p: Wave2Params, raw: Wave2Spec, nested: (s: Wave2Spec) => Distribution) => Distribution;

/** The mixture's parts by name (Normal comes from the shared builders of the first wave). */
const BUILDERS: Readonly<Record<string, Builder>> = {
  Categorical: (p) => Categorical({ probs: p.probs, logits: p.logits } as ProbsOrLogits),
  MixtureSameFamily: (_p, raw, nested) =>
    MixtureSameFamily(nested(raw.mixture_distribution as Wave2Spec) as CategoricalDist, nested(raw.component_distribution as Wave2Spec)),
};

const build = (_p: Wave2Params, raw: Readonly<Record<string, unknown>>): Distribution => fromWave2Spec({ ...raw, dist: 'MixtureSameFamily' }, BUILDERS);

describeWave2Distributions({ family: 'MixtureSameFamily(Categorical,Normal)', build });
describeWave2Validation({ family: 'MixtureSameFamily(Categorical,Normal)', build });
describeWave2KL({ title: 'MixtureSameFamily', families: new Set(['MixtureSameFamily']), builders: BUILDERS });

describeBackends('golden wave 2: checks of MixtureSameFamily', () => {
  it('a mixture with one component is the component', () => {
    const c = wave2Check('MixtureSameFamily with one component');
    tf.tidy(() => {
      const value = tf.tensor(c.value as number[]);
      // the check's parameters are not in the file; loc 2, scale 1.5 reproduce its Normal values (solved from them)
      const normal = Normal(tf.tensor([2]), tf.tensor([1.5]));
      expectCloseTo(MixtureSameFamily(Categorical([1]), normal).logProb(value), c.mixture, WAVE2_TOL, 'mixture');
      expectCloseTo(Normal(2, 1.5).logProb(value), c.normal, WAVE2_TOL, 'normal');
    });
  });
});
