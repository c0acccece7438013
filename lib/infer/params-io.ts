/**
 * Parameters on disk: `saveParams` writes parameter values as a small versioned JSON
 * document, `loadParams` decodes one with io-ts and returns an `Either`.
 *
 * The format (version 1):
 *
 * ```json
 * { "format": "ignis-params", "version": 1,
 *   "params": { "loc": { "shape": [2], "dtype": "float32", "values": [0.5, -1.25] } } }
 * ```
 *
 * Values are written as the shortest decimals that read back as the same float32 (negative
 * zero as `-0`), so a save/load round trip is exact, bit for bit. Decoding checks every
 * field and reports each problem with its path, e.g.
 * `params.loc.values[3]: expected a finite number, got "NaN"`; keys the format does not have
 * and a param named `__proto__` are problems too.
 *
 * Gotcha: these are whatever values you pass — `RunResult.params` / `getParams` are
 * constrained, `SVIState.params` unconstrained. Save the constrained ones to feed
 * `simulate(model, { params })` or `Predictive` later.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { IgnisError, invalidArgument } from '../core/errors.js';
import type { ParamValues } from './params.js';

/** The `format` field of a parameters file. */
export const PARAMS_FORMAT = 'ignis-params';
/** The version {@link saveParams} writes and {@link loadParams} reads. */
export const PARAMS_VERSION = 1;

/**
 * Why {@link loadParams} rejected its input: each issue is `path: expected …, got …`. An
 * `IgnisError` (tag `InvalidArgument`), so `throw loaded.left` raises a proper error.
 *
 * @category inference
 * @since 0.1.0
 */
export class ParamsDecodeError extends IgnisError {
  readonly _tag = 'ParamsDecodeError';
  readonly issues: readonly string[];

  constructor(issues: readonly string[], message: string) {
    super('InvalidArgument', message);
    this.issues = issues;
  }
}

const FLOAT32_MAX = 3.4028234663852886e38;

const FiniteFloat32 = new t.Type<number, number, unknown>(
  'FiniteFloat32',
  (u): u is number => typeof u === 'number' && Number.isFinite(u) && Math.abs(u) <= FLOAT32_MAX,
  (u, c) =>
    typeof u !== 'number' || !Number.isFinite(u)
      ? t.failure(u, c, 'expected a finite number')
      : Number.isFinite(Math.fround(u))
        ? t.success(u)
        : t.failure(u, c, 'expected a number within float32 range'),
  t.identity,
);

const NonNegativeInteger = new t.Type<number, number, unknown>(
  'NonNegativeInteger',
  (u): u is number => Number.isSafeInteger(u) && (u as number) >= 0,
  (u, c) => (Number.isSafeInteger(u) && (u as number) >= 0 ? t.success(u as number) : t.failure(u, c, 'expected a non-negative integer')),
  t.identity,
);

// Names are what an error says was expected: `params.loc: expected an object with shape, dtype and values, got 3`.
const Entry = t.type(
  {
    shape: t.array(NonNegativeInteger, 'an array of non-negative integers'),
    dtype: t.literal('float32'),
    values: t.array(FiniteFloat32, 'an array of finite numbers'),
  },
  'an object with shape, dtype and values',
);
const ParamsFile = t.type(
  {
    format: t.literal(PARAMS_FORMAT),
    version: t.literal(PARAMS_VERSION),
    params: t.record(t.string, Entry, 'an object of parameters by name'),
  },
  'an object with format, version and params',
);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `params.loc.values[3]` from an io-ts context (array indices in brackets, odd keys quoted). */
function pathOf(context: t.Context): string {
  let path = '';
  context.forEach((entry, i) => {
    if (i === 0) return;
    const parent = context[i - 1]!.type as t.Mixed & { _tag?: string };
    if (parent._tag === 'ArrayType') path += `[${entry.key}]`;
    else path += IDENTIFIER.test(entry.key) ? `${path === '' ? '' : '.'}${entry.key}` : `[${JSON.stringify(entry.key)}]`;
  });
  return path === '' ? '(root)' : path;
}

// JSON.parse only produces JSON values, so JSON.stringify shows any of them.
const shown = (u: unknown): string => (u === undefined ? 'nothing' : JSON.stringify(u));

const MAX_ISSUES_IN_MESSAGE = 5;

function decodeError(issues: readonly string[]): ParamsDecodeError {
  const more = issues.length > MAX_ISSUES_IN_MESSAGE ? `; and ${issues.length - MAX_ISSUES_IN_MESSAGE} more` : '';
  return new ParamsDecodeError(issues, `loadParams: invalid parameters file: ${issues.slice(0, MAX_ISSUES_IN_MESSAGE).join('; ')}${more}.`);
}

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** The path of param `name` (`params.loc`, `params["odd name"]`). */
const paramPath = (name: string): string => (IDENTIFIER.test(name) ? `params.${name}` : `params[${JSON.stringify(name)}]`);

/**
 * What the codec does not see in the raw document: keys beyond the format's (io-ts ignores
 * them), and a param named `__proto__` (which an object assignment would turn into a prototype).
 */
function strictIssues(raw: unknown): string[] {
  if (!isObject(raw)) return [];
  const issues: string[] = [];
  const extra = (path: string, object: Readonly<Record<string, unknown>>, allowed: readonly string[]): void => {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) issues.push(`${path}${IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}: unexpected key (expected only ${allowed.join(', ')})`.replace(/^\./, ''));
    }
  };
  extra('', raw, ['format', 'version', 'params']);
  const params = raw.params;
  if (isObject(params)) {
    for (const name of Object.keys(params)) {
      if (name === '__proto__') issues.push(`${paramPath(name)}: expected a parameter name other than "__proto__"`);
      const entry = params[name];
      if (isObject(entry)) extra(paramPath(name), entry, ['shape', 'dtype', 'values']);
    }
  }
  return issues;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const showShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** The shortest decimal that reads back as the float32 `v` (`-0` kept). */
function float32Text(v: number): string {
  if (Object.is(v, -0)) return '-0';
  for (let digits = 1; digits < 9; digits++) {
    const text = v.toPrecision(digits);
    if (Math.fround(Number(text)) === v) return String(Number(text));
  }
  return String(Number(v.toPrecision(9)));
}

/**
 * Write parameter values as a versioned JSON document (one parameter per line).
 *
 * @example
 * ```ts
 * const { params } = svi.run(prngKey(0), 2000, [data]);
 * writeFileSync('params.json', saveParams(params));
 * ```
 * @category inference
 * @since 0.1.0
 */
export function saveParams(params: ParamValues): string {
  const lines = Object.entries(params).map(([name, tensor]) => {
    if (name.length === 0) throw invalidArgument('saveParams', 'params', 'must have non-empty names', '""');
    if (name === '__proto__') throw invalidArgument('saveParams', 'params', 'must not have a param named "__proto__"', '"__proto__"');
    if (tensor.dtype !== 'float32') throw invalidArgument('saveParams', `params.${name}`, 'must be a float32 tensor', tensor.dtype);
    const data = tensor.dataSync();
    const texts = new Array<string>(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!Number.isFinite(v)) throw invalidArgument('saveParams', `params.${name}`, 'must hold finite values', `${v} at element ${i}`);
      texts[i] = float32Text(v);
    }
    return `    ${JSON.stringify(name)}: { "shape": ${JSON.stringify(tensor.shape)}, "dtype": "float32", "values": [${texts.join(', ')}] }`;
  });
  const body = lines.length === 0 ? '{}' : `{\n${lines.join(',\n')}\n  }`;
  return `{\n  "format": ${JSON.stringify(PARAMS_FORMAT)},\n  "version": ${PARAMS_VERSION},\n  "params": ${body}\n}\n`;
}

/**
 * Read a document written by {@link saveParams}: `Right` with new float32 tensors (owned by
 * the caller), or `Left` with every problem found, each naming its path.
 *
 * @example
 * ```ts
 * const loaded = loadParams(readFileSync('params.json', 'utf8'));
 * if (E.isLeft(loaded)) throw loaded.left; // an IgnisError naming every problem's path
 * const trace = simulate(model, { key, params: loaded.right })(data);
 * ```
 * @category inference
 * @since 0.1.0
 */
export function loadParams(json: string): E.Either<ParamsDecodeError, ParamValues> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return E.left(decodeError([`(root): malformed JSON: ${e instanceof Error ? e.message : String(e)}`]));
  }
  const strict = strictIssues(raw);
  if (strict.length > 0) return E.left(decodeError(strict));
  const decoded = ParamsFile.decode(raw);
  if (E.isLeft(decoded)) {
    return E.left(decodeError(decoded.left.map((err) => `${pathOf(err.context)}: ${err.message ?? `expected ${err.context[err.context.length - 1]!.type.name}`}, got ${shown(err.value)}`)));
  }
  const issues: string[] = [];
  for (const [name, entry] of Object.entries(decoded.right.params)) {
    const path = paramPath(name);
    if (name.length === 0) issues.push(`${path}: expected a non-empty parameter name, got ""`);
    const size = sizeOf(entry.shape);
    if (entry.values.length !== size) issues.push(`${path}.values: expected ${size} values for shape ${showShape(entry.shape)}, got ${entry.values.length}`);
  }
  if (issues.length > 0) return E.left(decodeError(issues));
  return E.right(
    Object.fromEntries(Object.entries(decoded.right.params).map(([name, entry]) => [name, tf.tensor(Float32Array.from(entry.values), [...entry.shape], 'float32')])),
  );
}
