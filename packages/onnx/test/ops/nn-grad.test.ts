/**
 * Finite-difference gradient checks of the nn handlers: each imported single-op model, in
 * float64, differentiated with respect to its fed inputs (weights are fed too, to check theirs).
 */
import { describe, expect, it } from 'vitest';
import { gradcheck } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { importOnnx } from '../../src/index.js';
import { attr } from '../../src/export/graph-builder.js';
import { HostTensor } from '../../src/host-tensor.js';
import { buildOpModel, host, randomHost, toPistil } from '../helpers/single-op.js';
import type { OpCase } from '../helpers/single-op.js';

function checkGrad(c: OpCase, options: { training?: boolean } = {}): void {
  const model = importOnnx(buildOpModel(c));
  model.double();
  model.train(options.training ?? false);
  const names = Object.keys(c.feeds ?? {});
  const inputs = names.map((n) => toPistil(c.feeds![n]!));
  try {
    const result = gradcheck((...xs: Tensor[]) => model.run(Object.fromEntries(names.map((n, i) => [n, xs[i]!]))).y0!, inputs, { atol: 1e-5, rtol: 1e-3 });
    expect(result.checkedElements).toBeGreaterThan(0);
  } finally {
    for (const t of inputs) t.dispose();
    model.dispose();
  }
}

const f32 = (v: number[]): HostTensor => HostTensor.of('float32', [v.length], v);

describe('gradients of the nn handlers', () => {
  it('Conv with asymmetric pads, strides, groups and bias (input, weight, bias)', () => {
    checkGrad({ opType: 'Conv', attrs: { pads: attr.ints([0, 1, 2, 0]), strides: attr.ints([2, 1]), group: attr.int(2) }, inputs: ['x', 'w', 'b'], feeds: { x: randomHost([1, 4, 4, 3], 1), w: randomHost([2, 2, 2, 2], 2), b: randomHost([2], 3) } });
  });

  it('Conv 1-D with SAME_LOWER', () => {
    checkGrad({ opType: 'Conv', attrs: { auto_pad: attr.string('SAME_LOWER'), strides: attr.ints([2]) }, inputs: ['x', 'w'], feeds: { x: randomHost([1, 2, 5], 4), w: randomHost([2, 2, 2], 5) } });
  });

  it('ConvTranspose with asymmetric pads and output_padding', () => {
    checkGrad({ opType: 'ConvTranspose', attrs: { strides: attr.ints([2, 2]), pads: attr.ints([1, 0, 0, 1]), output_padding: attr.ints([1, 1]) }, inputs: ['x', 'w', 'b'], feeds: { x: randomHost([1, 2, 2, 3], 6), w: randomHost([2, 1, 2, 2], 7), b: randomHost([1], 8) } });
  });

  it('Gemm (A, B, C) and MatMul with broadcasting', () => {
    checkGrad({ opType: 'Gemm', attrs: { transA: attr.int(1), alpha: attr.float(0.5), beta: attr.float(2) }, inputs: ['a', 'b', 'c'], feeds: { a: randomHost([3, 2], 9), b: randomHost([3, 4], 10), c: randomHost([4], 11) } });
    checkGrad({ opType: 'MatMul', inputs: ['a', 'b'], feeds: { a: randomHost([2, 1, 2, 3], 12), b: randomHost([3, 3, 2], 13) } });
  });

  it('AveragePool with count_include_pad = 0, asymmetric pads and ceil_mode', () => {
    checkGrad({ opType: 'AveragePool', opset: 11, attrs: { kernel_shape: attr.ints([2, 3]), pads: attr.ints([1, 0, 0, 2]), strides: attr.ints([2, 2]), ceil_mode: attr.int(1), count_include_pad: attr.int(0) }, inputs: ['x'], feeds: { x: randomHost([1, 2, 5, 4], 14) } });
  });

  it('MaxPool with pads and dilations, 3-D pools, LpPool and the global pools', () => {
    checkGrad({ opType: 'MaxPool', opset: 12, attrs: { kernel_shape: attr.ints([2, 2]), pads: attr.ints([1, 0, 0, 1]), dilations: attr.ints([1, 2]) }, inputs: ['x'], feeds: { x: randomHost([1, 2, 4, 4], 15) } });
    checkGrad({ opType: 'LpPool', opset: 11, attrs: { kernel_shape: attr.ints([2, 2]), p: attr.int(3) }, inputs: ['x'], feeds: { x: randomHost([1, 1, 3, 4], 16, 0.2, 1) } });
    checkGrad({ opType: 'AveragePool', opset: 11, attrs: { kernel_shape: attr.ints([2, 2, 2]), pads: attr.ints([1, 0, 0, 0, 1, 0]) }, inputs: ['x'], feeds: { x: randomHost([1, 1, 3, 2, 3], 35) } });
    checkGrad({ opType: 'MaxPool', opset: 12, attrs: { kernel_shape: attr.ints([2, 1, 2]), strides: attr.ints([1, 1, 2]) }, inputs: ['x'], feeds: { x: randomHost([1, 1, 3, 2, 4], 36) } });
    checkGrad({ opType: 'GlobalAveragePool', inputs: ['x'], feeds: { x: randomHost([1, 2, 3, 2], 17) } });
    checkGrad({ opType: 'GlobalMaxPool', inputs: ['x'], feeds: { x: randomHost([1, 2, 3, 2], 18) } });
  });

  it('LRN', () => {
    checkGrad({ opType: 'LRN', attrs: { size: attr.int(3), alpha: attr.float(0.5), beta: attr.float(0.75), bias: attr.float(1) }, inputs: ['x'], feeds: { x: randomHost([1, 4, 2, 2], 19) } });
  });

  it('InstanceNormalization, LayerNormalization and MeanVarianceNormalization', () => {
    checkGrad({ opType: 'InstanceNormalization', inputs: ['x', 's', 'b'], feeds: { x: randomHost([2, 2, 3], 20), s: randomHost([2], 21), b: randomHost([2], 22) } });
    checkGrad({ opType: 'LayerNormalization', opset: 17, attrs: { axis: attr.int(1) }, inputs: ['x', 's', 'b'], feeds: { x: randomHost([2, 2, 3], 23), s: randomHost([2, 3], 24), b: randomHost([2, 3], 25) } });
    checkGrad({ opType: 'MeanVarianceNormalization', opset: 13, attrs: { axes: attr.ints([0, 2]) }, inputs: ['x'], feeds: { x: randomHost([2, 2, 3], 26) } });
  });

  it('BatchNormalization in training mode (batch statistics) and in inference', () => {
    const stats = { mean: randomHost([3], 27), var: randomHost([3], 28, 0.5, 1.5) };
    const c: OpCase = { opType: 'BatchNormalization', opset: 15, inputs: ['x', 's', 'b', 'mean', 'var'], feeds: { x: randomHost([2, 3, 2], 29), s: randomHost([3], 30), b: randomHost([3], 31) }, initializers: stats };
    checkGrad(c, { training: true });
    checkGrad(c);
  });

  it('Resize nearest, linear (over three axes), cubic, antialiased and tf_crop_and_resize', () => {
    const x = randomHost([1, 2, 3, 4], 32);
    checkGrad({ opType: 'Resize', opset: 13, attrs: { mode: attr.string('nearest') }, inputs: ['x', '', 'scales'], feeds: { x }, initializers: { scales: f32([1, 1, 1.5, 0.5]) } });
    checkGrad({ opType: 'Resize', opset: 13, attrs: { mode: attr.string('linear') }, inputs: ['x', '', 'scales'], feeds: { x }, initializers: { scales: f32([1, 1.5, 1.7, 0.6]) } });
    checkGrad({ opType: 'Resize', opset: 13, attrs: { mode: attr.string('cubic'), coordinate_transformation_mode: attr.string('align_corners') }, inputs: ['x', '', '', 'sizes'], feeds: { x }, initializers: { sizes: host.i64([1, 2, 5, 3]) } });
    checkGrad({ opType: 'Resize', opset: 18, attrs: { mode: attr.string('linear'), antialias: attr.int(1), axes: attr.ints([3, 2]) }, inputs: ['x', '', 'scales'], feeds: { x }, initializers: { scales: f32([0.5, 0.7]) } });
    checkGrad({ opType: 'Resize', opset: 13, attrs: { mode: attr.string('linear'), coordinate_transformation_mode: attr.string('tf_crop_and_resize'), extrapolation_value: attr.float(2) }, inputs: ['x', 'roi', '', 'sizes'], feeds: { x }, initializers: { roi: f32([0, 0, -0.2, 0.1, 1, 1, 0.9, 1.3]), sizes: host.i64([1, 2, 4, 3]) } });
  });

  it('DepthToSpace and SpaceToDepth', () => {
    checkGrad({ opType: 'DepthToSpace', opset: 13, attrs: { blocksize: attr.int(2), mode: attr.string('CRD') }, inputs: ['x'], feeds: { x: randomHost([1, 4, 2, 1], 33) } });
    checkGrad({ opType: 'SpaceToDepth', attrs: { blocksize: attr.int(2) }, inputs: ['x'], feeds: { x: randomHost([1, 1, 2, 4], 34) } });
  });
});
