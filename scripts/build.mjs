// Build the package: compile lib/ to dist/ (ESM .js, .d.ts, source maps with the TypeScript
// inlined) with tsconfig.build.json, then copy what tsc does not emit: hand-written JavaScript
// and its declarations under lib/ (the vendored tfjs-core gradients, lib/ops/grad/vendor/).
// Run by `npm run build` and by `prepack` (so `npm pack` / `npm publish` always ship a fresh dist/).
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lib = join(root, 'lib');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

/** Files under `dir` that tsc does not emit: `.js` sources and hand-written `.d.ts`. */
const verbatim = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return verbatim(path);
    return entry.name.endsWith('.js') || entry.name.endsWith('.d.ts') ? [path] : [];
  });
for (const file of verbatim(lib)) cpSync(file, join(dist, relative(lib, file)));
console.log(`built ${relative(root, dist)}/ (copied ${verbatim(lib).map((f) => relative(root, f)).join(', ')})`);
