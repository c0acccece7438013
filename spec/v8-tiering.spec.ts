/**
 * tuneTiering: when Ignis lowers V8's interrupt budget, and when it leaves the process alone.
 * The flag's effect (earlier TurboFan) is a timing and is not asserted here; the rules are.
 */
import { describe, expect, it } from 'vitest';
import { INTERRUPT_BUDGET, type TieringHost, nodeTieringHost, tuneTiering } from '../lib/v8-tiering.js';

/** A host recording the flags set on it. */
function host(over: Partial<TieringHost>): { readonly host: TieringHost; readonly set: string[] } {
  const set: string[] = [];
  return { host: { optOut: undefined, v8Args: '', setFlags: (f) => set.push(f), ...over }, set };
}

describe('v8-tiering', () => {
  describe('tuneTiering', () => {
    it('sets --interrupt-budget to INTERRUPT_BUDGET (a quarter of V8 default 67584) and says so', () => {
      const h = host({});
      expect(tuneTiering(h.host)).toBe('--interrupt-budget=16384');
      expect(h.set).toEqual(['--interrupt-budget=16384']);
      expect(INTERRUPT_BUDGET).toBeLessThan(67584);
    });

    it('leaves the process alone when IGNIS_V8_TIERING=0', () => {
      const h = host({ optOut: '0' });
      expect(tuneTiering(h.host)).toBeUndefined();
      expect(h.set).toEqual([]);
    });

    it.each(['--interrupt-budget=100000', '--max-old-space-size=4096 --interrupt_budget=1000', '--interrupt-budget 5000'])(
      "leaves the user's own budget alone (%s)",
      (v8Args) => {
        const h = host({ v8Args });
        expect(tuneTiering(h.host)).toBeUndefined();
        expect(h.set).toEqual([]);
      },
    );

    it('does nothing outside Node (no v8 module)', () => {
      expect(tuneTiering({ optOut: undefined, v8Args: '', setFlags: undefined })).toBeUndefined();
    });

    it('a runtime that refuses the flag leaves useBackend unharmed', () => {
      const setFlags = (): void => {
        throw new Error('flags are frozen');
      };
      expect(tuneTiering({ optOut: undefined, v8Args: '', setFlags })).toBeUndefined();
    });

    it('other opt-out values and unrelated flags still tune', () => {
      for (const over of [{ optOut: '1' }, { optOut: '' }, { v8Args: '--max-old-space-size=4096 --expose-gc' }]) {
        const h = host(over);
        expect(tuneTiering(h.host)).toBe('--interrupt-budget=16384');
      }
    });
  });

  describe('nodeTieringHost', () => {
    it("finds Node's v8.setFlagsFromString and reads the process's V8 arguments", () => {
      const h = nodeTieringHost();
      expect(typeof h.setFlags).toBe('function');
      expect(h.v8Args).toContain(process.execArgv.join(' '));
    });
  });
});
