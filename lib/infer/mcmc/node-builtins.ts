/**
 * The few members of Node's built-in modules that parallel chains use, typed structurally so
 * that neither this library's sources nor its declarations need `@types/node` (a browser
 * project type-checks them without Node's types; the modules are reached at run time through
 * `process.getBuiltinModule`, never imported).
 *
 * @module
 */

/** A `worker_threads` `MessagePort`: what a worker posts its results on. */
export interface NodeMessagePort {
  postMessage(value: unknown, transferList?: readonly unknown[]): void;
  close(): void;
}

/** A `worker_threads` `Worker`. */
export interface NodeWorker {
  terminate(): Promise<number>;
  on(event: 'error' | 'exit', listener: (arg: unknown) => void): unknown;
}

/** The members of `node:worker_threads` used here. */
export interface NodeWorkerThreads {
  readonly MessageChannel: new () => { readonly port1: NodeMessagePort; readonly port2: NodeMessagePort };
  readonly Worker: new (
    script: string,
    options: { readonly eval: boolean; readonly workerData: unknown; readonly transferList: readonly unknown[] },
  ) => NodeWorker;
  readonly receiveMessageOnPort: (port: NodeMessagePort) => { readonly message: unknown } | undefined;
}

/** The members of `node:module`, `node:os` and `node:url` used here. */
export interface NodeModuleBuiltin {
  readonly createRequire: (from: string) => { resolve(id: string): string };
}
export interface NodeOsBuiltin {
  readonly availableParallelism: () => number;
}
export interface NodeUrlBuiltin {
  readonly pathToFileURL: (path: string) => URL;
}

/** The members of Node's `process` used here (absent in a browser). */
export interface NodeProcess {
  cwd(): string;
  getBuiltinModule?: (id: string) => unknown;
  readonly stderr?: { readonly isTTY?: boolean; write(s: string): unknown };
}

/** Node's `process`, or `undefined` outside Node. */
export const nodeProcess = (): NodeProcess | undefined => (globalThis as { readonly process?: NodeProcess }).process;
