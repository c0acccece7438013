/**
 * `blockPlate`: run part of a model as if outside one enclosing plate (Pyro's
 * `poutine.block_plate`), e.g. to draw a global variable lazily, or an auxiliary one, from
 * inside a plate:
 *
 * ```ts
 * yield* plate('data', N, function* () {
 *   const scale = yield* blockPlate(function* () {
 *     return yield* sample('scale', LogNormal(0, 1)); // batch shape []: not in 'data'
 *   }, { name: 'data' })();
 *   yield* sample('x', Normal(loc, scale), { obs: data });
 * });
 * ```
 *
 * is the same model as drawing `scale` before the plate. The plate is matched by `name` or by
 * `dim` (exactly one): the first enclosing plate that matches does not add its frame, its
 * broadcasting or its subsample scale to the sites inside; it still claims its dim, so a plate
 * entered inside takes another one (as Pyro's dim allocator does). With `strict` (the default)
 * a site that no enclosing plate matched is an `InvalidArgument` (Pyro: "block_plate matched 0
 * messengers").
 *
 * Types: blocking by `name` removes the plate from the sites' placed batch dims in
 * `Sites<typeof model>`; blocking by `dim` widens them (the plate is not known by dim).
 *
 * @module
 */
import type { BlockTag, Frames } from '../core/dims.js';
import type { AnyModel, Message, PlateBlock, SampleMessage } from '../core/effect.js';
import { mapMessages } from '../core/delegate.js';
import { ignisError, invalidArgument } from '../core/errors.js';
import { checkOptions } from '../core/op.js';

/** Options of {@link blockPlate}: exactly one of `name` and `dim`. */
export type BlockPlateOptions =
  | { readonly name: string; readonly dim?: undefined; readonly strict?: boolean }
  | { readonly dim: number; readonly name?: undefined; readonly strict?: boolean };

type Requested<Y, K extends Frames[number]> = Y extends SampleMessage<infer N, infer B, infer E, infer O, infer P> ? SampleMessage<N, B, E, O, readonly [K, ...P]> : Y;

type Widened<Y> = Y extends SampleMessage<infer N, infer B, infer E, infer O, Frames> ? SampleMessage<N, B, E, O, Frames> : Y;

/**
 * The type of `blockPlate(model, options)`: `M` whose sample sites carry the request, so the
 * enclosing plate named `Name` is not placed in their batch dims (`Name` undefined: by dim, widened).
 *
 * @category types
 * @since 0.2.0
 */
export type PlateBlocked<M, Name extends string | undefined> = M extends (...args: infer A) => Generator<infer Y, infer R, infer Next>
  ? (...args: A) => Generator<Name extends string ? Requested<Y, BlockTag<Name>> : Widened<Y>, R, Next>
  : M;

function request(options: unknown): PlateBlock {
  checkOptions('blockPlate', options, ['name', 'dim', 'strict']);
  const { name, dim, strict } = (options ?? {}) as Partial<{ name: unknown; dim: unknown; strict: unknown }>;
  if ((name === undefined) === (dim === undefined)) {
    throw ignisError('InvalidArgument', { fn: 'blockPlate', what: 'exactly one of name and dim must be given', hint: "Block the plate by name ({ name: 'data' }) or by dim ({ dim: -1 })." });
  }
  if (name !== undefined && (typeof name !== 'string' || name.length === 0)) throw invalidArgument('blockPlate', 'name', 'must be a non-empty string', JSON.stringify(name));
  if (dim !== undefined && (typeof dim !== 'number' || !Number.isInteger(dim) || dim >= 0)) throw invalidArgument('blockPlate', 'dim', 'must be a negative integer', JSON.stringify(dim));
  if (strict !== undefined && typeof strict !== 'boolean') throw invalidArgument('blockPlate', 'strict', 'must be a boolean', typeof strict);
  return { name, dim, strict: strict ?? true, frame: undefined };
}

const blockPlateModel = (model: AnyModel, req: PlateBlock): AnyModel => {
  // Every message, blocked by `block` or not: plates are not handlers and see them all.
  const add = (m: Message): Message => ({ ...m, blockedPlates: m.blockedPlates === undefined ? [req] : [...m.blockedPlates, req] });
  return (...args: unknown[]) => mapMessages(model(...args) as Generator<Message, unknown, unknown>, add);
};

/**
 * Block one enclosing plate: `blockPlate(model, { name: 'data' })` or
 * `pipe(model, blockPlate({ dim: -1 }))`; `strict: false` allows no match.
 *
 * @category handlers
 * @since 0.2.0
 */
export function blockPlate<const Name extends string>(options: { readonly name: Name; readonly strict?: boolean }): <M extends AnyModel>(model: M) => PlateBlocked<M, Name>;
export function blockPlate(options: { readonly dim: number; readonly strict?: boolean }): <M extends AnyModel>(model: M) => PlateBlocked<M, undefined>;
export function blockPlate<M extends AnyModel, const Name extends string>(model: M, options: { readonly name: Name; readonly strict?: boolean }): PlateBlocked<M, Name>;
export function blockPlate<M extends AnyModel>(model: M, options: { readonly dim: number; readonly strict?: boolean }): PlateBlocked<M, undefined>;
export function blockPlate(...args: readonly unknown[]): unknown {
  if (typeof args[0] === 'function') return blockPlateModel(args[0] as AnyModel, request(args[1]));
  const req = request(args[0]);
  return (model: AnyModel) => blockPlateModel(model, req);
}
