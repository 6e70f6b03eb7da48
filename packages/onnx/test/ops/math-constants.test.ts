import { grad, sum } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { OnnxFormatError, OnnxUnsupportedError } from '../../src/errors.js';
import { importOnnx } from '../../src/index.js';
import { buildOpModel, runPistil, toPistil } from '../helpers/single-op.js';
import { attr, bool, checkOp, expectOpError, gradcheckOp, host, randomHost } from '../helpers/op-checks.js';
import type { OpCase } from '../helpers/op-checks.js';

describe('Constant', () => {
  const values: [string, ReturnType<typeof attr.int>, number][] = [
    ['value (float tensor)', attr.tensor(randomHost([2, 3], 61)), 1],
    ['value (int64 tensor)', attr.tensor(host.i64([4, -2, 9], [3])), 1],
    ['value (bool tensor)', attr.tensor(bool([1, 0])), 9],
    ['value_float', attr.float(2.5), 12],
    ['value_floats', attr.floats([1, 2.5, -3]), 12],
    ['value_int', attr.int(-7), 12],
    ['value_ints', attr.ints([2, 3, 4]), 12],
  ];
  for (const [name, value, opset] of values) {
    it(`${name} (opset ${opset} and 13)`, async () => {
      const key = name.split(' ')[0]!;
      for (const o of [opset, 13]) await checkOp({ opType: 'Constant', opset: o, attrs: { [key]: value }, inputs: [] });
    });
  }
  it('none or two value attributes are an OnnxFormatError; strings are unsupported', () => {
    expectOpError({ opType: 'Constant', inputs: [] }, OnnxFormatError, /got none/, { hostPath: true });
    expectOpError({ opType: 'Constant', attrs: { value_int: attr.int(1), value_float: attr.float(1) }, inputs: [] }, OnnxFormatError, /got value_int, value_float|got value_float, value_int/);
    expectOpError({ opType: 'Constant', attrs: { value_string: attr.string('a') }, inputs: [] }, OnnxUnsupportedError, /'value_string'/);
  });
});

describe('ConstantOfShape', () => {
  it('default float32 zeros, and the value attribute giving value and type', async () => {
    await checkOp({ opType: 'ConstantOfShape', opset: 9, inputs: ['s'], initializers: { s: host.i64([2, 3]) } });
    await checkOp({ opType: 'ConstantOfShape', opset: 9, attrs: { value: attr.tensor(host.i64([7], [1])) }, inputs: ['s'], initializers: { s: host.i64([3, 1, 2]) } });
    await checkOp({ opType: 'ConstantOfShape', opset: 9, attrs: { value: attr.tensor(host.f32([1], [0.5])) }, inputs: ['s'], initializers: { s: host.i64([4]) } });
  });
  it('a zero dim and an empty shape (a scalar)', async () => {
    await checkOp({ opType: 'ConstantOfShape', opset: 9, inputs: ['s'], initializers: { s: host.i64([2, 0]) } });
    await checkOp({ opType: 'ConstantOfShape', opset: 9, attrs: { value: attr.tensor(host.f32([1], [3])) }, inputs: ['s'], initializers: { s: host.i64([], [0]) } });
  });
  it('a shape fed as a graph input', async () => {
    await checkOp({ opType: 'ConstantOfShape', opset: 9, attrs: { value: attr.tensor(host.i64([1], [1])) }, inputs: ['s'], feeds: { s: host.i64([2, 2]) } });
  });
  it('bad shapes and values are OnnxFormatErrors naming what is wrong', () => {
    expectOpError({ opType: 'ConstantOfShape', inputs: ['s'], initializers: { s: host.i64([2, -1]) } }, OnnxFormatError, /not a valid shape/, { hostPath: true });
    expectOpError({ opType: 'ConstantOfShape', inputs: ['s'], initializers: { s: host.i64([2, 2], [1, 2]) } }, OnnxFormatError, /must be a 1-D shape/, { hostPath: true });
    expectOpError({ opType: 'ConstantOfShape', attrs: { value: attr.tensor(host.f32([2], [1, 2])) }, inputs: ['s'], initializers: { s: host.i64([2]) } }, OnnxFormatError, /'value' must hold one element/);
  });
});

describe('Identity', () => {
  it('passes device and host values through', async () => {
    for (const opset of [1, 13, 16]) await checkOp({ opType: 'Identity', opset, inputs: ['x'], feeds: { x: randomHost([2, 3], 62) } });
    await checkOp({ opType: 'Identity', inputs: ['x'], feeds: { x: host.i64([1, 2]) } });
  });
  it('gradient', () => gradcheckOp({ opType: 'Identity', inputs: ['x'], feeds: { x: randomHost([3], 63) } }, ['x']));
});

describe('Dropout', () => {
  const x = randomHost([4, 5], 64, 0.5, 2);
  it('in inference is the identity, with an all-kept mask (opsets 7, 10, 12, 13)', async () => {
    await checkOp({ opType: 'Dropout', opset: 7, attrs: { ratio: attr.float(0.3) }, inputs: ['x'], feeds: { x }, outputs: 1 });
    await checkOp({ opType: 'Dropout', opset: 10, attrs: { ratio: attr.float(0.3) }, inputs: ['x'], feeds: { x }, outputs: 1 });
    // onnxruntime's Dropout-10 hands back an all-false mask in inference; from 12 it is all true, as the spec's mask means.
    const [, mask10] = runPistil(buildOpModel({ opType: 'Dropout', opset: 10, inputs: ['x'], feeds: { x }, outputs: 2 }), { x });
    expect(mask10!.type).toBe('bool');
    expect(Array.from(mask10!.data).every((v) => v === 1)).toBe(true);
    await checkOp({ opType: 'Dropout', opset: 12, inputs: ['x', 'r'], feeds: { x }, initializers: { r: host.f32([], [0.4]) }, outputs: 2 });
    await checkOp({ opType: 'Dropout', opset: 13, inputs: ['x', 'r', 't'], feeds: { x, t: bool([0], []) }, initializers: { r: host.f32([], [0.4]) }, outputs: 2 });
  });
  it('before opset 10 the mask has the input type', () => {
    // onnxruntime has no Dropout-7 mask output to compare with.
    const [, mask] = runPistil(buildOpModel({ opType: 'Dropout', opset: 7, inputs: ['x'], feeds: { x }, outputs: 2 }), { x });
    expect(mask!.type).toBe('float32');
    expect(Array.from(mask!.data).every((v) => v === 1)).toBe(true);
  });
  it('training_mode with ratio 0 keeps everything (opset 13)', async () => {
    await checkOp({ opType: 'Dropout', opset: 13, inputs: ['x', 'r', 't'], feeds: { x, r: host.f32([], [0]), t: bool([1], []) }, outputs: 2 });
  });

  /** Runs a training-mode Dropout on 20 000 ones; returns the output, the mask and the model. */
  function drop(opset: number, ratio: number, how: 'train()' | 'training_mode') {
    const ones = host.f32([200, 100], new Array<number>(20000).fill(1));
    const c: OpCase = how === 'training_mode'
      ? { opType: 'Dropout', opset, inputs: ['x', 'r', 't'], feeds: { x: ones }, initializers: { r: host.f32([], [ratio]), t: bool([1], []) }, outputs: 2 }
      : opset >= 12
        ? { opType: 'Dropout', opset, inputs: ['x', 'r'], feeds: { x: ones }, initializers: { r: host.f32([], [ratio]) }, outputs: 2 }
        : { opType: 'Dropout', opset, attrs: { ratio: attr.float(ratio) }, inputs: ['x'], feeds: { x: ones }, outputs: 2 };
    return runPistil(buildOpModel(c), c.feeds ?? {}, { training: how === 'train()' });
  }
  for (const [opset, how] of [[10, 'train()'], [13, 'train()'], [13, 'training_mode']] as const) {
    it(`drops a fraction ratio and scales the rest by 1/(1 − ratio) (opset ${opset}, ${how})`, () => {
      const [y, mask] = drop(opset, 0.3, how);
      expect(mask!.type).toBe('bool');
      const kept = Array.from(mask!.data).filter((v) => v === 1).length / mask!.size;
      expect(Math.abs(kept - 0.7)).toBeLessThan(0.02);
      Array.from(y!.data).forEach((v, i) => expect(v).toBeCloseTo(mask!.data[i] ? 1 / 0.7 : 0, 5));
    });
  }
  it('a ratio outside [0, 1) is an OnnxFormatError', () => {
    expectOpError({ opType: 'Dropout', opset: 10, attrs: { ratio: attr.float(1.5) }, inputs: ['x'], feeds: { x } }, OnnxFormatError, /ratio 1.5/);
  });
  it('in training, the gradient is the kept mask scaled by 1/(1 − ratio)', () => {
    const model = importOnnx(buildOpModel({ opType: 'Dropout', opset: 13, inputs: ['x', 'r'], feeds: { x }, initializers: { r: host.f32([], [0.5]) }, outputs: 2 }));
    model.train();
    let kept: number[] = [];
    const g = grad((t: Tensor) => {
      const out = model.run({ x: t });
      kept = Array.from(out.y1!.dataSync() as ArrayLike<number>);
      return sum(out.y0!);
    })(toPistil(x));
    expect(Array.from(g.dataSync() as ArrayLike<number>)).toEqual(kept.map((k) => (k ? 2 : 0)));
    expect(kept.some((k) => k === 1) && kept.some((k) => k === 0)).toBe(true);
    model.dispose();
  });
  it('in inference, the gradient passes through', () => gradcheckOp({ opType: 'Dropout', opset: 13, inputs: ['x'], feeds: { x: randomHost([3], 65) } }, ['x']));
});
