/** The reference pooling and movement kernels on hand-computed examples. */
import { describe, expect, it } from 'vitest';
import type { Pool2dAttrs } from '../src/index.js';
import { ref, t, values } from './support/hand.js';

const X2 = t([1, 1, 2, 2], [1, 2, 3, 4]);
const padded: Pool2dAttrs = { kernel: [2, 2], stride: [1, 1], pads: [1, 1, 1, 1], dilation: [1, 1] };

describe('reference pooling', () => {
  it('max pools with −Inf padding', () => {
    expect(ref('maxPool2d', { x: X2 }, padded)).toEqual({ shape: [1, 1, 3, 3], dtype: 'float64', values: [1, 2, 2, 3, 4, 4, 3, 4, 4] });
    expect(values('maxPool2d', { x: t([1, 1, 2, 2], [-1, -2, -3, -4]) }, padded)).toEqual([-1, -1, -2, -1, -1, -2, -3, -3, -4]);
  });

  it('max pools with dilation', () => {
    const x = t([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 0]);
    expect(values('maxPool2d', { x }, { kernel: [2, 2], stride: [1, 1], pads: [0, 0, 0, 0], dilation: [2, 2] })).toEqual([7]);
  });

  it('averages counting padded positions or not', () => {
    expect(values('avgPool2d', { x: X2 }, { ...padded, countIncludePad: true })).toEqual([0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1]);
    expect(values('avgPool2d', { x: X2 }, { ...padded, countIncludePad: false })).toEqual([1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
  });

  it('routes max-pool gradients to the first maximum, adding overlaps', () => {
    const ones9 = t([1, 1, 3, 3], new Array(9).fill(1));
    expect(values('maxPool2dBackward', { dy: ones9, x: X2 }, padded)).toEqual([1, 2, 2, 4]);
    const flat = t([1, 1, 2, 2], [7, 7, 7, 7]);
    expect(values('maxPool2dBackward', { dy: t([1, 1, 1, 1], [5]), x: flat }, { ...padded, pads: [0, 0, 0, 0] })).toEqual([5, 0, 0, 0]);
  });

  it('spreads avg-pool gradients by the same divisor', () => {
    const ones9 = t([1, 1, 3, 3], new Array(9).fill(1));
    expect(values('avgPool2dBackward', { dy: ones9 }, { ...padded, countIncludePad: true, inputShape: [1, 1, 2, 2] })).toEqual([1, 1, 1, 1]);
    expect(values('avgPool2dBackward', { dy: ones9 }, { ...padded, countIncludePad: false, inputShape: [1, 1, 2, 2] })).toEqual([2.25, 2.25, 2.25, 2.25]);
  });
});

describe('reference movement', () => {
  const v = t([4], [1, 2, 3, 4]);

  it('pads in all three modes', () => {
    expect(values('pad', { x: v }, { pads: [[2, 1]], mode: 'constant', value: 9 })).toEqual([9, 9, 1, 2, 3, 4, 9]);
    expect(values('pad', { x: v }, { pads: [[2, 1]], mode: 'reflect', value: 0 })).toEqual([3, 2, 1, 2, 3, 4, 3]);
    expect(values('pad', { x: v }, { pads: [[2, 1]], mode: 'replicate', value: 0 })).toEqual([1, 1, 1, 2, 3, 4, 4]);
    const m = t([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(ref('pad', { x: m }, { pads: [[1, 0], [0, 2]], mode: 'reflect', value: 0 })).toMatchObject({ shape: [3, 5], values: [4, 5, 6, 5, 4, 1, 2, 3, 2, 1, 4, 5, 6, 5, 4] });
  });

  it('slices with negative steps', () => {
    const r = t([10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(values('slice', { x: r }, { begin: [8], size: [3], step: [-3] })).toEqual([8, 5, 2]);
    const g = t([3, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(values('slice', { x: g }, { begin: [2, 0], size: [2, 2], step: [-2, 2] })).toEqual([6, 8, 0, 2]);
  });

  it('transposes, broadcasts and concatenates', () => {
    expect(ref('transpose', { x: t([2, 3], [1, 2, 3, 4, 5, 6]) }, { perm: [1, 0] })).toMatchObject({ shape: [3, 2], values: [1, 4, 2, 5, 3, 6] });
    expect(ref('broadcastTo', { x: t([3, 1], [1, 2, 3]) }, { shape: [2, 3, 2] })).toMatchObject({ shape: [2, 3, 2], values: [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3] });
    expect(ref('concat', { xs: [t([2, 1], [1, 2]), t([2, 2], [3, 4, 5, 6])] }, { axis: 1 })).toMatchObject({ shape: [2, 3], values: [1, 3, 4, 2, 5, 6] });
  });

  it('gathers (scalar index drops the axis) and scatter-adds repeats', () => {
    const x = t([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(ref('gather', { x, indices: t([], [2], 'int32') }, { axis: 1 })).toMatchObject({ shape: [2], values: [3, 6] });
    expect(ref('gather', { x, indices: t([2, 2], [1, 0, 1, 1], 'int32') }, { axis: 0 })).toMatchObject({ shape: [2, 2, 3], values: [4, 5, 6, 1, 2, 3, 4, 5, 6, 4, 5, 6] });
    expect(values('scatterAdd', { updates: t([4], [1, 2, 3, 4]), indices: t([4], [0, 2, 0, 0], 'int32') }, { axis: 0, shape: [3] })).toEqual([8, 0, 2]);
    expect(ref('scatterAdd', { updates: t([2, 2], [1, 2, 3, 4]), indices: t([2], [1, 1], 'int32') }, { axis: 1, shape: [2, 3] })).toMatchObject({ shape: [2, 3], values: [0, 3, 0, 0, 7, 0] });
  });
});
