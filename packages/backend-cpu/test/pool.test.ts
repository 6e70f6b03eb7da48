import type { Pool2dAttrs } from '@pistil/backend';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../src/index.js';
import { range, run, tensor } from './helpers.js';

const b = new CpuBackend();
const padded: Pool2dAttrs = { kernel: [2, 2], stride: [2, 2], pads: [1, 1, 1, 1], dilation: [1, 1] };

describe('pooling', () => {
  // x is 1..9 in a 3×3 plane; with one pixel of padding the four 2×2 windows see
  // {1}, {2, 3}, {4, 7} and {5, 6, 8, 9}.
  const x = tensor(b, [1, 1, 3, 3], range(9, 1));

  it('max pooling ignores padding', () => {
    expect(run(b, 'maxPool2d', { x }, padded)).toMatchObject({ shape: [1, 1, 2, 2], values: [1, 3, 7, 9] });
  });

  it('average pooling counts padding only when asked', () => {
    expect(run(b, 'avgPool2d', { x }, { ...padded, countIncludePad: true }).values).toEqual([0.25, 1.25, 2.75, 7]);
    expect(run(b, 'avgPool2d', { x }, { ...padded, countIncludePad: false }).values).toEqual([1, 2.5, 5.5, 7]);
  });

  it('backward passes route and spread dy', () => {
    const dy = tensor(b, [1, 1, 2, 2], [1, 2, 3, 4]);
    expect(run(b, 'maxPool2dBackward', { dy, x }, padded).values).toEqual([1, 0, 2, 0, 0, 0, 3, 0, 4]);
    const ones = tensor(b, [1, 1, 2, 2], [1, 1, 1, 1]);
    expect(run(b, 'avgPool2dBackward', { dy: ones }, { ...padded, countIncludePad: false, inputShape: [1, 1, 3, 3] }).values).toEqual([1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.5, 0.25, 0.25]);
  });

  it('overlapping windows add up at a shared maximum; ties go to the first', () => {
    const row = tensor(b, [1, 1, 1, 4], [1, 3, 2, 3]);
    const attrs: Pool2dAttrs = { kernel: [1, 2], stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1] };
    expect(run(b, 'maxPool2d', { x: row }, attrs).values).toEqual([3, 3, 3]);
    expect(run(b, 'maxPool2dBackward', { dy: tensor(b, [1, 1, 1, 3], [1, 10, 100]), x: row }, attrs).values).toEqual([0, 11, 0, 100]);
  });

  it('dilation spreads the window', () => {
    const x5 = tensor(b, [1, 1, 1, 5], [5, 1, 4, 9, 2]);
    const attrs: Pool2dAttrs = { kernel: [1, 2], stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 3] };
    expect(run(b, 'maxPool2d', { x: x5 }, attrs).values).toEqual([9, 2]);
    expect(run(b, 'avgPool2d', { x: x5 }, { ...attrs, countIncludePad: false }).values).toEqual([7, 1.5]);
  });
});
