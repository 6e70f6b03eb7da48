/**
 * Both LeNets exported to ONNX: LeNet-5 as published goes through tracing (its trainable
 * subsampling, C3 connection table and scaled tanh are custom modules), ModernLeNet through the
 * layer exporters. Each must match onnxruntime at 1e-5 (relative to the output's max-norm) at the
 * sample's batch size and two others, and compute the same again once re-imported.
 */
import { dispose, manualSeed, memory, noGrad, randn, tidy } from '@pistil/nn';
import type { Module, Tensor } from '@pistil/nn';
import { exportOnnx, importOnnx, onnx } from '@pistil/onnx';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createModel, inputSize } from '../src/models/index.js';
import type { ModelName } from '../src/models/index.js';

const RTOL = 1e-5;

function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let scale = 1e-30;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  }
  return worst / scale;
}

function pistil(model: Module, x: Tensor): Float32Array {
  return noGrad(() => tidy(() => model.call(x).dataSync() as Float32Array));
}

async function onnxruntime(bytes: Uint8Array, x: Tensor): Promise<{ values: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const feed = new ort.Tensor('float32', Float32Array.from(x.dataSync()), [...x.shape]);
    const out = await session.run({ [session.inputNames[0]!]: feed });
    const y = out[session.outputNames[0]!]!;
    return { values: y.data as Float32Array, dims: y.dims };
  } finally {
    await session.release();
  }
}

/** Trains a few batch-norm statistics into ModernLeNet, so eval mode differs from train mode. */
function warmUp(model: Module, side: number): void {
  model.train();
  noGrad(() => {
    for (let i = 0; i < 3; i++) tidy(() => void model.call(randn([8, 1, side, side]).mul(2).add(0.5)));
  });
  model.eval();
}

describe.each<ModelName>(['lenet5', 'modern'])('%s exported to ONNX', (name) => {
  const side = inputSize(name);

  it('matches onnxruntime at 1e-5 at three batch sizes, and again once re-imported', async () => {
    manualSeed(11);
    const model = createModel({ model: name });
    warmUp(model, side);
    const sample = randn([2, 1, side, side]);
    const before = memory().tensors;
    const bytes = await exportOnnx(model, sample);
    expect(memory().tensors).toBe(before);

    const ops = onnx.ModelProto.decode(bytes).graph!.node!.map((n) => n.opType);
    if (name === 'lenet5') {
      // Traced custom modules: C3's dense weight is assembled by Concat + Gather from its kernels.
      expect(ops).toEqual(expect.arrayContaining(['Conv', 'AveragePool', 'Tanh', 'Concat', 'Gather', 'Flatten', 'Gemm']));
    } else {
      expect(ops).toEqual(['Conv', 'BatchNormalization', 'Relu', 'MaxPool', 'Conv', 'BatchNormalization', 'Relu', 'MaxPool', 'Flatten', 'Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm']);
    }

    const imported = importOnnx(bytes);
    imported.eval();
    try {
      for (const batch of [2, 1, 7]) {
        const x = randn([batch, 1, side, side]);
        const expected = pistil(model, x);
        const fromOrt = await onnxruntime(bytes, x);
        expect(fromOrt.dims).toEqual([batch, 10]);
        expect(maxRelativeError(fromOrt.values, expected), `onnxruntime, batch ${batch}`).toBeLessThanOrEqual(RTOL);
        expect(maxRelativeError(pistil(imported, x), expected), `re-imported, batch ${batch}`).toBeLessThanOrEqual(RTOL);
        dispose(x);
      }
    } finally {
      imported.dispose();
      dispose(sample);
      model.dispose();
    }
  });
});
