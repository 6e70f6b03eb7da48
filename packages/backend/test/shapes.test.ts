import { describe, expect, it } from 'vitest';
import {
  ShapeError, broadcastShapes, concatShape, conv2dShape, conv2dTransposeShape, gatherShape, matmulShape, padShape,
  pool2dShape, reduceShape, stridesOf, transposeShape, type Conv2dAttrs, type Pool2dAttrs,
} from '../src/index.js';

const conv: Conv2dAttrs = { stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1], groups: 1 };
const pool: Pool2dAttrs = { kernel: [2, 2], stride: [2, 2], pads: [0, 0, 0, 0], dilation: [1, 1] };

describe('broadcastShapes', () => {
  it('right-aligns shapes and stretches size-1 dims', () => {
    expect(broadcastShapes('add', [3, 1, 5], [4, 5])).toEqual([3, 4, 5]);
    expect(broadcastShapes('add', [], [2, 3])).toEqual([2, 3]);
    expect(broadcastShapes('add', [5, 1], [0])).toEqual([5, 0]);
    expect(broadcastShapes('where', [2, 1, 1], [1, 3, 1], [4])).toEqual([2, 3, 4]);
    expect(broadcastShapes('add')).toEqual([]);
  });

  it('names the op, the shapes and the dim that clash', () => {
    expect(() => broadcastShapes('mul', [2, 3], [4, 3])).toThrow(ShapeError);
    expect(() => broadcastShapes('mul', [2, 3], [4, 3])).toThrow('mul: shapes [2, 3] and [4, 3] cannot be broadcast together (dim 0: 2 vs 4)');
    expect(() => broadcastShapes('add', [0], [2])).toThrow(/dim 0: 0 vs 2/);
  });
});

describe('small shape rules', () => {
  it('strides, reductions, transposes, pads, gathers', () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([])).toEqual([]);
    expect(reduceShape([2, 3, 4], [0, 2])).toEqual([1, 3, 1]);
    expect(transposeShape([2, 3, 4], [2, 0, 1])).toEqual([4, 2, 3]);
    expect(() => transposeShape([2, 3], [0, 0])).toThrow(ShapeError);
    expect(padShape([2, 3], [[1, 0], [2, 2]])).toEqual([3, 7]);
    expect(() => padShape([2, 3], [[1, 0]])).toThrow(ShapeError);
    expect(gatherShape([4, 5, 6], [2, 3], 1)).toEqual([4, 2, 3, 6]);
    expect(gatherShape([4, 5], [], 0)).toEqual([5]);
    expect(() => gatherShape([4], [2], 1)).toThrow(ShapeError);
  });

  it('concat adds up the axis and checks the rest', () => {
    expect(concatShape([[2, 1], [2, 4], [2, 0]], 1)).toEqual([2, 5]);
    expect(() => concatShape([[2, 3], [3, 3]], 1)).toThrow('concat: shapes [2, 3], [3, 3] differ outside axis 1');
    expect(() => concatShape([], 0)).toThrow(ShapeError);
    expect(() => concatShape([[2]], 1)).toThrow(ShapeError);
  });
});

describe('matmulShape', () => {
  it('honours transpose flags and broadcasts batch dims', () => {
    expect(matmulShape([7, 13], [13, 5], false, false)).toEqual([7, 5]);
    expect(matmulShape([13, 7], [5, 13], true, true)).toEqual([7, 5]);
    expect(matmulShape([3, 1, 4, 5], [2, 5, 6], false, false)).toEqual([3, 2, 4, 6]);
  });

  it('rejects rank < 2, inner mismatches and batch mismatches', () => {
    expect(() => matmulShape([3], [3, 2], false, false)).toThrow('matmul: inputs need rank ≥ 2, got [3] and [3, 2]');
    expect(() => matmulShape([2, 3], [4, 2], false, false)).toThrow(/inner dimensions differ.*\(3 vs 4\)/);
    expect(() => matmulShape([2, 2, 3], [3, 3, 2], false, false)).toThrow(ShapeError);
  });
});

describe('conv2dShape', () => {
  it('follows floor((H + pads − dilation·(K − 1) − 1) / stride) + 1', () => {
    expect(conv2dShape([2, 3, 6, 7], [4, 3, 3, 3], { ...conv, pads: [1, 1, 1, 1] })).toEqual([2, 4, 6, 7]);
    expect(conv2dShape([1, 2, 7, 6], [3, 2, 3, 3], { ...conv, stride: [2, 2], pads: [0, 1, 2, 1] })).toEqual([1, 3, 4, 3]);
    expect(conv2dShape([1, 2, 8, 9], [3, 2, 3, 3], { ...conv, dilation: [2, 2] })).toEqual([1, 3, 4, 5]);
    expect(conv2dShape([1, 2, 7, 10], [2, 2, 2, 3], { ...conv, stride: [2, 1], dilation: [1, 3], pads: [1, 0, 0, 2] })).toEqual([1, 2, 4, 6]);
    expect(conv2dShape([1, 4, 5, 5], [6, 2, 3, 3], { ...conv, groups: 2 })).toEqual([1, 6, 3, 3]);
    expect(conv2dShape([0, 2, 5, 5], [3, 2, 3, 3], conv)).toEqual([0, 3, 3, 3]);
  });

  it('rejects bad ranks, channels, groups, strides and windows larger than the input', () => {
    expect(() => conv2dShape([1, 3, 5], [2, 3, 3, 3], conv)).toThrow(/input must be \[N, C, H, W\]/);
    expect(() => conv2dShape([1, 3, 5, 5], [2, 2, 3, 3], conv)).toThrow(/expects 2 input channels with groups=1/);
    expect(() => conv2dShape([1, 3, 5, 5], [4, 1, 3, 3], { ...conv, groups: 2 })).toThrow(/must be divisible by groups/);
    expect(() => conv2dShape([1, 3, 5, 5], [2, 3, 3, 3], { ...conv, stride: [0, 1] })).toThrow(/stride must be positive integers/);
    expect(() => conv2dShape([1, 1, 2, 2], [1, 1, 3, 3], conv)).toThrow(/window 3 .* is larger than the padded input 2/);
    expect(() => conv2dShape([1, 1, 5, 5], [1, 1, 3, 3], { ...conv, pads: [-1, 0, 0, 0] })).toThrow(/pads must be non-negative/);
  });
});

describe('conv2dTransposeShape', () => {
  const tr = { ...conv, outputPadding: [0, 0] as const };

  it("matches PyTorch's ConvTranspose2d: (H − 1)·s − pads + d·(K − 1) + outputPadding + 1", () => {
    expect(conv2dTransposeShape([1, 2, 4, 4], [2, 3, 3, 3], tr)).toEqual([1, 3, 6, 6]);
    expect(conv2dTransposeShape([2, 3, 4, 5], [3, 2, 3, 3], { ...tr, stride: [2, 2], pads: [1, 1, 1, 1], outputPadding: [1, 1] })).toEqual([2, 2, 8, 10]);
    expect(conv2dTransposeShape([1, 2, 4, 4], [2, 2, 3, 3], { ...tr, dilation: [2, 2], pads: [1, 1, 1, 1] })).toEqual([1, 2, 6, 6]);
    expect(conv2dTransposeShape([1, 4, 3, 3], [4, 3, 3, 3], { ...tr, stride: [2, 2], groups: 2 })).toEqual([1, 6, 7, 7]);
    expect(conv2dTransposeShape([1, 2, 5, 4], [2, 2, 3, 3], { ...tr, stride: [2, 2], pads: [1, 0, 0, 2] })).toEqual([1, 2, 10, 7]);
  });

  it('rejects outputPadding not below stride or dilation, and mismatched channels', () => {
    expect(() => conv2dTransposeShape([1, 2, 4, 4], [2, 3, 3, 3], { ...tr, outputPadding: [1, 0] })).toThrow(/outputPadding \[1, 0\] must be smaller than stride or dilation/);
    expect(conv2dTransposeShape([1, 2, 3, 3], [2, 2, 2, 2], { ...tr, dilation: [2, 2], outputPadding: [1, 1] })).toEqual([1, 2, 6, 6]);
    expect(() => conv2dTransposeShape([1, 3, 4, 4], [2, 2, 3, 3], tr)).toThrow(/expects 2 input channels/);
  });
});

describe('pool2dShape', () => {
  it('uses the same window formula, with dilation and padding', () => {
    expect(pool2dShape('maxPool2d', [2, 3, 6, 6], pool)).toEqual([2, 3, 3, 3]);
    expect(pool2dShape('maxPool2d', [1, 2, 7, 6], { ...pool, kernel: [3, 3], pads: [1, 0, 0, 1] })).toEqual([1, 2, 3, 3]);
    expect(pool2dShape('maxPool2d', [1, 2, 7, 7], { ...pool, kernel: [3, 3], stride: [1, 1], dilation: [2, 2], pads: [2, 2, 2, 2] })).toEqual([1, 2, 7, 7]);
  });

  it('rejects padding over half the kernel', () => {
    expect(() => pool2dShape('avgPool2d', [1, 1, 4, 4], { ...pool, pads: [2, 0, 0, 0] })).toThrow('avgPool2d: padding [2, 0, 0, 0] must be at most half the kernel [2, 2]');
  });
});
