/**
 * Site shapes against plates: broadcasting a site to its plates and the site-shape checks
 * (Pyro's `BroadcastMessenger` and `check_site_shape`), all shape arithmetic in JavaScript.
 *
 * Inside plates, a site's batch shape is the distribution's broadcast so that every plate's
 * dim has the plate's (subsample) size. Ignis is stricter than Pyro in two ways, because its
 * vectorized particles and `Predictive({ parallel })` put their own plates left of the model's:
 *
 * - a site inside at least one plate may have no batch dim of size > 1 that no plate declares
 *   (Pyro checks this only right of `max_plate_nesting`): batch `[5, 5]` inside one plate at
 *   dim −1 is an error; declare a plate for the other dim or move it into the event (`toEvent`);
 * - a given value (an observation, a replayed or substituted value) never grows the site's
 *   batch shape: `obs` of shape `[100, 1]` in `plate('data', 100)` would broadcast the
 *   log-density to `[100, 100]` (a 100× larger loss); it is an error naming the site, the
 *   plate and the dim. Outside every plate a value may broadcast a distribution whose batch
 *   dims are all 1 (Pyro's `sample('obs', Normal(mu, 1), obs=data)` without a plate).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Distribution } from './site-distribution.js';
import type { PlateFrame } from './effect.js';
import { ignisError } from './errors.js';
import { type Shape, showShape, tryBroadcastShapes } from './shape.js';

const describePlates = (plates: readonly PlateFrame[]): string =>
  plates.map((f) => `'${f.name}' (dim ${f.dim}, size ${f.subsampleSize}${f.subsampleSize === f.size ? '' : ` of ${f.size}`})`).join(', ');

const inPlates = (plates: readonly PlateFrame[]): string => (plates.length === 0 ? 'outside every plate' : `inside plate${plates.length > 1 ? 's' : ''} ${describePlates(plates)}`);

/**
 * The batch shape a distribution must have inside `plates` (Pyro's `BroadcastMessenger`):
 * each plate sets its dim to its (subsample) size; other dims keep the distribution's size and
 * must be 1 (see the module notes). Throws `ShapeMismatch` naming the plate, the site and the dim.
 */
export function plateBatchShape(fn: Distribution, plates: readonly PlateFrame[], site: string, table: () => string): Shape {
  const actual = fn.batchShape;
  let rank = actual.length;
  for (const f of plates) rank = Math.max(rank, -f.dim);
  const offset = rank - actual.length;
  const target = new Array<number>(rank).fill(1);
  const claimed = new Array<boolean>(rank).fill(false);
  for (const f of plates) {
    const i = rank + f.dim;
    const current = actual[i - offset] ?? 1;
    if (current !== 1 && current !== f.subsampleSize) {
      throw ignisError('ShapeMismatch', {
        fn: 'plate',
        what: `shape mismatch inside plate '${f.name}'`,
        site,
        detail: `dim ${f.dim} has size ${current} but the plate has size ${f.subsampleSize} (distribution ${fn.family} with batch shape ${showShape(actual)})`,
        hint: `Make the distribution's batch dim ${f.dim} equal ${f.subsampleSize} or 1, or move the plate to another dim.`,
        table: table(),
      });
    }
    target[i] = f.subsampleSize;
    claimed[i] = true;
  }
  for (let i = 0; i < rank; i++) {
    const d = actual[i - offset] ?? 1;
    if (claimed[i] || d === 1) continue;
    const dim = i - rank;
    throw ignisError('ShapeMismatch', {
      fn: 'sample',
      what: 'batch dim not declared by a plate',
      site,
      detail: `the ${fn.family}'s batch shape ${showShape(actual)} has size ${d} at dim ${dim}, which no plate declares (${inPlates(plates)})`,
      hint: `Enter a plate of size ${d} at dim ${dim}, move the dim into the event with .toEvent(n), or give the parameters size 1 there.`,
      table: table(),
    });
  }
  return target;
}

/** The rightmost dim (negative) where the broadcast `joint` has a size > 1 that `batch` lacks, or undefined. */
function grownDim(joint: Shape, batch: Shape): number | undefined {
  for (let k = 1; k <= joint.length; k++) {
    if (joint[joint.length - k]! !== 1 && (batch[batch.length - k] ?? 1) === 1) return -k;
  }
  return undefined;
}

/**
 * Check a given (observed, replayed or substituted) value against the site's distribution
 * (already broadcast to its plates): the event shape on the right, a batch part that
 * broadcasts with the batch shape without growing it (see the module notes). Throws
 * `ShapeMismatch` naming the site, the plates and the dim.
 */
export function checkValueFits(value: tf.Tensor, fn: Distribution, site: string, plates: readonly PlateFrame[], table: () => string): void {
  const eventRank = fn.eventShape.length;
  const batch = value.shape.slice(0, Math.max(0, value.rank - eventRank));
  const eventOk = value.rank >= eventRank && fn.eventShape.every((d, i) => d === value.shape[value.rank - eventRank + i]);
  const joint = eventOk ? tryBroadcastShapes(batch, fn.batchShape) : undefined;
  if (joint === undefined) {
    throw ignisError('ShapeMismatch', {
      fn: 'sample',
      what: 'value does not fit the distribution',
      site,
      detail: `value shape ${showShape(value.shape)} vs batch shape ${showShape(fn.batchShape)} and event shape ${showShape(fn.eventShape)} ${inPlates(plates)}`,
      hint: 'The value must have the event shape on the right and a batch part that broadcasts with the batch shape.',
      table: table(),
    });
  }
  const dim = grownDim(joint, fn.batchShape);
  if (dim === undefined) return;
  if (plates.length === 0 && fn.batchShape.every((d) => d === 1)) return; // Pyro's unplated i.i.d. observations
  const plate = plates.find((f) => f.dim === dim);
  throw ignisError('ShapeMismatch', {
    fn: 'sample',
    what: 'value would broadcast the log-density',
    site,
    detail:
      `value shape ${showShape(value.shape)} (batch ${showShape(batch)}) against the site's batch shape ${showShape(fn.batchShape)} ${inPlates(plates)} ` +
      `would give a log-density of shape ${showShape(joint)}: at dim ${dim} the value has size ${joint[joint.length + dim]!} where ${plate === undefined ? 'the site has size 1 (or no such dim)' : `plate '${plate.name}' has size 1`}`,
    hint: 'Give the value the batch shape of the site (e.g. data of shape [N] inside plate(N), not [N, 1]); Ignis never broadcasts a value silently.',
    table: table(),
  });
}

/**
 * Pyro's "invalid shape of pyro.param": a param with `eventDim` read inside a full (not
 * subsampled) plate must have, along the plate's dim `plate.dim − eventDim`, the plate's size
 * or 1. Throws `ShapeMismatch` naming the param, the plate and the dim. (Subsampled plates are
 * checked where their rows are gathered, in `param-rows.ts`.)
 */
export function checkParamInPlates(caller: string, name: string, value: tf.Tensor, eventDim: number, plates: readonly PlateFrame[]): void {
  for (const frame of plates) {
    if (frame.subsampleSize < frame.size) continue;
    const dim = frame.dim - eventDim;
    if (value.rank < -dim) continue;
    const rows = value.shape[value.rank + dim]!;
    if (rows === 1 || rows === frame.size) continue;
    throw ignisError('ShapeMismatch', {
      fn: caller,
      what: `invalid shape of param inside plate '${frame.name}'`,
      site: name,
      detail: `shape ${showShape(value.shape)} with eventDim ${eventDim} has ${rows} along dim ${dim}; plate '${frame.name}' (dim ${frame.dim}) has size ${frame.size}`,
      hint: `Give the param size ${frame.size} (or 1 to broadcast) at dim ${dim}, or read it outside the plate.`,
    });
  }
}
