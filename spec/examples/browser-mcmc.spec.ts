/**
 * Parallel MCMC chains in headless Chromium (examples/browser/page/mcmc.html, built and served
 * as spec/examples/browser.spec.ts does): NUTS on eight schools, 4 chains in module Web Workers
 * with `runAsync`, then the same key with `'sequential'` on the page — the draws must be
 * identical bit for bit (the same code on the same backend in every thread), the diagnostics and
 * the summary present, the per-chain progress complete, no tensor left on the page and no worker
 * left running; plus the errors a page gets for a wrong worker entry or model module URL, and a
 * run stopped by its AbortSignal. Prints the wall times of both runs (not asserted).
 *
 * Skipped when Chromium is not installed (/usr/bin/chromium, or $IGNIS_CHROMIUM), unless
 * IGNIS_BROWSER_TEST=required (CI sets it, and installs Chromium).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McmcPageResult } from '../../examples/browser/mcmc-result.js';
import { type ServedPage, browserSpecsRun, servedPage } from '../helpers/chromium-page.js';

const SITES = ['mu', 'tau', 'theta_tilde'];

describe.runIf(browserSpecsRun)('examples/browser: parallel MCMC chains in Web Workers', () => {
  let served: ServedPage;

  beforeAll(async () => {
    served = await servedPage('ignis-mcmc-page-');
  }, 120_000);

  afterAll(async () => {
    await served?.close();
  });

  /** Open mcmc.html with `query`, wait for its result; returns it, the page and its uncaught errors. */
  async function open(query: string): Promise<{ readonly page: Page; readonly result: McmcPageResult; readonly errors: readonly string[]; readonly workersSeen: () => number }> {
    const page = await served.browser.newPage();
    const errors: string[] = [];
    let workersSeen = 0;
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('worker', () => void (workersSeen += 1));
    await page.goto(`${served.url}mcmc.html?${query}`);
    // runs in the page, where mcmc.ts sets globalThis.ignisMcmc
    const published = (): McmcPageResult | undefined => (globalThis as { ignisMcmc?: McmcPageResult }).ignisMcmc;
    await page.waitForFunction(published, undefined, { timeout: 150_000 });
    return { page, result: (await page.evaluate(published))!, errors, workersSeen: () => workersSeen };
  }

  /**
   * The page's workers still open, once they have had 15 s to close: `terminate()` closes them
   * asynchronously (a busy worker took ~1 s under load).
   */
  async function workersLeft(page: Page): Promise<number> {
    for (let i = 0; i < 300 && page.workers().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    return page.workers().length;
  }

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`runs 4 NUTS chains in Web Workers on ${backend} with the draws of the sequential run, bit for bit`, async () => {
      const { page, result, errors, workersSeen } = await open(`backend=${backend}&chains=4&warmup=100&samples=100`);
      expect(errors).toEqual([]);
      expect(result.message).toBeUndefined();
      expect(result).toMatchObject({ status: 'done', backend, numChains: 4 });
      for (const site of SITES) {
        expect(result.parallel![site]!.length, site).toBe(site === 'theta_tilde' ? 4 * 100 * 8 : 4 * 100);
        expect(result.parallel![site], site).toEqual(result.sequential![site]);
      }
      // the chains differ from one another (each has its own key)
      const mu = result.parallel!.mu!;
      expect(mu.slice(0, 100)).not.toEqual(mu.slice(100, 200));
      expect(result.treeDepth!.map((d) => d.length)).toEqual([100, 100, 100, 100]);
      expect(result.treeDepth!.flat().every((d) => d >= 1 && d <= 10)).toBe(true);
      expect(result.summary).toMatch(/^ +mu( +-?\d+\.\d\d){7}$/m);
      expect(result.summary).toMatch(/Number of divergences: \d+$/);
      expect(result.progress).toEqual([1, 1, 1, 1]);
      expect(result.progressReports!.every((n) => n >= 1)).toBe(true);
      expect(result.tensorsAfter).toBe(result.tensorsBefore);
      // runs in the page
      const cores = await page.evaluate(() => (globalThis as unknown as { navigator: { hardwareConcurrency: number } }).navigator.hardwareConcurrency);
      expect(workersSeen()).toBe(Math.min(4, cores)); // one worker per core, at most one per chain
      expect(await workersLeft(page)).toBe(0);
      console.log(
        `browser MCMC, Chromium, ${backend}, 4 chains × (100 warmup + 100 draws), ${cores} cores: sequential ${result.sequentialMs!.toFixed(0)} ms, parallel (Web Workers, start-up included) ${result.parallelMs!.toFixed(0)} ms, first progress per chain at ${result.firstProgressMs!.map((t) => t.toFixed(0)).join(', ')} ms`,
      );
      await page.close();
    }, 180_000);
  }

  it('names the worker script that fails to load and the option to set', async () => {
    const { page, result } = await open('backend=cpu&method=parallel&workerEntry=./missing-worker.js');
    expect(result.status).toBe('error');
    expect(result.message).toMatch(
      new RegExp(`^IgnisError\\(InvalidArgument\\): MCMC\\.runAsync: the worker of chains? [\\d, ]+ could not load its script ${served.url}missing-worker\\.js: .*pass its URL as MCMC's workerEntry\\.$`),
    );
    expect(result.tensorsAfter).toBe(result.tensorsBefore);
    expect(await workersLeft(page)).toBe(0);
    await page.close();
  }, 60_000);

  it('names the model module that fails to load', async () => {
    const { page, result } = await open('backend=cpu&method=parallel&modelUrl=./missing-model.js');
    expect(result.status).toBe('error');
    expect(result.message).toMatch(new RegExp(`^IgnisError\\(InvalidArgument\\): MCMC\\.runAsync: the worker of chains? [\\d, ]+ could not load the model from ${served.url}missing-model\\.js: .*workerModel\\.module must be`));
    expect(await workersLeft(page)).toBe(0);
    await page.close();
  }, 60_000);

  it('stops when its AbortSignal aborts, terminating the workers', async () => {
    const { page, result } = await open('backend=cpu&method=parallel&abort=1&warmup=500&samples=500');
    expect(result).toMatchObject({ status: 'error', message: 'IgnisError(Cancelled): MCMC.runAsync: cancelled: stopped at the first progress report (?abort=1). The chain workers were terminated; no draws are returned.' });
    expect(result.tensorsAfter).toBe(result.tensorsBefore);
    expect(await workersLeft(page)).toBe(0);
    await page.close();
  }, 60_000);
});
