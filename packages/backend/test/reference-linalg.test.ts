/** The reference matmul and convolutions on hand-computed examples, plus the adjoint identities. */
import { describe, expect, it } from 'vitest';
import type { Conv2dAttrs } from '../src/index.js';
import { Rng, rand, runReference, type HostTensor } from '../src/testing/index.js';
import { ref, t, values } from './support/hand.js';

const A = t([2, 2], [1, 2, 3, 4]);
const B = t([2, 2], [5, 6, 7, 8]);
const X3 = t([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
const W2 = t([1, 1, 2, 2], [1, 2, 3, 4]);
const plain: Conv2dAttrs = { stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1], groups: 1 };

function dot(a: HostTensor, b: HostTensor): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * b.data[i]!;
  return s;
}

describe('reference matmul', () => {
  it('multiplies 2×2 matrices under all four transpose flags', () => {
    expect(ref('matmul', { a: A, b: B }, { transposeA: false, transposeB: false })).toEqual({ shape: [2, 2], dtype: 'float64', values: [19, 22, 43, 50] });
    expect(values('matmul', { a: A, b: B }, { transposeA: true, transposeB: false })).toEqual([26, 30, 38, 44]);
    expect(values('matmul', { a: A, b: B }, { transposeA: false, transposeB: true })).toEqual([17, 23, 39, 53]);
    expect(values('matmul', { a: A, b: B }, { transposeA: true, transposeB: true })).toEqual([23, 31, 34, 46]);
  });

  it('broadcasts batch dims and handles K = 0', () => {
    expect(ref('matmul', { a: t([2, 1, 2], [1, 0, 0, 1]), b: B }, { transposeA: false, transposeB: false })).toEqual({ shape: [2, 1, 2], dtype: 'float64', values: [5, 6, 7, 8] });
    expect(ref('matmul', { a: t([2, 0], []), b: t([0, 3], []) }, { transposeA: false, transposeB: false })).toEqual({ shape: [2, 3], dtype: 'float64', values: [0, 0, 0, 0, 0, 0] });
  });
});

describe('reference conv2d', () => {
  it('correlates a 3×3 input with a 2×2 kernel', () => {
    expect(ref('conv2d', { x: X3, w: W2 }, plain)).toEqual({ shape: [1, 1, 2, 2], dtype: 'float64', values: [37, 47, 67, 77] });
  });

  it('sums 3×3 neighbourhoods with pads 1, and every other one with stride 2', () => {
    const ones = t([1, 1, 3, 3], new Array(9).fill(1));
    expect(values('conv2d', { x: X3, w: ones }, { ...plain, pads: [1, 1, 1, 1] })).toEqual([12, 21, 16, 27, 45, 33, 24, 39, 28]);
    expect(values('conv2d', { x: X3, w: ones }, { ...plain, pads: [1, 1, 1, 1], stride: [2, 2] })).toEqual([12, 16, 24, 28]);
  });

  it('dilates, pads asymmetrically ([top, left, bottom, right]) and groups', () => {
    expect(values('conv2d', { x: X3, w: W2 }, { ...plain, dilation: [2, 2] })).toEqual([1 + 6 + 21 + 36]);
    expect(ref('conv2d', { x: X3, w: W2 }, { ...plain, pads: [1, 0, 0, 0] })).toMatchObject({ shape: [1, 1, 3, 2], values: [11, 18, 37, 47, 67, 77] });
    expect(values('conv2d', { x: t([1, 2, 1, 1], [2, 3]), w: t([2, 1, 1, 1], [10, 100]) }, { ...plain, groups: 2 })).toEqual([20, 300]);
    expect(values('conv2d', { x: t([1, 2, 1, 1], [2, 3]), w: t([1, 2, 1, 1], [10, 100]) }, plain)).toEqual([320]);
  });

  it('backprops a one-hot dy into the kernel (input) and the window (filter)', () => {
    const dyTopLeft = t([1, 1, 2, 2], [1, 0, 0, 0]);
    expect(values('conv2dBackpropInput', { dy: dyTopLeft, w: W2 }, { ...plain, inputShape: [1, 1, 3, 3] })).toEqual([1, 2, 0, 3, 4, 0, 0, 0, 0]);
    expect(values('conv2dBackpropInput', { dy: t([1, 1, 2, 2], [0, 0, 0, 1]), w: W2 }, { ...plain, inputShape: [1, 1, 3, 3] })).toEqual([0, 0, 0, 0, 1, 2, 0, 3, 4]);
    expect(values('conv2dBackpropFilter', { x: X3, dy: dyTopLeft }, { ...plain, filterShape: [1, 1, 2, 2] })).toEqual([1, 2, 4, 5]);
  });

  it('backward kernels are the adjoints of conv2d (stride, pads, dilation, groups)', () => {
    const rng = new Rng(5);
    const attrs: Conv2dAttrs = { stride: [2, 1], pads: [1, 0, 2, 1], dilation: [1, 2], groups: 2 };
    const x = rand(rng, [2, 4, 7, 6], 'float64');
    const w = rand(rng, [6, 2, 3, 2], 'float64');
    const y = runReference('conv2d', { x, w }, attrs);
    const dy = rand(rng, y.shape, 'float64');
    const dx = runReference('conv2dBackpropInput', { dy, w }, { ...attrs, inputShape: x.shape });
    const dw = runReference('conv2dBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape });
    expect(dot(x, dx)).toBeCloseTo(dot(y, dy), 10);
    expect(dot(w, dw)).toBeCloseTo(dot(y, dy), 10);
  });
});

describe('reference conv2dTranspose', () => {
  const x = t([1, 1, 2, 2], [1, 2, 3, 4]);
  const ones = t([1, 1, 2, 2], [1, 1, 1, 1]);
  const tr = { ...plain, outputPadding: [0, 0] as const };

  it('scatters each pixel over the kernel window', () => {
    expect(ref('conv2dTranspose', { x, w: ones }, tr)).toEqual({ shape: [1, 1, 3, 3], dtype: 'float64', values: [1, 3, 2, 4, 10, 6, 3, 7, 4] });
    expect(values('conv2dTranspose', { x, w: ones }, { ...tr, stride: [2, 2] })).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it('crops pads and grows by outputPadding', () => {
    expect(values('conv2dTranspose', { x, w: ones }, { ...tr, pads: [1, 1, 1, 1] })).toEqual([10]);
    expect(ref('conv2dTranspose', { x, w: ones }, { ...tr, stride: [2, 2], outputPadding: [1, 1] })).toMatchObject({
      shape: [1, 1, 5, 5],
      values: [1, 1, 2, 2, 0, 1, 1, 2, 2, 0, 3, 3, 4, 4, 0, 3, 3, 4, 4, 0, 0, 0, 0, 0, 0],
    });
  });

  it('equals conv2dBackpropInput with the weight read as [O = Cin, Cout, KH, KW]', () => {
    const rng = new Rng(8);
    const attrs: Conv2dAttrs = { stride: [2, 2], pads: [1, 0, 1, 2], dilation: [1, 1], groups: 1 };
    const xin = rand(rng, [2, 3, 4, 3], 'float64');
    const w = rand(rng, [3, 2, 3, 3], 'float64');
    const y = runReference('conv2dTranspose', { x: xin, w }, { ...attrs, outputPadding: [1, 1] });
    const viaGrad = runReference('conv2dBackpropInput', { dy: xin, w }, { ...attrs, inputShape: y.shape });
    expect(y.shape).toEqual([2, 2, 8, 6]); // (4−1)·2 − 2 + 2 + 1 + 1, (3−1)·2 − 2 + 2 + 1 + 1
    expect(Array.from(y.data)).toEqual(Array.from(viaGrad.data));
  });
});
