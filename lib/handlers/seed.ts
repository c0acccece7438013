/**
 * `seed`: give the sites inside it their randomness from a key (NumPyro's `seed`).
 *
 * Each message that may need a draw (a sample site without a value, a subsampled plate, a
 * param initialised by a function of a key) gets `foldIn(key, i)` for the i-th such message
 * of the run, unless an inner `seed` already gave it one. A seeded model needs no key from
 * its interpreter and gives the same draws wherever it is run.
 *
 * @module
 */
import type { AnyModel, Message } from '../core/effect.js';
import { invalidArgument } from '../core/errors.js';
import { handle, isDataFirst } from '../core/handler.js';
import { type Key, foldIn, isKey, prngKey } from '../core/key.js';

const needsKey = (m: Message): boolean => m.key === undefined && (m.type === 'deterministic' ? false : m.value === undefined);

const seedModel = <M extends AnyModel>(model: M, seed: Key | number): M => {
  if (!isKey(seed) && typeof seed !== 'number') throw invalidArgument('seed', 'key', 'must be a Key or an integer seed', typeof seed);
  const key = isKey(seed) ? seed : prngKey(seed);
  return handle(model, () => {
    let draws = 0; // per run: each run of the seeded model starts from the same key
    const give = <T extends Message>(m: T): T => (needsKey(m) ? { ...m, key: foldIn(key, draws++) } : m);
    return { sample: give, param: give, plate: give };
  });
};

/**
 * Seed a model: `seed(model, prngKey(1))` or `pipe(model, seed(1))`.
 *
 * @category handlers
 * @since 0.1.0
 */
export function seed(key: Key | number): <M extends AnyModel>(model: M) => M;
export function seed<M extends AnyModel>(model: M, key: Key | number): M;
export function seed(...args: readonly unknown[]): unknown {
  return isDataFirst(args)
    ? seedModel(args[0] as AnyModel, args[1] as Key | number)
    : (model: AnyModel) => seedModel(model, args[0] as Key | number);
}
