/**
 * `plate`: conditionally independent copies of a part of a model (Pyro's `pyro.plate`), in the
 * three forms Pyro has, written with generators instead of `with` and `for`:
 *
 * | Pyro | Ignis |
 * | --- | --- |
 * | `with pyro.plate("data", N, subsample_size=k) as idx:` | `yield* plate('data', N, { subsampleSize: k }, function* (idx) { … })` |
 * | `x_axis = pyro.plate("x", 3, dim=-2)` | `const xAxis = plate('x', 3, { dim: -2 })` (a handle, no body) |
 * | `with x_axis:` | `yield* xAxis(function* (ix) { … })` |
 * | `with x_axis, y_axis:` | `yield* plates([xAxis, yAxis], function* (ix, iy) { … })` |
 * | `for i in pyro.plate("data", N, subsample_size=k):` | `yield* plate('data', N, { subsampleSize: k }).sequential(function* (i) { … })` |
 *
 * A vectorized plate claims one batch dim (`dim`, or the first free one from the right) and
 * broadcasts every site inside to its size there; a sequential plate runs its body once per
 * index and claims no dim. Both scale the log-densities inside by `size / subsampleSize` when
 * subsampled. A plate is declared once per run: its first entry fixes its dim and indices, and
 * every later entry of the same name — through the same handle or not, alone or with others,
 * in any order — reuses them (see `resolve-plate.ts`). A handle is a plain value: it may be
 * created inside the model or once outside it; each run draws its own subsample.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { PlateTag } from './dims.js';
import type { Message, Op, PlateMessage } from './effect.js';
import { invalidArgument } from './errors.js';
import { checkName, checkOptions } from './op.js';
import { runPlate, runSequential } from './plate-run.js';
import type { InPlate } from './site-types.js';

/** Options of {@link plate}. `D` is the literal type of `dim` (it places the plate's name in the types). */
export interface PlateOptions<D extends number | undefined = number | undefined> {
  /** The batch dim to claim (negative). Default: the next free dim from the right at the plate's first entry. */
  readonly dim?: D;
  /** Use a random subset of this many indices; log-densities inside are scaled by `size / subsampleSize`. */
  readonly subsampleSize?: number;
  /** Use exactly these indices (a 1-D int32 tensor) instead of drawing them; `subsampleSize` is their number. */
  readonly subsample?: tf.Tensor;
}

const PLATE_OPTIONS: readonly string[] = ['dim', 'subsampleSize', 'subsample'];

/** The body of a plate: a generator function of the (sub)sample indices. */
export type PlateBody<R, Y extends Message> = (indices: tf.Tensor) => Generator<Y, R, unknown>;

/** The body of a sequential plate: a generator function of one index. */
export type SequentialBody<R, Y extends Message> = (index: number) => Generator<Y, R, unknown>;

/**
 * A plate declared once and entered any number of times (Pyro's `x_axis = pyro.plate(...)`).
 * Call it with a body to enter it (`with x_axis:`); {@link plates} enters several at once;
 * `.sequential(body)` iterates it (`for i in plate`).
 *
 * @category primitives
 * @since 0.2.0
 */
export interface PlateHandle<N extends string = string, D extends number | undefined = number | undefined> {
  /** Enter the plate (vectorized) and run `body` with its indices: Pyro's `with x_axis:`. */
  <R, Y extends Message>(body: PlateBody<R, Y>): Op<R, InPlate<Y, PlateTag<N, D>> | PlateMessage<N>>;
  readonly name: N;
  /** The full size (the number of `subsample` indices when declared without a size). */
  readonly size: number;
  readonly dim: D;
  readonly subsampleSize: number | undefined;
  readonly subsample: tf.Tensor | undefined;
  /**
   * Pyro's sequential plate, `for i in pyro.plate(...)`: run `body(i)` once per (sub)sampled
   * index `i` (a number), each iteration conditionally independent of the others, each site
   * inside scaled by `size / subsampleSize`; returns the bodies' results in order. Site names
   * must differ between iterations (put `i` in them). Claims no batch dim.
   */
  sequential<R, Y extends Message>(body: SequentialBody<R, Y>): Op<readonly R[], Y | PlateMessage<N>>;
}

/** Validate the arguments of `plate` and build its entry message (vectorized). */
function declare<N extends string>(name: N, size: number | undefined, options: PlateOptions = {}): PlateMessage<N> {
  checkName('plate', name);
  checkOptions('plate', options, PLATE_OPTIONS, name);
  const { subsampleSize, subsample, dim } = options;
  if (subsample !== undefined && (typeof (subsample as Partial<tf.Tensor> | null)?.dataSync !== 'function' || subsample.rank !== 1)) {
    throw invalidArgument('plate', 'subsample', `of plate '${name}' must be a 1-D tensor of indices`, subsample instanceof Object && 'shape' in subsample ? `shape [${String(subsample.shape)}]` : typeof subsample);
  }
  const full = size ?? subsample?.size;
  if (full === undefined) {
    throw invalidArgument('plate', 'size', `of plate '${name}' must be given (or subsample indices)`, 'undefined', 'Pass the size: plate(name, size, ...).');
  }
  if (!Number.isInteger(full) || full < 1) throw invalidArgument('plate', 'size', `of plate '${name}' must be a positive integer`, String(full));
  if (subsampleSize !== undefined && (!Number.isInteger(subsampleSize) || subsampleSize < 1 || subsampleSize > full)) {
    throw invalidArgument('plate', 'subsampleSize', `of plate '${name}' must be an integer in [1, size = ${full}]`, String(subsampleSize));
  }
  if (subsample !== undefined && subsampleSize !== undefined && subsampleSize !== subsample.size) {
    throw invalidArgument('plate', 'subsampleSize', `of plate '${name}' must equal the number of subsample indices (${subsample.size})`, String(subsampleSize));
  }
  if (dim !== undefined && (!Number.isInteger(dim) || dim >= 0)) {
    throw invalidArgument('plate', 'dim', `of plate '${name}' must be a negative integer`, String(dim), 'Plates claim batch dims counted from the right: -1, -2, ...');
  }
  return {
    type: 'plate',
    name,
    size: full,
    subsampleSize: subsample === undefined ? subsampleSize : subsample.size,
    dim,
    value: subsample,
    vectorized: true,
    plates: [],
    stop: false,
    key: undefined,
  };
}

const checkBody = (name: string, body: unknown): void => {
  if (typeof body !== 'function') throw invalidArgument('plate', 'body', `of plate '${name}' must be a generator function`, typeof body);
};

function handleOf<N extends string, D extends number | undefined>(message: PlateMessage<N>): PlateHandle<N, D> {
  const enter = <R, Y extends Message>(body: PlateBody<R, Y>): Op<R, Y | PlateMessage<N>> => {
    checkBody(message.name, body);
    return { [Symbol.iterator]: () => runPlate(message, body) };
  };
  const sequential = <R, Y extends Message>(body: SequentialBody<R, Y>): Op<readonly R[], Y | PlateMessage<N>> => {
    checkBody(message.name, body);
    if (message.dim !== undefined) {
      throw invalidArgument('plate', 'dim', `of plate '${message.name}' must be left out for a sequential plate`, String(message.dim), 'A sequential plate claims no batch dim.');
    }
    const entry: PlateMessage<N> = { ...message, vectorized: false };
    return { [Symbol.iterator]: () => runSequential(entry, body) };
  };
  Object.defineProperty(enter, 'name', { value: message.name });
  return Object.freeze(
    Object.assign(enter, { size: message.size, dim: message.dim, subsampleSize: message.subsampleSize, subsample: message.value, sequential }),
  ) as unknown as PlateHandle<N, D>;
}

/**
 * Declare conditionally independent copies along a batch dim (Pyro's `plate`): every site in
 * `body` is broadcast to size `size` (or `subsampleSize`) at dim `dim`. Without a body it
 * returns a {@link PlateHandle} to enter later (and to iterate with `.sequential`). Without a
 * size, `subsample` gives the indices and the size is their number (no scaling).
 *
 * Types: the plate's name (and literal `dim`) is added to every sample site of the body in the
 * model's effect row, so `Sites<typeof model>` places it in the site's batch dims as the
 * interpreter does (a handle without a `dim` is placed by its nesting at each entry; give
 * handles entered at different nestings an explicit `dim`, as Pyro's tutorial advises); the
 * values inside the body keep their distributions' own dims.
 *
 * @example
 * ```ts
 * yield* plate('data', 100, { subsampleSize: 10 }, function* (idx) {
 *   yield* sample('y', Normal(mu, 1), { obs: tf.gather(data, idx) });
 * });
 * const xAxis = plate('x', 3, { dim: -2 });
 * const yAxis = plate('y', 2, { dim: -3 });
 * yield* xAxis(function* () { yield* sample('a', Normal(0, 1)); });             // [3, 1]
 * yield* plates([xAxis, yAxis], function* () { yield* sample('b', Normal(0, 1)); }); // [2, 3, 1]
 * ```
 * @category primitives
 * @since 0.1.0
 */
export function plate<N extends string, R, Y extends Message>(name: N, size: number, body: PlateBody<R, Y>): Op<R, InPlate<Y, PlateTag<N, undefined>> | PlateMessage<N>>;
export function plate<N extends string, R, Y extends Message, const D extends number | undefined = undefined>(
  name: N,
  size: number | undefined,
  options: PlateOptions<D>,
  body: PlateBody<R, Y>,
): Op<R, InPlate<Y, PlateTag<N, D>> | PlateMessage<N>>;
export function plate<N extends string, R, Y extends Message, const D extends number | undefined = undefined>(
  name: N,
  options: PlateOptions<D> & { readonly subsample: tf.Tensor },
  body: PlateBody<R, Y>,
): Op<R, InPlate<Y, PlateTag<N, D>> | PlateMessage<N>>;
export function plate<N extends string>(name: N, size: number): PlateHandle<N, undefined>;
export function plate<N extends string, const D extends number | undefined = undefined>(name: N, size: number | undefined, options: PlateOptions<D>): PlateHandle<N, D>;
export function plate<N extends string, const D extends number | undefined = undefined>(
  name: N,
  options: PlateOptions<D> & { readonly subsample: tf.Tensor },
): PlateHandle<N, D>;
export function plate(name: string, ...rest: readonly unknown[]): unknown {
  const sized = typeof rest[0] !== 'object' || rest[0] === null;
  const size = sized ? rest[0] : undefined;
  const tail = sized ? rest.slice(1) : rest;
  if (size !== undefined && typeof size !== 'number') {
    throw invalidArgument('plate', 'size', `of plate '${String(name)}' must be a positive integer`, typeof size, 'Call plate(name, size, options?, body?).');
  }
  const options = typeof tail[0] === 'function' ? undefined : (tail[0] as PlateOptions | undefined);
  const body = typeof tail[0] === 'function' ? tail[0] : tail[1];
  const handle = handleOf(declare(name, size, options));
  return body === undefined ? handle : handle(body as PlateBody<unknown, Message>);
}

/** `Array.isArray` without its narrowing to `any[]`. */
const isArray = (x: unknown): boolean => Array.isArray(x);

/** A handle's phantom plate frame. */
type TagOf<H> = H extends PlateHandle<infer N, infer D> ? PlateTag<N, D> : never;

/** The effect row `Y` seen outside the plates `H` (outermost first). */
export type InPlates<Y, H extends readonly unknown[]> = H extends readonly [...infer Init, infer Last] ? InPlates<InPlate<Y, TagOf<Last>>, Init> : Y;

/** One indices tensor per handle. */
type IndicesOf<H extends readonly unknown[]> = { -readonly [K in keyof H]: tf.Tensor };

/**
 * Enter several plates at once, the first outermost (Pyro's `with x_axis, y_axis:`), and run
 * `body` with their indices, one argument per plate. Equivalent to nesting the handles' calls.
 *
 * @example
 * ```ts
 * yield* plates([xAxis, yAxis], function* (ix, iy) {
 *   yield* sample('xy_noise', Normal(0, 1)); // batch shape [2, 3, 1] for dims -2 (x, 3) and -3 (y, 2)
 * });
 * ```
 * @category primitives
 * @since 0.2.0
 */
export function plates<const H extends readonly PlateHandle<string, number | undefined>[], R, Y extends Message>(
  handles: H,
  body: (...indices: NoInfer<IndicesOf<H>>) => Generator<Y, R, unknown>,
): Op<R, InPlates<Y, H> | PlateMessage<H[number]['name']>> {
  const list: readonly PlateHandle[] = handles;
  if (!isArray(list) || list.some((h) => typeof h !== 'function' || typeof (h as Partial<PlateHandle>).sequential !== 'function')) {
    throw invalidArgument('plates', 'handles', 'must be an array of plate handles (plate(name, size, options) without a body)', typeof handles);
  }
  checkBody('plates', body);
  const nest = (i: number, indices: readonly tf.Tensor[]): Op<R, Message> =>
    i === list.length
      ? { [Symbol.iterator]: () => (body as (...xs: readonly tf.Tensor[]) => Generator<Message, R, unknown>)(...indices) }
      : list[i]!(function* (idx: tf.Tensor) {
          return yield* nest(i + 1, [...indices, idx]);
        });
  return nest(0, []) as Op<R, InPlates<Y, H> | PlateMessage<H[number]['name']>>;
}
