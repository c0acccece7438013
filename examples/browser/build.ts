/**
 * Build and serve the browser example (examples/browser/page/): esbuild bundles `main.ts`
 * (Ignis imported by its package name, aliased to the sources; the lazily imported wasm
 * backend, vega and Graphviz split into chunks), and the wasm backend's `.wasm` files are
 * copied to `wasm/` beside it. `mcmc.html` runs NUTS chains in Web Workers (page/mcmc.ts).
 *
 *   npm run browser                       build into ignis-output/browser and serve it on localhost
 *   npx tsx examples/browser/build.ts DIR build into DIR only
 *
 * spec/examples/browser.spec.ts builds and serves it the same way and drives it in Chromium.
 */
import { copyFile, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { isMain } from '../support/cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

/** Bundle the page into `outDir` (emptied first); returns the bundle's size in bytes (all chunks). */
export async function buildPage(outDir: string): Promise<{ readonly bytes: number; readonly files: readonly string[] }> {
  await rm(outDir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [
      join(here, 'page/main.ts'),
      // the parallel-chains page (mcmc.html): the model's module and Ignis's chain-worker entry are
      // entry points too, so each chain's Web Worker can import them by URL (sharing the chunks)
      join(here, 'page/mcmc.ts'),
      join(here, 'page/schools.ts'),
      { in: join(root, 'lib/infer/mcmc/web-chain-worker.ts'), out: 'chain-worker' },
    ],
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    alias: { '@ignis-ppl/core': join(root, 'lib/index.ts') },
  });
  for (const page of ['index.html', 'mcmc.html']) await copyFile(join(here, 'page', page), join(outDir, page));
  const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  await mkdir(join(outDir, 'wasm'));
  for (const file of (await readdir(wasmDir)).filter((f) => f.endsWith('.wasm'))) await copyFile(join(wasmDir, file), join(outDir, 'wasm', file));
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  return { bytes: outputs.reduce((s, [, o]) => s + o.bytes, 0), files: outputs.map(([file]) => file) };
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** Serve `dir` on 127.0.0.1 (`port` 0: any free port); 404 for anything outside it or missing. */
export async function servePage(dir: string, port = 0): Promise<{ readonly url: string; readonly close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)));
    const file = path.endsWith('/') || path === dir ? join(path, 'index.html') : path;
    if (!file.startsWith(dir)) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
    );
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${bound}/`, close: () => new Promise((done) => server.close(() => done())) };
}

if (isMain(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(root, 'ignis-output/browser'));
  const { bytes, files } = await buildPage(out);
  console.log(`built ${out}: ${files.length} chunks, ${(bytes / 1024).toFixed(0)} KB of JavaScript (minified), and wasm/`);
  if (process.argv[2] === undefined) {
    const { url } = await servePage(out, 8123);
    console.log(`serving on ${url} (add ?backend=cpu for the cpu backend); Ctrl-C to stop`);
  }
}
