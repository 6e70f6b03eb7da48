import { describe, expect, it } from 'vitest';
import { OnnxFormatError } from '../../src/index.js';
import { attr, checkOp, expectOpError, gradcheckOp, host, randomHost, runHostOp } from '../helpers/op-checks.js';

const x234 = randomHost([2, 3, 4], 3);

describe('Shape and Size', () => {
  it('Shape gives the dims as int64, on both paths', async () => {
    await checkOp({ opType: 'Shape', inputs: ['x'], feeds: { x: x234 } });
    expect(runHostOp({ opType: 'Shape', inputs: ['x'], feeds: { x: x234 } })[0]!.type).toBe('int64');
  });

  it('Shape start/end (opset 15) slice the dims, negative and clamped', async () => {
    for (const [start, end] of [[1, undefined], [undefined, -1], [-2, 3], [-10, 10], [2, 1], [0, 0]] as const) {
      const attrs = { ...(start !== undefined ? { start: attr.int(start) } : {}), ...(end !== undefined ? { end: attr.int(end) } : {}) };
      await checkOp({ opType: 'Shape', opset: 15, attrs, inputs: ['x'], feeds: { x: x234 } });
    }
  });

  it('Shape ignores start/end before opset 15; Size counts elements', async () => {
    expect(runHostOp({ opType: 'Shape', opset: 13, attrs: { start: attr.int(1) }, inputs: ['x'], feeds: { x: x234 } })[0]!.numbers()).toEqual([2, 3, 4]);
    await checkOp({ opType: 'Size', inputs: ['x'], feeds: { x: x234 } });
    await checkOp({ opType: 'Size', inputs: ['x'], feeds: { x: randomHost([3, 0]) } });
  });
});

describe('Reshape', () => {
  const cases: [number[], number[]][] = [[[2, 3, 4], [4, 6]], [[2, 3, 4], [0, -1]], [[2, 3, 4], [-1]], [[2, 3, 4], [0, 0, 2, 2]], [[2, 3, 4], [24, 1, 1]], [[1], []]];
  it('matches onnxruntime: 0 copies a dim, -1 infers (opsets 5, 13, 14)', async () => {
    for (const opset of [5, 13, 14])
      for (const [from, to] of cases)
        await checkOp({ opType: 'Reshape', opset, inputs: ['x', 's'], feeds: { x: randomHost(from, 5) }, initializers: { s: host.i64(to) } });
  });

  it('takes the shape attribute before opset 5', async () => {
    await checkOp({ opType: 'Reshape', opset: 4, attrs: { shape: attr.ints([4, -1]) }, inputs: ['x'], feeds: { x: x234 } }, { hostPath: true });
  });

  it('allowzero (opset 14) makes 0 a real zero-size dim', async () => {
    await checkOp({ opType: 'Reshape', opset: 14, attrs: { allowzero: attr.int(1) }, inputs: ['x', 's'], feeds: { x: randomHost([0, 3, 4]) }, initializers: { s: host.i64([3, 4, 0]) } });
  });

  it('refuses impossible shapes, naming the node', () => {
    const base = { opType: 'Reshape', inputs: ['x', 's'], feeds: { x: x234 } };
    expectOpError({ ...base, initializers: { s: host.i64([5, -1]) } }, OnnxFormatError, /cannot reshape \[2, 3, 4\]/);
    expectOpError({ ...base, initializers: { s: host.i64([-1, -1]) } }, OnnxFormatError, /more than one -1/);
    expectOpError({ ...base, initializers: { s: host.i64([7, 2]) } }, OnnxFormatError, /24 elements/);
    expectOpError({ ...base, initializers: { s: host.i64([2, -3, 4]) } }, OnnxFormatError, /holds -3/);
  });

  it('is differentiable', () => {
    gradcheckOp({ opType: 'Reshape', inputs: ['x', 's'], feeds: { x: randomHost([2, 3]) }, initializers: { s: host.i64([3, -1]) } }, ['x']);
  });
});

describe('Flatten', () => {
  it('matches onnxruntime for every axis, negative from opset 11', async () => {
    for (const axis of [0, 1, 2, 3]) await checkOp({ opType: 'Flatten', opset: 9, attrs: { axis: attr.int(axis) }, inputs: ['x'], feeds: { x: x234 } });
    for (const axis of [-1, -2, -3]) await checkOp({ opType: 'Flatten', opset: 13, attrs: { axis: attr.int(axis) }, inputs: ['x'], feeds: { x: x234 } });
    await checkOp({ opType: 'Flatten', inputs: ['x'], feeds: { x: x234 } });
  });

  it('refuses an axis out of range', () => {
    expectOpError({ opType: 'Flatten', attrs: { axis: attr.int(4) }, inputs: ['x'], feeds: { x: x234 } }, OnnxFormatError, /attribute 'axis' = 4/);
  });
});

describe('Squeeze and Unsqueeze', () => {
  const x = randomHost([1, 3, 1, 2], 7);
  it('Squeeze: axes attribute before 13, input from 13, none = every size-1 dim', async () => {
    await checkOp({ opType: 'Squeeze', opset: 11, attrs: { axes: attr.ints([0, -2]) }, inputs: ['x'], feeds: { x } });
    await checkOp({ opType: 'Squeeze', opset: 11, inputs: ['x'], feeds: { x } });
    await checkOp({ opType: 'Squeeze', opset: 13, inputs: ['x', 'a'], feeds: { x }, initializers: { a: host.i64([2]) } });
    await checkOp({ opType: 'Squeeze', opset: 13, inputs: ['x'], feeds: { x } });
    await checkOp({ opType: 'Squeeze', opset: 13, inputs: ['x', 'a'], feeds: { x }, initializers: { a: host.i64([]) } });
  });

  it('Unsqueeze: several axes at once count in the output rank, unsorted and negative', async () => {
    const y = randomHost([3, 4], 8);
    await checkOp({ opType: 'Unsqueeze', opset: 11, attrs: { axes: attr.ints([0, 3]) }, inputs: ['x'], feeds: { x: y } });
    for (const axes of [[0], [2], [-1], [3, 0], [0, 2, 4], [-1, -4]])
      await checkOp({ opType: 'Unsqueeze', opset: 13, inputs: ['x', 'a'], feeds: { x: y }, initializers: { a: host.i64(axes) } });
  });

  it('refuses squeezing a dim that is not 1, repeated axes and missing axes', () => {
    expectOpError({ opType: 'Squeeze', opset: 13, inputs: ['x', 'a'], feeds: { x }, initializers: { a: host.i64([1]) } }, OnnxFormatError, /size is not 1/);
    expectOpError({ opType: 'Unsqueeze', opset: 13, inputs: ['x', 'a'], feeds: { x: randomHost([3, 4]) }, initializers: { a: host.i64([0, -4]) } }, OnnxFormatError, /repeats an axis/);
    expectOpError({ opType: 'Unsqueeze', opset: 13, inputs: ['x', 'a'], feeds: { x }, initializers: { a: host.i64([9]) } }, OnnxFormatError, /input 'axes' = 9 is out of range/);
    expectOpError({ opType: 'Unsqueeze', opset: 11, inputs: ['x'], feeds: { x } }, OnnxFormatError, /'axes' is missing/);
  });

  it('are differentiable', () => {
    gradcheckOp({ opType: 'Squeeze', opset: 13, inputs: ['x'], feeds: { x: randomHost([1, 3, 1]) } }, ['x']);
    gradcheckOp({ opType: 'Unsqueeze', opset: 11, attrs: { axes: attr.ints([1]) }, inputs: ['x'], feeds: { x: randomHost([2, 2]) } }, ['x']);
    gradcheckOp({ opType: 'Flatten', inputs: ['x'], feeds: { x: randomHost([2, 1, 2]) } }, ['x']);
  });
});
