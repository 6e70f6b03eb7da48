// Pages in headless Chromium for scripts, benches and tests: `servePage` bundles `dir/index.html`
// with Vite into a temp folder and serves it on 127.0.0.1; `withPage` also opens it in Chromium
// and hands the playwright page to `fn`. Vitest's browser mode covers the package tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from './chromium.mjs';

/**
 * Builds and serves a page; `config` is merged into Vite's (e.g. `configFile`, `resolve`, `build`
 * options). Returns the page's URL, the build folder, and `close()`, which stops the server and
 * deletes the build (unless asked to keep it, to look at the bundle).
 */
export async function servePage(dir, config = {}) {
  const { build, preview } = await import('vite');
  const outDir = await mkdtemp(join(tmpdir(), 'pistil-page-'));
  try {
    await build({
      root: dir,
      logLevel: 'warn',
      ...config,
      build: { target: 'es2022', ...config.build, outDir, emptyOutDir: true },
      // Workers as ES modules: @pistil/backend-cpu's worker script uses top-level await.
      worker: { format: 'es' },
    });
    const server = await preview({ root: dir, logLevel: 'warn', ...config, build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
    return {
      url: server.resolvedUrls.local[0],
      outDir,
      close: async ({ keepBuild = false } = {}) => {
        await server.close();
        if (!keepBuild) await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(outDir, { recursive: true, force: true });
    throw err;
  }
}

export async function withPage(dir, fn) {
  const { chromium } = await import('playwright');
  const served = await servePage(dir);
  let browser;
  try {
    browser = await chromium.launch(chromiumLaunchOptions);
    const page = await browser.newPage();
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    await page.goto(served.url);
    return await fn(page);
  } finally {
    await browser?.close();
    await served.close();
  }
}
