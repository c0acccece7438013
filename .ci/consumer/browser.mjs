// The consumer check's browser half: serve public/ (the README's page, bundled by esbuild from
// the installed package, with the wasm binaries in public/wasm/) on localhost, load it in
// Debian's Chromium (playwright-core, given as argv[2]) and check the posterior median of loc
// against the exact posterior mean 3.054 (sd 0.447; tolerance 0.1, SVI's stationary noise).
//   node browser.mjs /path/to/playwright-core/index.mjs
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';

const { chromium } = await import(process.argv[2]);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  const path = join('public', new URL(req.url, 'http://x').pathname.replace(/\/$/, '/index.html'));
  readFile(path).then((b) => res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(b), () => res.writeHead(404).end());
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const browser = await chromium.launch({
  executablePath: process.env.IGNIS_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let ok = false;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const pageError = new Promise((resolve) => page.on('pageerror', resolve));
  await Promise.race([page.waitForFunction(() => document.querySelector('#result').textContent !== '', undefined, { timeout: 120_000 }), pageError]).catch(() => undefined);
  const text = await page.locator('#result').textContent();
  const median = Number(/loc: (-?[\d.]+)/.exec(text ?? '')?.[1]);
  ok = errors.length === 0 && Math.abs(median - 3.054) < 0.1;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'}  the README's page in Chromium: ${text || '(no result)'} vs exact 3.054${errors.length > 0 ? `; page errors: ${errors.join('; ')}` : ''}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(ok ? 0 : 1);
