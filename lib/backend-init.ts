/**
 * What `useBackend` needs around `tf.setBackend`: where the wasm backend finds its binaries
 * (`wasmPaths`), a located error when it cannot load them, and a Node process left as it was.
 *
 * - **Binaries.** `@tensorflow/tfjs-backend-wasm` fetches one of three `.wasm` files when it
 *   initializes (plain, SIMD, or threaded SIMD, by what the platform supports). In Node it
 *   reads them from its own folder; in a page it fetches them relative to the page (or to the
 *   script that bundles it), unless `wasmPaths` names a folder or each file.
 * - **Errors.** tfjs reports a failed initialization only as `setBackend` returning `false`
 *   (its reason is logged, and not at all in production mode). Ignis records the `.wasm`
 *   requests made meanwhile and names the URL that failed, its HTTP status and the option to set.
 * - **Node.** The wasm module's Emscripten glue adds `uncaughtException` and
 *   `unhandledRejection` listeners that rethrow from inside the glue, so Node prints the glue's
 *   one 38 KB line of minified source before every uncaught error of the program. Ignis removes
 *   the listeners the initialization added: errors print as they do on `cpu`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ignisError } from './core/errors.js';
import { peerNotFound } from './peers.js';

/** The three binaries of `@tensorflow/tfjs-backend-wasm`, by the file names tfjs asks for. */
export type WasmBinary = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/** Where the wasm backend's binaries are: a folder URL (ending in `/`) or a URL per file. */
export type WasmPaths = string | Readonly<Record<WasmBinary, string>>;

/** One `.wasm` request made while the backend initialized, and how it ended. */
interface WasmRequest {
  readonly url: string;
  readonly outcome: string | undefined;
}

type Listener = (...args: unknown[]) => void;
interface ProcessLike {
  listeners(event: string): Listener[];
  removeListener(event: string, listener: Listener): unknown;
}
const nodeProcess = (): ProcessLike | undefined => {
  const p = (globalThis as { readonly process?: Partial<ProcessLike> }).process;
  return typeof p?.listeners === 'function' && typeof p.removeListener === 'function' ? (p as ProcessLike) : undefined;
};
const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/** Run `init` and then remove the process listeners it added (Emscripten's rethrowing ones). */
async function withoutNewListeners<T>(init: () => Promise<T>): Promise<T> {
  const proc = nodeProcess();
  const before = proc === undefined ? undefined : EVENTS.map((e) => new Set(proc.listeners(e)));
  try {
    return await init();
  } finally {
    if (proc !== undefined && before !== undefined) {
      EVENTS.forEach((event, i) => {
        for (const listener of proc.listeners(event)) if (!before[i]!.has(listener)) proc.removeListener(event, listener);
      });
    }
  }
}

/** Run `init` while recording the `.wasm` requests made through `fetch` (browsers; Node reads files). */
async function recordingWasmFetches<T>(init: () => Promise<T>): Promise<{ readonly result: T; readonly requests: readonly WasmRequest[] }> {
  const scope = globalThis as { fetch?: typeof fetch };
  const original = scope.fetch;
  const requests: WasmRequest[] = [];
  if (typeof original === 'function') {
    scope.fetch = async (input, init?) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!/\.wasm(?:[?#]|$)/.test(url)) return original(input, init);
      const index = requests.push({ url, outcome: undefined }) - 1;
      try {
        const response = await original(input, init);
        const type = response.headers.get('content-type') ?? 'no content type';
        const outcome = response.ok ? (type.includes('wasm') ? undefined : `served as ${type}, not application/wasm`) : `HTTP ${response.status} ${response.statusText}`.trim();
        requests[index] = { url: response.url === '' ? url : response.url, outcome };
        return response;
      } catch (error) {
        requests[index] = { url, outcome: error instanceof Error ? error.message : String(error) };
        throw error;
      }
    };
  }
  try {
    return { result: await init(), requests };
  } finally {
    if (typeof original === 'function') scope.fetch = original;
  }
}

/** The binary tfjs picks on this platform (it reads the same flags). */
async function wasmBinary(): Promise<WasmBinary> {
  const [simd, threads] = await Promise.all([tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')]);
  return simd === true && threads === true ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd === true ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
}

const BINARIES: readonly WasmBinary[] = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** `BackendUnavailable` for a wasm backend that did not initialize, naming what it could not load. */
async function wasmFailure(paths: WasmPaths | undefined, requests: readonly WasmRequest[], version: string): Promise<Error> {
  const failed = requests.find((r) => r.outcome !== undefined) ?? requests.at(-1);
  const file = await wasmBinary();
  const where =
    failed !== undefined
      ? `${failed.url}${failed.outcome === undefined ? '' : ` (${failed.outcome})`}`
      : paths === undefined
        ? `'${file}' from its default location (next to the page, or to the script that bundles tfjs; in Node, the package's dist/ folder)`
        : typeof paths === 'string'
          ? `${paths}${file}`
          : paths[file];
  const cdn = `https://cdn.jsdelivr.net/npm/@tensorflow/tfjs-backend-wasm@${version}/dist/`;
  return ignisError('BackendUnavailable', {
    fn: 'useBackend',
    what: "the 'wasm' backend failed to initialize",
    detail: `it could not load its binary ${where}`,
    hint:
      `Serve the .wasm files of @tensorflow/tfjs-backend-wasm/dist (${BINARIES.join(', ')}) from one folder and pass it, ` +
      `e.g. useBackend('wasm', { wasmPaths: '/wasm/' }) or the CDN: useBackend('wasm', { wasmPaths: '${cdn}' }); or select the pure-JavaScript backend with useBackend('cpu').`,
  });
}

/**
 * Load the wasm backend (a peer dependency) and apply `wasmPaths` before it initializes.
 * Returns the backend's version (for messages).
 */
export async function prepareWasm(paths: WasmPaths | undefined): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm').catch(peerNotFound('useBackend', '@tensorflow/tfjs-backend-wasm'));
  if (paths !== undefined && tf.engine().registry.wasm === undefined) {
    try {
      wasm.setWasmPaths(paths);
    } catch (error) {
      throw ignisError('BackendUnavailable', {
        fn: 'useBackend',
        what: "the 'wasm' backend cannot take new wasmPaths",
        detail: error instanceof Error ? error.message : String(error),
        hint: 'A failed initialization of the wasm backend cannot be retried with other paths: pass the right wasmPaths to the first useBackend call (in a page, reload it).',
      });
    }
  }
  return wasm.version_wasm;
}

/**
 * `tf.setBackend(name)`, leaving Node's process listeners as they were. When it fails, the
 * previous backend (or `cpu`) is selected again and `BackendUnavailable` raised, naming for
 * wasm the binary it could not load.
 */
export async function initBackend(name: string, wasm: { readonly paths: WasmPaths | undefined; readonly version: string } | undefined): Promise<void> {
  const previous = tf.getBackend() as string | undefined; // undefined before any backend is selected
  const { result: ok, requests } = await recordingWasmFetches(() => withoutNewListeners(() => tf.setBackend(name)));
  if (ok) return;
  // tfjs leaves a failed backend selected with no instance: go back to the previous one (or cpu)
  await tf.setBackend(previous !== undefined && previous !== name && tf.engine().registry[previous] !== undefined ? previous : 'cpu');
  if (wasm !== undefined) throw await wasmFailure(wasm.paths, requests, wasm.version);
  throw ignisError('BackendUnavailable', {
    fn: 'useBackend',
    what: `the '${name}' backend failed to initialize`,
    hint: "tfjs gave no reason; select the other backend ('cpu' or 'wasm').",
  });
}
