/**
 * The entry of a chain Web Worker (`new Worker(url, { type: 'module' })`), published as
 * `@ignis-ppl/core/chain-worker`: importing it makes the worker serve `run` messages (see
 * `web-worker-protocol.ts`) and post `ready`. Only ever loaded as a worker's script: a page
 * that bundles Ignis builds it as one more entry point (beside the model's module) and passes
 * its URL as `MCMC`'s `workerEntry`.
 *
 * @module
 */
import { type FromWorker, type ToWorker, serveChainJobs } from './web-worker-protocol.js';

/** The members of a dedicated worker's global scope used here (structural: no DOM types needed). */
interface WorkerScope {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  postMessage(message: FromWorker, transfer?: readonly ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;

if (typeof (globalThis as { readonly importScripts?: unknown }).importScripts !== 'function') {
  // not a worker's global scope (a page, Node): importing this module is a mistake, say which
  throw new Error("@ignis-ppl/core/chain-worker is a Web Worker's script, not a module to import: pass its URL as MCMC's workerEntry (the page creates the workers).");
}

scope.onmessage = (event) => {
  const message = event.data as ToWorker;
  if (message?.type !== 'run') return;
  void serveChainJobs(message.input, (m, transfer) => scope.postMessage(m, transfer ?? []));
};

scope.postMessage({ type: 'ready' });
