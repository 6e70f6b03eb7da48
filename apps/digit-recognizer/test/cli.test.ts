/** The CLI as a user runs it: a short training run, then eval, predict and visualize on its output. */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MNIST } from '@pistil/data';
import { noGrad, tensor, tidy } from '@pistil/nn';
import * as ort from 'onnxruntime-node';
import { loadModel } from '../src/model-io.js';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'pistil-cli-'));
const out = join(dir, 'run');

async function cliRun(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { timeout: 240_000 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** Writes MNIST test image `index` as a PNG the way a person would draw it: dark ink on white, 3× larger. */
async function digitPng(index: number, path: string): Promise<number> {
  const test = await MNIST.load({ train: false });
  const [image, label] = await test.get(index);
  const ink = Buffer.from(Array.from(image.data as Uint8Array, (v) => 255 - v));
  await sharp(ink, { raw: { width: 28, height: 28, channels: 1 } }).resize(84, 84).png().toFile(path);
  return label;
}

describe('digit-recognizer CLI', () => {
  beforeAll(async () => {
    const r = await cliRun('train', '--limit', '3000', '--val-size', '500', '--epochs', '2', '--out', out, '--seed', '3');
    expect(r.code, r.stderr).toBe(0);
  }, 240_000);

  it('train writes the model, its config, the history, curves and checkpoints', () => {
    for (const f of ['model.safetensors', 'model.json', 'history.json', 'curves.png', 'checkpoints/last.json', 'checkpoints/best.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8'));
    expect(history.epochs).toHaveLength(2);
    expect(history.epochs[1].valAccuracy).toBeGreaterThan(0.85);
    expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'))).toMatchObject({ model: 'modern', normalization: { mean: 0.1307, std: 0.3081, pad: 0 } });
  });

  it('eval --json prints accuracy and errors on the 10,000 test images, and writes the pictures', async () => {
    const r = await cliRun('eval', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const { accuracy, errors } = JSON.parse(r.stdout);
    expect(accuracy).toBeGreaterThan(0.85);
    expect(errors).toBe(Math.round((1 - accuracy) * 10000));
    for (const f of ['confusion.png', 'mistakes.png', 'eval.json']) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('predict reads pictures of any size, dark on light, and names the digit', async () => {
    const files = [join(dir, 'a.png'), join(dir, 'b.png'), join(dir, 'c.png')];
    const labels = [await digitPng(0, files[0]!), await digitPng(1, files[1]!), await digitPng(2, files[2]!)];
    const r = await cliRun('predict', '--out', out, '--json', ...files);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as { digit: number; probabilities: number[] }[];
    expect(results.map((p) => p.digit)).toEqual(labels);
    for (const p of results) expect(p.probabilities.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });

  it('visualize draws the first layer filters and feature maps', async () => {
    const r = await cliRun('visualize', '--out', out, '--index', '7');
    expect(r.code, r.stderr).toBe(0);
    expect((await sharp(join(out, 'filters.png')).metadata()).format).toBe('png');
    expect((await sharp(join(out, 'activations.png')).metadata()).format).toBe('png');
  });

  it('export writes an ONNX model that onnxruntime runs to the same digits', async () => {
    const r = await cliRun('export', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const bytes = readFileSync(join(out, 'model.onnx'));
    const { model } = await loadModel(out);
    const x = tensor(Float32Array.from({ length: 2 * 28 * 28 }, (_, i) => ((i * 7919) % 255) / 255), { shape: [2, 1, 28, 28] });
    const ours = noGrad(() => tidy(() => Array.from(model.forward(x).dataSync())));
    const session = await ort.InferenceSession.create(bytes);
    const theirs = (await session.run({ image: new ort.Tensor('float32', Float32Array.from(x.dataSync()), [2, 1, 28, 28]) })).logits!;
    await session.release();
    expect(theirs.dims).toEqual([2, 10]);
    const scale = Math.max(...ours.map(Math.abs));
    Array.from(theirs.data as Float32Array).forEach((v, i) => expect(Math.abs(v - ours[i]!)).toBeLessThan(1e-5 * scale));
    x.dispose();
    model.dispose();
  });

  it('bad arguments exit with code 2 and say what is wrong', async () => {
    const r = await cliRun('train', '--model', 'resnet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--model must be one of lenet5, modern, got 'resnet'/);
    expect((await cliRun('train', '--epochs', '0')).stderr).toMatch(/--epochs must be an integer ≥ 1, got '0'/);
    expect((await cliRun('fly')).stderr).toMatch(/unknown command 'fly'/);
    expect((await cliRun('train', '--backend', 'quantum')).stderr).toMatch(/@pistil\/backend-quantum is not installed/);
  });

  it('bad files give errors naming the file and the problem', async () => {
    const notImage = join(dir, 'notes.png');
    writeFileSync(notImage, 'this is text');
    const r = await cliRun('predict', '--out', out, notImage);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${notImage}: not a readable image`);
    expect((await cliRun('eval', '--out', join(dir, 'nowhere'))).stderr).toMatch(/nowhere.*model/);

    // Weights whose shapes do not match the model of the config.
    const mismatched = join(dir, 'mismatched');
    await cliRun('train', '--limit', '300', '--val-size', '100', '--epochs', '1', '--model', 'lenet5', '--out', mismatched);
    copyFileSync(join(out, 'model.json'), join(mismatched, 'model.json')); // config says 'modern', weights are LeNet-5's
    const bad = await cliRun('eval', '--out', mismatched);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/features\.0\.weight|missing|unexpected/);
  }, 120_000);
});
