/**
 * The one error family of Ignis.
 *
 * Every error Ignis raises is an {@link IgnisError} with a `tag` that says what kind of
 * mistake it is, and a message in the form
 *
 *   `<function>: <what> at site '<name>': <detail>. <hint>`
 *
 * (the `at site` part only where a site is involved). Shape errors append the batch | event
 * shape table of the trace (see `formatShapes`).
 *
 * @module
 */

/** What kind of mistake an {@link IgnisError} reports. */
export type ErrorTag =
  | 'ShapeMismatch'
  | 'DuplicateSite'
  | 'MissingSite'
  | 'InvalidArgument'
  | 'ModelGuideMismatch'
  | 'NotImplemented'
  | 'NonFiniteLoss'
  /** An optimizer step would have written a non-finite parameter or optimizer slot. */
  | 'NonFiniteGradient'
  /** Parameters that do not belong to the model (another model's params, another SVI's state). */
  | 'ParamMismatch'
  /** A model, guide or callback raised an error of its own (kept as `cause`), located by Ignis. */
  | 'UserError'
  /** A run stopped by its `AbortSignal`. */
  | 'Cancelled'
  | 'ReleasedState'
  /** A tfjs backend that could not initialize (`useBackend`). */
  | 'BackendUnavailable'
  /** An optional peer dependency that is not installed. */
  | 'MissingDependency';

/**
 * An error raised by Ignis: `tag` classifies it, `site` names the site when one is involved.
 *
 * @example
 * ```ts
 * try { simulate(model, { key })() } catch (e) {
 *   if (e instanceof IgnisError && e.tag === 'ShapeMismatch') console.log(e.message);
 * }
 * ```
 * @category errors
 * @since 0.1.0
 */
export class IgnisError extends Error {
  readonly tag: ErrorTag;
  readonly site: string | undefined;

  constructor(tag: ErrorTag, message: string, site?: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = `IgnisError(${tag})`;
    this.tag = tag;
    this.site = site;
  }
}

/** The parts of an error message; see the module header for the format. */
export interface ErrorParts {
  /** The public function that detected the problem, e.g. `'simulate'` or `'Normal'`. */
  readonly fn: string;
  /** What went wrong, e.g. `'shape mismatch'`. */
  readonly what: string;
  /** The site involved, if any. */
  readonly site?: string;
  /** The specifics (shapes, values). */
  readonly detail?: string;
  /** How to fix it. */
  readonly hint?: string;
  /** Extra lines appended after the message, e.g. a shape table. */
  readonly table?: string;
}

/** Names as a message lists them: `'loc', 'scale'` (site, param and plate names are quoted). */
export const quoteNames = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ');

/** Render {@link ErrorParts} in the house format. */
export function formatError(parts: ErrorParts): string {
  const at = parts.site === undefined ? '' : ` at site '${parts.site}'`;
  const detail = parts.detail === undefined ? '' : `: ${parts.detail}`;
  const hint = parts.hint === undefined ? '' : ` ${parts.hint}`;
  const head = `${parts.fn}: ${parts.what}${at}${detail}.${hint}`;
  return parts.table === undefined ? head : `${head}\n${parts.table}`;
}

/**
 * Build an {@link IgnisError} from its parts (and the error that caused it, kept as `cause`).
 *
 * @example
 * ```ts
 * throw ignisError('InvalidArgument', { fn: 'Normal', what: "argument 'scale' must be positive", detail: 'got -1' });
 * ```
 * @category errors
 * @since 0.1.0
 */
export function ignisError(tag: ErrorTag, parts: ErrorParts, cause?: unknown): IgnisError {
  return new IgnisError(tag, formatError(parts), parts.site, cause === undefined ? undefined : { cause });
}

/** `InvalidArgument` naming the function and the argument: "`fn`: argument 'arg' must be …". */
export function invalidArgument(fn: string, arg: string, requirement: string, got?: string, hint?: string): IgnisError {
  return ignisError('InvalidArgument', {
    fn,
    what: `argument '${arg}' ${requirement}`,
    ...(got === undefined ? {} : { detail: `got ${got}` }),
    ...(hint === undefined ? {} : { hint }),
  });
}
