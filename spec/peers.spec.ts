import { describe, expect, it } from 'vitest';
import { IgnisError } from '../lib/core/errors.js';
import { isModuleNotFound, peerNotFound } from '../lib/peers.js';

/** What `handler` throws for `error`. */
const thrown = (handler: (e: unknown) => never, error: unknown): unknown => {
  try {
    handler(error);
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('peers', () => {
  describe('peerNotFound', () => {
    it("turns Node's ERR_MODULE_NOT_FOUND for the peer into MissingDependency with the install command", () => {
      const node = Object.assign(new Error("Cannot find package 'vega' imported from /app/node_modules/@ignis-ppl/core/dist/viz/vega.js"), { code: 'ERR_MODULE_NOT_FOUND' });
      const e = thrown(peerNotFound('plotLoss', 'vega'), node);
      expect(e).toBeInstanceOf(IgnisError);
      expect((e as IgnisError).tag).toBe('MissingDependency');
      expect((e as Error).message).toBe(
        "plotLoss: the peer dependency 'vega' is not installed: Cannot find package 'vega' imported from /app/node_modules/@ignis-ppl/core/dist/viz/vega.js. Install it: npm install vega vega-lite (Ignis is tested with vega ^6.4.0, vega-lite ^6.4.3).",
      );
    });

    it("recognizes a browser's unresolved bare specifier (a bundle that left the optional peer out)", () => {
      const browser = new TypeError('Failed to resolve module specifier "@viz-js/viz". Relative references must start with either "/", "./", or "../".');
      expect((thrown(peerNotFound('renderModelSvg', '@viz-js/viz'), browser) as Error).message).toMatch(
        /^renderModelSvg: the peer dependency '@viz-js\/viz' is not installed: .* Install it: npm install @viz-js\/viz \(Ignis is tested with @viz-js\/viz \^3\.31\.0\)\.$/,
      );
    });

    it("recognizes Firefox's and Safari's wording", () => {
      expect(isModuleNotFound(new TypeError('The specifier \u201cvega\u201d was a bare specifier, but was not remapped to anything.'), 'vega')).toBe(true);
      expect(isModuleNotFound(new TypeError("Module name, 'vega' does not resolve to a valid URL."), 'vega')).toBe(true);
    });

    it('lets other failures through unchanged, including a missing module other than the peer', () => {
      const other = new Error('out of memory');
      expect(thrown(peerNotFound('plotLoss', 'vega'), other)).toBe(other);
      const inner = Object.assign(new Error("Cannot find package 'vega-util' imported from /app/node_modules/vega/build/vega.js"), { code: 'ERR_MODULE_NOT_FOUND' });
      expect(isModuleNotFound(inner, 'vega')).toBe(false);
      expect(thrown(peerNotFound('plotLoss', 'vega'), inner)).toBe(inner);
      expect(isModuleNotFound('a string', 'vega')).toBe(false);
    });
  });
});
