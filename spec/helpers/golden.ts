/**
 * The golden reference values: ../shared/golden/pyro-1.8.6.json, computed in float64 with
 * Pyro 1.8.6 on torch 1.13. Non-finite floats are stored as the strings "NaN", "Infinity",
 * "-Infinity"; `decode` turns them back into numbers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Nested = number | readonly Nested[];

export interface GoldenDistributionCase {
  readonly case: string;
  readonly dist: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly value: Nested;
  readonly batch_shape: readonly number[];
  readonly event_shape: readonly number[];
  readonly support: string;
  readonly errors?: Readonly<Record<string, string>>;
  readonly [field: string]: unknown;
}

export interface GoldenKLPair {
  readonly case: string;
  readonly p: Readonly<Record<string, unknown>> & { readonly dist: string };
  readonly q: Readonly<Record<string, unknown>> & { readonly dist: string };
  readonly kl: Nested | null | string;
  readonly error?: string;
  readonly note?: string;
}

export interface GoldenTransformCase {
  readonly case: string;
  readonly registry: string;
  readonly constraint: string;
  readonly [field: string]: unknown;
}

export interface Golden {
  readonly meta: Readonly<Record<string, string>>;
  readonly distributions: readonly GoldenDistributionCase[];
  readonly kl: { readonly pairs: readonly GoldenKLPair[]; readonly checks: readonly Readonly<Record<string, unknown>>[] };
  readonly transforms: readonly GoldenTransformCase[];
}

const NON_FINITE: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Replace the golden file's non-finite string markers by numbers, recursively. */
export function decode(x: unknown): unknown {
  if (typeof x === 'string' && x in NON_FINITE) return NON_FINITE[x];
  if (Array.isArray(x)) return x.map(decode);
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, decode(v)]));
  }
  return x;
}

const path = fileURLToPath(new URL('../golden/pyro-1.8.6.json', import.meta.url));

/** The golden file, decoded. */
export const golden: Golden = decode(JSON.parse(readFileSync(path, 'utf8'))) as Golden;

/** Flatten nested number arrays. */
export function flat(x: unknown): number[] {
  if (typeof x === 'number') return [x];
  if (Array.isArray(x)) return x.flatMap(flat);
  throw new Error(`golden: expected numbers, got ${JSON.stringify(x)}`);
}

/**
 * Expect `actual` close to `expected` elementwise: |a − e| ≤ atol + rtol·|e|, with equal
 * non-finite values accepted. Returns a message describing the worst element, or undefined.
 */
export function closeness(actual: ArrayLike<number>, expected: readonly number[], rtol: number, atol: number): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length} vs ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) ? Number.isNaN(a) : !Number.isFinite(e) ? a === e : Math.abs(a - e) <= atol + rtol * Math.abs(e)) continue;
    return `element ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`;
  }
  return undefined;
}
