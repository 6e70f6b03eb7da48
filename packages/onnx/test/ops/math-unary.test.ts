import { describe, expect, it } from 'vitest';
import { buildOpModel, expectClose, runPistil } from '../helpers/single-op.js';
import { OnnxFormatError } from '../../src/errors.js';
import { attr, checkOp, expectOpError, f64, gradcheckOp, host, i32, randomHost, u8 } from '../helpers/op-checks.js';

const x = randomHost([2, 3, 4], 21, -3, 3);
const unit = randomHost([2, 3], 22, -0.95, 0.95);
const positive = randomHost([2, 3], 23, 0.1, 4);
const aboveOne = randomHost([2, 3], 24, 1.05, 4);
// Halves and near-halves for rounding, signed zeros and specials.
const edges = host.f32([10], [0.5, 1.5, 2.5, -0.5, -2.5, 2.4999, -0, Infinity, -Infinity, NaN]);

const DOMAINS: Record<string, typeof x> = {
  Log: positive, Sqrt: positive, Reciprocal: positive, Asin: unit, Acos: unit, Atanh: unit, Acosh: aboveOne,
};
const UNARY: [string, number][] = [
  ['Neg', 6], ['Abs', 6], ['Sign', 9], ['Reciprocal', 6], ['Floor', 6], ['Ceil', 6], ['Round', 11], ['Exp', 6], ['Log', 6], ['Sqrt', 6],
  ['Erf', 9], ['Sin', 7], ['Cos', 7], ['Tan', 7], ['Asin', 7], ['Acos', 7], ['Atan', 7], ['Sinh', 9], ['Cosh', 9], ['Asinh', 9],
  ['Acosh', 9], ['Atanh', 9], ['Sigmoid', 6], ['Tanh', 6], ['Relu', 6], ['Softplus', 1], ['Softsign', 1],
];

describe('elementwise functions of one input', () => {
  for (const [opType, since] of UNARY) {
    it(`${opType} (opsets ${since} and 13)`, async () => {
      for (const opset of [Math.max(since, 7), 13]) await checkOp({ opType, opset, inputs: ['x'], feeds: { x: DOMAINS[opType] ?? x } }, { rtol: 1e-5, atol: 1e-6 });
    });
  }
  it('Floor, Ceil, Round (half to even), Neg, Abs, Sign at halves, zeros and specials', async () => {
    for (const opType of ['Floor', 'Ceil', 'Round', 'Neg', 'Abs', 'Sign', 'Relu', 'Sigmoid', 'Tanh']) await checkOp({ opType, inputs: ['x'], feeds: { x: edges } });
  });
  it('Neg, Abs, Sign on int64 stay integer', async () => {
    for (const opType of ['Neg', 'Abs', 'Sign']) await checkOp({ opType, inputs: ['x'], feeds: { x: host.i64([-5, 0, 7, -1]) } });
  });
  it('Relu of int32 (opset 14) stays integer', () => {
    // onnxruntime has no integer Relu kernel to compare with.
    const [y] = runPistil(buildOpModel({ opType: 'Relu', opset: 14, inputs: ['x'], feeds: { x: i32([-5, 0, 7, -1]) } }), { x: i32([-5, 0, 7, -1]) });
    expect(y!.type).toBe('int32');
    expect(Array.from(y!.data)).toEqual([0, 0, 7, 0]);
  });
  it('Abs and Sign of uint8', async () => {
    for (const opType of ['Abs', 'Sign']) await checkOp({ opType, inputs: ['x'], feeds: { x: u8([0, 3, 255]) } });
  });
  it('float64', async () => {
    for (const opType of ['Exp', 'Sqrt', 'Round', 'Sigmoid']) await checkOp({ opType, inputs: ['x'], feeds: { x: f64([3], [0.25, 2.5, 3.7]) } });
  });
});

describe('parameterised activations', () => {
  const cases: [string, Record<string, ReturnType<typeof attr.float>>, number][] = [
    ['LeakyRelu', {}, 6], ['LeakyRelu', { alpha: attr.float(0.2) }, 16],
    ['Elu', {}, 6], ['Elu', { alpha: attr.float(0.5) }, 6],
    ['Selu', {}, 6], ['Selu', { alpha: attr.float(2), gamma: attr.float(0.5) }, 6],
    ['Celu', {}, 12], ['Celu', { alpha: attr.float(2.5) }, 12],
    ['ThresholdedRelu', {}, 10], ['ThresholdedRelu', { alpha: attr.float(-0.5) }, 10],
    ['HardSigmoid', {}, 6], ['HardSigmoid', { alpha: attr.float(0.5), beta: attr.float(0.1) }, 6],
    ['HardSwish', {}, 14],
    ['Shrink', {}, 9], ['Shrink', { bias: attr.float(1.5), lambd: attr.float(1) }, 9],
  ];
  for (const [opType, attrs, opset] of cases) {
    it(`${opType} ${JSON.stringify(Object.keys(attrs))} (opset ${opset})`, async () => {
      await checkOp({ opType, opset, attrs, inputs: ['x'], feeds: { x } });
    });
  }
});

describe('PRelu', () => {
  const x4 = randomHost([2, 3, 4, 5], 25);
  it('slope [C, 1, 1] broadcasts per channel (opsets 9 and 16)', async () => {
    for (const opset of [9, 16]) await checkOp({ opType: 'PRelu', opset, inputs: ['x', 's'], feeds: { x: x4 }, initializers: { s: randomHost([3, 1, 1], 26, 0, 0.5) } });
  });
  it('before opset 7 a 1-D slope of C values is per channel, as PyTorch exported it', () => {
    const x3 = randomHost([2, 3, 4], 33);
    const s = host.f32([3], [0.1, 0.2, 0.3]);
    const [y] = runPistil(buildOpModel({ opType: 'PRelu', opset: 6, inputs: ['x', 's'], feeds: { x: x3 }, initializers: { s } }), { x: x3 });
    const expected = Array.from(x3.data, (v, i) => (v < 0 ? v * s.data[Math.floor(i / 4) % 3]! : v));
    expectClose(y!, host.f32([2, 3, 4], expected));
  });
  it('scalar and trailing-dim slopes broadcast the NumPy way (opset 7)', async () => {
    await checkOp({ opType: 'PRelu', opset: 7, inputs: ['x', 's'], feeds: { x: x4 }, initializers: { s: host.f32([1], [0.3]) } });
    await checkOp({ opType: 'PRelu', opset: 7, inputs: ['x', 's'], feeds: { x: x4 }, initializers: { s: randomHost([5], 27) } });
  });
});

describe('Clip', () => {
  const wide = host.f32([8], [-5, -1, -0.5, 0, 0.5, 2, Infinity, -Infinity]);
  it('min/max attributes before opset 11, each optional', async () => {
    await checkOp({ opType: 'Clip', opset: 6, attrs: { min: attr.float(-1), max: attr.float(0.7) }, inputs: ['x'], feeds: { x: wide } });
    await checkOp({ opType: 'Clip', opset: 6, attrs: { max: attr.float(0.7) }, inputs: ['x'], feeds: { x: wide } });
    await checkOp({ opType: 'Clip', opset: 6, attrs: { min: attr.float(-0.2) }, inputs: ['x'], feeds: { x: wide } });
  });
  it('min/max inputs from opset 11, either missing', async () => {
    const mn = host.f32([], [-0.6]);
    const mx = host.f32([], [1]);
    for (const opset of [11, 13]) {
      await checkOp({ opType: 'Clip', opset, inputs: ['x', 'mn', 'mx'], feeds: { x: wide }, initializers: { mn, mx } });
      await checkOp({ opType: 'Clip', opset, inputs: ['x', '', 'mx'], feeds: { x: wide }, initializers: { mx } });
      await checkOp({ opType: 'Clip', opset, inputs: ['x', 'mn'], feeds: { x: wide }, initializers: { mn } });
      await checkOp({ opType: 'Clip', opset, inputs: ['x'], feeds: { x: wide } });
    }
  });
  it('bounds fed as graph inputs', async () => {
    await checkOp({ opType: 'Clip', opset: 13, inputs: ['x', 'mn', 'mx'], feeds: { x, mn: host.f32([], [-1]), mx: host.f32([], [2]) } });
  });
  it('integer Clip (opset 12) of int64 and uint8', async () => {
    await checkOp({ opType: 'Clip', opset: 12, inputs: ['x', 'mn', 'mx'], feeds: { x: host.i64([-9, -2, 0, 3, 12]) }, initializers: { mn: host.i64([-3], []), mx: host.i64([5], []) } });
    await checkOp({ opType: 'Clip', opset: 12, inputs: ['x', 'mn'], feeds: { x: u8([0, 9, 200]) }, initializers: { mn: u8([10], []) } });
  });
});

describe('bad attributes and inputs', () => {
  it('are OnnxFormatErrors naming the node and what is wrong', () => {
    const x4 = randomHost([2, 3, 4], 31);
    expectOpError({ opType: 'PRelu', opset: 9, inputs: ['x', 's'], feeds: { x: x4 }, initializers: { s: randomHost([3]) } }, OnnxFormatError, /do not broadcast/);
    expectOpError({ opType: 'PRelu', opset: 9, inputs: ['x', 's'], feeds: { x: randomHost([3, 1]) }, initializers: { s: randomHost([3, 4]) } }, OnnxFormatError, /slope of shape \[3, 4\] does not broadcast to X/);
    expectOpError({ opType: 'Clip', opset: 13, inputs: ['x', 'mn'], feeds: { x: x4 }, initializers: { mn: randomHost([2]) } }, OnnxFormatError, /'min' must be a scalar/);
    expectOpError({ opType: 'Clip', opset: 6, attrs: { min: attr.int(0) }, inputs: ['x'], feeds: { x: x4 } }, OnnxFormatError, /'min' is INT, expected FLOAT/);
    expectOpError({ opType: 'Celu', opset: 12, attrs: { alpha: attr.float(0) }, inputs: ['x'], feeds: { x: x4 } }, OnnxFormatError, /'alpha' = 0/);
    expectOpError({ opType: 'Sum', inputs: ['a', 'b'], feeds: { a: randomHost([2, 3]), b: randomHost([2]) } }, OnnxFormatError, /do not broadcast/, { hostPath: true });
  });
});

describe('gradients', () => {
  const g = randomHost([2, 3], 28, -2, 2);
  for (const [opType] of UNARY.filter(([op]) => !['Floor', 'Ceil', 'Round', 'Sign'].includes(op))) {
    it(opType, () => gradcheckOp({ opType, inputs: ['x'], feeds: { x: DOMAINS[opType] ?? g } }, ['x']));
  }
  for (const opType of ['LeakyRelu', 'Elu', 'Selu', 'Celu', 'ThresholdedRelu', 'HardSigmoid', 'HardSwish', 'Shrink']) {
    it(opType, () => gradcheckOp({ opType, opset: 16, inputs: ['x'], feeds: { x: g } }, ['x']));
  }
  it('PRelu (input and slope)', () => gradcheckOp({ opType: 'PRelu', inputs: ['x', 's'], feeds: { x: randomHost([2, 3, 2], 29), s: randomHost([3, 1], 30) } }, ['x', 's']));
  it('Clip', () => gradcheckOp({ opType: 'Clip', inputs: ['x', 'mn', 'mx'], feeds: { x: g }, initializers: { mn: host.f32([], [-1]), mx: host.f32([], [1.2]) } }, ['x']));
});
