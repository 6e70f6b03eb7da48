/**
 * The web page end to end, in Debian's Chromium (headless, WebGL2 on SwiftShader): built with
 * Vite's `build()` into a temporary folder, served with `preview()`, driven by real pointer
 * events through playwright. `window.__pistilPage` is only read (a copy of the page's state).
 *
 * - Drawing: a 7, a 1 and a 0, read by the shipped model with Pistil on cpu, with Pistil on
 *   webgl, and with onnxruntime-web.
 * - Training in the page: 200 steps of batch 8 on webgl; the live-tensor count, the backend's
 *   live buffers and its GL textures, sampled every 20 steps, stay flat; the loss goes down.
 * - Same seed, same curve: 10 steps from one seed on cpu and on webgl give the same losses to a
 *   relative 1e-3 (measured: 2.4e-7 — float32 on both, only the summation order differs).
 * - Without WebGL (no GPU, no SwiftShader) the backend switch says why and the page reads on cpu.
 * Needs the packages built (`pnpm build`) and /usr/bin/chromium (scripts/setup.sh).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePage } from '../../../scripts/browser-page.mjs';
import { chromiumLaunchOptions } from '../../../scripts/chromium.mjs';
import type { PageState } from '../web/src/page-state.js';

const app = fileURLToPath(new URL('..', import.meta.url));
const configFile = join(app, 'web/vite.config.ts');
const outputDir = join(app, 'test-output');

type Point = readonly [number, number];
type Stroke = readonly Point[];

/** Strokes on the 280×280 pad, as a person would draw the digit. */
const ellipse = (cx: number, cy: number, rx: number, ry: number, from: number, to: number, n: number): Point[] =>
  Array.from({ length: n + 1 }, (_, i) => {
    const a = from + ((to - from) * i) / n;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as const;
  });

const DIGITS: Record<string, { label: number; strokes: Stroke[] }> = {
  seven: { label: 7, strokes: [[[75, 60], [140, 58], [205, 60], [180, 110], [150, 170], [125, 230]]] },
  one: { label: 1, strokes: [[[150, 45], [148, 100], [145, 160], [142, 235]]] },
  zero: { label: 0, strokes: [ellipse(140, 140, 62, 95, -Math.PI / 2, (3 * Math.PI) / 2 + 0.2, 48)] },
};

const read = (page: Page): Promise<PageState> => page.evaluate(() => window.__pistilPage);

/** Draws `strokes` with the mouse (pointer events on the canvas), pressing and releasing per stroke. */
async function draw(page: Page, strokes: readonly Stroke[]): Promise<void> {
  const box = (await page.locator('#pad').boundingBox())!;
  const at = ([x, y]: Point): Point => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280];
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]!));
    await page.mouse.down();
    for (const p of stroke.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
    await page.mouse.up();
  }
}

/** Clears the pad, draws the digit and waits for the prediction made after its last stroke. */
async function drawAndRead(page: Page, strokes: readonly Stroke[], runtime: string, backend: string): Promise<NonNullable<PageState['prediction']>> {
  await page.click('#clear');
  const before = (await read(page)).prediction?.serial ?? 0;
  await draw(page, strokes);
  try {
    await page.waitForFunction(
      ([n, serial, rt, be]) => {
        const { prediction: p, errors } = window.__pistilPage;
        if (errors.length > 0) return true;
        return p !== null && p.final && p.strokes === n && p.serial > serial && p.runtime.startsWith(rt) && p.backend === be;
      },
      [strokes.length, before, runtime, backend] as const,
      { timeout: 30_000 },
    );
  } catch (err) {
    const s = await read(page);
    throw new Error(`no prediction by ${runtime} on ${backend} after ${strokes.length} strokes: ${(err as Error).message}; the page says ${JSON.stringify({ prediction: s.prediction, errors: s.errors, runtime: s.runtime, device: s.device })}`);
  }
  const s = await read(page);
  expect(s.errors, `the page's errors while ${runtime} on ${backend} read the drawing`).toEqual([]);
  return s.prediction!;
}

let served: Awaited<ReturnType<typeof servePage>> | undefined;
let browser: Browser;
let base: string;
const external: string[] = [];

async function open(query: string, inBrowser: Browser = browser): Promise<Page> {
  const page = await inBrowser.newPage({ viewport: { width: 1280, height: 1100 } });
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
  });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${base}${query}`);
  await page.waitForFunction(() => window.__pistilPage.ready || window.__pistilPage.errors.length > 0, null, { timeout: 60_000 });
  expect((await read(page)).errors).toEqual([]);
  return page;
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(app, 'scripts/make-web-data.mjs')], { stdio: 'inherit' });
  served = await servePage(join(app, 'web'), { configFile, logLevel: 'error' });
  base = served.url;
  browser = await chromium.launch(chromiumLaunchOptions);
  mkdirSync(outputDir, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  expect(external, 'requests outside the page’s own server').toEqual([]);
});

describe('the draw-a-digit page', () => {
  it('reads a drawn 7, 1 and 0 with Pistil on cpu and on webgl, and with onnxruntime-web', async () => {
    const page = await open('');
    const s = await read(page);
    expect(s.webgl, 'WebGL2 must start in this Chromium (SwiftShader)').toEqual({ available: true });
    const configs = [
      { runtime: 'pistil', backend: 'cpu', expectRuntime: 'Pistil', expectBackend: 'cpu' },
      { runtime: 'onnx', backend: 'cpu', expectRuntime: 'ONNX', expectBackend: 'wasm' },
      { runtime: 'pistil', backend: 'webgl', expectRuntime: 'Pistil', expectBackend: 'webgl' },
    ];
    for (const c of configs) {
      await page.selectOption('#runtime', c.runtime);
      await page.selectOption('#backend', c.backend);
      for (const [name, digit] of Object.entries(DIGITS)) {
        const p = await drawAndRead(page, digit.strokes, c.expectRuntime, c.expectBackend);
        console.log(`${c.expectRuntime}/${c.expectBackend} ${name}: ${p.digit} (${(100 * p.probabilities[p.digit]!).toFixed(1)}%, forward ${p.ms.toFixed(1)} ms)`);
        expect(p.digit, `${name} read by ${c.expectRuntime} on ${c.expectBackend}`).toBe(digit.label);
        expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      }
      expect(await page.locator('#ran-on').textContent()).toMatch(new RegExp(`${c.expectRuntime}.* on ${c.expectBackend}: forward [\\d.]+ ms`));
    }
    await page.screenshot({ path: join(outputDir, 'web-e2e-draw.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('trains 200 steps on webgl in the page with flat tensor, buffer and texture counts, and the loss goes down', async () => {
    const page = await open('?backend=webgl&batch=8&steps=200&evalEvery=0&memoryEvery=20');
    await page.click('#train-toggle');
    await page.waitForFunction(() => window.__pistilPage.training.finished || window.__pistilPage.training.error !== null, null, { timeout: 240_000, polling: 1000 });
    // The test accuracy that follows the last step.
    await page.waitForFunction(() => !window.__pistilPage.training.running, null, { timeout: 60_000 });
    const t = (await read(page)).training;
    expect(t.error).toBeNull();
    expect(t.step).toBe(200);
    expect(t.device).toBe('webgl');
    const samples = t.memory;
    expect(samples.map((m) => m.step)).toEqual([20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
    // Warm-up: the first sample, after 20 steps, is the baseline; nothing may grow after it.
    const first = samples[0]!;
    for (const m of samples) {
      expect(m.tensors, `live tensors at step ${m.step}`).toBe(first.tensors);
      expect(m.buffers, `live WebGL buffers at step ${m.step}`).toBe(first.buffers);
      expect(m.textures, `GL textures at step ${m.step}`).toBe(first.textures);
    }
    expect(first.textures).not.toBeNull();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const early = mean(t.losses.slice(0, 20));
    const late = mean(t.losses.slice(-20));
    expect(late).toBeLessThan(0.6 * early);
    console.log(`webgl, batch 8: ${t.stepsPerSecond?.toFixed(2)} steps/s, ${t.imagesPerSecond?.toFixed(0)} images/s; loss ${early.toFixed(3)} → ${late.toFixed(3)}; test accuracy ${t.testAccuracy.at(-1)?.[1]}; per sample: ${first.tensors} tensors, ${first.buffers} buffers, ${first.textures} textures`);

    // The freshly trained model reads the drawing.
    await page.click('#use-model');
    const p = await drawAndRead(page, DIGITS.seven!.strokes, 'Pistil (trained here', 'webgl');
    expect(p.probabilities).toHaveLength(10);
    await page.screenshot({ path: join(outputDir, 'web-e2e.png'), fullPage: true });
    await page.close();
  }, 320_000);

  it('trains on cpu in the page too, with flat counts', async () => {
    const page = await open('?backend=cpu&batch=8&steps=100&evalEvery=0&memoryEvery=20');
    await page.click('#train-toggle');
    await page.waitForFunction(() => !window.__pistilPage.training.running && window.__pistilPage.training.step > 0, null, { timeout: 60_000, polling: 500 });
    const t = (await read(page)).training;
    expect(t.error).toBeNull();
    expect(t.step).toBe(100);
    for (const m of t.memory) expect([m.tensors, m.buffers]).toEqual([t.memory[0]!.tensors, t.memory[0]!.buffers]);
    console.log(`cpu, batch 8: ${t.stepsPerSecond?.toFixed(1)} steps/s, ${t.imagesPerSecond?.toFixed(0)} images/s`);
    await page.close();
  }, 120_000);

  it('without WebGL, the switch says why and the page stays on cpu', async () => {
    // No GPU and no software rasteriser (SwiftShader): no WebGL2 context at all, on <canvas> or
    // OffscreenCanvas (--disable-3d-apis leaves OffscreenCanvas's WebGL2 working).
    const args = [...chromiumLaunchOptions.args.filter((a) => a !== '--enable-unsafe-swiftshader'), '--disable-gpu', '--disable-software-rasterizer'];
    const noWebGL = await chromium.launch({ ...chromiumLaunchOptions, args });
    try {
      const page = await open('', noWebGL);
      const s = await read(page);
      expect(s.webgl?.available).toBe(false);
      expect(s.device).toBe('cpu');
      expect(await page.locator('#backend-status').textContent()).toMatch(/^WebGL cannot start: .*WebGL2/);
      expect(await page.locator('#backend option[value="webgl"]').isDisabled()).toBe(true);
      expect(await page.locator('#compare').isDisabled()).toBe(true);
      const p = await drawAndRead(page, DIGITS.seven!.strokes, 'Pistil', 'cpu');
      expect(p.digit).toBe(7);
      console.log(`without WebGL the page says: ${await page.locator('#backend-status').textContent()}`);
    } finally {
      await noWebGL.close();
    }
  }, 60_000);

  it('same seed, same batches: the first 10 losses on cpu and on webgl agree to a relative 1e-3', async () => {
    const page = await open('?batch=8&compareSteps=10');
    await page.click('#compare');
    await page.waitForFunction(() => window.__pistilPage.compare?.done || window.__pistilPage.compare?.error, null, { timeout: 120_000, polling: 500 });
    const c = (await read(page)).compare!;
    expect(c.error).toBeNull();
    expect(c.cpu).toHaveLength(10);
    expect(c.webgl).toHaveLength(10);
    console.log(`cpu   ${c.cpu.map((l) => l.toFixed(6)).join(' ')}\nwebgl ${c.webgl.map((l) => l.toFixed(6)).join(' ')}\nlargest relative difference ${c.maxRelativeDifference.toExponential(2)}`);
    expect(c.maxRelativeDifference).toBeLessThan(1e-3);
    await page.close();
  }, 150_000);
});
