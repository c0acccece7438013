/**
 * The headless-Chromium fixture of the browser specs (spec/examples/browser*.spec.ts): esbuild
 * bundles examples/browser/page into a temporary folder, a local server serves it with the wasm
 * backend's binaries, and Debian's Chromium (driven by playwright-core: nothing downloads a
 * browser) is launched with the flags that work on these machines.
 *
 * The specs run when Chromium is installed (/usr/bin/chromium, or $IGNIS_CHROMIUM), or when
 * IGNIS_BROWSER_TEST=required (CI sets it, and installs Chromium).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { buildPage, servePage } from '../../examples/browser/build.js';

const executablePath = process.env.IGNIS_CHROMIUM ?? '/usr/bin/chromium';

/** Whether the browser specs run here (see the module notes). */
export const browserSpecsRun = existsSync(executablePath) || process.env.IGNIS_BROWSER_TEST === 'required';

/** No sandbox as root, no GPU, no network chatter. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The built page served to a launched Chromium. */
export interface ServedPage {
  /** The server's base URL (ends with `/`). */
  readonly url: string;
  readonly browser: Browser;
  /** Close the browser and the server, and remove the built page. */
  readonly close: () => Promise<void>;
}

/** Build the example page into a fresh temporary folder named after `prefix`, serve it and launch Chromium. */
export async function servedPage(prefix: string): Promise<ServedPage> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await buildPage(dir);
  const server = await servePage(dir);
  const browser = await chromium.launch({ executablePath, headless: true, args: FLAGS });
  return {
    url: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
