/**
 * Peer dependencies that Ignis loads on first use: the wasm backend (`useBackend('wasm')`),
 * `vega` and `vega-lite` for the plots, `@viz-js/viz` for Graphviz. Ignis imports them with
 * `import()` only when they are needed, so a program that never draws needs none of the
 * plotting packages installed; one that does and lacks them gets a `MissingDependency` error
 * naming the package and the command to install it.
 *
 * @module
 */
import { ignisError } from './core/errors.js';

/** The peers Ignis loads lazily, with the version range it is tested against (package.json's `peerDependencies`). */
export const LAZY_PEERS = {
  '@tensorflow/tfjs-backend-wasm': '^4.22.0',
  vega: '^6.4.0',
  'vega-lite': '^6.4.3',
  '@viz-js/viz': '^3.31.0',
} as const;

/** The name of a lazily loaded peer. */
export type LazyPeer = keyof typeof LAZY_PEERS;

const NOT_FOUND = /Cannot find (?:module|package)|Failed to resolve module specifier|was a bare specifier|does not resolve to a valid URL|Failed to fetch dynamically imported module|Could not resolve/;

/**
 * Whether `error` says that module `name` itself could not be found (Node, Chromium, Firefox,
 * Safari and bundler wording; the name quoted, so that `vega-util` missing inside `vega` is not
 * `vega` missing).
 */
export function isModuleNotFound(error: unknown, name: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { readonly code?: unknown; readonly message?: unknown };
  if (typeof message !== 'string') return false;
  const quoted = new RegExp(`['"\u201c\u201d\u2018\u2019]${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}['"\u201c\u201d\u2018\u2019]`);
  if (!quoted.test(message)) return false;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || NOT_FOUND.test(message);
}

/** `npm install` for `name` (the plots need both vega packages), with the tested ranges. */
function installHint(name: LazyPeer): string {
  const names: readonly LazyPeer[] = name === 'vega' || name === 'vega-lite' ? ['vega', 'vega-lite'] : [name];
  const tested = names.map((n) => `${n} ${LAZY_PEERS[n]}`).join(', ');
  return `Install it: npm install ${names.join(' ')} (Ignis is tested with ${tested}).`;
}

/**
 * The handler for a failed `import()` of the peer `name`: a "module not found" failure becomes
 * `MissingDependency`, naming `fn`, the package and the install command; other failures pass
 * through unchanged. Attach it directly to the `import()` (`import('vega').catch(peerNotFound(...))`):
 * bundlers then leave a missing optional peer to run time (esbuild does for an `import()`
 * with a `.catch`), so a page that never plots bundles without it.
 *
 * @example
 * ```ts
 * const vega = await import('vega').catch(peerNotFound('plotLoss', 'vega'));
 * ```
 */
export function peerNotFound(fn: string, name: LazyPeer): (error: unknown) => never {
  return (error) => {
    if (!isModuleNotFound(error, name)) throw error;
    throw ignisError('MissingDependency', {
      fn,
      what: `the peer dependency '${name}' is not installed`,
      detail: error instanceof Error ? error.message.split('\n')[0]! : String(error),
      hint: installHint(name),
    });
  };
}
