/**
 * The README keeps its promises: the quick start is the two commands that work, and the
 * "Coming from Pyro" table names every public name of the design's contract (DESIGN.md §4,
 * copied below) that Ignis exports — functions and namespaces from lib/index.ts, the members of
 * `constraints` and `transforms`, and the methods of distributions, `SVI` and autoguides.
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as ignis from '../../lib/index.js';

/** DESIGN.md §4, by group: the exported names. */
const CONTRACT = {
  primitives: ['sample', 'param', 'plate', 'factor', 'deterministic', 'module'],
  running: ['simulate', 'logDensity', 'formatShapes', 'prngKey', 'splitKey'],
  handlers: ['condition', 'replay', 'substitute', 'scale', 'mask', 'block', 'seed', 'uncondition', 'intervene', 'inferConfig', 'lift', 'pipe'],
  distributions: [
    'Normal', 'LogNormal', 'HalfNormal', 'HalfCauchy', 'Cauchy', 'StudentT', 'Laplace', 'Gamma', 'InverseGamma', 'Beta', 'Exponential',
    'Uniform', 'Bernoulli', 'Categorical', 'Binomial', 'Poisson', 'Dirichlet', 'MultivariateNormal', 'LowRankMultivariateNormal', 'Delta',
    'Independent', 'TransformedDistribution', 'klDivergence', 'registerKL',
  ],
  constraintsAndTransforms: ['constraints', 'bijectTo', 'transforms'],
  inference: ['SVI', 'TraceELBO', 'TraceMeanFieldELBO', 'RenyiELBO', 'Adam', 'ClippedAdam', 'SGD', 'Adagrad', 'RMSProp', 'Predictive', 'saveParams', 'loadParams'],
  autoguides: [
    'AutoDelta', 'AutoNormal', 'AutoDiagonalNormal', 'AutoMultivariateNormal', 'AutoLowRankMultivariateNormal', 'AutoLaplaceApproximation',
    'AutoGuideList', 'initToMedian', 'initToMean', 'initToSample', 'initToValue', 'initToFeasible', 'initToUniform',
  ],
  inspection: ['formatShapes', 'renderModel'],
  numerics: ['cholesky', 'triangularSolve', 'lgamma', 'digamma', 'stopGradient'],
} as const;

/** DESIGN.md §4: members of the namespaces, and methods of the objects the factories return. */
const CONSTRAINTS = ['real', 'positive', 'unitInterval', 'interval', 'greaterThan', 'simplex', 'lowerCholesky', 'unitLowerCholesky', 'softplusPositive', 'softplusLowerCholesky', 'positiveDefinite'];
const TRANSFORMS = ['ExpTransform', 'SoftplusTransform', 'SigmoidTransform', 'AffineTransform', 'LowerCholeskyAffine', 'StickBreakingTransform', 'ComposeTransform'];
const DISTRIBUTION_METHODS = ['batchShape', 'eventShape', 'support', 'hasRsample', 'sample', 'rsample', 'logProb', 'mean', 'variance', 'stddev', 'entropy', 'expand', 'toEvent', 'mask'];
const SVI_METHODS = ['init', 'update', 'run', 'evaluate', 'getParams'];
const AUTOGUIDE_METHODS = ['getPosterior', 'getTransform', 'getBaseDist', 'median', 'quantiles', 'sampleLatent'];

/** A README section: from its `## title` line to the next `## `. */
async function section(title: string): Promise<string> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf(`## ${title}\n`);
  if (start < 0) throw new Error(`README has no section '## ${title}'`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Every identifier inside a code span of the Ignis column (the second) of the section's table. */
function ignisColumnIdentifiers(text: string): ReadonlySet<string> {
  const cells = text
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .map((line) => line.split(/(?<!\\)\|/)[2] ?? '');
  return new Set(cells.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].flatMap((m) => [...m[1]!.matchAll(/[A-Za-z_$][\w$]*/g)].map((i) => i[0]))));
}

/** Every `dist.Name` in a code span of the Pyro column (the first) of the section's table. */
function pyroDistributions(text: string): ReadonlySet<string> {
  const cells = text
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .map((line) => line.split(/(?<!\\)\|/)[1] ?? '');
  return new Set(cells.flatMap((cell) => [...cell.matchAll(/`dist\.([A-Za-z]\w*)/g)].map((m) => m[1]!)));
}

/** The discrete families of issue 20, each under its Pyro name. */
const DISCRETE_WAVE_2 = [
  'NegativeBinomial', 'GammaPoisson', 'BetaBinomial', 'Multinomial', 'Geometric', 'OneHotCategorical',
  'ZeroInflatedDistribution', 'ZeroInflatedPoisson', 'ZeroInflatedNegativeBinomial',
];

/** The continuous families of issue 20, each under its Pyro name. */
const CONTINUOUS_WAVE_2 = ['Weibull', 'Gumbel', 'Logistic', 'SkewLogistic', 'AsymmetricLaplace', 'Pareto', 'Chi2', 'VonMises', 'Kumaraswamy'];
/** The mixture and relaxed families of issue 20, each under its Pyro name. */
const MIXTURE_RELAXED_WAVE_2 = [
  'MixtureSameFamily', 'RelaxedBernoulli', 'RelaxedOneHotCategorical', 'RelaxedBernoulliStraightThrough', 'RelaxedOneHotCategoricalStraightThrough',
];

/** The multivariate families of issue 20, each under its Pyro name. */
const MULTIVARIATE_WAVE_2 = ['MultivariateStudentT', 'LKJCholesky'];

function* tiny() {
  yield* ignis.sample('z', ignis.Normal(0, 1));
}

describe('README', () => {
  describe('Install', () => {
    it("shows the Node and page quick starts that the CI's consumer check runs, verbatim", async () => {
      const text = await section('Install');
      expect(text).toContain('npm install @ignis-ppl/core');
      for (const file of ['quickstart.mjs', 'main.js']) {
        const code = await readFile(new URL(`../../.ci/consumer/${file}`, import.meta.url), 'utf8');
        expect(text, file).toContain(`\`\`\`js\n${code}\`\`\``);
      }
      const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string };
      expect(pkg.name).toBe('@ignis-ppl/core');
    });
  });

  describe('Quick start', () => {
    it('gives the two commands, and npm start runs scenario 2 with its plots', async () => {
      const text = await section('Quick start');
      expect(text).toContain('npm ci && npm start');
      expect(text).toContain('npm test');
      const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
      expect(pkg.scripts.start).toBe('tsx examples/scenario2-auto-mvn.ts --plot ignis-output');
    });
  });

  describe('Coming from Pyro', () => {
    it('names every exported name of the contract (DESIGN.md §4) in its Ignis column', async () => {
      const table = ignisColumnIdentifiers(await section('Coming from Pyro'));
      const exported = Object.values(CONTRACT)
        .flat()
        .filter((name) => name in ignis);
      expect(exported.length).toBeGreaterThan(80);
      expect(exported.filter((name) => !table.has(name))).toEqual([]);
    });

    for (const [group, families] of [
      ['discrete', DISCRETE_WAVE_2],
      ['continuous', CONTINUOUS_WAVE_2],
      ['mixture and relaxed', MIXTURE_RELAXED_WAVE_2],
      ['multivariate', MULTIVARIATE_WAVE_2],
    ] as const) {
      it(`lists every ${group} family of the second wave beside its Pyro name (dist.Name)`, async () => {
        const text = await section('Coming from Pyro');
        const [ignisNames, pyroNames] = [ignisColumnIdentifiers(text), pyroDistributions(text)];
        expect(families.filter((name) => !(name in ignis))).toEqual([]);
        expect(families.filter((name) => !ignisNames.has(name) || !pyroNames.has(name))).toEqual([]);
      });
    }

    it('names the members of constraints and transforms, and the methods of distributions, SVI and autoguides', async () => {
      const table = ignisColumnIdentifiers(await section('Coming from Pyro'));
      const svi = ignis.SVI(tiny, tiny, ignis.Adam(), ignis.TraceELBO());
      const guide = ignis.AutoMultivariateNormal(tiny);
      const normal = ignis.Normal(0, 1);
      const present = [
        ...CONSTRAINTS.filter((n) => n in ignis.constraints),
        ...TRANSFORMS.filter((n) => n in ignis.transforms),
        ...DISTRIBUTION_METHODS.filter((n) => n in normal),
        ...SVI_METHODS.filter((n) => n in svi),
        ...AUTOGUIDE_METHODS.filter((n) => n in guide),
      ];
      tf.dispose([normal.loc, normal.scale]);
      expect(present.length).toBe(CONSTRAINTS.length + TRANSFORMS.length + DISTRIBUTION_METHODS.length + SVI_METHODS.length + AUTOGUIDE_METHODS.length);
      expect(present.filter((name) => !table.has(name))).toEqual([]);
    });
  });
});
