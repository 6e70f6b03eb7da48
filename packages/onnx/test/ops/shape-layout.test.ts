import { describe, it } from 'vitest';
import { OnnxFormatError } from '../../src/index.js';
import { attr, checkOp, expectOpError, gradcheckOp, host, randomHost } from '../helpers/op-checks.js';

const x234 = randomHost([2, 3, 4], 11);

describe('Transpose', () => {
  it('matches onnxruntime for every permutation and the reversing default', async () => {
    for (const perm of [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]])
      await checkOp({ opType: 'Transpose', attrs: { perm: attr.ints(perm) }, inputs: ['x'], feeds: { x: x234 } });
    await checkOp({ opType: 'Transpose', opset: 1, inputs: ['x'], feeds: { x: x234 } });
    await checkOp({ opType: 'Transpose', inputs: ['x'], feeds: { x: host.i64([1, 2, 3, 4, 5, 6], [3, 2]) } });
  });

  it('refuses a perm that is not a permutation', () => {
    expectOpError({ opType: 'Transpose', attrs: { perm: attr.ints([0, 0, 1]) }, inputs: ['x'], feeds: { x: x234 } }, OnnxFormatError, /'perm' = \[0, 0, 1\]/);
    expectOpError({ opType: 'Transpose', attrs: { perm: attr.ints([1, 0]) }, inputs: ['x'], feeds: { x: x234 } }, OnnxFormatError, /not a permutation/);
  });

  it('is differentiable', () => {
    gradcheckOp({ opType: 'Transpose', attrs: { perm: attr.ints([1, 2, 0]) }, inputs: ['x'], feeds: { x: randomHost([2, 1, 3]) } }, ['x']);
  });
});

describe('Concat', () => {
  it('matches onnxruntime on every axis, negative from opset 11', async () => {
    const feeds = { a: randomHost([2, 3, 4], 1), b: randomHost([2, 3, 4], 2) };
    for (const axis of [0, 1, 2]) await checkOp({ opType: 'Concat', opset: 4, attrs: { axis: attr.int(axis) }, inputs: ['a', 'b'], feeds });
    for (const axis of [-1, -3]) await checkOp({ opType: 'Concat', attrs: { axis: attr.int(axis) }, inputs: ['a', 'b'], feeds });
  });

  it('joins uneven sizes, empty pieces, host and int inputs', async () => {
    const feeds = { a: randomHost([2, 1], 1), b: randomHost([2, 3], 2), e: randomHost([2, 0], 3) };
    await checkOp({ opType: 'Concat', attrs: { axis: attr.int(1) }, inputs: ['a', 'e', 'b'], feeds });
    await checkOp({ opType: 'Concat', attrs: { axis: attr.int(0) }, inputs: ['a', 'b'], feeds: { a: host.i64([1, 2]), b: host.i64([3]) } });
    // An int64 initializer (a host value) joined with a fed tensor.
    await checkOp({ opType: 'Concat', attrs: { axis: attr.int(0) }, inputs: ['a', 'c'], feeds: { a: host.i64([1, 2]) }, initializers: { c: host.i64([7, 8, 9]) } }, { hostPath: false });
  });

  it('refuses mismatched inputs and a missing axis', () => {
    const feeds = { a: randomHost([2, 3]), b: randomHost([3, 3]) };
    expectOpError({ opType: 'Concat', attrs: { axis: attr.int(1) }, inputs: ['a', 'b'], feeds }, OnnxFormatError, /input 1 of shape \[3, 3\]/);
    expectOpError({ opType: 'Concat', attrs: { axis: attr.int(2) }, inputs: ['a', 'b'], feeds }, OnnxFormatError, /'axis' = 2 is out of range/);
    expectOpError({ opType: 'Concat', inputs: ['a', 'b'], feeds }, OnnxFormatError, /'axis' is missing/);
  });

  it('is differentiable', () => {
    gradcheckOp({ opType: 'Concat', attrs: { axis: attr.int(1) }, inputs: ['a', 'b'], feeds: { a: randomHost([2, 1], 1), b: randomHost([2, 2], 2) } }, ['a', 'b']);
  });
});

describe('Split', () => {
  const x = randomHost([2, 6], 4);
  it('equal parts by default, sizes as attribute before 13, as input from 13', async () => {
    await checkOp({ opType: 'Split', opset: 11, attrs: { axis: attr.int(1) }, inputs: ['x'], feeds: { x }, outputs: 3 });
    await checkOp({ opType: 'Split', opset: 11, attrs: { axis: attr.int(-1), split: attr.ints([1, 5]) }, inputs: ['x'], feeds: { x }, outputs: 2 });
    await checkOp({ opType: 'Split', opset: 13, inputs: ['x'], feeds: { x }, outputs: 2 });
    await checkOp({ opType: 'Split', opset: 13, attrs: { axis: attr.int(1) }, inputs: ['x', 's'], feeds: { x }, initializers: { s: host.i64([2, 0, 4]) }, outputs: 3 });
  });

  it('num_outputs (opset 18) lets the last piece be smaller', async () => {
    await checkOp({ opType: 'Split', opset: 18, attrs: { axis: attr.int(1), num_outputs: attr.int(4) }, inputs: ['x'], feeds: { x: randomHost([2, 7]) }, outputs: 4 });
    await checkOp({ opType: 'Split', opset: 18, attrs: { axis: attr.int(1), num_outputs: attr.int(3) }, inputs: ['x'], feeds: { x }, outputs: 3 });
  });

  it('refuses sizes that do not add up or an uneven default split', () => {
    expectOpError({ opType: 'Split', opset: 13, attrs: { axis: attr.int(1) }, inputs: ['x', 's'], feeds: { x }, initializers: { s: host.i64([2, 2]) }, outputs: 2 }, OnnxFormatError, /adding up to 6/);
    expectOpError({ opType: 'Split', opset: 13, attrs: { axis: attr.int(1) }, inputs: ['x'], feeds: { x }, outputs: 4 }, OnnxFormatError, /4 equal pieces/);
    // 6 in pieces of 2 leaves nothing for the fourth.
    expectOpError({ opType: 'Split', opset: 18, attrs: { axis: attr.int(1), num_outputs: attr.int(4) }, inputs: ['x'], feeds: { x }, outputs: 4 }, OnnxFormatError, /into 4 pieces/);
    expectOpError({ opType: 'Split', opset: 18, attrs: { num_outputs: attr.int(3) }, inputs: ['x'], feeds: { x }, outputs: 2 }, OnnxFormatError, /'num_outputs' = 3/);
  });

  it('is differentiable', () => {
    gradcheckOp({ opType: 'Split', opset: 13, attrs: { axis: attr.int(1) }, inputs: ['x', 's'], feeds: { x: randomHost([2, 3]) }, initializers: { s: host.i64([1, 2]) }, outputs: 2 }, ['x']);
  });
});

describe('Expand and Tile', () => {
  it('Expand broadcasts both ways', async () => {
    const x = randomHost([3, 1], 5);
    for (const shape of [[3, 4], [2, 1, 4], [1], [1, 1], [2, 3, 1]])
      await checkOp({ opType: 'Expand', opset: 8, inputs: ['x', 's'], feeds: { x }, initializers: { s: host.i64(shape) } });
    await checkOp({ opType: 'Expand', inputs: ['x', 's'], feeds: { x: host.i64([1, 2], [2]) }, initializers: { s: host.i64([3, 2]) } });
  });

  it('Tile repeats each dim', async () => {
    for (const reps of [[1, 1, 1], [2, 1, 3], [1, 0, 2]])
      await checkOp({ opType: 'Tile', inputs: ['x', 'r'], feeds: { x: x234 }, initializers: { r: host.i64(reps) } });
  });

  it('refuse incompatible shapes and wrong repeat counts', () => {
    expectOpError({ opType: 'Expand', inputs: ['x', 's'], feeds: { x: randomHost([3, 2]) }, initializers: { s: host.i64([4, 4]) } }, OnnxFormatError, /do not broadcast/);
    expectOpError({ opType: 'Tile', inputs: ['x', 'r'], feeds: { x: x234 }, initializers: { r: host.i64([2, 2]) } }, OnnxFormatError, /must hold 3 non-negative counts/);
  });

  it('are differentiable', () => {
    gradcheckOp({ opType: 'Expand', inputs: ['x', 's'], feeds: { x: randomHost([2, 1]) }, initializers: { s: host.i64([3, 2, 2]) } }, ['x']);
    gradcheckOp({ opType: 'Tile', inputs: ['x', 'r'], feeds: { x: randomHost([2, 1]) }, initializers: { r: host.i64([2, 3]) } }, ['x']);
  });
});
