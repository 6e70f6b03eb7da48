/**
 * The model the web page ships (web/public/model/, made by `pnpm web:model`): the files load —
 * through the page's own loader (fetch + decodeSafetensors) and the CLI's — the safetensors and
 * ONNX models give the same logits, and both read at least 98.5% of the first 1,000 MNIST test
 * images correctly, so a broken model cannot ship.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MNIST } from '@pistil/data';
import { noGrad, tensor, tidy } from '@pistil/nn';
import type { Module } from '@pistil/nn';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadModel } from '../src/model-io.js';
import { normalizeField } from '../src/mnist-like.js';
import { loadWebModel } from '../web/src/model-loader.js';
import type { WebModelConfig } from '../web/src/model-loader.js';

const dir = fileURLToPath(new URL('../web/public/model/', import.meta.url));
const COUNT = 1000;

let model: Module;
let config: WebModelConfig;
let session: ort.InferenceSession;
let images: Float32Array;
let labels: Uint8Array;
let side: number;

/** The page's loader, with fetch answering from web/public/model/. */
async function loadLikeThePage(): Promise<{ model: Module; config: WebModelConfig }> {
  vi.stubGlobal('fetch', async (url: string) => {
    const file = join(dir, url.replace(/^model\//, ''));
    return new Response(readFileSync(file));
  });
  try {
    return await loadWebModel('model/', 'cpu');
  } finally {
    vi.unstubAllGlobals();
  }
}

function pistilLogits(m: Module, x: Float32Array, n: number): Float32Array {
  return noGrad(() => tidy(() => m.call(tensor(x, { shape: [n, 1, side, side] })).dataSync() as Float32Array));
}

async function onnxLogits(x: Float32Array, n: number): Promise<Float32Array> {
  const out = await session.run({ image: new ort.Tensor('float32', x, [n, 1, side, side]) });
  return Float32Array.from(out.logits!.data as Float32Array);
}

function accuracy(logits: Float32Array, n: number): number {
  let right = 0;
  for (let i = 0; i < n; i++) {
    const row = logits.subarray(10 * i, 10 * i + 10);
    if (row.indexOf(Math.max(...row)) === labels[i]) right++;
  }
  return right / n;
}

beforeAll(async () => {
  ({ model, config } = await loadLikeThePage());
  session = await ort.InferenceSession.create(readFileSync(join(dir, 'model.onnx')), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const test = await MNIST.load({ train: false });
  side = 28 + 2 * config.normalization.pad;
  images = new Float32Array(COUNT * side * side);
  for (let i = 0; i < COUNT; i++) {
    const field = Float32Array.from(test.images.subarray(784 * i, 784 * (i + 1)), (v) => v / 255);
    images.set(normalizeField(field, config.normalization).data, i * side * side);
  }
  labels = test.targets.subarray(0, COUNT);
}, 60_000);

afterAll(async () => {
  model?.dispose();
  await session?.release();
});

describe('the model shipped with the web page', () => {
  it('has a config the page and the CLI understand, with ONNX input "image" and output "logits"', async () => {
    expect(config).toMatchObject({ model: 'modern', normalization: { mean: 0.1307, std: 0.3081, pad: 0 } });
    expect(config.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(session.inputNames).toEqual(['image']);
    expect(session.outputNames).toEqual(['logits']);
    const fromCli = await loadModel(dir);
    try {
      const x = images.subarray(0, 4 * side * side);
      expect(Array.from(pistilLogits(fromCli.model, x, 4))).toEqual(Array.from(pistilLogits(model, x, 4)));
    } finally {
      fromCli.model.dispose();
    }
  });

  it('gives the same logits from model.safetensors (Pistil) and model.onnx (onnxruntime)', async () => {
    const n = 16;
    const x = images.subarray(0, n * side * side);
    const ours = pistilLogits(model, x, n);
    const theirs = await onnxLogits(x, n);
    const scale = Math.max(...ours.map(Math.abs));
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
    expect(worst / scale).toBeLessThan(1e-5);
  });

  it('reads at least 98.5% of the first 1,000 MNIST test images correctly, in both formats', async () => {
    const pistil = accuracy(pistilLogits(model, images, COUNT), COUNT);
    const onnx = accuracy(await onnxLogits(images, COUNT), COUNT);
    console.log(`first ${COUNT} MNIST test images: Pistil ${(100 * pistil).toFixed(1)}%, ONNX ${(100 * onnx).toFixed(1)}%`);
    expect(pistil).toBeGreaterThanOrEqual(0.985);
    expect(onnx).toBeGreaterThanOrEqual(0.985);
    expect(Math.abs(onnx - pistil)).toBeLessThanOrEqual(0.002);
  }, 60_000);
});
