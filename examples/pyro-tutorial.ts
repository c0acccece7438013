/**
 * A Pyro program, ported as written: a `Uniform(0, 10)` latent fitted by an autoguide, plate
 * handles entered alone and together, and a sequential plate (`for i in pyro.plate(...)`).
 *
 * ```python
 * def model(base, exposure, cases, lab):
 *     rate = pyro.sample("rate", dist.Uniform(0., 10.))
 *     region = pyro.plate("region", 3, dim=-2)
 *     week = pyro.plate("week", 4, dim=-1)
 *     with region:
 *         pyro.sample("base", dist.Poisson(rate * population), obs=base)          # [3, 1]
 *     with region, week:
 *         pyro.sample("cases", dist.Poisson(rate * exposure), obs=cases)          # [3, 4]
 *     mu = pyro.sample("mu", dist.Normal(0., 10.))
 *     for i in pyro.plate("lab", len(lab)):
 *         pyro.sample(f"m_{i}", dist.Normal(mu, 0.5), obs=lab[i])
 * guide = AutoDelta(model)
 * ```
 *
 * `region` and `week` are handles: each is declared once per run and keeps its dim wherever it
 * is entered. The sequential plate runs its body once per index, claims no dim, and records the
 * iteration on each site (`site.sequential`).
 *
 * `AutoDelta` is MAP estimation in the constrained space, whose answers are exact here: the
 * prior of `rate` is flat on (0, 10), so its MAP is the Poisson maximum likelihood
 * `(Σ base + Σ cases) / (Σ population + Σ exposure)`; `mu` has a conjugate Normal prior, so its
 * MAP is the posterior mean `(Σ m / 0.5²) / (n / 0.5² + 1 / 10²)`. The example checks both, and
 * where the plates placed every site.
 *
 * Run: `npx tsx examples/pyro-tutorial.ts [--steps N] [--plot DIR]`
 */
import * as tf from '@tensorflow/tfjs-core';
import { AutoDelta, ClippedAdam, Normal, Poisson, SVI, TraceELBO, Uniform, formatShapes, plate, plates, plotLoss, prngKey, sample, simulate } from '../lib/index.js';
import { checks, fmt, isMain, meanOf, setup, writePlots } from './support/cli.js';

const POPULATION = [2, 3, 5];
const BASE = [5, 9, 16];
const EXPOSURE = [
  [1, 1, 2, 2],
  [1, 2, 2, 3],
  [2, 2, 3, 3],
];
const CASES = [
  [3, 2, 7, 6],
  [4, 6, 5, 10],
  [7, 6, 9, 8],
];
const LAB = [1.2, 0.7, 1.9, 1.1, 1.6];
const LAB_SCALE = 0.5;
const MU_PRIOR_SCALE = 10;

/** The model of the Python program above; the data are arguments. */
export function* model(population: tf.Tensor, base: tf.Tensor, exposure: tf.Tensor, cases: tf.Tensor, lab: readonly number[]) {
  const rate = yield* sample('rate', Uniform(0, 10));
  const region = plate('region', 3, { dim: -2 });
  const week = plate('week', 4, { dim: -1 });
  yield* region(function* () {
    yield* sample('base', Poisson(tf.mul(rate, population)), { obs: base });
  });
  yield* plates([region, week], function* () {
    yield* sample('cases', Poisson(tf.mul(rate, exposure)), { obs: cases });
  });
  const mu = yield* sample('mu', Normal(0, MU_PRIOR_SCALE));
  yield* plate('lab', lab.length).sequential(function* (i) {
    yield* sample(`m_${i}`, Normal(mu, LAB_SCALE), { obs: lab[i]! });
  });
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Run the example: fit, print the shapes and the estimates, check them against the exact MAP. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = await setup('A Pyro program as written (Uniform latent, plate handles, a sequential plate)', argv, { steps: 1000 });
  const data = [tf.tensor2d(POPULATION, [3, 1]), tf.tensor2d(BASE, [3, 1]), tf.tensor2d(EXPOSURE), tf.tensor2d(CASES)] as const;
  const args: Parameters<typeof model> = [...data, LAB];

  // Where the plates placed each site (a trace's tensors live in a tidy).
  const placed = tf.tidy(() => {
    const trace = simulate(model, { key: prngKey(options.seed) })(...args);
    console.log(`model shapes:\n${formatShapes(trace)}\n`);
    const site = (name: string) => {
      const s = trace.sites.get(name);
      if (s?.type !== 'sample') return 'missing';
      const frames = [...s.plates.map((f) => `${f.name}@${f.dim}`), ...(s.sequential ?? []).map((f) => `${f.name}[${f.index}]`)];
      return `[${s.value.shape.join(', ')}] ${frames.join(' ')}`;
    };
    return { base: site('base'), cases: site('cases'), lab: LAB.map((_, i) => site(`m_${i}`)) };
  });

  const guide = AutoDelta(model);
  // Adam at 0.05 decaying to 0.001 over the run: the loss is deterministic (a Delta guide draws
  // nothing), so the decay lands on the optimum to float32 precision.
  const svi = SVI(model, guide, ClippedAdam({ lr: 0.05, lrd: 0.02 ** (1 / Math.max(1, options.steps)) }), TraceELBO());
  const { params, state, losses } = svi.run(prngKey(options.seed), options.steps, args, { progressBar: options.progress });
  const tail = Math.max(1, Math.floor(options.steps / 10));
  console.log(`loss ${fmt(losses[0]!)} → ${fmt(meanOf(losses, options.steps - tail))} (last ${tail} steps)\n`);

  const map = guide.median(params);
  const rate = map.rate.dataSync()[0]!;
  const mu = map.mu.dataSync()[0]!;
  const rateExact = (sum(BASE) + sum(CASES.flat())) / (sum(POPULATION) + sum(EXPOSURE.flat()));
  const labPrecision = LAB.length / LAB_SCALE ** 2 + 1 / MU_PRIOR_SCALE ** 2;
  const muExact = sum(LAB) / LAB_SCALE ** 2 / labPrecision;
  console.log(`MAP rate ${fmt(rate)} (exact ${fmt(rateExact)}), MAP mu ${fmt(mu)} (exact ${fmt(muExact)})\n`);

  const check = checks();
  // Exact answers; the tolerance is the optimizer's float32 endpoint (measured |diff| < 1e-4 at 1000 steps).
  check.close('MAP of the Uniform(0, 10) rate vs the Poisson maximum likelihood', rate, rateExact, 1e-3);
  check.close('MAP of mu vs the conjugate posterior mean', mu, muExact, 1e-3);
  check.that("'base' in the region handle alone: shape [3, 1], plate at dim -2", placed.base === '[3, 1] region@-2', placed.base);
  check.that("'cases' in plates([region, week]): shape [3, 4], the same region plate", placed.cases === '[3, 4] region@-2 week@-1', placed.cases);
  check.that("each m_i in iteration i of the sequential plate 'lab', which claims no dim", placed.lab.every((f, i) => f === `[] lab[${i}]`), placed.lab.join(' | '));

  await writePlots(options.plot, {
    'pyro-tutorial-loss.svg': plotLoss(losses, { logScale: false, smooth: false, title: 'Pyro tutorial: −ELBO (MAP)' }),
  });
  tf.dispose([...data, ...Object.values(map), ...Object.values(params)]);
  tf.dispose([...Object.values(state.params), ...Object.values(state.optState).flatMap((s) => Object.values(s))]);
  guide.dispose(); // the Uniform(0, 10) bounds the guide kept from its prototype trace
  return check.exitCode();
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
