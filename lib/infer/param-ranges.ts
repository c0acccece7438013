/**
 * Where a constrained parameter can live: the interval of unconstrained values `u` whose
 * constrained value `T(u)` is representable in float32 and inside the constraint.
 *
 * SVI optimizes `u` and the model sees `T(u)`. A divergent step can leave `u` finite and still
 * destroy `T(u)`: Adam at `lr = 1e6` takes a softplus-positive scale to `u ≈ −10⁶`, whose
 * `T(u)` underflows to 0 — not positive; every later step then fails, and so does resuming at a
 * sane learning rate from that state. SVI refuses such an update instead, by comparing the new
 * parameter's range (which the optimizers report at no cost) with this interval.
 *
 * The interval is found once per constraint, by bisection on the elementwise map of its
 * bijection (monotone, so the good set is an interval), with `T(u)` rounded to float32 and a
 * subnormal result counted as 0 (the wasm backend flushes them); each finite end is then moved
 * inward by `max(1, 10⁻³ |end|)`, a margin for the float32 arithmetic of the backends. Only
 * constraints whose bijection acts elementwise with number parameters have one (positive,
 * greater/less than a number, intervals); the others are checked for finiteness alone.
 *
 * @module
 */
import type { Constraint } from '../core/constraint.js';
import { elementwisePredicate } from '../distributions/util.js';
import { elementwiseMapOf } from './autoguide/elementwise-maps.js';
import { unconstrainedToConstrained } from './params.js';

const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;
const FAR = 1e38;

const known = new WeakMap<Constraint, readonly [number, number] | null>();

/**
 * The interval of unconstrained values `u` whose constrained value is a representable float32
 * inside `constraint` (see the module notes), or `undefined` when there is no such bound
 * (`real`, or a bijection that is not elementwise). Cached per constraint.
 */
export function representableRange(constraint: Constraint): readonly [number, number] | undefined {
  const cached = known.get(constraint);
  if (cached !== undefined) return cached ?? undefined;
  const found = constraint.kind === 'real' ? undefined : search(constraint);
  known.set(constraint, found ?? null);
  return found;
}

function search(constraint: Constraint): readonly [number, number] | undefined {
  const transform = unconstrainedToConstrained(constraint);
  const map = transform === null ? undefined : elementwiseMapOf(transform);
  const inside = elementwisePredicate(constraint);
  if (map === undefined || inside === undefined) return undefined;
  const out = new Float64Array(4);
  const good = (u: number): boolean => {
    map(u, out);
    const y = Math.fround(out[0]!);
    const flushed = Math.abs(y) < FLOAT32_MIN_NORMAL ? 0 : y;
    return Number.isFinite(y) && inside(y) && inside(flushed);
  };
  const start = [0, 1, -1, 10, -10].find(good);
  if (start === undefined) return undefined;
  return [end(good, start, -1), end(good, start, 1)];
}

/** The last good `u` from `start` in `direction` (±∞ when all are good), moved inward by the margin. */
function end(good: (u: number) => boolean, start: number, direction: 1 | -1): number {
  let inner = start;
  let step = 1;
  let outer = start + direction * step;
  while (good(outer)) {
    if (Math.abs(outer) >= FAR) return direction * Infinity;
    inner = outer;
    step *= 2;
    outer = start + direction * step;
  }
  for (let i = 0; i < 200 && Math.abs(outer - inner) > 1e-9 * Math.max(1, Math.abs(inner)); i++) {
    const mid = (inner + outer) / 2;
    if (good(mid)) inner = mid;
    else outer = mid;
  }
  return inner - direction * Math.max(1, 1e-3 * Math.abs(inner));
}
