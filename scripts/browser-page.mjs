// Runs a page in headless Chromium: bundles `dir/index.html` with Vite into a temp folder,
// serves it on 127.0.0.1, opens it and hands the playwright page to `fn`. Used by scripts that
// need a browser (kernel-table.mjs); tests use vitest's browser mode instead.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from './chromium.mjs';

export async function withPage(dir, fn) {
  const { build, preview } = await import('vite');
  const { chromium } = await import('playwright');
  const outDir = await mkdtemp(join(tmpdir(), 'pistil-page-'));
  let server;
  let browser;
  try {
    // Workers as ES modules: @pistil/backend-cpu's worker script uses top-level await.
    await build({ root: dir, logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
    server = await preview({ root: dir, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
    browser = await chromium.launch(chromiumLaunchOptions);
    const page = await browser.newPage();
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    await page.goto(server.resolvedUrls.local[0]);
    return await fn(page);
  } finally {
    await browser?.close();
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
