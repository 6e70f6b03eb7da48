import { describe, expect, it } from 'vitest';
import {
  DTypeError, ShapeError, adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveMaxPool1d, adaptiveMaxPool2d, arange, avgPool1d, avgPool2d, gradcheck, lpPool1d, lpPool2d, maxPool1d, maxPool2d, tensor, zeros,
} from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { as1d, as2d, distinct, flat, gradOfSquares, rand, refAdaptive2d, refLpPool2d, refPool2d, toT } from './ref.js';
import type { PoolSpec } from './ref.js';

/** 1…n as a float64 [1, 1, h, w] tensor. */
const ramp = (h: number, w: number) => arange(1, h * w + 1, 1, { dtype: 'float64' }).reshape([1, 1, h, w]);

type Case = { name: string; x: number[]; spec: PoolSpec };

const MAX_CASES: Case[] = [
  { name: 'kernel 2, default stride', x: [2, 3, 6, 4], spec: { kernel: [2, 2] } },
  { name: 'kernel 3, stride 2, padding 1', x: [2, 2, 7, 6], spec: { kernel: [3, 3], stride: [2, 2], padding: [1, 1] } },
  { name: 'non-square kernel, stride and padding', x: [1, 2, 5, 9], spec: { kernel: [2, 3], stride: [1, 2], padding: [1, 1] } },
  { name: 'dilation 2', x: [1, 2, 7, 8], spec: { kernel: [3, 2], stride: [1, 2], dilation: [2, 2], padding: [1, 1] } },
  { name: 'ceilMode, extra pad within the kernel limit', x: [1, 2, 5, 5], spec: { kernel: [2, 2], ceilMode: true } },
  { name: 'ceilMode, extra pad past the kernel limit', x: [2, 1, 4, 7], spec: { kernel: [3, 3], stride: [3, 3], ceilMode: true } },
  { name: 'ceilMode with padding', x: [1, 2, 6, 6], spec: { kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceilMode: true } },
  { name: 'ceilMode drops a window starting in the right padding', x: [1, 1, 5, 5], spec: { kernel: [2, 2], stride: [2, 2], padding: [1, 1], ceilMode: true } },
  { name: 'ceilMode with dilation', x: [1, 1, 8, 6], spec: { kernel: [2, 2], stride: [3, 2], dilation: [2, 2], ceilMode: true } },
  { name: '1×1 kernel with stride', x: [1, 2, 5, 4], spec: { kernel: [1, 1], stride: [2, 2] } },
];

function poolOpts(spec: PoolSpec) {
  return { stride: spec.stride, padding: spec.padding, dilation: spec.dilation, ceilMode: spec.ceilMode };
}

describe('maxPool2d', () => {
  it.each(MAX_CASES)('matches the window loop: $name', ({ x, spec }) => {
    const xa = distinct(x, 1);
    const want = refPool2d(xa, 'max', spec);
    const y = maxPool2d(toT(xa), spec.kernel, poolOpts(spec));
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 0);
  });

  it('ceilMode output sizes follow PyTorch', () => {
    expect(maxPool2d(zeros([1, 1, 5, 5]), 2, { ceilMode: true }).shape).toEqual([1, 1, 3, 3]);
    expect(maxPool2d(zeros([1, 1, 5, 5]), 2, { ceilMode: false }).shape).toEqual([1, 1, 2, 2]);
    // The window that would start in the right padding is dropped: 4 → 3.
    expect(maxPool2d(zeros([1, 1, 5, 5]), 2, { padding: 1, ceilMode: true }).shape).toEqual([1, 1, 3, 3]);
    expect(maxPool2d(zeros([1, 1, 4, 4]), 3, { stride: 3, ceilMode: true }).shape).toEqual([1, 1, 2, 2]);
  });

  it('hand-computed: 2×2 pooling of a ramp with ceilMode', () => {
    expectClose(maxPool2d(ramp(5, 5), 2, { ceilMode: true }), [[7, 9, 10], [17, 19, 20], [22, 24, 25]]);
  });

  it('accepts [C, H, W] and float32; empty batch passes through', () => {
    const xa = distinct([1, 3, 6, 5], 2);
    const y = maxPool2d(toT({ shape: [3, 6, 5], data: xa.data }, 'float32'), 3, { stride: 2, padding: 1 });
    expect(y.shape).toEqual([3, 3, 3]);
    expect(y.dtype).toBe('float32');
    expectClose(y, flat(refPool2d(xa, 'max', { kernel: [3, 3], stride: [2, 2], padding: [1, 1] })), 1e-6);
    expect(maxPool2d(zeros([0, 3, 4, 4]), 2).shape).toEqual([0, 3, 2, 2]);
  });

  it('gradcheck (distinct values): overlapping windows, padding, ceilMode both ways', () => {
    gradcheck((x) => maxPool2d(x!, 3, { stride: 2, padding: 1 }), [toT(distinct([2, 2, 5, 4], 3))]);
    gradcheck((x) => maxPool2d(x!, [2, 3], { stride: [2, 1], dilation: [1, 2] }), [toT(distinct([1, 2, 5, 6], 4))]);
    gradcheck((x) => maxPool2d(x!, 2, { ceilMode: true }), [toT(distinct([1, 2, 5, 3], 5))]);
    gradcheck((x) => maxPool2d(x!, 3, { stride: 3, ceilMode: true }), [toT(distinct([1, 2, 4, 5], 6))]);
  });

  it('double backward (the gradient of the max-pool gradient)', () => {
    gradcheck(gradOfSquares((x) => maxPool2d(x!, 3, { stride: 2, padding: 1 })), [toT(distinct([1, 2, 5, 4], 7))]);
    gradcheck(gradOfSquares((x) => maxPool2d(x!, 3, { stride: 3, ceilMode: true })), [toT(distinct([1, 1, 4, 5], 8))]);
    gradcheck(gradOfSquares((x) => maxPool2d(x!, 2).mul(x!.sum())), [toT(distinct([1, 1, 4, 4], 9))]);
  });

  it('rejects bad shapes, options and dtypes with errors naming maxPool2d', () => {
    expect(() => maxPool2d(zeros([4, 4]), 2)).toThrow(/maxPool2d: input must be \[N, C, H, W\] or \[C, H, W\], got \[4, 4\]/);
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 2, { padding: 2 })).toThrow(/maxPool2d: padding \[2, 2\] must be at most half the kernel size/);
    expect(() => maxPool2d(zeros([1, 1, 2, 2]), 3)).toThrow(/maxPool2d: input \[1, 1, 2, 2\] is too small/);
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 0)).toThrow(/maxPool2d: kernelSize/);
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 2, { stride: [1, 0] })).toThrow(ShapeError);
    expect(() => maxPool2d(zeros([1, 1, 0, 4]), 2)).toThrow(/maxPool2d: spatial dims/);
    expect(() => maxPool2d(zeros([1, 1, 4, 4], { dtype: 'int32' }), 2)).toThrow(DTypeError);
  });
});

const AVG_CASES: Case[] = [
  { name: 'kernel 2, default stride', x: [2, 3, 6, 4], spec: { kernel: [2, 2] } },
  { name: 'padding counted', x: [1, 2, 5, 6], spec: { kernel: [3, 3], stride: [2, 2], padding: [1, 1] } },
  { name: 'padding not counted', x: [1, 2, 5, 6], spec: { kernel: [3, 3], stride: [2, 2], padding: [1, 1], countIncludePad: false } },
  { name: 'non-square', x: [2, 1, 5, 7], spec: { kernel: [2, 3], stride: [1, 2], padding: [1, 0] } },
  { name: 'ceilMode (kernel path), counting padding', x: [1, 2, 5, 5], spec: { kernel: [2, 2], ceilMode: true } },
  { name: 'ceilMode (explicit pad path)', x: [1, 2, 4, 7], spec: { kernel: [3, 3], stride: [3, 3], ceilMode: true } },
  { name: 'ceilMode with padding, counted', x: [1, 2, 4, 6], spec: { kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceilMode: true } },
  { name: 'ceilMode with padding, not counted', x: [1, 2, 4, 6], spec: { kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceilMode: true, countIncludePad: false } },
  { name: 'divisorOverride', x: [1, 2, 4, 4], spec: { kernel: [2, 2], divisorOverride: 3 } },
  { name: 'divisorOverride with ceilMode and padding', x: [1, 1, 5, 4], spec: { kernel: [2, 2], padding: [1, 1], ceilMode: true, divisorOverride: 2 } },
];

describe('avgPool2d', () => {
  it.each(AVG_CASES)('matches PyTorch’s loop (divisor included): $name', ({ x, spec }) => {
    const xa = rand(x, 11);
    const want = refPool2d(xa, 'avg', spec);
    const y = avgPool2d(toT(xa), spec.kernel, { stride: spec.stride, padding: spec.padding, ceilMode: spec.ceilMode, countIncludePad: spec.countIncludePad, divisorOverride: spec.divisorOverride });
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 1e-12);
  });

  it('hand-computed: ceilMode windows hanging past the input divide by what they cover', () => {
    expectClose(avgPool2d(ramp(5, 5), 2, { ceilMode: true }), [[4, 6, 7.5], [14, 16, 17.5], [21.5, 23.5, 25]]);
    // padding 1 counted: corner window covers rows/cols {-1, 0}: (1 + 0·3)/4
    expectClose(avgPool2d(ramp(3, 3), 2, { padding: 1 }), [[0.25, 1.25], [2.75, 7]]);
    expectClose(avgPool2d(ramp(3, 3), 2, { padding: 1, countIncludePad: false }), [[1, 2.5], [5.5, 7]]);
  });

  it('accepts [C, H, W] and float32', () => {
    const xa = rand([1, 2, 5, 5], 12);
    const y = avgPool2d(toT({ shape: [2, 5, 5], data: xa.data }, 'float32'), 2, { ceilMode: true });
    expect(y.shape).toEqual([2, 3, 3]);
    expectClose(y, flat(refPool2d(xa, 'avg', { kernel: [2, 2], ceilMode: true })), 1e-6);
  });

  it('gradcheck: padding (counted or not), ceilMode both paths, divisorOverride', () => {
    gradcheck((x) => avgPool2d(x!, 3, { stride: 2, padding: 1 }), [toT(rand([2, 2, 5, 4], 13))]);
    gradcheck((x) => avgPool2d(x!, [2, 3], { stride: [1, 2], padding: [1, 1], countIncludePad: false }), [toT(rand([1, 2, 4, 5], 14))]);
    gradcheck((x) => avgPool2d(x!, 2, { ceilMode: true, padding: 1 }), [toT(rand([1, 2, 5, 4], 15))]);
    gradcheck((x) => avgPool2d(x!, 3, { stride: 3, ceilMode: true, countIncludePad: false }), [toT(rand([1, 1, 4, 5], 16))]);
    gradcheck((x) => avgPool2d(x!, 2, { divisorOverride: 3 }), [toT(rand([1, 1, 4, 4], 17))]);
  });

  it('rejects bad shapes, options and dtypes with errors naming avgPool2d', () => {
    expect(() => avgPool2d(zeros([4]), 2)).toThrow(/avgPool2d: input must be/);
    expect(() => avgPool2d(zeros([1, 1, 4, 4]), 3, { padding: 2 })).toThrow(/avgPool2d: padding \[2, 2\] must be at most half/);
    expect(() => avgPool2d(zeros([1, 1, 2, 2]), 3)).toThrow(/avgPool2d: input \[1, 1, 2, 2\] is too small/);
    expect(() => avgPool2d(zeros([1, 1, 4, 4]), [2, 2.5])).toThrow(ShapeError);
    expect(() => avgPool2d(zeros([1, 1, 4, 4]), 2, { divisorOverride: 0 })).toThrow(/avgPool2d: divisorOverride/);
    expect(() => avgPool2d(zeros([1, 1, 4, 4], { dtype: 'uint8' }), 2)).toThrow(DTypeError);
  });
});

describe('1-D pools', () => {
  it('maxPool1d matches the 2-D oracle with H = 1, for [N, C, L] and [C, L]', () => {
    const xa = distinct([2, 3, 9], 21);
    const spec: PoolSpec = { kernel: [1, 3], stride: [1, 2], padding: [0, 1], dilation: [1, 2], ceilMode: true };
    const want = as1d(refPool2d(as2d(xa), 'max', spec));
    const y = maxPool1d(toT(xa), 3, { stride: 2, padding: 1, dilation: 2, ceilMode: true });
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 0);
    expect(maxPool1d(zeros([3, 8]), 2).shape).toEqual([3, 4]);
    gradcheck((x) => maxPool1d(x!, 3, { stride: 2, padding: 1 }), [toT(distinct([1, 2, 7], 22))]);
  });

  it('avgPool1d matches the 2-D oracle with H = 1', () => {
    const xa = rand([2, 2, 8], 23);
    const spec: PoolSpec = { kernel: [1, 3], stride: [1, 2], padding: [0, 1], ceilMode: true, countIncludePad: false };
    const want = as1d(refPool2d(as2d(xa), 'avg', spec));
    const y = avgPool1d(toT(xa), 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false });
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 1e-12);
    gradcheck((x) => avgPool1d(x!, 2, { padding: 1 }), [toT(rand([1, 2, 5], 24))]);
  });

  it('errors name the 1-D op', () => {
    expect(() => maxPool1d(zeros([1, 2, 3, 4]), 2)).toThrow(/maxPool1d: input must be \[N, C, L\] or \[C, L\]/);
    expect(() => maxPool1d(zeros([1, 2, 4]), 2, { padding: 2 })).toThrow(/maxPool1d: input \[1, 2, 4\]: maxPool2d: padding/);
    expect(() => avgPool1d(zeros([1, 2, 2]), 3)).toThrow(/avgPool1d: input \[1, 2, 2\]: avgPool2d: input .* is too small/);
    expect(() => avgPool1d(zeros([1, 2, 4], { dtype: 'int32' }), 2)).toThrow(DTypeError);
  });
});

describe('lpPool2d / lpPool1d', () => {
  it.each([
    { p: 2, kernel: [2, 2] as [number, number], stride: undefined },
    { p: 3, kernel: [3, 2] as [number, number], stride: [1, 2] as [number, number] },
    { p: 1.5, kernel: [2, 3] as [number, number], stride: [2, 1] as [number, number] },
  ])('matches (Σ x^p)^(1/p) over windows: p = $p', ({ p, kernel, stride }) => {
    const xa = rand([2, 2, 6, 7], 31, 0.2, 1.5);
    const want = refLpPool2d(xa, p, kernel, stride);
    const y = lpPool2d(toT(xa), p, kernel, { stride });
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 1e-12);
  });

  it('p = 1 of positive inputs is sum pooling; ceilMode scales partial windows as PyTorch', () => {
    expectClose(lpPool2d(ramp(2, 4), 1, 2), [[14, 22]]);
    // ceilMode: the 1-column windows are avg_pool(x^p) (divisor = covered size) times kh·kw.
    const y = lpPool2d(ramp(2, 3), 2, 2, { ceilMode: true });
    expectClose(y, [[Math.sqrt(1 + 4 + 16 + 25), Math.sqrt(((9 + 36) / 2) * 4)]], 1e-12);
  });

  it('gradcheck (positive inputs)', () => {
    gradcheck((x) => lpPool2d(x!, 2, 2, { stride: 1 }), [toT(rand([1, 2, 3, 4], 32, 0.2, 1.5))]);
    gradcheck((x) => lpPool2d(x!, 3, [2, 3], { stride: [1, 2], ceilMode: true }), [toT(rand([1, 1, 4, 6], 33, 0.2, 1.5))]);
    gradcheck((x) => lpPool1d(x!, 2, 3, { stride: 2 }), [toT(rand([2, 1, 7], 34, 0.2, 1.5))]);
  });

  it('lpPool1d matches the 2-D oracle with H = 1', () => {
    const xa = rand([2, 3, 8], 35, 0.1, 2);
    const want = as1d(refLpPool2d(as2d(xa), 2, [1, 3], [1, 2]));
    const y = lpPool1d(toT(xa), 2, 3, { stride: 2 });
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 1e-12);
  });

  it('rejects bad norms, shapes and dtypes naming the op', () => {
    expect(() => lpPool2d(zeros([1, 1, 4, 4]), 0, 2)).toThrow(/lpPool2d: normType must be a finite positive number/);
    expect(() => lpPool2d(zeros([1, 1, 4, 4]), Infinity, 2)).toThrow(RangeError);
    expect(() => lpPool2d(zeros([4, 4]), 2, 2)).toThrow(/lpPool2d: input must be/);
    expect(() => lpPool2d(zeros([1, 1, 2, 2]), 2, 3)).toThrow(/lpPool2d: input \[1, 1, 2, 2\] is too small/);
    expect(() => lpPool2d(zeros([1, 1, 4, 4], { dtype: 'int32' }), 2, 2)).toThrow(DTypeError);
    expect(() => lpPool1d(zeros([1, 1, 2]), 2, 3)).toThrow(/lpPool1d: input \[1, 1, 2\]: lpPool2d: input .* is too small/);
  });
});

describe('adaptiveAvgPool2d / adaptiveAvgPool1d', () => {
  it.each([
    { name: 'divisible (one avgPool)', x: [2, 3, 6, 4], out: [3, 2] },
    { name: 'non-divisible, overlapping windows', x: [2, 2, 5, 7], out: [3, 4] },
    { name: 'one dim divisible, the other not', x: [1, 2, 6, 5], out: [2, 3] },
    { name: 'output larger than input', x: [1, 2, 3, 2], out: [5, 4] },
    { name: 'global (1×1)', x: [2, 3, 4, 5], out: [1, 1] },
  ])('matches PyTorch’s start/end windows: $name', ({ x, out }) => {
    const xa = rand(x, 41);
    const want = refAdaptive2d(xa, out[0]!, out[1]!, 'avg');
    const y = adaptiveAvgPool2d(toT(xa), [out[0]!, out[1]!]);
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 1e-12);
  });

  it('hand-computed: 3 → 2 windows are rows {0,1} and {1,2}', () => {
    expectClose(adaptiveAvgPool2d(ramp(3, 3), 2), [[3, 4], [6, 7]]);
  });

  it('null keeps a dim; accepts [C, H, W] and float32', () => {
    const xa = rand([1, 2, 5, 6], 42);
    expect(adaptiveAvgPool2d(toT(xa), [null, 4]).shape).toEqual([1, 2, 5, 4]);
    expectClose(adaptiveAvgPool2d(toT(xa), [null, 4]), flat(refAdaptive2d(xa, 5, 4, 'avg')), 1e-12);
    const y = adaptiveAvgPool2d(toT({ shape: [2, 5, 6], data: xa.data }, 'float32'), 3);
    expect(y.shape).toEqual([2, 3, 3]);
    expect(y.dtype).toBe('float32');
    expectClose(y, flat(refAdaptive2d(xa, 3, 3, 'avg')), 1e-6);
    expect(adaptiveAvgPool2d(toT({ shape: [2, 5, 6], data: xa.data }), 2).shape).toEqual([2, 2, 2]);
  });

  it('gradcheck on both paths', () => {
    gradcheck((x) => adaptiveAvgPool2d(x!, [2, 3]), [toT(rand([2, 2, 4, 6], 43))]);
    gradcheck((x) => adaptiveAvgPool2d(x!, [3, 2]), [toT(rand([1, 2, 5, 3], 44))]);
    gradcheck((x) => adaptiveAvgPool1d(x!, 3), [toT(rand([2, 2, 7], 45))]);
  });

  it('adaptiveAvgPool1d matches the 2-D oracle with H = 1', () => {
    const xa = rand([2, 3, 10], 46);
    const y = adaptiveAvgPool1d(toT(xa), 4);
    expect(y.shape).toEqual([2, 3, 4]);
    expectClose(y, flat(as1d(refAdaptive2d(as2d(xa), 1, 4, 'avg'))), 1e-12);
    expect(adaptiveAvgPool1d(zeros([3, 10]), 4).shape).toEqual([3, 4]);
  });

  it('rejects bad sizes, shapes and dtypes naming the op', () => {
    expect(() => adaptiveAvgPool2d(zeros([4, 4]), 2)).toThrow(/adaptiveAvgPool2d: input must be/);
    expect(() => adaptiveAvgPool2d(zeros([1, 1, 4, 4]), 0)).toThrow(/adaptiveAvgPool2d: outputSize must hold positive integers/);
    expect(() => adaptiveAvgPool2d(zeros([1, 1, 0, 4]), 2)).toThrow(/adaptiveAvgPool2d: spatial dims/);
    expect(() => adaptiveAvgPool2d(zeros([1, 1, 4, 4], { dtype: 'int32' }), 2)).toThrow(DTypeError);
    expect(() => adaptiveAvgPool1d(zeros([1, 1, 4]), [2, 2] as unknown as number)).toThrow(/adaptiveAvgPool1d: outputSize must be a number/);
    expect(() => adaptiveAvgPool1d(tensor([1, 2]), 2)).toThrow(/adaptiveAvgPool1d: input must be/);
  });
});

describe('adaptiveMaxPool2d / adaptiveMaxPool1d', () => {
  it.each([
    { name: 'divisible', x: [2, 3, 6, 4], out: [3, 2] },
    { name: 'non-divisible, overlapping windows', x: [2, 2, 5, 7], out: [3, 4] },
    { name: 'output larger than input', x: [1, 2, 3, 2], out: [5, 4] },
    { name: 'global (1×1)', x: [2, 3, 4, 5], out: [1, 1] },
  ])('matches PyTorch’s start/end windows: $name', ({ x, out }) => {
    const xa = distinct(x, 51);
    const want = refAdaptive2d(xa, out[0]!, out[1]!, 'max');
    const y = adaptiveMaxPool2d(toT(xa), [out[0]!, out[1]!]);
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 0);
  });

  it('hand-computed, [C, H, W] input and float32', () => {
    expectClose(adaptiveMaxPool2d(ramp(3, 3), 2), [[5, 6], [8, 9]]);
    const xa = distinct([1, 2, 5, 6], 52);
    const y = adaptiveMaxPool2d(toT({ shape: [2, 5, 6], data: xa.data }, 'float32'), [2, null]);
    expect(y.shape).toEqual([2, 2, 6]);
    expectClose(y, flat(refAdaptive2d(xa, 2, 6, 'max')), 1e-6);
  });

  it('gradcheck and double backward (distinct values)', () => {
    gradcheck((x) => adaptiveMaxPool2d(x!, [3, 2]), [toT(distinct([2, 2, 5, 3], 53))]);
    gradcheck(gradOfSquares((x) => adaptiveMaxPool2d(x!, [3, 4])), [toT(distinct([1, 1, 5, 7], 54))]);
    gradcheck((x) => adaptiveMaxPool1d(x!, 3), [toT(distinct([2, 2, 7], 55))]);
  });

  it('adaptiveMaxPool1d matches the 2-D oracle with H = 1', () => {
    const xa = distinct([2, 3, 10], 56);
    const y = adaptiveMaxPool1d(toT(xa), 4);
    expect(y.shape).toEqual([2, 3, 4]);
    expectClose(y, flat(as1d(refAdaptive2d(as2d(xa), 1, 4, 'max'))), 0);
  });

  it('rejects bad sizes, shapes and dtypes naming the op', () => {
    expect(() => adaptiveMaxPool2d(zeros([4, 4]), 2)).toThrow(/adaptiveMaxPool2d: input must be/);
    expect(() => adaptiveMaxPool2d(zeros([1, 1, 4, 4]), [2, -1])).toThrow(/adaptiveMaxPool2d: outputSize must hold positive integers/);
    expect(() => adaptiveMaxPool2d(zeros([1, 1, 4, 4], { dtype: 'int32' }), 2)).toThrow(DTypeError);
    expect(() => adaptiveMaxPool1d(zeros([1, 4]), 0)).toThrow(/adaptiveMaxPool1d: input \[1, 4\]: adaptiveMaxPool2d: outputSize/);
  });
});
