/**
 * Splittable, pure pseudo-random keys (JAX style), independent of the tfjs backend.
 *
 * A {@link Key} is an immutable pair of 32-bit words. Random numbers come from the
 * Threefry-2x32 block cipher (20 rounds, Salmon et al. 2011, "Parallel random numbers: as easy
 * as 1, 2, 3") used as a counter-mode PRF: `bits(key, counter) = threefry2x32(key, counter)`.
 * Splitting and folding in data are PRF evaluations on disjoint counter ranges, so derived
 * keys are independent and the same key always gives the same numbers, bit for bit, on every
 * backend. There is no "unseeded" key value (unlike tfjs, where seed 0 means unseeded).
 *
 * @module
 */
import { invalidArgument } from './errors.js';

/**
 * An immutable PRNG key. Create one with {@link prngKey}; derive more with {@link splitKey}
 * or {@link foldIn}. Never reuse a key for two different random draws.
 *
 * @category randomness
 * @since 0.1.0
 */
export interface Key {
  readonly _tag: 'Key';
  readonly k0: number;
  readonly k1: number;
}

const SKEIN_PARITY = 0x1bd11bda;

// Counter domains, so split, foldIn and the random streams never share an input block.
const DOMAIN_SPLIT = 0x53504c54; // "SPLT"
const DOMAIN_FOLD = 0x464f4c44; // "FOLD"
const DOMAIN_BITS = 0x42495453; // "BITS"

/**
 * Threefry-2x32 (20 rounds; rotations 13 15 26 6 / 17 29 16 24, a key injection every 4 rounds)
 * of the blocks `(c0, c1 + i)` for `i < n`, written to `out[2i]`, `out[2i + 1]`: the round loop
 * unrolled in int32 arithmetic, with no allocation (the hot path of every random draw).
 */
function threefryBlocks(key0: number, key1: number, c0: number, c1: number, n: number, out: Uint32Array): void {
  const k0 = key0 | 0;
  const k1 = key1 | 0;
  const k2 = (SKEIN_PARITY ^ k0 ^ k1) | 0;
  for (let i = 0; i < n; i++) {
    let x0 = (c0 + k0) | 0;
    let x1 = (((c1 + i) | 0) + k1) | 0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
    x0 = (x0 + k1) | 0;
    x1 = (x1 + k2 + 1) | 0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
    x0 = (x0 + k2) | 0;
    x1 = (x1 + k0 + 2) | 0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
    x0 = (x0 + k0) | 0;
    x1 = (x1 + k1 + 3) | 0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
    x0 = (x0 + k1) | 0;
    x1 = (x1 + k2 + 4) | 0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
    x0 = (x0 + k2) | 0;
    x1 = (x1 + k0 + 5) | 0;
    out[2 * i] = x0;
    out[2 * i + 1] = x1;
  }
}

const oneBlock = new Uint32Array(2);

/**
 * Threefry-2x32 with 20 rounds: encrypt the block `(c0, c1)` under `(k0, k1)`.
 * Returns two uint32 words. Exposed for tests against the published known-answer vectors.
 */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number): readonly [number, number] {
  threefryBlocks(k0, k1, c0, c1, 1, oneBlock);
  return [oneBlock[0]!, oneBlock[1]!];
}

/** A value as an error message shows it: strings quoted, the type for objects. */
function describe(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'object' && x !== null) return Array.isArray(x) ? 'an array' : 'an object';
  return String(x);
}

const makeKey = (k0: number, k1: number): Key => Object.freeze({ _tag: 'Key', k0: k0 >>> 0, k1: k1 >>> 0 });

/**
 * A key from an integer seed. Every integer is a valid seed, including 0.
 *
 * @example
 * ```ts
 * const key = prngKey(0);
 * const [k1, k2] = splitKey(key, 2);
 * ```
 * @category randomness
 * @since 0.1.0
 */
export function prngKey(seed: number): Key {
  if (!Number.isSafeInteger(seed)) {
    throw invalidArgument('prngKey', 'seed', 'must be a safe integer', describe(seed), 'Pass an integer such as prngKey(0).');
  }
  // High and low 32-bit words of the seed (negative seeds wrap, as in two's complement).
  const hi = Math.floor(seed / 0x100000000);
  return makeKey(hi, seed - hi * 0x100000000);
}

/** Whether a value is a {@link Key}. */
export function isKey(value: unknown): value is Key {
  return typeof value === 'object' && value !== null && (value as { _tag?: unknown })._tag === 'Key';
}

/**
 * Split a key into `n` independent keys: `split(key, n)[i] = threefry(key, (SPLIT, i))`.
 *
 * @category randomness
 * @since 0.1.0
 */
export function splitKey(key: Key, n = 2): readonly Key[] {
  if (!isKey(key)) throw invalidArgument('splitKey', 'key', 'must be a Key (from prngKey)', describe(key));
  if (!Number.isInteger(n) || n < 1) throw invalidArgument('splitKey', 'n', 'must be a positive integer', describe(n));
  return Array.from({ length: n }, (_, i) => {
    const [a, b] = threefry2x32(key.k0, key.k1, DOMAIN_SPLIT, i);
    return makeKey(a, b);
  });
}

/**
 * Derive a key from `key` and a non-negative integer (a step number, a site counter):
 * `foldIn(key, d) = threefry(key, (FOLD, d))`.
 *
 * @category randomness
 * @since 0.1.0
 */
export function foldIn(key: Key, data: number): Key {
  const [a, b] = threefry2x32(key.k0, key.k1, DOMAIN_FOLD, data >>> 0);
  return makeKey(a, b);
}

/** `n` uint32 words from the key's bit stream (block j is `threefry(key, (BITS ^ j_hi, j))`). */
export function randomBits(key: Key, n: number): Uint32Array {
  const blocks = Math.ceil(n / 2);
  const out = new Uint32Array(2 * blocks);
  // blocks below 2³² share the counter's high word; beyond, one call per 2³² blocks
  for (let start = 0; start < blocks; start += 0x100000000) {
    const count = Math.min(blocks - start, 0x100000000);
    const words = out.subarray(2 * start, 2 * (start + count));
    threefryBlocks(key.k0, key.k1, DOMAIN_BITS ^ Math.floor(start / 0x100000000), start >>> 0, count, words);
  }
  return n === out.length ? out : out.subarray(0, n);
}

const TWO_POW_M53 = 2 ** -53;

/**
 * `n` float64 uniforms in [0, 1), each from 53 random bits (two words).
 *
 * @category randomness
 * @since 0.1.0
 */
export function uniforms(key: Key, n: number): Float64Array {
  const bits = randomBits(key, 2 * n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = ((bits[2 * i]! >>> 5) * 67108864 + (bits[2 * i + 1]! >>> 6)) * TWO_POW_M53;
  }
  return out;
}

/**
 * `n` float64 standard normals by the Box–Muller transform (both branches used):
 * `z₁ = r cos θ, z₂ = r sin θ` with `r = √(−2 ln(1 − u₁))`, `θ = 2π u₂`.
 *
 * @category randomness
 * @since 0.1.0
 */
export function normals(key: Key, n: number): Float64Array {
  const u = uniforms(key, n + (n % 2));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log1p(-u[i]!));
    const theta = 2 * Math.PI * u[i + 1]!;
    out[i] = r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
  }
  return out;
}

/**
 * A random permutation of `0 … n−1` (Fisher–Yates driven by the key); its first `k` entries
 * are a uniform subsample without replacement.
 *
 * @category randomness
 * @since 0.1.0
 */
export function permutation(key: Key, n: number): Int32Array {
  const out = Int32Array.from({ length: n }, (_, i) => i);
  const u = uniforms(key, n);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u[i]! * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/**
 * `k` distinct indices drawn uniformly without replacement from `0 … n−1`, in random order: the
 * first `k` steps of a Fisher–Yates shuffle, keeping only the displaced entries (O(k) time and
 * memory, however large `n`: a subsampled plate of 10⁶ rows costs what its subsample costs).
 *
 * @category randomness
 * @since 0.1.0
 */
export function subsample(key: Key, n: number, k: number): Int32Array {
  const out = new Int32Array(k);
  const u = uniforms(key, k);
  const displaced = new Map<number, number>();
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(u[i]! * (n - i));
    const atJ = displaced.get(j) ?? j;
    out[i] = atJ;
    displaced.set(j, displaced.get(i) ?? i);
  }
  return out;
}
