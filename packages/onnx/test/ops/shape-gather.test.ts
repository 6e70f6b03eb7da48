import { describe, it } from 'vitest';
import { OnnxFormatError, OnnxUnsupportedError } from '../../src/index.js';
import { attr, checkOp, expectOpError, gradcheckOp, host, i32, randomHost } from '../helpers/op-checks.js';

const data = randomHost([3, 4, 5], 41);

describe('Gather', () => {
  it('matches onnxruntime for indices of rank 0, 1 and 2 on every axis, negatives wrapping', async () => {
    const indices = [host.i64([2], []), host.i64([0, -1, 1]), host.i64([0, 2, -3, 1, 1, 0], [2, 3])];
    for (const axis of [0, 1, -1, 2])
      for (const idx of indices) {
        const ok = idx.numbers().every((v) => v < data.shape.at(axis)! && v >= -data.shape.at(axis)!);
        if (ok) await checkOp({ opType: 'Gather', attrs: { axis: attr.int(axis) }, inputs: ['x', 'i'], feeds: { x: data, i: idx } });
      }
  });

  it('reads indices from a constant, int32 indices and int64 data (shape vectors)', async () => {
    await checkOp({ opType: 'Gather', opset: 11, inputs: ['x', 'i'], feeds: { x: data }, initializers: { i: host.i64([-1, 0]) } }, { hostPath: false });
    await checkOp({ opType: 'Gather', inputs: ['x', 'i'], feeds: { x: data, i: i32([1, 0], [1, 2]) } });
    await checkOp({ opType: 'Gather', inputs: ['x', 'i'], feeds: { x: host.i64([8, 3, 32, 32]), i: host.i64([0], []) } });
  });

  it('refuses constant indices out of range and an axis out of range', () => {
    expectOpError({ opType: 'Gather', inputs: ['x', 'i'], feeds: { x: data }, initializers: { i: host.i64([3]) } }, OnnxFormatError, /index 3 is out of range for an axis of size 3/);
    expectOpError({ opType: 'Gather', inputs: ['x', 'i'], feeds: { x: data, i: host.i64([-4]) } }, OnnxFormatError, /outside \[0, 3\)/);
    expectOpError({ opType: 'Gather', attrs: { axis: attr.int(3) }, inputs: ['x', 'i'], feeds: { x: data, i: host.i64([0]) } }, OnnxFormatError, /'axis' = 3/);
    expectOpError({ opType: 'Gather', inputs: ['x', 'i'], feeds: { x: data, i: randomHost([2]) } }, OnnxFormatError, /int32 or int64/);
  });

  it('is differentiable, repeated indices adding up', () => {
    gradcheckOp({ opType: 'Gather', attrs: { axis: attr.int(1) }, inputs: ['x', 'i'], feeds: { x: randomHost([2, 3]), i: host.i64([2, -1, 0], [3, 1]) } }, ['x']);
  });
});

describe('GatherElements', () => {
  it('matches onnxruntime on each axis, with negative indices and smaller index shapes', async () => {
    const x = randomHost([3, 4], 42);
    await checkOp({ opType: 'GatherElements', attrs: { axis: attr.int(0) }, inputs: ['x', 'i'], feeds: { x, i: host.i64([0, 2, -1, 1, 1, 0, 0, -3], [2, 4]) } });
    await checkOp({ opType: 'GatherElements', attrs: { axis: attr.int(-1) }, inputs: ['x', 'i'], feeds: { x, i: host.i64([3, 0, 1, -2, 2, 2], [3, 2]) } });
  });

  it('refuses indices of another rank', () => {
    expectOpError({ opType: 'GatherElements', inputs: ['x', 'i'], feeds: { x: data, i: host.i64([0]) } }, OnnxFormatError, /do not fit data of shape \[3, 4, 5\]/);
  });

  it('is differentiable', () => {
    gradcheckOp({ opType: 'GatherElements', attrs: { axis: attr.int(1) }, inputs: ['x', 'i'], feeds: { x: randomHost([2, 3]), i: host.i64([2, 2, 0, -1], [2, 2]) } }, ['x']);
  });
});

describe('GatherND', () => {
  const x = randomHost([2, 3, 4], 43);
  it('matches onnxruntime for partial and full index rows, with batch_dims (opset 12)', async () => {
    await checkOp({ opType: 'GatherND', opset: 11, inputs: ['x', 'i'], feeds: { x, i: host.i64([1, 2, 0, -1], [2, 2]) } });
    await checkOp({ opType: 'GatherND', inputs: ['x', 'i'], feeds: { x, i: host.i64([1, 2, 3, 0, 0, 0], [2, 1, 3]) } });
    await checkOp({ opType: 'GatherND', inputs: ['x', 'i'], feeds: { x, i: host.i64([1, 0], [2, 1]) } });
    await checkOp({ opType: 'GatherND', opset: 12, attrs: { batch_dims: attr.int(1) }, inputs: ['x', 'i'], feeds: { x, i: host.i64([2, 0, 1, 3], [2, 2]) } });
    await checkOp({ opType: 'GatherND', opset: 12, attrs: { batch_dims: attr.int(1) }, inputs: ['x', 'i'], feeds: { x, i: host.i64([2, 1, 0, 0], [2, 2, 1]) } });
  });

  it('refuses indices that address too many dims', () => {
    expectOpError({ opType: 'GatherND', inputs: ['x', 'i'], feeds: { x, i: host.i64([0, 0, 0, 0], [1, 4]) } }, OnnxFormatError, /do not address data/);
  });

  it('is differentiable', () => {
    gradcheckOp({ opType: 'GatherND', inputs: ['x', 'i'], feeds: { x: randomHost([2, 3]), i: host.i64([1, 2, 0, 0, 1, -1], [3, 2]) } }, ['x']);
  });
});

describe('ScatterElements and Scatter', () => {
  const x = randomHost([3, 4], 44);
  const updates = randomHost([2, 3], 45);
  // No position is hit twice along either axis (repeats are undefined behaviour without a reduction).
  const idx = host.i64([1, 0, 2, 0, 2, -3], [2, 3]);
  it('writes updates at the indices along each axis (opsets 11, 13, 16)', async () => {
    for (const opset of [11, 13, 16])
      for (const axis of [0, 1, -1])
        await checkOp({ opType: 'ScatterElements', opset, attrs: { axis: attr.int(axis) }, inputs: ['x', 'i', 'u'], feeds: { x, i: idx, u: updates } });
    await checkOp({ opType: 'Scatter', opset: 10, attrs: { axis: attr.int(1) }, inputs: ['x', 'i', 'u'], feeds: { x, i: host.i64([1, 0, 2, 0, 3, 1], [2, 3]), u: updates } });
  });

  it("reduction 'add' (opset 16) adds repeated indices up; 'mul' is unsupported", async () => {
    const dup = host.i64([1, 1, 1, 0, 0, 0], [2, 3]);
    await checkOp({ opType: 'ScatterElements', opset: 16, attrs: { axis: attr.int(1), reduction: attr.string('add') }, inputs: ['x', 'i', 'u'], feeds: { x, i: dup, u: updates } });
    expectOpError({ opType: 'ScatterElements', opset: 16, attrs: { reduction: attr.string('mul') }, inputs: ['x', 'i', 'u'], feeds: { x, i: idx, u: updates } }, OnnxUnsupportedError, /reduction 'mul'/);
  });

  it('refuses updates of another shape than the indices', () => {
    expectOpError({ opType: 'ScatterElements', inputs: ['x', 'i', 'u'], feeds: { x, i: idx, u: randomHost([3, 2]) } }, OnnxFormatError, /must have one shape/);
  });

  it('is differentiable in data and updates', () => {
    for (const reduction of ['none', 'add'])
      gradcheckOp({ opType: 'ScatterElements', opset: 16, attrs: { axis: attr.int(0), reduction: attr.string(reduction) }, inputs: ['x', 'i', 'u'], feeds: { x: randomHost([3, 2]), i: host.i64([2, 0], [1, 2]), u: randomHost([1, 2], 9) } }, ['x', 'u']);
  });
});
