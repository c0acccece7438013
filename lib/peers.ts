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

const NOT_FOUND = /Cannot find (?:module|package)|Failed to resolve module specifier|Failed to fetch dynamically imported module|Could not resolve/;

/** Whether `error` says that module `name` could not be found (Node, browsers, bundlers). */
export function isModuleNotFound(error: unknown, name: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { readonly code?: unknown; readonly message?: unknown };
  if (typeof message !== 'string' || !message.includes(name)) return false;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || NOT_FOUND.test(message);
}

/** `npm install` for `name` (the plots need both vega packages), with the tested ranges. */
function installHint(name: LazyPeer): string {
  const names: readonly LazyPeer[] = name === 'vega' || name === 'vega-lite' ? ['vega', 'vega-lite'] : [name];
  const tested = names.map((n) => `${n} ${LAZY_PEERS[n]}`).join(', ');
  return `Install it: npm install ${names.join(' ')} (Ignis is tested with ${tested}).`;
}

/**
 * Run `load` (an `import()` of the peer `name`, written out literally so that bundlers see
 * it) and turn a "module not found" failure into `MissingDependency`, naming `fn`, the
 * package and the install command. Other failures pass through unchanged.
 *
 * @example
 * ```ts
 * const vega = await importPeer('plotLoss', 'vega', () => import('vega'));
 * ```
 */
export async function importPeer<T>(fn: string, name: LazyPeer, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isModuleNotFound(error, name)) throw error;
    throw ignisError('MissingDependency', {
      fn,
      what: `the peer dependency '${name}' is not installed`,
      detail: error instanceof Error ? error.message.split('\n')[0]! : String(error),
      hint: installHint(name),
    });
  }
}
