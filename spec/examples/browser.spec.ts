/**
 * The browser example in headless Chromium: esbuild bundles examples/browser/page, a local
 * server serves it with the wasm backend's binaries, and Chromium (Debian's, driven by
 * playwright-core: nothing downloads a browser) loads it, waits for the fit, and the test
 * checks the posterior quantiles against the exact ones (quadrature, as scenario 2 does, and
 * with its tolerance, 0.05) on both backends, and the error a page gets when the `.wasm` files
 * are not where `wasmPaths` says. It saves a screenshot (ignis-output/browser-example.png, or
 * $IGNIS_SCREENSHOT) and prints ms per step.
 *
 * Skipped when Chromium is not installed (/usr/bin/chromium, or $IGNIS_CHROMIUM), unless
 * IGNIS_BROWSER_TEST=required (CI sets it, and installs Chromium).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageResult } from '../../examples/browser/page-result.js';
import { exactPosterior } from '../../examples/scenario2-auto-mvn.js';
import { seedData } from '../../examples/support/data.js';
import { type ServedPage, browserSpecsRun, servedPage } from '../helpers/chromium-page.js';

const screenshot = process.env.IGNIS_SCREENSHOT ?? new URL('../../ignis-output/browser-example.png', import.meta.url).pathname;

describe.runIf(browserSpecsRun)('examples/browser', () => {
  let served: ServedPage;

  beforeAll(async () => {
    served = await servedPage('ignis-page-');
  }, 120_000);

  afterAll(async () => {
    await served?.close();
  });

  /** Open the page with `query`, wait for its result; returns it and the page (for a screenshot). */
  async function open(query: string) {
    const page = await served.browser.newPage({ viewport: { width: 1150, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${served.url}?${query}`);
    // these callbacks run in the page, where the example sets globalThis.ignisResult
    const published = (): PageResult | undefined => (globalThis as { ignisResult?: PageResult }).ignisResult;
    await page.waitForFunction(published, undefined, { timeout: 150_000 });
    const result = (await page.evaluate(published))!;
    return { page, result, errors };
  }

  const exact = exactPosterior(seedData(), [0.05, 0.5, 0.95]);

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`fits scenario 2 in the page on ${backend}: the posterior quantiles within 0.05 of the exact ones`, async () => {
      const { page, result, errors } = await open(`backend=${backend}&steps=2000`);
      expect(errors).toEqual([]);
      expect(result.message).toBeUndefined();
      expect(result).toMatchObject({ status: 'done', backend, steps: 2000 });
      for (const site of ['loc', 'scale'] as const) {
        result.quantiles![site].forEach((q, i) => expect(Math.abs(q - exact.quantiles[site][i]!), `${site} quantile ${i}`).toBeLessThanOrEqual(0.05));
      }
      expect(result.lastLoss!).toBeLessThan(result.firstLoss!);
      // the page drew the loss, the model diagram, the posterior and the summary table
      for (const id of ['loss', 'model', 'posterior']) expect(await page.locator(`#${id} svg`).count(), id).toBe(1);
      expect(await page.locator('#summary').textContent()).toMatch(/^\s+mean\s+sd\s+5%\s+50%\s+95%\n\s+loc\s/);
      console.log(`browser example, Chromium, ${backend}: ${result.msPerStep!.toFixed(3)} ms/step over ${result.steps} steps`);
      if (backend === 'wasm') {
        await mkdir(dirname(screenshot), { recursive: true });
        await page.screenshot({ path: screenshot, fullPage: true });
      }
      await page.close();
    }, 180_000);
  }

  it('shows BackendUnavailable naming the URL that failed, its HTTP status and the option to set', async () => {
    const { page, result } = await open('backend=wasm&wasmPaths=/missing/');
    expect(result.status).toBe('error');
    expect(result.message).toMatch(
      new RegExp(`^IgnisError\\(BackendUnavailable\\): useBackend: the 'wasm' backend failed to initialize: it could not load its binary ${served.url}missing/tfjs-backend-wasm-simd\\.wasm \\(HTTP 404 Not Found\\)\\. .*useBackend\\('wasm', \\{ wasmPaths: `),
    );
    await page.close();
  }, 180_000);
});
