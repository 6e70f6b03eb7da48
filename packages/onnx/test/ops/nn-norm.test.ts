import { describe, expect, it } from 'vitest';
import { noGrad } from '@pistil/nn';
import { importOnnx } from '../../src/index.js';
import { attr } from '../../src/export/graph-builder.js';
import { buildOpModel, checkAgainstOrt, expectClose, randomHost, runOrt, runPistil, toPistil } from '../helpers/single-op.js';
import { HostTensor } from '../../src/host-tensor.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };

describe('BatchNormalization', () => {
  const x = randomHost([3, 4, 5, 2], 1, -2, 3);
  const stats = { scale: randomHost([4], 2), b: randomHost([4], 3), mean: randomHost([4], 4), var: randomHost([4], 5, 0.5, 2) };
  const inputs = ['x', 'scale', 'b', 'mean', 'var'];

  it('inference with running statistics, opsets 7, 9, 14, 15', async () => {
    for (const opset of [7, 9, 14, 15]) {
      await checkAgainstOrt({ opType: 'BatchNormalization', opset, attrs: { epsilon: attr.float(1e-3) }, inputs, feeds: { x }, initializers: stats }, TOL);
    }
    await checkAgainstOrt({ opType: 'BatchNormalization', opset: 15, inputs, feeds: { x: randomHost([3, 4], 6) }, initializers: stats }, TOL);
  });

  it('spatial = 0 (before opset 9): per-activation statistics', async () => {
    const xs = randomHost([3, 2, 3], 7);
    const per = { scale: randomHost([2, 3], 8), b: randomHost([2, 3], 9), mean: randomHost([2, 3], 10), var: randomHost([2, 3], 11, 0.5, 2) };
    await checkAgainstOrt({ opType: 'BatchNormalization', opset: 7, attrs: { spatial: attr.int(0) }, inputs, feeds: { x: xs }, initializers: per }, TOL);
  });

  it('training_mode = 1 (opset 15): batch statistics and the updated running statistics', async () => {
    await checkAgainstOrt({ opType: 'BatchNormalization', opset: 15, attrs: { training_mode: attr.int(1), momentum: attr.float(0.7) }, inputs, feeds: { x }, initializers: stats, outputs: 3 }, TOL);
  });

  it('before opset 14 the training output case (extra outputs) means batch statistics, as training_mode = 1 later', async () => {
    const feeds = { x };
    const old = runPistil(buildOpModel({ opType: 'BatchNormalization', opset: 9, attrs: { momentum: attr.float(0.7) }, inputs, feeds, initializers: stats, outputs: 5 }), feeds);
    const expected = await runOrt(buildOpModel({ opType: 'BatchNormalization', opset: 15, attrs: { training_mode: attr.int(1), momentum: attr.float(0.7) }, inputs, feeds, initializers: stats, outputs: 3 }), feeds);
    expected.forEach((e, i) => expectClose(old[i]!, e, TOL));
    expect(old[3]!.shape).toEqual([4]);
  });

  it('train mode (fine-tuning) normalises by the batch and updates the buffers with the unbiased variance', () => {
    const bytes = buildOpModel({ opType: 'BatchNormalization', opset: 15, attrs: { momentum: attr.float(0.8), epsilon: attr.float(1e-5) }, inputs, feeds: { x }, initializers: stats });
    const model = importOnnx(bytes);
    model.train(true);
    const input = toPistil(x);
    const y = noGrad(() => model.forward(input));
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const values = (k: number): number[] => Array.from({ length: n * h * w }, (_, i) => x.data[((Math.floor(i / (h * w)) * c + k) * h * w) + (i % (h * w))]!);
    const expectedY: number[] = new Array<number>(x.size);
    const runMean: number[] = [];
    const runVar: number[] = [];
    for (let k = 0; k < c; k++) {
      const v = values(k);
      const mu = v.reduce((a, b) => a + b, 0) / v.length;
      const ss = v.reduce((a, b) => a + (b - mu) ** 2, 0);
      runMean.push(stats.mean.data[k]! * 0.8 + mu * 0.2);
      runVar.push(stats.var.data[k]! * 0.8 + (ss / (v.length - 1)) * 0.2);
      for (let i = 0; i < x.size; i++) {
        if (Math.floor(i / (h * w)) % c !== k) continue;
        expectedY[i] = ((x.data[i]! - mu) / Math.sqrt(ss / v.length + 1e-5)) * stats.scale.data[k]! + stats.b.data[k]!;
      }
    }
    expectClose(HostTensor.of('float32', y.shape, y.dataSync() as Float32Array), HostTensor.of('float32', x.shape, expectedY), TOL);
    const buffers = Object.fromEntries(model.namedBuffers());
    expectClose(HostTensor.of('float32', [4], buffers.mean!.dataSync() as Float32Array), HostTensor.of('float32', [4], runMean), TOL);
    expectClose(HostTensor.of('float32', [4], buffers.var!.dataSync() as Float32Array), HostTensor.of('float32', [4], runVar), TOL);
    expect(model.namedParameters().map(([k]) => k).sort()).toEqual(['b', 'scale']);
    // Back in eval mode the updated running statistics are used.
    model.eval();
    const evalY = noGrad(() => model.forward(input));
    const k0 = Array.from({ length: h * w }, (_, i) => ((x.data[i]! - runMean[0]!) / Math.sqrt(runVar[0]! + 1e-5)) * stats.scale.data[0]! + stats.b.data[0]!);
    expectClose(HostTensor.of('float32', [h * w], (evalY.dataSync() as Float32Array).slice(0, h * w)), HostTensor.of('float32', [h * w], k0), TOL);
    model.dispose();
  });

  it('rejects statistics of the wrong shape, naming the input', () => {
    const bytes = buildOpModel({ opType: 'BatchNormalization', opset: 15, inputs, feeds: { x }, initializers: { ...stats, var: randomHost([3], 1) } });
    expect(() => runPistil(bytes, { x })).toThrow(/under_test.*input_var \(input 4\) must have shape \[4\]/);
  });
});

describe('InstanceNormalization, LayerNormalization, MeanVarianceNormalization, LRN', () => {
  it('InstanceNormalization over 1-D, 2-D and 3-D spatial dims', async () => {
    for (const shape of [[2, 3, 5], [2, 3, 4, 5], [1, 2, 3, 2, 2]]) {
      for (const opset of [6, 13]) {
        await checkAgainstOrt({ opType: 'InstanceNormalization', opset, attrs: { epsilon: attr.float(1e-3) }, inputs: ['x', 's', 'b'], feeds: { x: randomHost(shape, 1, -2, 3) }, initializers: { s: randomHost([shape[1]!], 2), b: randomHost([shape[1]!], 3) } }, TOL);
      }
    }
  });

  it('LayerNormalization: every axis, with and without B, with the Mean and InvStdDev outputs', async () => {
    const x = randomHost([2, 3, 4], 4, -1, 2);
    for (const axis of [-3, -2, -1, 0, 1, 2]) {
      const norm = x.shape.slice(axis < 0 ? axis + 3 : axis);
      await checkAgainstOrt({ opType: 'LayerNormalization', opset: 17, attrs: { axis: attr.int(axis), epsilon: attr.float(1e-3) }, inputs: ['x', 's', 'b'], feeds: { x }, initializers: { s: randomHost(norm, 5), b: randomHost(norm, 6) }, outputs: 3 }, TOL);
    }
    await checkAgainstOrt({ opType: 'LayerNormalization', opset: 17, inputs: ['x', 's'], feeds: { x }, initializers: { s: randomHost([4], 5) } }, TOL);
    const bad = buildOpModel({ opType: 'LayerNormalization', opset: 17, attrs: { axis: attr.int(3) }, inputs: ['x', 's'], feeds: { x }, initializers: { s: randomHost([4], 5) } });
    expect(() => runPistil(bad, { x })).toThrow(/under_test.*'axis' = 3 is out of range/);
  });

  it('MeanVarianceNormalization with default and explicit axes (opsets 9, 13)', async () => {
    const x = randomHost([2, 3, 4, 3], 7, -1, 3);
    for (const opset of [9, 13]) {
      await checkAgainstOrt({ opType: 'MeanVarianceNormalization', opset, inputs: ['x'], feeds: { x } }, TOL);
      await checkAgainstOrt({ opType: 'MeanVarianceNormalization', opset, attrs: { axes: attr.ints([1, -1]) }, inputs: ['x'], feeds: { x } }, TOL);
    }
  });

  it('LRN with odd sizes (onnxruntime) and even sizes (the ONNX formula)', async () => {
    const x = randomHost([2, 6, 3, 4], 8, -2, 2);
    for (const size of [1, 3, 5, 9, 15]) {
      await checkAgainstOrt({ opType: 'LRN', opset: 13, attrs: { size: attr.int(size), alpha: attr.float(0.02), beta: attr.float(0.6), bias: attr.float(1.5) }, inputs: ['x'], feeds: { x } }, TOL);
    }
    await checkAgainstOrt({ opType: 'LRN', opset: 1, attrs: { size: attr.int(3) }, inputs: ['x'], feeds: { x } }, TOL);
    // onnxruntime only takes odd sizes: check size 4 (channels c−1 … c+2) against the definition.
    const [n, c, hw] = [2, 6, 12];
    const expected = Array.from({ length: x.size }, (_, i) => {
      const ch = Math.floor(i / hw) % c;
      let sum = 0;
      for (let k = Math.max(0, ch - 1); k <= Math.min(c - 1, ch + 2); k++) sum += x.data[i + (k - ch) * hw]! ** 2;
      return x.data[i]! * (1.5 + (0.02 / 4) * sum) ** -0.6;
    });
    const even = buildOpModel({ opType: 'LRN', attrs: { size: attr.int(4), alpha: attr.float(0.02), beta: attr.float(0.6), bias: attr.float(1.5) }, inputs: ['x'], feeds: { x } });
    expectClose(runPistil(even, { x })[0]!, HostTensor.of('float32', [n, c, 3, 4], expected), TOL);
    const bad = buildOpModel({ opType: 'LRN', attrs: { size: attr.int(0) }, inputs: ['x'], feeds: { x } });
    expect(() => runPistil(bad, { x })).toThrow(/under_test.*'size' = 0/);
  });
});
