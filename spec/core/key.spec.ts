import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import { type Key, foldIn, normals, permutation, prngKey, randomBits, splitKey, subsample, threefry2x32, uniforms } from '../../lib/core/key.js';

const hex = (xs: readonly number[]): string => xs.map((x) => x.toString(16).padStart(8, '0')).join(' ');

describe('core/key', () => {
  describe('threefry2x32', () => {
    // Known-answer vectors of Random123 (Salmon et al. 2011), also used by JAX's tests.
    it('matches the published known-answer vectors', () => {
      expect(hex(threefry2x32(0, 0, 0, 0))).toBe('6b200159 99ba4efe');
      expect(hex(threefry2x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff))).toBe('1cb996fc bb002be7');
      expect(hex(threefry2x32(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3))).toBe('c4923a9c 483df7a0');
    });
  });

  describe('prngKey', () => {
    it('accepts 0 as an ordinary seed (no "unseeded" value)', () => {
      expect(uniforms(prngKey(0), 4)).toEqual(uniforms(prngKey(0), 4));
      expect(uniforms(prngKey(0), 4)).not.toEqual(uniforms(prngKey(1), 4));
    });

    it('rejects anything but a safe integer with an InvalidArgument naming the argument and the value', () => {
      const bad: readonly [unknown, string][] = [
        [1.5, '1.5'],
        [Number.NaN, 'NaN'],
        [2 ** 60, String(2 ** 60)],
        ['7', '"7"'],
        [undefined, 'undefined'],
        [{ seed: 1 }, 'an object'],
      ];
      for (const [seed, shown] of bad) {
        const call = () => prngKey(seed as number);
        expect(call).toThrow(IgnisError);
        expect(call).toThrow(`prngKey: argument 'seed' must be a safe integer: got ${shown}. Pass an integer such as prngKey(0).`);
        try {
          call();
        } catch (e) {
          expect((e as IgnisError).tag).toBe('InvalidArgument');
        }
      }
    });
  });

  describe('splitKey', () => {
    it('gives distinct keys, deterministically', () => {
      fc.assert(
        fc.property(fc.integer(), fc.integer({ min: 2, max: 20 }), (seed, n) => {
          const keys = splitKey(prngKey(seed), n);
          const ids = new Set(keys.map((k) => `${k.k0}:${k.k1}`));
          expect(ids.size).toBe(n);
          expect(splitKey(prngKey(seed), n)).toEqual(keys);
        }),
      );
    });

    it('rejects a non-key and a count that is not a positive integer (InvalidArgument)', () => {
      expect(() => splitKey(7 as unknown as Key)).toThrow(/splitKey: argument 'key' must be a Key \(from prngKey\): got 7/);
      expect(() => splitKey(prngKey(0), 0)).toThrow(IgnisError);
      expect(() => splitKey(prngKey(0), 2.5)).toThrow(/splitKey: argument 'n' must be a positive integer: got 2.5/);
    });

    it('is independent of foldIn', () => {
      const key = prngKey(7);
      expect(splitKey(key, 1)[0]).not.toEqual(foldIn(key, 0));
    });
  });

  describe('uniforms', () => {
    it('lie in [0, 1) with mean ½ and variance 1/12 (within 5 standard errors)', () => {
      const n = 100_000;
      const u = uniforms(prngKey(3), n);
      let sum = 0;
      let sumSq = 0;
      for (const x of u) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(1);
        sum += x;
        sumSq += x * x;
      }
      const mean = sum / n;
      // sd of the mean = sqrt(1/12 / n) ≈ 9.1e-4; of the second moment ≈ sqrt(4/45 / n) ≈ 9.4e-4.
      expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
      expect(Math.abs(sumSq / n - 1 / 3)).toBeLessThan(5 * Math.sqrt(4 / 45 / n));
    });
  });

  describe('normals', () => {
    it('have mean 0, variance 1, and odd-length requests work', () => {
      const n = 100_001;
      const z = normals(prngKey(11), n);
      expect(z.length).toBe(n);
      const mean = z.reduce((a, b) => a + b, 0) / n;
      const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
      // sd of the mean = 1/sqrt(n) ≈ 3.2e-3; of the variance = sqrt(2/n) ≈ 4.5e-3.
      expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
      expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    });
  });

  describe('randomBits', () => {
    it('is a prefix-stable stream', () => {
      const key = prngKey(5);
      expect(Array.from(randomBits(key, 7))).toEqual(Array.from(randomBits(key, 12)).slice(0, 7));
    });
  });

  describe('permutation', () => {
    it('is a permutation of 0..n-1', () => {
      fc.assert(
        fc.property(fc.integer(), fc.integer({ min: 1, max: 300 }), (seed, n) => {
          const p = Array.from(permutation(prngKey(seed), n)).sort((a, b) => a - b);
          expect(p).toEqual(Array.from({ length: n }, (_, i) => i));
        }),
      );
    });
  });

  describe('subsample', () => {
    it('draws k distinct indices in [0, n)', () => {
      fc.assert(
        fc.property(fc.integer(), fc.integer({ min: 1, max: 300 }), fc.nat(), (seed, n, k0) => {
          const k = (k0 % n) + 1;
          const s = Array.from(subsample(prngKey(seed), n, k));
          expect(s).toHaveLength(k);
          expect(new Set(s).size).toBe(k);
          expect(s.every((i) => Number.isInteger(i) && i >= 0 && i < n)).toBe(true);
        }),
      );
    });

    it('includes each index with probability k/n (chi-square, 9 dof, p = 0.001 critical value 27.9)', () => {
      const [n, k, draws] = [10, 3, 20000];
      const counts = new Array<number>(n).fill(0);
      for (let d = 0; d < draws; d++) for (const i of subsample(foldIn(prngKey(7), d), n, k)) counts[i]!++;
      const expected = (draws * k) / n;
      const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
      expect(chi2).toBeLessThan(27.9);
    });
  });
});
