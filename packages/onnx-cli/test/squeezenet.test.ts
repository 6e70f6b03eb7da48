/**
 * A real-world file: SqueezeNet 1.1 from the Windows ML samples (IR 3, opset 7, float16 weights
 * and input, Caffe2 export), read from ../shared/models. Imported, it must rank the same top-5
 * ImageNet classes as onnxruntime-node on real photos.
 */
import { halfToFloat, noGrad } from '@pistil/nn';
import { numberToHalf } from '@pistil/onnx';
import { loadOnnx } from '@pistil/onnx/node';
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { imageInput, parseLabels, topK } from '../src/index.js';

// ../shared sits beside the repository (DEVELOPERS.md); PISTIL_SHARED overrides it.
const SHARED = process.env.PISTIL_SHARED ?? fileURLToPath(new URL('../../../../shared', import.meta.url));
const MODEL = join(SHARED, 'models', 'squeezenet1.1-fp16', 'model.onnx');
const PHOTOS = ['Charlock/ba2e2326d.jpg', 'Black-grass/b4b8b1507.jpg', 'Maize/a4e71c6c3.jpg', 'Sugar_beet/b4190fe96.jpg'].map((p) => join(SHARED, 'data', 'plant-seedlings', 'val', p));

describe('SqueezeNet 1.1 (float16, opset 7)', () => {
  it('imports with its 1,235,496 parameters as float32', () => {
    const model = loadOnnx(MODEL);
    expect(model.info.opset).toBe(7);
    expect(model.parameters().reduce((n, p) => n + p.size, 0)).toBe(1_235_496);
    expect(new Set(model.parameters().map((p) => p.dtype))).toEqual(new Set(['float32']));
    model.dispose();
  });

  it('gives the same top-5 classes as onnxruntime-node on photos', async () => {
    const labels = parseLabels(readFileSync(join(SHARED, 'models', 'squeezenet1.1-fp16', 'labels.txt'), 'utf8'));
    const model = loadOnnx(MODEL).eval();
    const session = await ort.InferenceSession.create(readFileSync(MODEL), { intraOpNumThreads: 1 });
    try {
      for (const photo of PHOTOS) {
        // BGR, 0–255: as the Caffe model was trained.
        const x = await imageInput(photo, model, { range: '0-255', bgr: true });
        const ours = noGrad(() => model.forward(x));
        const values = x.dataSync() as Float32Array;
        const feed = new ort.Tensor('float16', Uint16Array.from(values, numberToHalf), [...x.shape]);
        const out = await session.run({ [session.inputNames[0]!]: feed });
        const theirs = out[session.outputNames[0]!]!;
        // float16 output: ORT hands back the raw half bits.
        const ref = Float32Array.from(theirs.data as Uint16Array, halfToFloat);
        const refTop = [...ref.keys()].sort((a, b) => ref[b]! - ref[a]!).slice(0, 5);
        const [top] = topK(ours, 5, labels);
        expect(top!.map((p) => p.index), `${photo}: ours ${top!.map((p) => p.label).join(' | ')}`).toEqual(refTop);
        // Probabilities agree to float16 precision.
        for (const p of top!) expect(Math.abs(p.score - ref[p.index]!)).toBeLessThan(2e-2 * Math.max(ref[p.index]!, 0.05));
        x.dispose();
        ours.dispose();
      }
    } finally {
      await session.release();
      model.dispose();
    }
  });
});
