/**
 * Traced (kernel-level) export cases: small modules whose forward is one op or a custom
 * composition, so that every kernel of packages/backend/src/kernels.ts that an inference pass can
 * run is written to ONNX and checked in onnxruntime.
 */
import {
  Linear, Module, abs, acos, acosh, all, any, argmax, argmin, asin, asinh, atan, atan2, atanh, avgPool2d, broadcastTo, cast, ceil, chunk, clamp, concat,
  conv2d, convTranspose2d, cos, cosh, elu, eq, erf, exp, expm1, flip, floor, floorDivide, full, gather, ge, gt, indexSelect, isFinite, isInf, isNaN, le,
  leakyRelu, linear, log, log1p, logicalAnd, logicalNot, logicalOr, logicalXor, lt, matmul, max, maxPool2d, maximum, mean, min, minimum, narrow, ne, neg,
  oneHot, pad, permute, pow, prod, randint, randn, reciprocal, relu, remainder, repeat, round, rsqrt, scatterAdd, sigmoid, sign, sin, sinh,
  slice, softplus, sqrt, square, stack, sum, tan, tanh, tensor, trunc, uniform, where, zeros,
} from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { ExportCase } from './cases.js';

/** A module running `f` on its inputs; parameters can be registered on it. */
export class Fn extends Module {
  constructor(readonly f: (m: Fn, ...xs: Tensor[]) => Tensor) {
    super();
  }

  forward(...xs: Tensor[]): Tensor {
    return this.f(this, ...xs);
  }
}

type Inputs = (batch: number) => Tensor[];
const normal = (...dims: number[]): Inputs => (b) => [randn([b, ...dims])];
const within = (lo: number, hi: number, ...dims: number[]): Inputs => (b) => [uniform([b, ...dims], lo, hi)];
const two = (...dims: number[]): Inputs => (b) => [randn([b, ...dims]), randn([b, ...dims])];
/** Values with ties, so comparisons see equal elements. */
const ties = (...dims: number[]): Inputs => (b) => [randint(-2, 3, [b, ...dims], { dtype: 'float32' }), randint(-2, 3, [b, ...dims], { dtype: 'float32' })];

const unary = (label: string, f: (x: Tensor) => Tensor, input: Inputs = normal(6), ops?: string[]): ExportCase =>
  ({ label, make: () => new Fn((_, x) => f(x!)), input, ops });
const binary = (label: string, f: (a: Tensor, b: Tensor) => Tensor, input: Inputs = two(6), ops?: string[]): ExportCase =>
  ({ label, make: () => new Fn((_, a, b) => f(a!, b!)), input, ops });

export const UNARY_CASES: readonly ExportCase[] = [
  unary('neg', neg), unary('abs', abs), unary('sign', sign), unary('square', square), unary('relu', relu),
  unary('exp', exp), unary('expm1', expm1), unary('log', log, within(0.1, 3, 6)), unary('log1p', log1p, within(-0.5, 3, 6)),
  unary('sqrt', sqrt, within(0.1, 3, 6)), unary('rsqrt', rsqrt, within(0.1, 3, 6)), unary('reciprocal', reciprocal, within(0.5, 3, 6)),
  unary('sin', sin), unary('cos', cos), unary('tan', tan, within(-1.2, 1.2, 6)), unary('asin', asin, within(-0.9, 0.9, 6)),
  unary('acos', acos, within(-0.9, 0.9, 6)), unary('atan', atan), unary('sinh', sinh), unary('cosh', cosh), unary('tanh', tanh),
  unary('asinh', asinh), unary('acosh', acosh, within(1.1, 3, 6)), unary('atanh', atanh, within(-0.9, 0.9, 6)),
  unary('sigmoid', sigmoid), unary('leakyRelu', (x) => leakyRelu(x, 0.3)), unary('elu', (x) => elu(x, 0.7)), unary('softplus', softplus),
  unary('erf', erf), unary('clamp', (x) => clamp(x, -0.5, 0.8), normal(6), ['Clip']), unary('clamp min only', (x) => clamp(x, 0.1)),
  unary('floor', (x) => floor(x.mul(3))), unary('ceil', (x) => ceil(x.mul(3))), unary('round (half to even)', (x) => round(x.mul(4).floor().add(0.5))),
  unary('trunc', (x) => trunc(x.mul(3))),
  unary('isNaN / isInf / isFinite / logicalNot', (x) => {
    const odd = where(gt(x, 1), x.div(0), where(lt(x, -1), log(x), x)); // +Inf and NaN among finite values
    return logicalOr(logicalAnd(isNaN(odd), logicalNot(isInf(odd))), logicalXor(isFinite(odd), gt(x, 0)));
  }),
];

export const BINARY_CASES: readonly ExportCase[] = [
  binary('add with broadcasting', (a, b) => a.add(b.sum(1, true))), binary('sub', (a, b) => a.sub(b)), binary('mul', (a, b) => a.mul(b)),
  binary('div', (a, b) => a.div(b.abs().add(0.5))), binary('pow', (a, b) => pow(a.abs().add(0.1), b)), binary('maximum', maximum), binary('minimum', minimum),
  binary('remainder (float, Python sign)', (a, b) => remainder(a.mul(5), b.abs().add(0.5).mul(sign(b)))),
  binary('floorDivide (float)', (a, b) => floorDivide(a.mul(5), b.abs().add(0.5).mul(sign(b)))), binary('atan2', atan2),
  binary('comparisons', (a, b) => logicalOr(logicalAnd(eq(a, b), le(a, 1)), logicalXor(ne(a, b), logicalAnd(ge(a, b), lt(b, 1)))), ties(6)),
  binary('where', (a, b) => where(gt(a, b), a, b.mul(2))),
  {
    label: 'int32 floorDivide and remainder (Python semantics)',
    make: () => new Fn((_, a) => {
      const divisor = tensor([3, -2, 5, -4, 2, -3], { dtype: 'int32' });
      return floorDivide(a!, divisor).mul(100).add(remainder(a!, divisor));
    }),
    input: (b) => [randint(-20, 20, [b, 6])],
  },
  { label: 'int32 relu and clamp', make: () => new Fn((_, a) => clamp(relu(a!.sub(3)), 1, 9)), input: (b) => [randint(-20, 20, [b, 6])] },
];

export const REDUCE_CASES: readonly ExportCase[] = [
  unary('sum over an axis', (x) => sum(x, 1)), unary('mean over two axes, keepdim', (x) => mean(x, [1, 2], true), normal(3, 4)),
  unary('max / min', (x) => max(x, -1).sub(min(x, 1)), normal(5)), unary('prod', (x) => prod(x, 1), within(0.5, 1.5, 4)),
  unary('any / all', (x) => logicalXor(any(gt(x, 1), 1), all(gt(x, -1), 1)), normal(5)),
  unary('argmax', (x) => argmax(x, 1), normal(7)), unary('argmin keepdim', (x) => argmin(x, 2, true), normal(3, 4)),
  unary('sum of bools (int32)', (x) => sum(gt(x, 0), 1), normal(6)),
];

export const LINALG_CASES: readonly ExportCase[] = [
  {
    label: 'matmul [B, 3, 4] · [4, 5]',
    make: () => new Fn((m, x) => matmul(x!, (m as unknown as { w: Tensor }).w)).apply((m) => void m.registerParameter('w', randn([4, 5]))),
    input: normal(3, 4), ops: ['Gemm'], // folded into one GEMM, as Pistil computes it
  },
  binary('batched matmul of two inputs', (a, b) => matmul(a, b.transpose(1, 2)), two(3, 4), ['Transpose', 'MatMul']),
  {
    label: 'linear (traced) → Gemm transB',
    make: () => new Fn((m, x) => linear(x!, (m as unknown as { w: Tensor }).w)).apply((m) => void m.registerParameter('w', randn([3, 6]))),
    input: normal(6), ops: ['Gemm'],
  },
  {
    label: 'conv2d and convTranspose2d (traced)',
    make: () => new Fn((m, x) => {
      const p = m as unknown as { w: Tensor; wt: Tensor; b: Tensor };
      return convTranspose2d(relu(conv2d(x!, p.w, p.b, { stride: 2, padding: 1 })), p.wt, null, { stride: 2, outputPadding: 1 });
    }).apply((m) => {
      m.registerParameter('w', randn([4, 2, 3, 3]).mul(0.3));
      m.registerParameter('b', randn([4]));
      m.registerParameter('wt', randn([4, 3, 2, 2]).mul(0.3));
    }),
    input: normal(2, 7, 7), ops: ['Conv', 'ConvTranspose'],
  },
  unary('maxPool2d with pads beyond the kernel (explicit Pad)', (x) => maxPool2d(x, 2, { stride: 2, padding: 1, dilation: 3, ceilMode: true }), normal(2, 9, 9), ['Pad', 'MaxPool']),
  unary('maxPool2d and avgPool2d (traced)', (x) => maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }).add(avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true })), normal(2, 8, 8)),
];

export const SHAPE_CASES: readonly ExportCase[] = [
  unary('permute', (x) => permute(x, [0, 2, 3, 1]), normal(2, 3, 4), ['Transpose']),
  unary('broadcastTo the batch', (x) => broadcastTo(x, [x.shape[0]!, 3, 4]), normal(1, 4), ['Expand']),
  unary('repeat', (x) => repeat(x, [1, 2, 3]), normal(2, 3)),
  unary('pad constant / reflect / replicate', (x) => pad(x, [1, 2, 2, 0], 'constant', 0.5).add(pad(x, [1, 2, 2, 0], 'reflect')).add(pad(x, [1, 2, 2, 0], 'replicate')), normal(2, 4, 5), ['Pad']),
  unary('negative pads crop', (x) => pad(x, [-1, 2]), normal(6)),
  unary('slice with step, narrow', (x) => slice(x, 2, 1, 7, 2).add(narrow(x, 2, 0, 3)), normal(2, 8), ['Slice']),
  unary('flip (negative step)', (x) => flip(x, [0, 2]), normal(3, 5), ['Slice']),
  unary('slice of the batch dim', (x) => slice(x, 0, 1).sub(slice(x, 0, 0, -1)), normal(3)),
  unary('concat, stack and chunk', (x) => {
    const [a, b] = chunk(x, 2, 1);
    return stack([concat([b!, a!], 1), x], 1);
  }, normal(6), ['Concat']),
  { label: 'indexSelect with a buffer of indices', make: () => new Fn((_, x) => indexSelect(x!, 1, [4, 0, 0, 2])), input: normal(5, 2), ops: ['Gather'] },
  { label: 'gather (torch.gather)', make: () => new Fn((_, x, i) => gather(x!, 1, i!)), input: (b) => [randn([b, 5]), randint(0, 5, [b, 3])], ops: ['Gather'], dynamicBatch: false },
  { label: 'oneHot and cast', make: () => new Fn((_, i) => cast(oneHot(i!, 4), 'float32').mul(2)), input: (b) => [randint(0, 4, [b, 3])], ops: ['Cast'] },
  unary('zeros and full inside forward (fill)', (x) => x.add(zeros([6])).mul(full([1, 6], 2)), normal(6)),
  {
    label: 'a large fill (ConstantOfShape)', make: () => new Fn((_, x) => x!.add(full([x!.shape[0]!, 40, 40], 0.25))),
    input: normal(40, 40), ops: ['ConstantOfShape'], dynamicBatch: false,
  },
];

/** x → relu(fc(x)) + x, concatenated with its negation, reshaped: the residual custom module of the brief. */
export class Residual extends Module {
  readonly fc = new Linear(6, 6);

  forward(x: Tensor): Tensor {
    const h = relu(this.fc.call(x)).add(x);
    return concat([h, neg(h)], 1).reshape([x.shape[0]!, 3, 4]).sum(2);
  }
}

export const CUSTOM_CASES: readonly ExportCase[] = [
  { label: 'custom Module: residual add, concat, reshape', make: () => new Residual(), input: normal(6), ops: ['Gemm', 'Add', 'Concat', 'Reshape'] },
  {
    label: 'two inputs',
    make: () => new Fn((m, a, b) => linear(concat([a!, b!.mean(2)], 1), (m as unknown as { w: Tensor }).w)).apply((m) => void m.registerParameter('w', randn([2, 7]))),
    input: (b) => [randn([b, 3]), randn([b, 4, 5])],
  },
];

export const SCATTER_CASE: ExportCase = {
  label: 'scatterAdd (opset 16+)', make: () => new Fn((_, x, i) => scatterAdd(x!, 1, i!, x!.mul(2))), input: (b) => [randn([b, 5]), randint(0, 5, [b, 5])],
  ops: ['ScatterElements'], dynamicBatch: false,
};
