import { describe, expect, it } from 'vitest';
import {
  DTypeError, Tensor, abs, acos, acosh, asin, asinh, atan, atanh, ceil, clamp, cos, cosh, elu, erf, exp, expm1, floor, gelu, gradcheck, hardtanh,
  leakyRelu, log, log1p, mish, reciprocal, relu, relu6, round, rsqrt, selu, sigmoid, sign, sin, sinh, softplus, silu, sqrt,
  square, tan, tanh, tensor, trunc, zeros,
} from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { awayFromZero, erfRef, expectShape, f32, roundHalfEven, seq } from './ref.js';

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const K = Math.sqrt(2 / Math.PI);

interface UnaryCase {
  name: string;
  op: (x: Tensor) => Tensor;
  ref: (x: number) => number;
  /** Inputs for values and the gradient check (kept away from kinks and poles). */
  inputs: number[];
  /** Whether int32 input is accepted. */
  int?: boolean;
  /** Whether the op is differentiable (gradcheck); zero-gradient ops are checked too. */
  grad?: boolean;
}

const sigmoidRef = (x: number): number => 1 / (1 + Math.exp(-x));
const softplusRef = (x: number, beta = 1, threshold = 20): number => (beta * x > threshold ? x : Math.log1p(Math.exp(beta * x)) / beta);

const CASES: UnaryCase[] = [
  { name: 'exp', op: exp, ref: Math.exp, inputs: seq(12, -5, 5) },
  { name: 'log', op: log, ref: Math.log, inputs: seq(12, 0.1, 10) },
  { name: 'log1p', op: log1p, ref: Math.log1p, inputs: seq(12, -0.9, 5) },
  { name: 'expm1', op: expm1, ref: Math.expm1, inputs: seq(12, -3, 3) },
  { name: 'sqrt', op: sqrt, ref: Math.sqrt, inputs: seq(12, 0.1, 10) },
  { name: 'rsqrt', op: rsqrt, ref: (x) => 1 / Math.sqrt(x), inputs: seq(12, 0.1, 10) },
  { name: 'square', op: square, ref: (x) => x * x, inputs: seq(12, -3, 3), int: true },
  { name: 'reciprocal', op: reciprocal, ref: (x) => 1 / x, inputs: awayFromZero(12, 0.2, 5) },
  { name: 'abs', op: abs, ref: Math.abs, inputs: awayFromZero(12, 0.1, 4), int: true },
  { name: 'sign', op: sign, ref: Math.sign, inputs: awayFromZero(12, 0.1, 4), int: true },
  { name: 'sin', op: sin, ref: Math.sin, inputs: seq(12, -4, 4) },
  { name: 'cos', op: cos, ref: Math.cos, inputs: seq(12, -4, 4) },
  { name: 'tan', op: tan, ref: Math.tan, inputs: seq(12, -1.2, 1.2) },
  { name: 'asin', op: asin, ref: Math.asin, inputs: seq(12, -0.9, 0.9) },
  { name: 'acos', op: acos, ref: Math.acos, inputs: seq(12, -0.9, 0.9) },
  { name: 'atan', op: atan, ref: Math.atan, inputs: seq(12, -4, 4) },
  { name: 'asinh', op: asinh, ref: Math.asinh, inputs: seq(12, -4, 4) },
  { name: 'acosh', op: acosh, ref: Math.acosh, inputs: seq(12, 1.1, 5) },
  { name: 'atanh', op: atanh, ref: Math.atanh, inputs: seq(12, -0.9, 0.9) },
  { name: 'sinh', op: sinh, ref: Math.sinh, inputs: seq(12, -3, 3) },
  { name: 'cosh', op: cosh, ref: Math.cosh, inputs: seq(12, -3, 3) },
  { name: 'tanh', op: tanh, ref: Math.tanh, inputs: seq(12, -3, 3) },
  { name: 'sigmoid', op: sigmoid, ref: sigmoidRef, inputs: seq(12, -6, 6) },
  { name: 'relu', op: relu, ref: (x) => Math.max(x, 0), inputs: awayFromZero(12, 0.1, 4), int: true },
  { name: 'leakyRelu', op: (x) => leakyRelu(x), ref: (x) => (x > 0 ? x : 0.01 * x), inputs: awayFromZero(12, 0.1, 4) },
  { name: 'leakyRelu(0.2)', op: (x) => leakyRelu(x, 0.2), ref: (x) => (x > 0 ? x : 0.2 * x), inputs: awayFromZero(12, 0.1, 4) },
  { name: 'elu', op: (x) => elu(x), ref: (x) => (x > 0 ? x : Math.expm1(x)), inputs: awayFromZero(12, 0.1, 4) },
  { name: 'elu(1.5)', op: (x) => elu(x, 1.5), ref: (x) => (x > 0 ? x : 1.5 * Math.expm1(x)), inputs: awayFromZero(12, 0.1, 4) },
  { name: 'selu', op: selu, ref: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)), inputs: awayFromZero(12, 0.1, 4) },
  { name: 'gelu', op: (x) => gelu(x), ref: (x) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)), inputs: seq(12, -4, 4) },
  { name: "gelu('tanh')", op: (x) => gelu(x, 'tanh'), ref: (x) => 0.5 * x * (1 + Math.tanh(K * (x + 0.044715 * x ** 3))), inputs: seq(12, -4, 4) },
  { name: 'softplus', op: (x) => softplus(x), ref: (x) => softplusRef(x), inputs: seq(12, -6, 6) },
  // beta·x crosses the threshold at x = 2.5: inputs avoid its neighbourhood.
  { name: 'softplus(2, 5)', op: (x) => softplus(x, 2, 5), ref: (x) => softplusRef(x, 2, 5), inputs: [...seq(8, -4, 2.3), ...seq(4, 2.7, 5)] },
  { name: 'silu', op: silu, ref: (x) => x * sigmoidRef(x), inputs: seq(12, -6, 6) },
  { name: 'mish', op: mish, ref: (x) => x * Math.tanh(Math.log1p(Math.exp(x))), inputs: seq(12, -6, 6) },
  { name: 'hardtanh', op: (x) => hardtanh(x), ref: (x) => Math.min(Math.max(x, -1), 1), inputs: [-2.5, -1.5, -0.7, -0.2, 0.3, 0.9, 1.2, 3], int: true },
  { name: 'hardtanh(-2, 3)', op: (x) => hardtanh(x, -2, 3), ref: (x) => Math.min(Math.max(x, -2), 3), inputs: [-4, -2.5, -1.5, 0.3, 2.9, 3.2, 5], int: true },
  { name: 'relu6', op: relu6, ref: (x) => Math.min(Math.max(x, 0), 6), inputs: [-3, -0.5, 0.5, 2, 5.5, 6.5, 9], int: true },
  { name: 'erf', op: erf, ref: erfRef, inputs: seq(12, -3, 3) },
  { name: 'floor', op: floor, ref: Math.floor, inputs: seq(12, -4, 4), int: true },
  { name: 'ceil', op: ceil, ref: Math.ceil, inputs: seq(12, -4, 4), int: true },
  { name: 'round', op: round, ref: roundHalfEven, inputs: seq(12, -4, 4), int: true },
  { name: 'trunc', op: trunc, ref: Math.trunc, inputs: seq(12, -4, 4), int: true },
  { name: 'clamp(-0.5, 0.8)', op: (x) => clamp(x, -0.5, 0.8), ref: (x) => Math.min(Math.max(x, -0.5), 0.8), inputs: awayFromZero(12, 0.1, 2).map((v) => v + 0.03), int: true },
  { name: 'clamp(min)', op: (x) => clamp(x, 0.25), ref: (x) => Math.max(x, 0.25), inputs: awayFromZero(12, 0.1, 2).map((v) => v + 0.03), int: true },
  { name: 'clamp(null, max)', op: (x) => clamp(x, null, 0.25), ref: (x) => Math.min(x, 0.25), inputs: awayFromZero(12, 0.1, 2).map((v) => v + 0.03), int: true },
];

describe('unary math ops: values against Math.* in float64', () => {
  for (const c of CASES) {
    it(`${c.name} (float32, shape [3, 4])`, () => {
      const xs = f32(c.inputs);
      const y = c.op(tensor(xs, { shape: xs.length === 12 ? [3, 4] : [xs.length] }));
      expect(y.dtype).toBe('float32');
      expectClose(y, xs.map(c.ref), 1e-6);
    });

    it(`${c.name} (float64, 1e-12)`, () => {
      const x = tensor(c.inputs, { dtype: 'float64' });
      const y = c.op(x);
      expect(y.dtype).toBe('float64');
      expectClose(y, c.inputs.map(c.ref), 1e-12);
    });

    it(`${c.name}: gradient matches finite differences`, () => {
      const x = tensor(c.inputs, { dtype: 'float64' });
      expect(gradcheck(c.op, [x]).checkedElements).toBe(c.inputs.length);
    });

    it(`${c.name}: size-0 and 0-d inputs`, () => {
      const e = c.op(zeros([2, 0, 3]));
      expectShape(e, [2, 0, 3]);
      const s = c.op(tensor(c.inputs[1]!));
      expectShape(s, []);
      expectClose(s, [c.ref(Math.fround(c.inputs[1]!))], 1e-6);
    });

    if (c.int) {
      it(`${c.name}: int32 input`, () => {
        const ints = [-3, -1, 0, 2, 5, 7];
        const y = c.op(tensor(ints, { dtype: 'int32' }));
        expect(['int32', 'float32']).toContain(y.dtype);
        expectClose(y, ints.map(c.ref), 1e-6);
      });
      it(`${c.name}: bool input is a DTypeError naming the op`, () => {
        const op = c.name.replace(/\(.*$/, '');
        expect(() => c.op(tensor([true, false]))).toThrow(DTypeError);
        expect(() => c.op(tensor([true, false]))).toThrow(new RegExp(`^${op}:`));
      });
    } else {
      it(`${c.name}: int32 input is a DTypeError naming the op`, () => {
        const op = c.name.replace(/\(.*$/, '');
        expect(() => c.op(tensor([1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
        expect(() => c.op(tensor([1, 2], { dtype: 'int32' }))).toThrow(new RegExp(`^${op}:`));
      });
    }
  }
});

describe('unary math ops: special values', () => {
  const I = Infinity;
  it('exp, log, sqrt, rsqrt, reciprocal at 0, ±Infinity, negatives and NaN', () => {
    expectClose(exp(tensor([-I, 0, I, NaN])), [0, 1, I, NaN]);
    expectClose(log(tensor([0, -1, I, 1])), [-I, NaN, I, 0]);
    expectClose(log1p(tensor([-1, -2, 0])), [-I, NaN, 0]);
    expectClose(sqrt(tensor([-1, 0, I])), [NaN, 0, I]);
    expectClose(rsqrt(tensor([0, 4, -1])), [I, 0.5, NaN]);
    expectClose(reciprocal(tensor([0, -0, 4])), [I, -I, 0.25]);
    expectClose(asin(tensor([1.5, 1])), [NaN, Math.PI / 2], 1e-6);
    expectClose(atanh(tensor([1, -1, 2])), [Infinity, -Infinity, NaN]);
    expectClose(acosh(tensor([0.5, 1])), [NaN, 0]);
  });

  it('activations saturate without overflow or NaN', () => {
    expectClose(sigmoid(tensor([-I, -100, 100, I])), [0, sigmoidRef(-100), 1, 1], 1e-6);
    expectClose(tanh(tensor([-I, -50, 50, I])), [-1, -1, 1, 1]);
    expectClose(softplus(tensor([-100, 30, 1000])), [Math.exp(-100), 30, 1000], 1e-6);
    expectClose(softplus(tensor([-100, 50], { dtype: 'float64' }), 1, 100), [Math.exp(-100), 50], 1e-12);
    expectClose(gelu(tensor([-10, 10])), [0, 10], 1e-6);
    expectClose(silu(tensor([-100, 100])), [-100 * sigmoidRef(100) * Math.exp(-100) / sigmoidRef(100), 100], 1e-6);
    expectClose(mish(tensor([-100, 100])), [-100 * Math.tanh(Math.exp(-100)), 100], 1e-6);
    expectClose(erf(tensor([-I, I, 0])), [-1, 1, 0]);
  });

  it('sign, relu, clamp and rounding keep NaN; rounding goes half to even', () => {
    expectClose(sign(tensor([NaN, -0.5, 0, 3])), [NaN, -1, 0, 1]);
    expectClose(relu(tensor([NaN])), [NaN]);
    expectClose(clamp(tensor([NaN, -5, 5]), -1, 1), [NaN, -1, 1]);
    expectClose(round(tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999])), [0, 2, 2, -0, -2, -2, 2]);
    expectClose(floor(tensor([-0.5, 1.999])), [-1, 1]);
    expectClose(trunc(tensor([-1.7, 1.7])), [-1, 1]);
    expectClose(ceil(tensor([-1.7, 1.2])), [-1, 2]);
  });

  it('integer rounding is a copy; integer clamp to a fractional bound gives float32', () => {
    const i = tensor([1, -2], { dtype: 'int32' });
    const f = floor(i);
    expect(f).not.toBe(i);
    expect(f.dtype).toBe('int32');
    const c = clamp(i, -1.5, 0.5);
    expect(c.dtype).toBe('float32');
    expectClose(c, [0.5, -1.5]);
    expect(clamp(i, 0).dtype).toBe('int32');
  });

  it('gradients at kinks follow PyTorch', () => {
    const check = (op: (x: Tensor) => Tensor, xs: number[], want: number[]): void => {
      const x = tensor(xs, { dtype: 'float64' }).requiresGrad_();
      op(x).sum().backward();
      expectClose(x.grad!, want);
    };
    check(relu, [0, 1], [0, 1]);
    check(abs, [0, -2], [0, -1]);
    check((x) => clamp(x, -1, 1), [-1, 1, 2, 0], [1, 1, 0, 1]); // clamp passes at the bounds
    check((x) => hardtanh(x), [-1, 1, 2, 0], [0, 0, 0, 1]); // hardtanh does not
    check(relu6, [0, 6, 3], [0, 0, 1]);
    check((x) => leakyRelu(x, 0.1), [0, 2], [0.1, 1]);
    check((x) => elu(x, 2), [0], [2]);
    check(sign, [3], [0]);
    check(floor, [1.5], [0]);
    check(sqrt, [0], [Infinity]);
  });

  it('clamp needs a bound', () => {
    expect(() => clamp(tensor([1]))).toThrow(/clamp: at least one of min and max/);
    expect(() => gelu(tensor([1]), 'fast' as 'tanh')).toThrow(/gelu: approximate/);
  });
});

describe('clamp with tensor bounds', () => {
  it('broadcasts x, min and max; min > max gives max', () => {
    const x = tensor([[-2, 0.5, 3], [1, 1, 1]]);
    const lo = tensor([[-1], [2]]);
    const hi = tensor([0, 1, 1.5]);
    expectClose(clamp(x, lo, hi), [[-1, 0.5, 1.5], [0, 1, 1.5]]);
    expectClose(clamp(x, lo), [[-1, 0.5, 3], [2, 2, 2]]);
    expectClose(clamp(x, null, hi), [[-2, 0.5, 1.5], [0, 1, 1]]);
    expectClose(clamp(x, -1, hi), [[-1, 0.5, 1.5], [0, 1, 1]]);
    expectClose(clamp(tensor([NaN]), tensor([0]), tensor([1])), [NaN]);
  });

  it('promotes dtypes (float32 x with float64 bounds gives float64)', () => {
    const y = clamp(tensor([1, 5]), tensor([2], { dtype: 'float64' }));
    expect(y.dtype).toBe('float64');
    expectClose(y, [2, 5]);
  });

  it('gradients to x, min and max match finite differences', () => {
    const x = tensor([[-2, 0.5, 3], [1.2, 0.9, 0.1]], { dtype: 'float64' });
    const lo = tensor([[-1], [0.4]], { dtype: 'float64' });
    const hi = tensor([0.2, 1.1, 1.5], { dtype: 'float64' });
    gradcheck((a, b, c) => clamp(a!, b, c), [x, lo, hi]);
    gradcheck((a, b) => clamp(a!, b), [x, lo]);
    gradcheck((a, c) => clamp(a!, null, c), [x, hi]);
    // where min > max everything goes to max
    gradcheck((a, b, c) => clamp(a!, b, c), [x, tensor([[2], [3]], { dtype: 'float64' }), hi]);
  });

  it('bad shapes and dtypes are typed errors naming clamp', () => {
    expect(() => clamp(tensor([1, 2, 3]), tensor([0, 1]))).toThrow(/^clamp: shapes \[3\] and \[2\]/);
    expect(() => clamp(tensor([1, 2]), tensor([true, false]))).toThrow(DTypeError);
  });
});
