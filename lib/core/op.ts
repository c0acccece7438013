/**
 * The machinery shared by the primitives: single-message effects and argument checks.
 *
 * An effect is a message that is also iterable: iterating it yields the message once and
 * returns the value of the site the interpreter sends back, so `yield* sample(...)` evaluates
 * to the site's value (see `effect.ts`).
 *
 * @module
 */
import type { Message, Op, Site } from './effect.js';
import { ignisError, invalidArgument } from './errors.js';

/** Yields its message once, then returns the value of the site sent back. */
class SingleShot<A, Y extends Message> implements Iterator<Y, A, unknown> {
  private started = false;
  private readonly message: Y;

  constructor(message: Y) {
    this.message = message;
  }

  next(site?: unknown): IteratorResult<Y, A> {
    if (!this.started) {
      this.started = true;
      return { done: false, value: this.message };
    }
    return { done: true, value: (site as Site).value as A };
  }

  /** An error raised at the site surfaces at the model's `yield*` (see `delegate.ts`). */
  throw(error?: unknown): IteratorResult<Y, A> {
    throw error;
  }
}

const EFFECT_PROTO = {
  [Symbol.iterator](this: Message): Iterator<Message, unknown, unknown> {
    return new SingleShot(this);
  },
};

/** The message `message` as an effect: iterable, yielding itself once and returning the site's value. */
export function effect<A, Y extends Message>(message: Y): Y & Op<A, Y> {
  return Object.assign(Object.create(EFFECT_PROTO) as object, message) as Y & Op<A, Y>;
}

/** Throw `InvalidArgument` unless `name` is a non-empty string. */
export function checkName(fn: string, name: unknown): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw invalidArgument(fn, 'name', 'must be a non-empty string', JSON.stringify(name));
  }
}

/**
 * Throw `InvalidArgument` naming the first option of `options` that is not in `known` (an
 * option Ignis does not know is never ignored). `options` must be an object (or undefined).
 *
 * The compiler already rejects unknown keys in an object literal; this catches the rest
 * (options built elsewhere, plain JavaScript callers, Pyro spellings such as `subsample_size`).
 */
export function checkOptions(fn: string, options: unknown, known: readonly string[], site?: string): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw ignisError('InvalidArgument', {
      fn,
      what: 'options must be an object',
      ...(site === undefined ? {} : { site }),
      detail: `got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`,
    });
  }
  for (const key in options) {
    if (!known.includes(key)) {
      throw ignisError('InvalidArgument', {
        fn,
        what: `unknown option '${key}'`,
        ...(site === undefined ? {} : { site }),
        hint: `Known options: ${known.join(', ')}. Ignis spells options in camelCase (subsampleSize, eventDim, obsMask).`,
      });
    }
  }
}
